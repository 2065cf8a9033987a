"""Sendai Framework indicators for a region and year from the event database (measures.sendai)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.querysets import RegionQuerySet
from tangguh.disasters.models import Event
from tangguh.measures.sendai import EventEffects, Indicator, SendaiAssumptions, sendai_indicators
from tangguh.regions.models import Region

ASSUMPTIONS = SendaiAssumptions()

# Names, definitions and notes in the user's language (for the default assumptions).
TEXTS: dict[str, tuple[Any, Any, Any]] = {
    "A-1": (
        _("Deaths and missing persons"),
        _("Deaths and missing persons attributed to disasters, per 100,000 population."),
        _("Deaths + missing (A-2 + A-3)."),
    ),
    "A-2": (_("Deaths"), _("Deaths attributed to disasters, per 100,000 population."), ""),
    "A-3": (
        _("Missing persons"),
        _("Missing persons attributed to disasters, per 100,000 population."),
        "",
    ),
    "B-1": (
        _("Directly affected people"),
        _("Directly affected people attributed to disasters, per 100,000 population."),
        _(
            "B-2 + B-3 + B-4 + affected (menderita); B-5 is not recorded. Menderita may already "
            "include people counted in B-2 to B-4, so B-1 can double count."
        ),
    ),
    "B-2": (
        _("Injured or ill people"),
        _("Injured or ill people attributed to disasters, per 100,000 population."),
        "",
    ),
    "B-3": (
        _("People whose dwellings were damaged"),
        _("People whose dwellings were damaged by disasters."),
        _("Moderately and lightly damaged houses × %(size)s people per household."),
    ),
    "B-4": (
        _("People whose dwellings were destroyed"),
        _("People whose dwellings were destroyed by disasters."),
        _(
            "Destroyed and heavily damaged houses × %(size)s people per household "
            "(rusak berat counted as destroyed)."
        ),
    ),
    "B-5": (
        _("People whose livelihoods were disrupted or destroyed"),
        _("People whose livelihoods were disrupted or destroyed by disasters."),
        _("Not computed: the event data do not record livelihoods."),
    ),
    "C-1": (
        _("Direct economic loss"),
        _("Direct economic loss attributed to disasters (Sendai relates it to GDP)."),
        _("Sum of the reported losses in rupiah; GDP is not held, so no share of GDP is given."),
    ),
    "C-2": (
        _("Direct agricultural loss"),
        _("Direct agricultural loss attributed to disasters."),
        _("Not computed: no unit values per hectare are set."),
    ),
    "C-4": (
        _("Direct economic loss in the housing sector"),
        _("Direct economic loss in the housing sector attributed to disasters."),
        _("Not computed: no unit values per house are set."),
    ),
    "D-1": (
        _("Damage to critical infrastructure"),
        _("Damage to critical infrastructure attributed to disasters."),
        _("D-2 + D-3 + D-4 (units); roads in km are not added."),
    ),
    "D-2": (
        _("Health facilities destroyed or damaged"),
        _("Destroyed or damaged health facilities attributed to disasters."),
        "",
    ),
    "D-3": (
        _("Educational facilities destroyed or damaged"),
        _("Destroyed or damaged educational facilities attributed to disasters."),
        "",
    ),
    "D-4": (
        _("Other critical infrastructure destroyed or damaged"),
        _("Other destroyed or damaged critical infrastructure attributed to disasters."),
        _("Bridges + government offices; places of worship are left out."),
    ),
    "D-4 roads": (
        _("Roads destroyed or damaged"),
        _("Length of destroyed or damaged roads (km), the road part of D-4."),
        "",
    ),
    "D-5": (
        _("Disruptions to basic services"),
        _("Disruptions to basic services attributed to disasters."),
        _("Not computed: the event data do not record service disruptions."),
    ),
}


@dataclass(frozen=True)
class SendaiRow:
    """An indicator with its texts in the user's language."""

    indicator: Indicator
    name: str
    definition: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data for the API."""
        i = self.indicator
        return {
            "code": i.code,
            "name": self.name,
            "definition": self.definition,
            "unit": i.unit,
            "value": None if i.value is None else str(i.value),
            "per_100k": None if i.per_100k is None else str(i.per_100k),
            "events_counted": i.events_counted,
            "events_unknown": i.events_unknown,
            "events_partial": i.events_partial,
            "note": self.note,
            "assumptions_version": i.assumptions_version,
        }


def sendai_for(
    region: Region, year: int, events: RegionQuerySet[Event] | None = None
) -> tuple[list[SendaiRow], int]:
    """The indicators of the events within `region` that started in `year`, and how many events.

    `events` is the queryset to draw from (already restricted to what the user may see)."""
    queryset = (events if events is not None else Event.objects.get_queryset()).within(region.code)
    rows = list(queryset.for_year(year).values(*Event.effect_fields))
    indicators = sendai_indicators(
        [EventEffects(effects=row) for row in rows], region.population, ASSUMPTIONS
    )
    result = []
    for indicator in indicators:
        name, definition, note = TEXTS.get(
            indicator.code, (indicator.name, indicator.definition, indicator.note)
        )
        note_text = str(note) % {"size": ASSUMPTIONS.household_size} if note else ""
        result.append(SendaiRow(indicator, str(name), str(definition), note_text))
    return result, len(rows)
