"""Province roll-ups: the IKD of the regencies and cities (table, map features, trend) and
Destana coverage per regency (villages assessed, level distribution, high-risk villages not
Destana), within what the user may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet

from tangguh.regions.models import Level, Region
from tangguh.resilience.models import Assessment, Instrument
from tangguh.risk.summaries import high_risk_villages

CLASS_COLOURS = {"rendah": "#d7301f", "sedang": "#fdae61", "tinggi": "#1a9850"}
NO_DATA = "#d9d9d9"
DESTANA_LEVELS = ("utama", "madya", "pratama", "belum")


@dataclass
class IkdRow:
    """One regency's IKD in a year and the year before."""

    region: Region
    current: Assessment | None
    previous: Assessment | None

    @property
    def delta(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        if self.current.score is None or self.previous.score is None:
            return None
        return self.current.score - self.previous.score


def ikd_years(visible: QuerySet[Assessment]) -> list[int]:
    """The years with IKD assessments, latest first."""
    years = visible.filter(instrument__family=Instrument.Family.IKD).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def ikd_table(visible: QuerySet[Assessment], year: int) -> list[IkdRow]:
    """Every active regency/city with its IKD of `year` and of the year before (by region)."""
    found = {
        (a.region_id, a.year): a
        for a in visible.filter(
            instrument__family=Instrument.Family.IKD, year__in=(year, year - 1)
        ).select_related("instrument")
    }
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True).defer("boundary", "bbox")
    return [
        IkdRow(r, found.get((r.code, year)), found.get((r.code, year - 1)))
        for r in regencies.order_by("code")
    ]


def ikd_features(rows: list[IkdRow], no_data: str) -> list[dict[str, Any]]:
    """GeoJSON features of the regencies coloured by their IKD class."""
    boundaries = dict(
        Region.objects.filter(code__in=[r.region.code for r in rows]).values_list(
            "code", "boundary"
        )
    )
    features = []
    for row in rows:
        geometry = boundaries.get(row.region.code)
        if not geometry:
            continue
        klass = row.current.klass if row.current else ""
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": row.region.code,
                    "name": row.region.name,
                    "class": klass or "",
                    "label": klass or no_data,
                    "score": None
                    if row.current is None or row.current.score is None
                    else float(row.current.score),
                    "colour": CLASS_COLOURS.get(klass, NO_DATA),
                    "url": row.current.get_absolute_url() if row.current else "",
                },
            }
        )
    return features


def ikd_trend(visible: QuerySet[Assessment], mean_label: str, count_label: str) -> dict[str, Any]:
    """Mean IKD of the visible regencies per year, and how many were assessed."""
    per_year = (
        visible.filter(instrument__family=Instrument.Family.IKD, score__isnull=False)
        .values("year")
        .annotate(mean=Avg("score"), n=Count("id"))
        .order_by("year")
    )
    rows = list(per_year)
    return {
        "labels": [r["year"] for r in rows],
        "datasets": [
            {
                "label": mean_label,
                "data": [round(float(r["mean"]), 4) for r in rows],
                "kind": "line",
                "axis": "score",
            },
            {"label": count_label, "data": [r["n"] for r in rows], "kind": "bar", "axis": "count"},
        ],
    }


@dataclass
class CoverageRow:
    """Destana in one regency: villages, assessed, levels, high-risk villages not Destana."""

    region: Region
    villages: int
    assessed: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    not_destana_high_risk: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return round(100 * self.assessed / self.villages, 1) if self.villages else None

    @property
    def level_counts(self) -> list[int]:
        return [self.levels.get(level, 0) for level in DESTANA_LEVELS]


def destana_coverage(
    user: Any, scope: Any, visible: QuerySet[Assessment], year: int | None
) -> list[CoverageRow]:
    """Per visible regency: its villages, those with a Destana assessment (the latest of each
    village up to `year`), their levels, and villages at high risk of some hazard (risk data)
    without a Destana level of pratama or above."""
    destana = visible.filter(instrument__family=Instrument.Family.DESTANA)
    if year is not None:
        destana = destana.filter(year__lte=year)
    latest: dict[str, Assessment] = {}
    for a in destana.order_by("region_id", "-year", "-id").only("region_id", "klass", "year"):
        latest.setdefault(a.region_id, a)
    counts = dict(
        Region.objects.filter(level=Level.VILLAGE, is_active=True)
        .values("parent__parent_id")
        .annotate(n=Count("code"))
        .values_list("parent__parent_id", "n")
    )
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True).defer("boundary", "bbox")
    shown = [r for r in regencies.order_by("code") if scope.overlaps(r.code)]
    # High-risk villages once per province (kept per generation of the risk data), not per regency.
    risky_all: dict[str, list[str]] = {}
    for province in sorted({r.parent_id for r in shown if r.parent_id}):
        risky_all.update(high_risk_villages(user, province))
    names = dict(Region.objects.filter(code__in=list(risky_all)).values_list("code", "name"))
    rows = []
    for regency in shown:
        prefix = regency.code + "."
        mine = {c: a for c, a in latest.items() if c.startswith(prefix)}
        row = CoverageRow(regency, counts.get(regency.code, 0), len(mine))
        row.levels.update(a.klass or "belum" for a in mine.values())
        row.not_destana_high_risk = [
            (code, names.get(code, code), hazards)
            for code, hazards in sorted(risky_all.items())
            if code.startswith(prefix) and (code not in mine or mine[code].klass in ("", "belum"))
        ]
        rows.append(row)
    return rows
