"""tangguh's event-history indicator: regions scored by the diversity and intensity of past events.

This is *not* BNPB's risk index (IRBI), which is built from hazard, vulnerability and capacity
maps (R = H × V / C, drr.md §4) and says nothing about how many events were recorded. This
indicator only reads the event record, so it measures recorded history, including how well a
region records it. The method, precisely enough to recompute by hand:

Period and data. Y = last − first + 1 years. Only summaries with first ≤ year ≤ last count. For
region r, n_f = Σ event_count over its summaries of hazard family f, and N = Σ_f n_f.

Criteria (raw), per region:
  1. family_count    = number of families f with n_f > 0.
  2. events_per_year = N / Y.
  3. deaths_rate     = D / population × 100,000 / Y, D = Σ deaths_and_missing.
  4. affected_rate   = A / population × 100,000 / Y, A = Σ affected.
  5. houses_rate     = B / population × 100,000 / Y, B = Σ houses_damaged.
  Unknown values (None) are left out of D, A and B, never counted as 0; the event_count of
  summaries with an unknown value is reported per region. A rate is None (not computed) when the
  population is unknown or 0, or when the region has summaries in the period but none reports
  that effect. No summaries at all gives rates 0.

Scaling, with fixed bounds (`BOUNDS`), never over the regions being compared: family_count' =
min(family_count / 13, 1); for the others x' = min(ln(1 + x) / ln(1 + bound), 1) (a logarithm,
because the record is heavy-tailed: a cyclone year has a hundred times the deaths of an ordinary
one). A missing criterion (None) scores 0, the same as a reported zero: leaving a figure blank
never scores higher than reporting it.

Score = Σ w_k x'_k / Σ w_k over all five criteria, rounded to 6 decimals (half up). Default
weights: family_count 0.4 (diversity), events_per_year 0.2, deaths_rate 0.1, affected_rate 0.15,
houses_rate 0.15 (intensity).

Consequences (tested): the score never falls when one more death, affected person, damaged house
or event is reported, and a region's score does not depend on which other regions are ranked.
Rank: by score, highest first; equal scores are ordered by region code; ranks run 1, 2, 3 …

Shannon diversity H' = −Σ p_f ln p_f (p_f = n_f / N) is reported beside the criteria but not
scored: it falls when one more event of the commonest family is reported.

All arithmetic is in Decimal (28 significant digits); only the score is rounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

CRITERIA: tuple[str, ...] = (
    "family_count",
    "events_per_year",
    "deaths_rate",
    "affected_rate",
    "houses_rate",
)
ZERO = Decimal(0)
ONE = Decimal(1)
PER_100K = Decimal(100_000)
SCORE_PLACES = Decimal("0.000001")

# Where each criterion reaches 1, and why (fixed: a region's score never depends on the others).
BOUNDS: dict[str, Decimal] = {
    # The 13 hazards of Perka BNPB 2/2012, every one of which is a family in the catalogue.
    "family_count": Decimal(13),
    # Events a year: the busiest regency-year in NTT's DIBI record (Manggarai, 2018: 40 events);
    # the highest 10-year average is 9.8 (Alor, 2008–2017).
    "events_per_year": Decimal(40),
    # Deaths and missing per 100,000 a year: one person in a thousand, about twice the worst
    # regency-year in NTT's record (Lembata, Cyclone Seroja 2021: 68 of about 150,000, 45).
    "deaths_rate": Decimal(100),
    # Affected per 100,000 a year: the whole population once a year.
    "affected_rate": Decimal(100_000),
    # Damaged houses per 100,000 a year: every dwelling once a year (100,000 ÷ 4 per household).
    "houses_rate": Decimal(25_000),
}
LINEAR = frozenset({"family_count"})


def default_weights() -> dict[str, Decimal]:
    """The default criterion weights (they sum to 1)."""
    return {
        "family_count": Decimal("0.4"),
        "events_per_year": Decimal("0.2"),
        "deaths_rate": Decimal("0.1"),
        "affected_rate": Decimal("0.15"),
        "houses_rate": Decimal("0.15"),
    }


@dataclass(frozen=True)
class HazardEventSummary:
    """Events of one hazard family in one year (one event or an aggregate), with their effects."""

    hazard_family: str
    year: int
    event_count: Decimal  # may be fractional ("Jumlah Kejadian")
    deaths_and_missing: int | None  # None: unknown
    affected: int | None
    houses_damaged: int | None


@dataclass(frozen=True)
class RegionHazardHistory:
    """A region and its hazard event summaries."""

    region_code: str
    name: str
    population: int | None
    events: Sequence[HazardEventSummary]


@dataclass(frozen=True)
class RankingMethod:
    """A versioned set of criterion weights and bounds."""

    version: str = "tangguh-events-2026.2"
    weights: Mapping[str, Decimal] = field(default_factory=default_weights)
    bounds: Mapping[str, Decimal] = field(default_factory=lambda: dict(BOUNDS))

    def __post_init__(self) -> None:
        """Reject unknown or missing criteria, negative weights, all-zero weights, bad bounds."""
        if set(self.weights) != set(CRITERIA) or set(self.bounds) != set(CRITERIA):
            raise ValueError(f"weights and bounds must be given for exactly: {CRITERIA}")
        if any(w < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise ValueError("weights must be ≥ 0 with a positive sum")
        if any(b <= 0 for b in self.bounds.values()):
            raise ValueError("bounds must be positive")


@dataclass(frozen=True)
class CriterionScore:
    """One criterion of one region: raw value, scaled value (0–1) and weight."""

    name: str
    raw: Decimal | None  # None: not computed (see the module docstring); scored as 0
    normalised: Decimal
    weight: Decimal

    @property
    def missing(self) -> bool:
        """True when the criterion could not be computed (and so scores 0)."""
        return self.raw is None


@dataclass(frozen=True)
class RankingRow:
    """One region's criteria, score and rank."""

    region_code: str
    name: str
    population: int | None
    criteria: tuple[CriterionScore, ...]
    score: Decimal
    rank: int
    events: Decimal  # N: events in the period
    shannon: Decimal  # H', reported, not scored
    events_unknown_deaths: Decimal  # event_count of summaries with deaths_and_missing unknown
    events_unknown_affected: Decimal
    events_unknown_houses: Decimal
    events_with_unknown_effects: Decimal  # … with at least one of the three unknown
    method_version: str

    def criterion(self, name: str) -> CriterionScore:
        """The criterion of that name."""
        for criterion in self.criteria:
            if criterion.name == name:
                return criterion
        raise KeyError(name)

    @property
    def criteria_missing(self) -> int:
        """How many criteria could not be computed (each scored 0)."""
        return sum(c.missing for c in self.criteria)


def in_period(
    events: Iterable[HazardEventSummary], first_year: int, last_year: int
) -> list[HazardEventSummary]:
    """The summaries within the period, checked for negative counts."""
    chosen = [e for e in events if first_year <= e.year <= last_year]
    for e in chosen:
        effects = (e.deaths_and_missing, e.affected, e.houses_damaged)
        if e.event_count < 0 or any(v is not None and v < 0 for v in effects):
            raise ValueError(f"negative count in {e}")
    return chosen


def family_counts(events: Iterable[HazardEventSummary]) -> dict[str, Decimal]:
    """n_f: events per hazard family, only families with n_f > 0."""
    counts: dict[str, Decimal] = {}
    for e in events:
        counts[e.hazard_family] = counts.get(e.hazard_family, ZERO) + e.event_count
    return {family: n for family, n in counts.items() if n > 0}


def shannon_index(counts: Iterable[Decimal]) -> Decimal:
    """H' = −Σ p ln p with p = n / N over the positive counts; 0 when there are none."""
    positive = [n for n in counts if n > 0]
    total = sum(positive, ZERO)
    if total == 0:
        return ZERO
    return -sum(((n / total) * (n / total).ln() for n in positive), ZERO)


def known_sum(values: Sequence[int | None]) -> int | None:
    """Sum of the known values; None if there are values and all are unknown; 0 if none."""
    known = [v for v in values if v is not None]
    if values and not known:
        return None
    return sum(known)


def annual_rate(total: int | None, population: int | None, years: int) -> Decimal | None:
    """total / population × 100,000 / years; None without a total or a positive population."""
    if total is None or not population:
        return None
    return Decimal(total) / Decimal(population) * PER_100K / Decimal(years)


def raw_criteria(
    history: RegionHazardHistory, events: Sequence[HazardEventSummary], years: int
) -> dict[str, Decimal | None]:
    """The five raw criteria of one region from its summaries in the period."""
    counts = family_counts(events)
    total = sum(counts.values(), ZERO)
    population = history.population
    return {
        "family_count": Decimal(len(counts)),
        "events_per_year": total / Decimal(years),
        "deaths_rate": annual_rate(
            known_sum([e.deaths_and_missing for e in events]), population, years
        ),
        "affected_rate": annual_rate(known_sum([e.affected for e in events]), population, years),
        "houses_rate": annual_rate(
            known_sum([e.houses_damaged for e in events]), population, years
        ),
    }


def scaled(name: str, raw: Decimal | None, bound: Decimal) -> Decimal:
    """The criterion on 0–1 against its fixed bound; a missing criterion scores 0."""
    if raw is None or raw <= 0:
        return ZERO
    if name in LINEAR:
        return min(raw / bound, ONE)
    return min((ONE + raw).ln() / (ONE + bound).ln(), ONE)


def weighted_score(criteria: Sequence[CriterionScore]) -> Decimal:
    """Σ w x' / Σ w over all criteria, to 6 decimals (half up)."""
    weight = sum((c.weight for c in criteria), ZERO)
    total = sum((c.weight * c.normalised for c in criteria), ZERO)
    return (total / weight).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def _unknown_events(events: Sequence[HazardEventSummary]) -> tuple[Decimal, ...]:
    """event_count of summaries with unknown deaths, affected, houses, and any of the three."""
    deaths = sum((e.event_count for e in events if e.deaths_and_missing is None), ZERO)
    affected = sum((e.event_count for e in events if e.affected is None), ZERO)
    houses = sum((e.event_count for e in events if e.houses_damaged is None), ZERO)
    fields = [(e.deaths_and_missing, e.affected, e.houses_damaged) for e in events]
    anything = sum(
        (e.event_count for e, f in zip(events, fields, strict=True) if None in f),
        ZERO,
    )
    return deaths, affected, houses, anything


def _check_input(histories: Sequence[RegionHazardHistory], first: int, last: int) -> None:
    """Reject an empty or reversed period, duplicate region codes and negative populations."""
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    codes = [h.region_code for h in histories]
    if len(set(codes)) != len(codes):
        raise ValueError("region codes must be unique")
    if any(h.population is not None and h.population < 0 for h in histories):
        raise ValueError("population must not be negative")


def score_region(
    history: RegionHazardHistory, first_year: int, last_year: int, method: RankingMethod
) -> RankingRow:
    """One region's criteria and score (rank 0): it depends on no other region."""
    years = last_year - first_year + 1
    events = in_period(history.events, first_year, last_year)
    raw = raw_criteria(history, events, years)
    criteria = tuple(
        CriterionScore(
            name, raw[name], scaled(name, raw[name], method.bounds[name]), method.weights[name]
        )
        for name in CRITERIA
    )
    deaths, affected, houses, anything = _unknown_events(events)
    return RankingRow(
        region_code=history.region_code,
        name=history.name,
        population=history.population,
        criteria=criteria,
        score=weighted_score(criteria),
        rank=0,
        events=sum((e.event_count for e in events), ZERO),
        shannon=shannon_index(family_counts(events).values()),
        events_unknown_deaths=deaths,
        events_unknown_affected=affected,
        events_unknown_houses=houses,
        events_with_unknown_effects=anything,
        method_version=method.version,
    )


def rank_regions(
    histories: Sequence[RegionHazardHistory],
    first_year: int,
    last_year: int,
    method: RankingMethod | None = None,
) -> list[RankingRow]:
    """Score the regions on their event history over the period and rank them, highest first."""
    m = method or RankingMethod()
    _check_input(histories, first_year, last_year)
    rows = [score_region(h, first_year, last_year, m) for h in histories]
    rows.sort(key=lambda row: (-row.score, row.region_code))
    return [replace(row, rank=rank) for rank, row in enumerate(rows, start=1)]
