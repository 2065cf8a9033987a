"""Sendai Framework indicators for a region and year from the event database (measures.sendai).

Rates use the population of the year: the BPS-based estimates shipped in
`regions/data/ntt/penduduk_perkiraan_ntt_2015_2025.csv` (the nearest year's when the year has
none, and the page says so), else the region's population on record.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tangguh.core.generations import memoised
from tangguh.core.querysets import RegionQuerySet
from tangguh.disasters.models import Event
from tangguh.measures.population import PopulationUsed, population_for
from tangguh.measures.sendai import EventEffects, Indicator, SendaiAssumptions, sendai_indicators
from tangguh.regions.models import Region

ASSUMPTIONS = SendaiAssumptions()
POPULATION_FILE = "penduduk_perkiraan_ntt_2015_2025.csv"

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
            "B-2 + B-3 + B-4 + B-5, as UNDRR's DesInventar–Sendai computation adds them. Affected "
            "(menderita) and displaced (mengungsi) people are not added, because they count many "
            "of the same people again; they are shown below as national lines."
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
        _(
            "Moderately and lightly damaged houses (or damaged houses of unknown grade) × "
            "%(size)s people per household."
        ),
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
        _(
            "The number of people when it is given; otherwise hectares of rice fields, "
            "plantations and other land damaged × %(workers)s worker(s) per hectare. DIBI's "
            "current table records no hectares."
        ),
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
    "menderita": (
        _("Affected (menderita)"),
        _("People recorded as affected by disasters in BNPB's data, per 100,000 population."),
        _("Indonesia's own count; not a Sendai indicator and not part of B-1."),
    ),
    "mengungsi": (
        _("Displaced (mengungsi)"),
        _("People recorded as displaced by disasters in BNPB's data, per 100,000 population."),
        _("Indonesia's own count; not a Sendai indicator and not part of B-1."),
    ),
}

# Each assumption in the user's language: (label, where its value comes from).
ASSUMPTION_TEXTS: dict[str, tuple[Any, Any]] = {
    "household_size": (
        _("People per household"),
        _(
            "UNDRR's DesInventar–Sendai computation: dwellings × inhabitants per household, 4 "
            "when the country gives none. Replace it with BPS population ÷ households for NTT "
            "when known."
        ),
    ),
    "workers_per_hectare": (
        _("Workers per hectare of damaged crops"),
        _(
            "UNDRR's DesInventar–Sendai computation: people whose livelihoods were disrupted, "
            "else hectares of crops × workers per hectare, 1 when the country gives none."
        ),
    ),
    "livelihood_hectares": (
        _("Land counted for livelihoods"),
        _("Rice fields, plantations and other land: DesInventar's hectares of crops and woods."),
    ),
    "heavy_damage_counts_as_destroyed": (
        _("Heavily damaged houses count as destroyed"),
        _("tangguh's choice: DIBI has no 'destroyed' grade; rusak berat is the nearest."),
    ),
    "flooded_counts_as_damaged": (
        _("Flooded houses count as damaged"),
        _("tangguh's choice: a flooded house (terendam) is not a damaged dwelling."),
    ),
    "rice_field_value_per_ha": (_("Rupiah per hectare of rice field"), _("Not set.")),
    "plantation_value_per_ha": (_("Rupiah per hectare of plantation"), _("Not set.")),
    "destroyed_house_value": (_("Rupiah per destroyed house"), _("Not set.")),
    "damaged_house_value": (_("Rupiah per damaged house"), _("Not set.")),
}


@cache
def population_estimates() -> dict[str, dict[int, int]]:
    """The shipped BPS-based population estimates: region code → year → people."""
    text = (resources.files("tangguh.regions") / "data" / "ntt" / POPULATION_FILE).read_text(
        "utf-8"
    )
    table: dict[str, dict[int, int]] = {}
    for row in csv.DictReader(text.splitlines()):
        by_year = table.setdefault(row["kode_kemendagri"], {})
        by_year[int(row["tahun"])] = int(row["penduduk_perkiraan"])
    return table


def population_of(region: Region, year: int) -> PopulationUsed:
    """The population to divide `region`'s figures of `year` by, and where it comes from."""
    estimates = population_estimates().get(region.code)
    if estimates:
        source = gettext("BPS estimate: number of poor ÷ poverty rate (Susenas, March)")
        return population_for(year, estimates, source)
    if region.population:
        # The population on record has no year attached (the shipped one is December 2024).
        return PopulationUsed(region.population, None, year, gettext("population on record"))
    return PopulationUsed(None, None, year, "")


@dataclass(frozen=True)
class SendaiRow:
    """An indicator with its texts in the user's language and the population of its rate."""

    indicator: Indicator
    name: str
    definition: str
    note: str
    population: PopulationUsed

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data for the API."""
        i = self.indicator
        return {
            "code": i.code,
            "scheme": i.scheme,
            "name": self.name,
            "definition": self.definition,
            "unit": i.unit,
            "value": None if i.value is None else str(i.value),
            "per_100k": None if i.per_100k is None else str(i.per_100k),
            "population": self.population.value,
            "population_year": self.population.year,
            "population_source": self.population.source,
            "events_counted": i.events_counted,
            "events_unknown": i.events_unknown,
            "events_partial": i.events_partial,
            "events_not_recorded": i.events_not_held,
            "note": self.note,
            "assumptions_version": i.assumptions_version,
        }


class SendaiRows(list[SendaiRow]):
    """The rows of a region and year, with the population used and the assumptions in words."""

    def __init__(self, rows: list[SendaiRow], population: PopulationUsed) -> None:
        """Rows and the population their rates use."""
        super().__init__(rows)
        self.population = population

    @property
    def sendai(self) -> list[SendaiRow]:
        """The Sendai indicators."""
        return [row for row in self if row.indicator.scheme == "sendai"]

    @property
    def national(self) -> list[SendaiRow]:
        """Indonesia's own lines (menderita, mengungsi)."""
        return [row for row in self if row.indicator.scheme != "sendai"]

    @property
    def assumptions(self) -> list[tuple[str, Any, str]]:
        """Each assumption as (label, value, source) in the user's language."""
        return [
            (
                str(ASSUMPTION_TEXTS[name][0]),
                ", ".join(value) if isinstance(value, tuple) else value,
                str(ASSUMPTION_TEXTS[name][1]),
            )
            for name, value, _source in ASSUMPTIONS.sources()
        ]


def sendai_for(
    region: Region, year: int, events: RegionQuerySet[Event] | None = None
) -> tuple[SendaiRows, int]:
    """The indicators of the events within `region` that started in `year`, and how many events.

    `events` is the queryset to draw from (already restricted to what the user may see). Kept
    per generation of the events (core.generations)."""
    queryset = (events if events is not None else Event.objects.get_queryset()).within(region.code)
    return memoised(
        "events", (queryset, region.code, year), lambda: _sendai(region, year, queryset)
    )


def _sendai(region: Region, year: int, queryset: RegionQuerySet[Event]) -> tuple[SendaiRows, int]:
    rows = list(queryset.for_year(year).values(*Event.effect_fields, "origin"))
    population = population_of(region, year)
    effects = [
        EventEffects({k: v for k, v in row.items() if k != "origin"}, row["origin"]) for row in rows
    ]
    indicators = sendai_indicators(effects, population.value, ASSUMPTIONS)
    values = {"size": ASSUMPTIONS.household_size, "workers": ASSUMPTIONS.workers_per_hectare}
    result = []
    for indicator in indicators:
        name, definition, note = TEXTS.get(
            indicator.code, (indicator.name, indicator.definition, indicator.note)
        )
        note_text = str(note) % values if note else ""
        result.append(SendaiRow(indicator, str(name), str(definition), note_text, population))
    return SendaiRows(result, population), len(rows)
