"""Maps of the poverty pages: villages of a regency/city coloured by the registry's P0, or the
province's regencies coloured by BPS's latest P0 (GeoJSON from the regions' own boundaries; no
tile server needed)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.poverty import summaries
from tangguh.poverty.models import Household
from tangguh.regions.models import Indicator, Level, Region

# P0 classes in percent, with a sequential palette (ColorBrewer OrRd, 5 classes).
CLASSES = [
    (0.0, 5.0, "#fef0d9"),
    (5.0, 10.0, "#fdcc8a"),
    (10.0, 20.0, "#fc8d59"),
    (20.0, 30.0, "#e34a33"),
    (30.0, 100.01, "#b30000"),
]
NO_DATA = "#d9d9d9"


def colour(p0_percent: float | None) -> str:
    if p0_percent is None:
        return NO_DATA
    for low, high, shade in CLASSES:
        if low <= p0_percent < high:
            return shade
    return CLASSES[-1][2]


def legend() -> list[dict[str, str]]:
    items = [
        {"colour": shade, "label": f"{low:g}–{min(high, 100):g} %"} for low, high, shade in CLASSES
    ]
    return [*items, {"colour": NO_DATA, "label": _("no data")}]


def _outline(region: Region) -> list[dict[str, Any]]:
    if not region.boundary:
        return []
    properties = {"code": region.code, "name": region.name, "role": "outline"}
    return [{"type": "Feature", "geometry": region.boundary, "properties": properties}]


def regency_table(regencies: list[Region]) -> list[dict[str, Any]]:
    """Each regency/city's latest BPS P0 and line, and its change since 2015."""
    rows = []
    for regency in regencies:
        series = summaries.bps_series(regency.code)
        p0 = [
            (y, v[Indicator.POVERTY_RATE]) for y, v in series.items() if Indicator.POVERTY_RATE in v
        ]
        lines = [
            (y, v[Indicator.POVERTY_LINE]) for y, v in series.items() if Indicator.POVERTY_LINE in v
        ]
        base = dict(p0).get(2015)
        rows.append(
            {
                "region": regency,
                "year": p0[-1][0] if p0 else None,
                "p0": p0[-1][1] if p0 else None,
                "line": lines[-1][1] if lines else None,
                "change": (p0[-1][1] - base) if p0 and base is not None else None,
            }
        )
    return rows


def regency_features(province: Region) -> list[dict[str, Any]]:
    """The province's regencies coloured by BPS's latest P0."""
    features = _outline(province)
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True, parent=province)
    table = {r["region"].code: r for r in regency_table(list(regencies.defer("boundary")))}
    for regency in regencies.filter(boundary__isnull=False).only("code", "name", "boundary"):
        row = table.get(regency.code, {})
        p0 = float(row["p0"]) if row.get("p0") is not None else None
        features.append(
            {
                "type": "Feature",
                "geometry": regency.boundary,
                "properties": {
                    "code": regency.code,
                    "name": regency.name,
                    "role": "area",
                    "p0": p0,
                    "year": row.get("year"),
                    "label": _("P0 %(p0).2f %% (BPS, %(year)s)") % {"p0": p0, "year": row["year"]}
                    if p0 is not None
                    else _("not published"),
                    "colour": colour(p0),
                    "url": reverse("poverty:dashboard") + f"?region={regency.code}",
                },
            }
        )
    return features


def village_features(
    request: HttpRequest, regency: Region, visible: QuerySet[Household], year: int | None
) -> list[dict[str, Any]]:
    """A regency's villages coloured by the registry's P0 at BPS's line of the year."""
    features = _outline(regency)
    years = summaries.registry_years(visible, regency.code)
    year = year if year in years else (years[0] if years else None)
    line = summaries.line_for(regency.code, year) if year else None
    rows = (
        {r.code: r for r in summaries.village_measures(visible, regency.code, year, line, None)}
        if year and line
        else {}
    )
    villages = Region.objects.filter(level=Level.VILLAGE, boundary__isnull=False).within(
        regency.code
    )
    url = reverse("poverty:household-list")
    for village in villages.select_related("parent").only(
        "code", "name", "boundary", "parent__name"
    ):
        row = rows.get(village.code)
        p0 = row.p0 * 100 if row else None
        features.append(
            {
                "type": "Feature",
                "geometry": village.boundary,
                "properties": {
                    "code": village.code,
                    "name": village.name,
                    "district": village.parent.name if village.parent else "",
                    "role": "area",
                    "p0": p0,
                    "year": year,
                    "label": _("P0 %(p0).1f %% of %(persons)s persons (registry %(year)s)")
                    % {"p0": p0, "persons": f"{row.persons:,.0f}", "year": year}
                    if row and p0 is not None
                    else _("no registry households"),
                    "colour": colour(p0),
                    "url": f"{url}?region={village.code}&year={year or ''}",
                },
            }
        )
    return features
