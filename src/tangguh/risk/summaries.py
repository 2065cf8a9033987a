"""Read models of the risk pages: the latest profile per village and hazard, class counts per
hazard for a regency, and the village map's features."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse

from tangguh.regions.models import Level, Region
from tangguh.risk.choices import NO_DATA_COLOUR, RISK_COLOURS, RiskLevel
from tangguh.risk.models import RiskProfile


def latest_profiles(profiles: QuerySet[RiskProfile]) -> dict[tuple[str, str], RiskProfile]:
    """One profile per (region, hazard): the latest year (a known year before an unknown one),
    the current method version first, then the latest entered."""
    ordered = profiles.select_related("hazard", "method").order_by(
        F("year").desc(nulls_last=True), "-method__is_current", "-updated_at", "-pk"
    )
    found: dict[tuple[str, str], RiskProfile] = {}
    for profile in ordered:
        found.setdefault((profile.region_id, profile.hazard_id), profile)
    return found


@dataclass
class HazardRow:
    """Villages per risk class for one hazard."""

    hazard: Any
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RiskLevel.values, 0))
    villages: int = 0

    @property
    def assessed(self) -> int:
        """Villages with a profile for this hazard."""
        return sum(self.counts.values())

    @property
    def missing(self) -> int:
        """Villages without a profile for this hazard."""
        return max(0, self.villages - self.assessed)

    def cells(self) -> list[tuple[str, str, int]]:
        """(class code, label, count) from low to high, for the table."""
        return [(level.value, str(level.label), self.counts[level.value]) for level in RiskLevel]


def villages_within(region: Region) -> QuerySet[Region]:
    """The active villages in a region's subtree."""
    return Region.objects.within(region.code).filter(level=Level.VILLAGE, is_active=True)


def regency_summary(
    region: Region, visible: QuerySet[RiskProfile], year: int | None = None
) -> list[HazardRow]:
    """For each hazard with village profiles in the region: villages per risk class."""
    profiles = visible.within(region.code).filter(region__level=Level.VILLAGE)  # type: ignore[attr-defined]
    if year is not None:
        profiles = profiles.filter(year=year)
    villages = villages_within(region).count()
    rows: dict[str, HazardRow] = {}
    for profile in latest_profiles(profiles).values():
        row = rows.get(profile.hazard_id)
        if row is None:
            row = rows[profile.hazard_id] = HazardRow(hazard=profile.hazard, villages=villages)
        row.counts[profile.risk_class] += 1
    return sorted(rows.values(), key=lambda r: (r.hazard.sort_order, r.hazard.key))


def chart_data(rows: list[HazardRow], no_profile_label: str) -> dict[str, Any]:
    """The stacked bar chart's data: hazards as bars, villages per class as stacks."""
    datasets = [
        {
            "key": level.value,
            "label": str(level.label),
            "colour": RISK_COLOURS[level],
            "data": [row.counts[level.value] for row in rows],
        }
        for level in RiskLevel
    ]
    datasets.append(
        {
            "key": "none",
            "label": no_profile_label,
            "colour": NO_DATA_COLOUR,
            "data": [row.missing for row in rows],
        }
    )
    return {"labels": [str(row.hazard.name) for row in rows], "datasets": datasets}


def map_features(
    region: Region,
    hazard_key: str,
    visible: QuerySet[RiskProfile],
    year: int | None,
    no_profile_label: str,
) -> list[dict[str, Any]]:
    """GeoJSON features of the region's outline and its villages, coloured by risk class."""
    profiles = visible.within(region.code).filter(  # type: ignore[attr-defined]
        region__level=Level.VILLAGE, hazard_id=hazard_key
    )
    if year is not None:
        profiles = profiles.filter(year=year)
    latest = {code: p for (code, _hazard), p in latest_profiles(profiles).items()}
    features: list[dict[str, Any]] = []
    if region.boundary:
        features.append(
            {
                "type": "Feature",
                "geometry": region.boundary,
                "properties": {"code": region.code, "name": region.name, "role": "outline"},
            }
        )
    villages = villages_within(region).filter(boundary__isnull=False).select_related("parent")
    for village in villages.only("code", "name", "boundary", "parent__name"):
        profile = latest.get(village.code)
        level = RiskLevel(profile.risk_class) if profile else None
        features.append(
            {
                "type": "Feature",
                "geometry": village.boundary,
                "properties": {
                    "code": village.code,
                    "name": village.name,
                    "district": village.parent.name if village.parent else "",
                    "role": "village",
                    "risk_class": level.value if level else "",
                    "risk_label": str(level.label) if level else no_profile_label,
                    "colour": RISK_COLOURS[level] if level else NO_DATA_COLOUR,
                    "year": profile.year if profile else None,
                    "url": reverse("risk:region", args=[village.code]),
                },
            }
        )
    return features
