"""Sendai Framework indicators (targets A–D) for a region and year, from event effects.

Definitions follow the Sendai Framework technical guidance (UNGA 71/276, 2017; drr.md §5). The
compound B-1 is computed as UNDRR's own DesInventar–Sendai computation does it
(mayandar/desinventar, `scripts/SFM_indicator_calculation_postgres.sql`, 2020):

    B-1 = B-2 + B-3 + B-4 + B-5
    B-2 = injured or ill                                  (DesInventar `heridos`)
    B-3 = people in damaged dwellings   = damaged dwellings   × people per household (`vivafec`)
    B-4 = people in destroyed dwellings = destroyed dwellings × people per household (`vivdest`)
    B-5 = people whose livelihoods were disrupted: their count when given, else hectares of
          crops × workers per hectare                     (`LIVELIHOOD_AFCTD`, `nhectareas`)

the same components the SDG 1.5.1 series of directly affected people is built from. Indonesia's
"menderita" (affected) and "mengungsi" (displaced) are *not* added: menderita already counts many
of the same people (injured, people of damaged houses), so adding it counts them twice. They are
given as separate national lines.

Unknown is not zero: an effect that is `None` (or absent) is left out of every sum. An indicator
sums what is known; it is `None` when no event reports any of its fields. Each indicator says how
many events it counted and how many it left out (all its fields unknown), and, of those left out,
how many came from a source that cannot record any of its fields. A counted event is "partly
reported" (its value is a lower bound) only when a field its *source* can record is unknown: DIBI
has no "destroyed" column, so a DIBI event is never partly reported for lack of one. What each
source can record is `SOURCE_FIELDS`.

Every number the mapping needs (people per household, workers per hectare, what counts as
destroyed) is a versioned `SendaiAssumptions` field that names its source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from tangguh.measures.population import PopulationUsed, population_for

# The effect fields event data uses (`tangguh.disasters.records.EFFECTS`, mirrored here so this
# package stays free of the Django apps; a test keeps the two in step) …
RECORD_FIELDS: tuple[str, ...] = (
    "deaths",
    "missing",
    "injured",
    "affected",
    "displaced",
    "houses_destroyed",
    "houses_heavy",
    "houses_moderate",
    "houses_light",
    "houses_flooded",
    "education_damaged",
    "health_damaged",
    "worship_damaged",
    "office_damaged",
    "bridges_damaged",
    "roads_km",
    "rice_fields_ha",
    "plantations_ha",
    "other_land_ha",
    "livestock",
    "economic_loss",
)
# … and two that the computation uses when given but event records do not have yet:
# damaged houses of unknown grade (DesInventar `vivafec`, the "Rumah Rusak" total of DIBI
# re-exports) and a count of people whose livelihoods were disrupted.
PENDING_FIELDS: tuple[str, ...] = ("houses_damaged", "livelihoods_affected")
EFFECT_FIELDS: tuple[str, ...] = RECORD_FIELDS + PENDING_FIELDS
GRADED_HOUSES: tuple[str, ...] = ("houses_heavy", "houses_moderate", "houses_light")

# What each event source can record (by `Event.origin`). A field outside its source's set that is
# unknown does not make an event "partly reported": the source could not have said more.
ALL_FIELDS = frozenset(EFFECT_FIELDS)
SOURCE_FIELDS: dict[str, frozenset[str]] = {
    # The DIBI table as BNPB serves it today: people, graded houses (no "destroyed" grade),
    # flooded houses and damaged facilities; re-exports may give the ungraded "Rumah Rusak" total.
    # Older 94-column exports also have land, roads and losses: used when given, never required.
    "dibi": frozenset(
        {
            "deaths",
            "missing",
            "injured",
            "affected",
            "displaced",
            *GRADED_HOUSES,
            "houses_flooded",
            "houses_damaged",
            "education_damaged",
            "worship_damaged",
            "health_damaged",
            "office_damaged",
            "bridges_damaged",
        }
    ),
    # DesInventar's flagged fields (a `hay_…` flag tells a reported zero from unknown). Unflagged
    # ones (schools, hospitals, livestock, hectares, roads, losses) read 0 as unknown, so a blank
    # is no evidence of a gap; they are used when given.
    "desinventar": frozenset(
        {"deaths", "missing", "injured", "affected", "displaced", "houses_destroyed"}
        | {"houses_damaged"}
    ),
    "csv": ALL_FIELDS,  # tangguh's own CSV has a column for every effect
    "form": ALL_FIELDS,  # entered in tangguh's form
    "manual": ALL_FIELDS,
}

PER_100K = Decimal(100_000)
CENT = Decimal("0.01")
ONE = Decimal(1)
SENDAI = "sendai"
NATIONAL = "national"

# code -> (name, definition as in the Sendai technical guidance, unit of the value)
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "A-1": (
        "Deaths and missing persons",
        "Number of deaths and missing persons attributed to disasters, per 100,000 population.",
        "people",
    ),
    "A-2": (
        "Deaths",
        "Number of deaths attributed to disasters, per 100,000 population.",
        "people",
    ),
    "A-3": (
        "Missing persons",
        "Number of missing persons attributed to disasters, per 100,000 population.",
        "people",
    ),
    "B-1": (
        "Directly affected people",
        "Number of directly affected people attributed to disasters, per 100,000 population.",
        "people",
    ),
    "B-2": (
        "Injured or ill people",
        "Number of injured or ill people attributed to disasters, per 100,000 population.",
        "people",
    ),
    "B-3": (
        "People whose dwellings were damaged",
        "Number of people whose damaged dwellings were attributed to disasters.",
        "people",
    ),
    "B-4": (
        "People whose dwellings were destroyed",
        "Number of people whose destroyed dwellings were attributed to disasters.",
        "people",
    ),
    "B-5": (
        "People whose livelihoods were disrupted or destroyed",
        "Number of people whose livelihoods were disrupted or destroyed, attributed to disasters.",
        "people",
    ),
    "C-1": (
        "Direct economic loss",
        "Direct economic loss attributed to disasters in relation to gross domestic product.",
        "rupiah",
    ),
    "C-2": (
        "Direct agricultural loss",
        "Direct agricultural loss attributed to disasters.",
        "rupiah",
    ),
    "C-4": (
        "Direct economic loss in the housing sector",
        "Direct economic loss in the housing sector attributed to disasters.",
        "rupiah",
    ),
    "D-1": (
        "Damage to critical infrastructure",
        "Damage to critical infrastructure attributed to disasters.",
        "facilities",
    ),
    "D-2": (
        "Health facilities destroyed or damaged",
        "Number of destroyed or damaged health facilities attributed to disasters.",
        "facilities",
    ),
    "D-3": (
        "Educational facilities destroyed or damaged",
        "Number of destroyed or damaged educational facilities attributed to disasters.",
        "facilities",
    ),
    "D-4": (
        "Other critical infrastructure destroyed or damaged",
        "Number of other destroyed or damaged critical infrastructure units and facilities "
        "attributed to disasters.",
        "facilities",
    ),
    "D-4 roads": (
        "Roads destroyed or damaged",
        "Length of destroyed or damaged roads attributed to disasters (the road part of D-4).",
        "km",
    ),
    "D-5": (
        "Disruptions to basic services",
        "Number of disruptions to basic services attributed to disasters.",
        "disruptions",
    ),
    # National lines: Indonesia's own counts, kept apart from the Sendai indicators.
    "menderita": (
        "Affected (menderita)",
        "People recorded as suffering or affected by disasters in BNPB's data (menderita), "
        "per 100,000 population. Not a Sendai indicator and not part of B-1.",
        "people",
    ),
    "mengungsi": (
        "Displaced (mengungsi)",
        "People recorded as displaced by disasters in BNPB's data (mengungsi), per 100,000 "
        "population. Not a Sendai indicator and not part of B-1.",
        "people",
    ),
}

UNDRR_SCRIPT = (
    "UNDRR DesInventar–Sendai indicator computation (mayandar/desinventar, "
    "scripts/SFM_indicator_calculation_postgres.sql, commit dd408c8, 2020-04-09)"
)


@dataclass(frozen=True)
class EventEffects:
    """The reported effects of one event: field -> value; `None` or absent means unknown.

    `origin` is the event's source (`dibi`, `desinventar`, `csv`, `form`); None means unknown,
    and then every field counts as one the source could have reported.
    """

    effects: Mapping[str, int | Decimal | None]
    origin: str | None = None


# Where each assumption's value comes from (shown beside the figures; a test keeps every
# assumption field listed here).
ASSUMPTION_SOURCES: dict[str, str] = {
    "household_size": (
        f"{UNDRR_SCRIPT}: dwellings × inhabitants per household (population ÷ households of the "
        "year), 4 when the country gives none. No BPS figure for NTT is set here; put BPS "
        "population ÷ households (Sensus Penduduk 2020) in its place when it is known."
    ),
    "workers_per_hectare": (
        f"{UNDRR_SCRIPT}: LIVELIHOOD_AFCTD when counted, else nhectareas × the country's "
        "workers per hectare (table agri_workers), 1 when the country gives none."
    ),
    "livelihood_hectares": (
        "DesInventar nhectareas = hectares of crops and woods damaged; DIBI's sawah, kebun and "
        "lahan + hutan are the same kinds of land (drr.md §5)."
    ),
    "heavy_damage_counts_as_destroyed": (
        "tangguh policy (drr.md §5): DIBI has no 'destroyed' grade; 'rusak berat' (heavily "
        "damaged, not habitable) is its destroyed-like grade."
    ),
    "flooded_counts_as_damaged": (
        "tangguh policy: Sendai counts damaged dwellings; a flooded house (terendam) is not "
        "recorded as damaged, so it is left out unless this is switched on."
    ),
    "rice_field_value_per_ha": "not set: C-2 is not valued",
    "plantation_value_per_ha": "not set: C-2 is not valued",
    "destroyed_house_value": "not set: C-4 is not valued",
    "damaged_house_value": "not set: C-4 is not valued",
}


@dataclass(frozen=True)
class SendaiAssumptions:
    """Versioned choices for mapping DIBI/DesInventar effects onto Sendai indicators.

    `ASSUMPTION_SOURCES` says where each value comes from; change the version with any value.
    """

    version: str = "tangguh-2026.2"
    household_size: Decimal = Decimal(4)
    """People per dwelling, to turn damaged and destroyed dwellings into people (B-3, B-4)."""
    workers_per_hectare: Decimal = Decimal(1)
    """Agricultural workers per hectare of damaged crops, for B-5 when no count is given."""
    livelihood_hectares: tuple[str, ...] = ("rice_fields_ha", "plantations_ha", "other_land_ha")
    """Effect fields holding hectares of crops whose workers lost their livelihood (B-5)."""
    heavy_damage_counts_as_destroyed: bool = True
    """BNPB "rusak berat" counted as Sendai "destroyed" (B-4, C-4); otherwise as damaged (B-3)."""
    flooded_counts_as_damaged: bool = False
    """Count "terendam" (flooded) houses as damaged dwellings in B-3 and C-4."""
    rice_field_value_per_ha: Decimal | None = None
    """Rupiah per hectare of damaged rice field (C-2); None: not valued."""
    plantation_value_per_ha: Decimal | None = None
    """Rupiah per hectare of damaged plantation (C-2); None: not valued."""
    destroyed_house_value: Decimal | None = None
    """Rupiah per destroyed house (C-4); None: not valued."""
    damaged_house_value: Decimal | None = None
    """Rupiah per damaged house (C-4); None: not valued."""

    def __post_init__(self) -> None:
        """Reject non-positive household sizes, negative rates and unknown hectare fields."""
        if self.household_size <= 0:
            raise ValueError(f"household_size must be positive, not {self.household_size}")
        if self.workers_per_hectare < 0:
            raise ValueError(
                f"workers_per_hectare must not be negative: {self.workers_per_hectare}"
            )
        units = (
            self.rice_field_value_per_ha,
            self.plantation_value_per_ha,
            self.destroyed_house_value,
            self.damaged_house_value,
        )
        if any(unit is not None and unit < 0 for unit in units):
            raise ValueError("unit values must not be negative")
        for name in self.livelihood_hectares:
            if name not in EFFECT_FIELDS:
                raise ValueError(f"unknown effect field {name!r} in livelihood_hectares")

    def sources(self) -> list[tuple[str, object, str]]:
        """Each assumption as (name, value, source)."""
        return [
            (f.name, getattr(self, f.name), ASSUMPTION_SOURCES[f.name])
            for f in fields(self)
            if f.name != "version"
        ]


@dataclass(frozen=True)
class Indicator:
    """One indicator for a region and period, with how much of the data it rests on."""

    code: str
    name: str
    definition: str
    unit: str
    value: Decimal | None
    per_100k: Decimal | None
    events_counted: int  # events reporting at least one of the indicator's fields
    events_unknown: int  # events with all of its fields unknown: left out
    events_partial: int  # counted events missing a field their source can record: lower bound
    events_not_held: int  # of events_unknown: their source cannot record any of its fields
    note: str
    assumptions_version: str
    scheme: str = SENDAI  # "sendai", or "national" for Indonesia's own lines


@dataclass(frozen=True)
class Part:
    """One event's value of a sum, and whether a field its source can record was unknown."""

    value: Decimal | None
    gap: bool


Evaluate = Callable[[EventEffects], Part]


@dataclass(frozen=True)
class _Spec:
    """How to compute one indicator: an evaluation of each event, summed over the events."""

    code: str
    evaluate: Evaluate
    per_100k: bool
    note: str = ""


def known(effects: Mapping[str, int | Decimal | None], name: str) -> Decimal | None:
    """The reported value of a field as a Decimal, or None when it is unknown."""
    if name not in EFFECT_FIELDS:
        raise ValueError(f"unknown effect field {name!r}")
    value = effects.get(name)
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"effect {name!r} is negative: {value}")
    return Decimal(value)


def source_fields(origin: str | None) -> frozenset[str]:
    """The fields an event source can record; every field when the origin is not known."""
    if origin is None:
        return ALL_FIELDS
    try:
        return SOURCE_FIELDS[origin]
    except KeyError:
        raise ValueError(f"unknown event origin {origin!r}") from None


def sum_of(names: Sequence[str], multiplier: Decimal = ONE) -> Evaluate:
    """An evaluation summing the known fields × multiplier; a gap if a recordable one is unknown."""

    def evaluate(event: EventEffects) -> Part:
        recordable = source_fields(event.origin)
        total: Decimal | None = None
        gap = False
        for name in names:
            value = known(event.effects, name)
            if value is None:
                gap = gap or name in recordable
            else:
                total = (total or Decimal(0)) + value * multiplier
        return Part(total, gap)

    return evaluate


def total_of(parts: Sequence[Evaluate]) -> Evaluate:
    """An evaluation adding the known parts; a gap if any part has one."""

    def evaluate(event: EventEffects) -> Part:
        values = [part(event) for part in parts]
        known_values = [p.value for p in values if p.value is not None]
        total = sum(known_values, Decimal(0)) if known_values else None
        return Part(total, any(p.gap for p in values))

    return evaluate


def is_graded(event: EventEffects) -> bool:
    """True when the event gives any house-damage grade (berat, sedang, ringan)."""
    return any(known(event.effects, name) is not None for name in GRADED_HOUSES)


def gives(event: EventEffects, name: str) -> bool:
    """True when the event reports the field."""
    return known(event.effects, name) is not None


def damaged_house_fields(assumptions: SendaiAssumptions) -> tuple[str, ...]:
    """Graded house fields counted as damaged (not destroyed) dwellings under the assumptions."""
    names = ["houses_moderate", "houses_light"]
    if not assumptions.heavy_damage_counts_as_destroyed:
        names.insert(0, "houses_heavy")
    if assumptions.flooded_counts_as_damaged:
        names.append("houses_flooded")
    return tuple(names)


def ungraded_house_fields(assumptions: SendaiAssumptions) -> tuple[str, ...]:
    """House fields counted as damaged dwellings when the event gives no grade."""
    if assumptions.flooded_counts_as_damaged:
        return ("houses_damaged", "houses_flooded")
    return ("houses_damaged",)


def destroyed_house_fields(assumptions: SendaiAssumptions) -> tuple[str, ...]:
    """House fields counted as destroyed dwellings under the assumptions."""
    if assumptions.heavy_damage_counts_as_destroyed:
        return ("houses_destroyed", "houses_heavy")
    return ("houses_destroyed",)


def damaged_dwellings(a: SendaiAssumptions, multiplier: Decimal) -> Evaluate:
    """Damaged dwellings × multiplier: by grade when any grade is given, else the ungraded count.

    The two are never added: the ungraded count (a "Rumah Rusak" total) holds the grades.
    """
    graded = sum_of(damaged_house_fields(a), multiplier)
    ungraded = sum_of(ungraded_house_fields(a), multiplier)

    def evaluate(event: EventEffects) -> Part:
        if is_graded(event):
            return graded(event)
        part = ungraded(event)
        if part.value is None:  # nothing given: a gap if the source records either
            return Part(None, part.gap or graded(event).gap)
        return part

    return evaluate


def destroyed_dwellings(a: SendaiAssumptions, multiplier: Decimal) -> Evaluate:
    """Destroyed dwellings × multiplier (rusak berat included when it counts as destroyed).

    When only an ungraded damaged count is given, rusak berat is inside it (B-3), so it is
    neither added here nor missed.
    """
    full = sum_of(destroyed_house_fields(a), multiplier)
    only = sum_of(("houses_destroyed",), multiplier)

    def evaluate(event: EventEffects) -> Part:
        if is_graded(event) or not gives(event, "houses_damaged"):
            return full(event)
        return only(event)

    return evaluate


def livelihoods(a: SendaiAssumptions) -> Evaluate:
    """B-5: the count of people when given, else hectares of crops × workers per hectare."""
    counted = sum_of(("livelihoods_affected",))
    estimated = sum_of(a.livelihood_hectares, a.workers_per_hectare)

    def evaluate(event: EventEffects) -> Part:
        if gives(event, "livelihoods_affected"):
            return counted(event)
        part = estimated(event)
        if part.value is None:
            return Part(None, part.gap or counted(event).gap)
        return part

    return evaluate


def per_100k(value: Decimal | None, population: int | None) -> Decimal | None:
    """Value per 100,000 people, to 2 decimals (half up); None without a positive population."""
    if value is None or not population:
        return None
    if population < 0:
        raise ValueError(f"population is negative: {population}")
    return (value * PER_100K / Decimal(population)).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_events(events: Sequence[EventEffects]) -> None:
    """Reject unknown effect names (typos would read as unknown) and unknown origins."""
    for event in events:
        source_fields(event.origin)
        for name in event.effects:
            if name not in EFFECT_FIELDS:
                raise ValueError(f"unknown effect field {name!r}")


def _indicator(
    spec: _Spec, events: Sequence[EventEffects], population: int | None, version: str
) -> Indicator:
    """Aggregate one indicator over the events."""
    total: Decimal | None = None
    counted = partial = not_held = 0
    for event in events:
        part = spec.evaluate(event)
        if part.value is not None:
            total = (total or Decimal(0)) + part.value
            counted += 1
            partial += int(part.gap)
        else:
            not_held += int(not part.gap)
    name, definition, unit = CATALOGUE[spec.code]
    return Indicator(
        code=spec.code,
        name=name,
        definition=definition,
        unit=unit,
        value=total,
        per_100k=per_100k(total, population) if spec.per_100k else None,
        events_counted=counted,
        events_unknown=len(events) - counted,
        events_partial=partial,
        events_not_held=not_held,
        note=spec.note,
        assumptions_version=version,
        scheme=NATIONAL if spec.code in ("menderita", "mengungsi") else SENDAI,
    )


def _rate(code: str, evaluate: Evaluate, note: str = "") -> _Spec:
    """A spec with a rate per 100,000 people."""
    return _Spec(code, evaluate, True, note)


def _amount(code: str, evaluate: Evaluate, note: str = "") -> _Spec:
    """A spec without a rate (money, facilities, km)."""
    return _Spec(code, evaluate, False, note)


def _people_specs(a: SendaiAssumptions) -> list[_Spec]:
    """Target A (mortality) and B (directly affected people, as UNDRR computes B-1)."""
    size = a.household_size
    b2 = sum_of(("injured",))
    b3 = damaged_dwellings(a, size)
    b4 = destroyed_dwellings(a, size)
    b5 = livelihoods(a)
    b3_names = ", ".join(damaged_house_fields(a))
    b4_names = ", ".join(destroyed_house_fields(a))
    hectares = ", ".join(a.livelihood_hectares)
    return [
        _rate("A-1", sum_of(("deaths", "missing")), "Deaths + missing (A-2 + A-3)."),
        _rate("A-2", sum_of(("deaths",))),
        _rate("A-3", sum_of(("missing",))),
        _rate("B-1", total_of((b2, b3, b4, b5)), B1_NOTE),
        _rate("B-2", b2),
        _rate(
            "B-3",
            b3,
            f"Damaged dwellings ({b3_names}; or damaged houses of unknown grade) × {size} "
            "people per household.",
        ),
        _rate("B-4", b4, f"Destroyed dwellings ({b4_names}) × {size} people per household."),
        _rate(
            "B-5",
            b5,
            f"People counted when given, else hectares of crops ({hectares}) × "
            f"{a.workers_per_hectare} worker(s) per hectare.",
        ),
    ]


B1_NOTE = (
    "B-2 + B-3 + B-4 + B-5, as UNDRR's DesInventar–Sendai computation adds them. Menderita and "
    "mengungsi are not added (they count many of the same people again); see the national lines."
)


def _economic_specs(a: SendaiAssumptions) -> list[_Spec]:
    """Target C (economic loss), in nominal rupiah."""
    agriculture: list[Evaluate] = []
    if a.rice_field_value_per_ha is not None:
        agriculture.append(sum_of(("rice_fields_ha",), a.rice_field_value_per_ha))
    if a.plantation_value_per_ha is not None:
        agriculture.append(sum_of(("plantations_ha",), a.plantation_value_per_ha))
    housing: list[Evaluate] = []
    if a.destroyed_house_value is not None:
        housing.append(destroyed_dwellings(a, a.destroyed_house_value))
    if a.damaged_house_value is not None:
        housing.append(damaged_dwellings(a, a.damaged_house_value))
    c1_note = (
        "Sum of the reported economic loss in nominal rupiah (no price-year adjustment). Sendai"
        " relates C-1 to GDP; no GDP (PDRB) is held here, so this is the amount, not a share."
        " It is not C-2 + C-4: those are estimates from unit values and would double count."
    )
    return [
        _amount("C-1", sum_of(("economic_loss",)), c1_note),
        _amount("C-2", total_of(agriculture), _c2_note(a)),
        _amount("C-4", total_of(housing), _c4_note(a)),
    ]


def _c2_note(a: SendaiAssumptions) -> str:
    """Which land C-2 valued and which it left out."""
    priced = [
        f"{name} × Rp {unit}"
        for name, unit in (
            ("rice_fields_ha", a.rice_field_value_per_ha),
            ("plantations_ha", a.plantation_value_per_ha),
        )
        if unit is not None
    ]
    if not priced:
        return "Not computed: no unit values are set in the assumptions."
    return (
        f"Estimate from unit values: {', '.join(priced)}. Not valued (no unit value): "
        "other_land_ha, livestock."
    )


def _c4_note(a: SendaiAssumptions) -> str:
    """Which houses C-4 valued."""
    priced = [
        f"{kind} × Rp {unit}"
        for kind, unit in (
            ("destroyed houses", a.destroyed_house_value),
            ("damaged houses", a.damaged_house_value),
        )
        if unit is not None
    ]
    if not priced:
        return "Not computed: no unit values are set in the assumptions."
    return f"Estimate from unit values: {', '.join(priced)}."


def _infrastructure_specs() -> list[_Spec]:
    """Target D (critical infrastructure and basic services), in units or km."""
    d2 = sum_of(("health_damaged",))
    d3 = sum_of(("education_damaged",))
    d4 = sum_of(("bridges_damaged", "office_damaged"))
    d4_note = (
        "Bridges + government offices. Roads are in km under 'D-4 roads', not added here;"
        " places of worship are left out (not critical infrastructure); irrigation and public"
        " facilities are not in the event data."
    )
    return [
        _amount(
            "D-1", total_of((d2, d3, d4)), "D-2 + D-3 + D-4 (units); roads in km are not added."
        ),
        _amount("D-2", d2),
        _amount("D-3", d3),
        _amount("D-4", d4, d4_note),
        _amount("D-4 roads", sum_of(("roads_km",))),
        _amount(
            "D-5", total_of(()), "Not computed: the event data do not record service disruptions."
        ),
    ]


def _national_specs() -> list[_Spec]:
    """Indonesia's own people counts, shown beside the Sendai indicators, never inside B-1."""
    return [
        _rate("menderita", sum_of(("affected",)), "BNPB 'menderita'; overlaps with B-1."),
        _rate("mengungsi", sum_of(("displaced",)), "BNPB 'mengungsi'; overlaps with B-1."),
    ]


def sendai_indicators(
    events: Sequence[EventEffects],
    population: int | None,
    assumptions: SendaiAssumptions | None = None,
) -> list[Indicator]:
    """Sendai indicators A-1 … D-5, then the national lines, for the events of one region."""
    a = assumptions or SendaiAssumptions()
    if population is not None and population < 0:
        raise ValueError(f"population is negative: {population}")
    _check_events(events)
    specs = _people_specs(a) + _economic_specs(a) + _infrastructure_specs() + _national_specs()
    return [_indicator(spec, events, population, a.version) for spec in specs]


@dataclass(frozen=True)
class SendaiReport:
    """The indicators of one region and year, the population they were divided by and why."""

    year: int
    indicators: list[Indicator]
    population: PopulationUsed
    assumptions: SendaiAssumptions


def sendai_report(
    events: Sequence[EventEffects],
    year: int,
    populations: Mapping[int, int],
    assumptions: SendaiAssumptions | None = None,
    population_source: str = "",
) -> SendaiReport:
    """The indicators for `year`, per 100,000 of that year's population (or the nearest year's)."""
    a = assumptions or SendaiAssumptions()
    used = population_for(year, populations, population_source)
    return SendaiReport(year, sendai_indicators(events, used.value, a), used, a)
