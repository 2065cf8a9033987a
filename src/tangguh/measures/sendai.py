"""Sendai Framework indicators (targets A–D) for a region and period, from event effects.

Definitions follow the Sendai Framework technical guidance (UNGA 71/276, 2017) as summarised in
the method notes (drr.md §5, §8.5); the DIBI → Sendai mapping and every policy choice it needs
(houses → people, "rusak berat" ≈ destroyed, what counts as directly affected) live in a
versioned `SendaiAssumptions`.

Unknown is not zero: an effect that is `None` (or absent) is left out of every sum. An indicator
sums the values that are known; it is `None` only when no event reports any of its fields, and
each indicator says how many events it counted, how many it left out entirely (all of its fields
unknown) and how many were only partly reported (so the value is a lower bound).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# The effect fields event data uses (`tangguh.disasters.records.EFFECTS`, mirrored here so this
# package stays free of the Django apps; a test keeps the two in step).
EFFECT_FIELDS: tuple[str, ...] = (
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

PER_100K = Decimal(100_000)
CENT = Decimal("0.01")
ONE = Decimal(1)

Term = tuple[str, Decimal]  # (effect field, multiplier)
Priced = tuple[Sequence[str], Decimal | None]  # (effect fields, rupiah per unit or None)

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
}


@dataclass(frozen=True)
class EventEffects:
    """The reported effects of one event: field -> value; `None` or absent means unknown."""

    effects: Mapping[str, int | Decimal | None]


@dataclass(frozen=True)
class SendaiAssumptions:
    """Versioned policy choices for mapping DIBI/DesInventar effects onto Sendai indicators."""

    version: str = "tangguh-2026.1"
    household_size: Decimal = Decimal("4.3")
    """People per house, to turn damaged/destroyed dwellings into people (B-3, B-4).

    4.3 approximates the average household size in Nusa Tenggara Timur; it is a placeholder and
    must be set from BPS data (Susenas/SP) for the region and year before results are published.
    """
    heavy_damage_counts_as_destroyed: bool = True
    """BNPB "rusak berat" counted as Sendai "destroyed" (B-4, C-4); otherwise as damaged (B-3)."""
    flooded_counts_as_damaged: bool = False
    """Count "terendam" (flooded) houses as damaged dwellings in B-3 and C-4."""
    affected_counts_in_b1: bool = True
    """Add DIBI "menderita" to B-1. It may already include the injured and people in damaged
    houses, so B-1 can double count; switch off when the source is known to overlap."""
    displaced_counts_in_b1: bool = False
    """Add DIBI "mengungsi" to B-1: only where displaced people are not already in "menderita"."""
    rice_field_value_per_ha: Decimal | None = None
    """Rupiah per hectare of damaged rice field (C-2); None: not valued."""
    plantation_value_per_ha: Decimal | None = None
    """Rupiah per hectare of damaged plantation (C-2); None: not valued."""
    destroyed_house_value: Decimal | None = None
    """Rupiah per destroyed house (C-4); None: not valued."""
    damaged_house_value: Decimal | None = None
    """Rupiah per damaged house (C-4); None: not valued."""

    def __post_init__(self) -> None:
        """Reject a non-positive household size and negative unit values."""
        if self.household_size <= 0:
            raise ValueError(f"household_size must be positive, not {self.household_size}")
        units = (
            self.rice_field_value_per_ha,
            self.plantation_value_per_ha,
            self.destroyed_house_value,
            self.damaged_house_value,
        )
        if any(unit is not None and unit < 0 for unit in units):
            raise ValueError("unit values must not be negative")


@dataclass(frozen=True)
class Indicator:
    """One Sendai indicator for a region and period, with how much of the data it rests on."""

    code: str
    name: str
    definition: str
    unit: str
    value: Decimal | None
    per_100k: Decimal | None
    events_counted: int  # events reporting at least one of the indicator's fields
    events_unknown: int  # events with all of its fields unknown: left out
    events_partial: int  # counted events with some of its fields unknown: value is a lower bound
    note: str
    assumptions_version: str


@dataclass(frozen=True)
class _Spec:
    """How to compute one indicator: a weighted sum of effect fields."""

    code: str
    name: str
    definition: str
    unit: str
    terms: tuple[Term, ...]
    per_100k: bool
    note: str = ""


def known(effects: Mapping[str, int | Decimal | None], field: str) -> Decimal | None:
    """The reported value of a field as a Decimal, or None when it is unknown."""
    if field not in EFFECT_FIELDS:
        raise ValueError(f"unknown effect field {field!r}")
    value = effects.get(field)
    if value is None:
        return None
    if value < 0:
        raise ValueError(f"effect {field!r} is negative: {value}")
    return Decimal(value)


def event_value(
    effects: Mapping[str, int | Decimal | None], terms: Sequence[Term]
) -> tuple[Decimal | None, bool]:
    """One event's weighted sum of the known fields (None if all unknown) and if any was unknown."""
    total: Decimal | None = None
    partial = False
    for field, multiplier in terms:
        value = known(effects, field)
        if value is None:
            partial = True
        else:
            total = (total or Decimal(0)) + value * multiplier
    return total, partial and total is not None


def per_100k(value: Decimal | None, population: int | None) -> Decimal | None:
    """Value per 100,000 people, to 2 decimals (half up); None without a positive population."""
    if value is None or not population:
        return None
    if population < 0:
        raise ValueError(f"population is negative: {population}")
    return (value * PER_100K / Decimal(population)).quantize(CENT, rounding=ROUND_HALF_UP)


def _check_fields(events: Sequence[EventEffects]) -> None:
    """Reject effect names that are not effect fields (typos would otherwise read as unknown)."""
    for event in events:
        for field in event.effects:
            if field not in EFFECT_FIELDS:
                raise ValueError(f"unknown effect field {field!r}")


def _indicator(
    spec: _Spec, events: Sequence[EventEffects], population: int | None, version: str
) -> Indicator:
    """Aggregate one indicator over the events."""
    total: Decimal | None = None
    counted = partial = 0
    for event in events:
        value, is_partial = event_value(event.effects, spec.terms)
        if value is not None:
            total = (total or Decimal(0)) + value
            counted += 1
            partial += int(is_partial)
    return Indicator(
        code=spec.code,
        name=spec.name,
        definition=spec.definition,
        unit=spec.unit,
        value=total,
        per_100k=per_100k(total, population) if spec.per_100k else None,
        events_counted=counted,
        events_unknown=len(events) - counted,
        events_partial=partial,
        note=spec.note,
        assumptions_version=version,
    )


def damaged_house_fields(assumptions: SendaiAssumptions) -> tuple[str, ...]:
    """House fields counted as damaged (not destroyed) dwellings under the assumptions."""
    fields = ["houses_moderate", "houses_light"]
    if not assumptions.heavy_damage_counts_as_destroyed:
        fields.insert(0, "houses_heavy")
    if assumptions.flooded_counts_as_damaged:
        fields.append("houses_flooded")
    return tuple(fields)


def destroyed_house_fields(assumptions: SendaiAssumptions) -> tuple[str, ...]:
    """House fields counted as destroyed dwellings under the assumptions."""
    if assumptions.heavy_damage_counts_as_destroyed:
        return ("houses_destroyed", "houses_heavy")
    return ("houses_destroyed",)


def _times(fields: Sequence[str], multiplier: Decimal) -> tuple[Term, ...]:
    """Terms taking each field with the same multiplier."""
    return tuple((field, multiplier) for field in fields)


def _spec(code: str, terms: tuple[Term, ...], note: str = "") -> _Spec:
    """The spec of a catalogued indicator; A and B indicators get a rate per 100,000."""
    name, definition, unit = CATALOGUE[code]
    return _Spec(code, name, definition, unit, terms, code[0] in "AB", note)


def _people_specs(a: SendaiAssumptions) -> list[_Spec]:
    """Targets A (mortality) and B (affected people)."""
    b2 = _times(["injured"], ONE)
    b3 = _times(damaged_house_fields(a), a.household_size)
    b4 = _times(destroyed_house_fields(a), a.household_size)
    other: tuple[Term, ...] = (("affected", ONE),) if a.affected_counts_in_b1 else ()
    other += (("displaced", ONE),) if a.displaced_counts_in_b1 else ()
    dwellings = "houses ({}) × household size {} (people in them are not counted in the data)."
    return [
        _spec("A-1", _times(["deaths", "missing"], ONE), "Deaths + missing (A-2 + A-3)."),
        _spec("A-2", _times(["deaths"], ONE)),
        _spec("A-3", _times(["missing"], ONE)),
        _spec("B-1", b2 + b3 + b4 + other, _b1_note(a)),
        _spec("B-2", b2),
        _spec("B-3", b3, "Damaged " + dwellings.format(_names(b3), a.household_size)),
        _spec("B-4", b4, "Destroyed " + dwellings.format(_names(b4), a.household_size)),
        _spec("B-5", (), "Not computed: the event data do not record livelihoods."),
    ]


def _names(terms: Sequence[Term]) -> str:
    """The field names of some terms, for notes."""
    return ", ".join(field for field, _ in terms)


def _b1_note(a: SendaiAssumptions) -> str:
    """How B-1 was put together under the assumptions."""
    parts = ["B-2 + B-3 + B-4"]
    if a.affected_counts_in_b1:
        parts.append("affected (menderita)")
    if a.displaced_counts_in_b1:
        parts.append("displaced (mengungsi)")
    note = " + ".join(parts) + "; B-5 is not recorded and adds nothing."
    if a.affected_counts_in_b1 or a.displaced_counts_in_b1:
        note += " Menderita/mengungsi may already include people counted in B-2 to B-4,"
        note += " so B-1 can double count."
    return note


def _economic_specs(a: SendaiAssumptions) -> list[_Spec]:
    """Target C (economic loss), in nominal rupiah."""
    agriculture: list[Priced] = [
        (("rice_fields_ha",), a.rice_field_value_per_ha),
        (("plantations_ha",), a.plantation_value_per_ha),
        (("other_land_ha", "livestock"), None),  # no unit values for these in the assumptions
    ]
    housing: list[Priced] = [
        (destroyed_house_fields(a), a.destroyed_house_value),
        (damaged_house_fields(a), a.damaged_house_value),
    ]
    c1_note = (
        "Sum of the reported economic loss in nominal rupiah (no price-year adjustment). Sendai"
        " relates C-1 to GDP; no GDP (PDRB) is held here, so this is the amount, not a share."
        " It is not C-2 + C-4: those are estimates from unit values and would double count."
    )
    return [
        _spec("C-1", _times(["economic_loss"], ONE), c1_note),
        _spec("C-2", _valued(agriculture), _valued_note(agriculture)),
        _spec("C-4", _valued(housing), _valued_note(housing)),
    ]


def _valued(groups: Sequence[Priced]) -> tuple[Term, ...]:
    """Terms for the field groups that have a unit value (groups without one are left out)."""
    return tuple(
        term for fields, unit in groups if unit is not None for term in _times(fields, unit)
    )


def _valued_note(groups: Sequence[Priced]) -> str:
    """Which fields a unit-value indicator priced and which it left out."""
    priced = [
        f"{field} × Rp {unit}" for fields, unit in groups if unit is not None for field in fields
    ]
    unpriced = [field for fields, unit in groups if unit is None for field in fields]
    if not priced:
        return "Not computed: no unit values are set in the assumptions."
    note = f"Estimate from unit values: {', '.join(priced)}."
    if unpriced:
        note += f" Not valued (no unit value): {', '.join(unpriced)}."
    return note


def _infrastructure_specs(a: SendaiAssumptions) -> list[_Spec]:
    """Target D (critical infrastructure and basic services), in units or km."""
    d2 = _times(["health_damaged"], ONE)
    d3 = _times(["education_damaged"], ONE)
    d4 = _times(["bridges_damaged", "office_damaged"], ONE)
    d4_note = (
        "Bridges + government offices. Roads are in km under 'D-4 roads', not added here;"
        " places of worship are left out (not critical infrastructure); irrigation and public"
        " facilities are not in the event data."
    )
    return [
        _spec("D-1", d2 + d3 + d4, "D-2 + D-3 + D-4 (units); roads in km are not added."),
        _spec("D-2", d2),
        _spec("D-3", d3),
        _spec("D-4", d4, d4_note),
        _spec("D-4 roads", _times(["roads_km"], ONE)),
        _spec("D-5", (), "Not computed: the event data do not record service disruptions."),
    ]


def sendai_indicators(
    events: Sequence[EventEffects],
    population: int | None,
    assumptions: SendaiAssumptions | None = None,
) -> list[Indicator]:
    """Sendai indicators A-1 … D-5 for the events of one region and period."""
    a = assumptions or SendaiAssumptions()
    if population is not None and population < 0:
        raise ValueError(f"population is negative: {population}")
    _check_fields(events)
    specs = _people_specs(a) + _economic_specs(a) + _infrastructure_specs(a)
    return [_indicator(spec, events, population, a.version) for spec in specs]
