"""Rank regions by the diversity and intensity of their hazards, from event history.

Built to check statements such as "Kabupaten Kupang ranks first in NTT for the diversity and
intensity of its hazards". The method, precisely enough to recompute by hand:

Period and data. Y = last − first + 1 years. Only summaries with first ≤ year ≤ last count. For
region r, n_f = Σ event_count over its summaries of hazard family f, and N = Σ_f n_f.

Criteria (raw), per region:
  1. family_count    = number of families f with n_f > 0.
  2. shannon         = H' = −Σ p_f ln p_f over the families with n_f > 0, p_f = n_f / N (natural
                       logarithm; 0 when N = 0; ln(family_count) when events are spread evenly).
  3. events_per_year = N / Y.
  4. deaths_rate     = D / population × 100,000 / Y, D = Σ deaths_and_missing.
  5. affected_rate   = A / population × 100,000 / Y, A = Σ affected.
  6. houses_rate     = B / population × 100,000 / Y, B = Σ houses_damaged.
  Unknown values (None) are left out of D, A and B, never counted as 0; the event_count of
  summaries with an unknown value is reported per region, so a rate resting on few reports can
  be seen. A rate is None (not computed) when the population is unknown or 0, or when the region
  has summaries in the period but none reports that effect. No summaries at all gives rates 0.

Normalisation, per criterion, over the regions where it is not None: x' = (x − min)/(max − min),
so the lowest region gets 0 and the highest 1; if max = min every region gets 0.

Score = Σ w_k x'_k / Σ w_k over the criteria k that are not None for the region (a missing
criterion is left out, not scored 0; the weights of the rest are rescaled). Default weights:
family_count 0.2, shannon 0.2, events_per_year 0.2, deaths_rate 0.1, affected_rate 0.15,
houses_rate 0.15. The score is rounded to 6 decimals (half up); 0 if no weighted criterion is
known.

Rank: by score, highest first; equal scores (at 6 decimals) are ordered by region code; ranks run
1, 2, 3 … without shared places.

All arithmetic is in Decimal (28 significant digits); only the score is rounded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

CRITERIA: tuple[str, ...] = (
    "family_count",
    "shannon",
    "events_per_year",
    "deaths_rate",
    "affected_rate",
    "houses_rate",
)
ZERO = Decimal(0)
PER_100K = Decimal(100_000)
SCORE_PLACES = Decimal("0.000001")


def default_weights() -> dict[str, Decimal]:
    """The default criterion weights (they sum to 1)."""
    return {
        "family_count": Decimal("0.2"),
        "shannon": Decimal("0.2"),
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
    """A versioned set of criterion weights."""

    version: str = "tangguh-ranking-2026.1"
    weights: Mapping[str, Decimal] = field(default_factory=default_weights)

    def __post_init__(self) -> None:
        """Reject unknown or missing criteria, negative weights and all-zero weights."""
        if set(self.weights) != set(CRITERIA):
            raise ValueError(f"weights must be given for exactly these criteria: {CRITERIA}")
        if any(w < 0 for w in self.weights.values()) or sum(self.weights.values()) <= 0:
            raise ValueError("weights must be ≥ 0 with a positive sum")


@dataclass(frozen=True)
class CriterionScore:
    """One criterion of one region: raw value, normalised value and weight."""

    name: str
    raw: Decimal | None  # None: not computed (see the module docstring)
    normalised: Decimal | None
    weight: Decimal


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
    """The six raw criteria of one region from its summaries in the period."""
    counts = family_counts(events)
    total = sum(counts.values(), ZERO)
    population = history.population
    return {
        "family_count": Decimal(len(counts)),
        "shannon": shannon_index(counts.values()),
        "events_per_year": total / Decimal(years),
        "deaths_rate": annual_rate(
            known_sum([e.deaths_and_missing for e in events]), population, years
        ),
        "affected_rate": annual_rate(known_sum([e.affected for e in events]), population, years),
        "houses_rate": annual_rate(
            known_sum([e.houses_damaged for e in events]), population, years
        ),
    }


def min_max(values: Sequence[Decimal | None]) -> list[Decimal | None]:
    """(x − min)/(max − min) over the known values; all 0 when they are all equal."""
    known = [v for v in values if v is not None]
    if not known:
        return [None] * len(values)
    low, high = min(known), max(known)
    spread = high - low
    return [None if v is None else (v - low) / spread if spread else ZERO for v in values]


def weighted_score(criteria: Sequence[CriterionScore]) -> Decimal:
    """Σ w x' / Σ w over the known normalised criteria, to 6 decimals; 0 if Σ w = 0."""
    known = [c for c in criteria if c.normalised is not None]
    weight = sum((c.weight for c in known), ZERO)
    if weight == 0:
        return ZERO.quantize(SCORE_PLACES)
    total = sum((c.weight * c.normalised for c in known if c.normalised is not None), ZERO)
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


def rank_regions(
    histories: Sequence[RegionHazardHistory],
    first_year: int,
    last_year: int,
    method: RankingMethod | None = None,
) -> list[RankingRow]:
    """Rank the regions by hazard diversity and intensity over the period, best first."""
    m = method or RankingMethod()
    _check_input(histories, first_year, last_year)
    years = last_year - first_year + 1
    events = [in_period(h.events, first_year, last_year) for h in histories]
    raws = [raw_criteria(h, e, years) for h, e in zip(histories, events, strict=True)]
    normalised = {name: min_max([raw[name] for raw in raws]) for name in CRITERIA}
    rows = []
    for i, (history, raw) in enumerate(zip(histories, raws, strict=True)):
        criteria = tuple(
            CriterionScore(name, raw[name], normalised[name][i], m.weights[name])
            for name in CRITERIA
        )
        rows.append(_row(history, events[i], criteria, m.version))
    rows.sort(key=lambda row: (-row.score, row.region_code))
    return [replace(row, rank=rank) for rank, row in enumerate(rows, start=1)]


def _row(
    history: RegionHazardHistory,
    events: Sequence[HazardEventSummary],
    criteria: tuple[CriterionScore, ...],
    version: str,
) -> RankingRow:
    """A row before ranking (rank 0)."""
    deaths, affected, houses, anything = _unknown_events(events)
    return RankingRow(
        region_code=history.region_code,
        name=history.name,
        population=history.population,
        criteria=criteria,
        score=weighted_score(criteria),
        rank=0,
        events=sum((e.event_count for e in events), ZERO),
        events_unknown_deaths=deaths,
        events_unknown_affected=affected,
        events_unknown_houses=houses,
        events_with_unknown_effects=anything,
        method_version=version,
    )
