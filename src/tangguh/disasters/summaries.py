"""Read models of the disasters app, its published interface to other apps: the events
themselves (`events`, `event_model`), hazard profiles, the regency ranking, the data quality
report, a region's key figures and the search over events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateField, ExpressionWrapper, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core import textsearch
from tangguh.core.generations import memoised
from tangguh.core.querysets import RegionQuerySet
from tangguh.core.registry import Fact, SearchHit
from tangguh.core.scope import Unindexed
from tangguh.disasters.models import Event
from tangguh.measures.hazard_ranking import (
    HazardEventSummary,
    RankingMethod,
    RegionHazardHistory,
    rank_regions,
)
from tangguh.regions.models import Level, Region


def events() -> RegionQuerySet[Event]:
    """Every recorded disaster event, for other apps to restrict, filter and link to."""
    queryset: RegionQuerySet[Event] = Event.objects.all()  # type: ignore[assignment]
    return queryset


def event_model() -> Any:
    """The event model, for other apps' foreign keys and serializer fields."""
    return Event


def region_facts(user: Any, code: str) -> list[Fact]:
    """Events recorded within a region, as the user may see them: how many, the latest year,
    and the deaths where known."""
    within = Event.objects.restrict(user, "view").within(code)
    return memoised("events", (within, code), lambda: _region_facts(within, code))


def _region_facts(within: RegionQuerySet[Event], code: str) -> list[Fact]:
    figures = within.aggregate(
        n=Count("pk"), deaths=Sum("deaths"), first=Min("start_date"), last=Max("start_date")
    )
    if not figures["n"]:
        return []
    query = urlencode({"region": code})
    period = f"{figures['first']:%Y}–{figures['last']:%Y}"
    return [
        Fact(
            _("Disaster events recorded"),
            figures["n"],
            url=f"{reverse('disasters:event-list')}?{query}",
            note=period,
        ),
        Fact(_("Deaths recorded (where known)"), figures["deaths"]),
        Fact(_("Hazard profile"), period, url=reverse("disasters:profile", args=[code])),
    ]


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Events whose place, description or hazard name contains the text (the hazards named
    are found first in their small table, so the events are read once without a join; the
    few hits are sorted, not the list's index walked row by row)."""
    hazards = HazardType.objects.filter(Q(name_id__icontains=text) | Q(name_en__icontains=text))
    found = (
        Event.objects.restrict(user, "view")
        .filter(
            textsearch.contains(Event, text)
            | Q(hazard_id__in=list(hazards.values_list("key", flat=True)))
        )
        .select_related("hazard", "region")
        .only("start_date", "hazard__name_id", "hazard__name_en", "region__name")
        .order_by(Unindexed(F("start_date")).desc(), Unindexed(F("id")).desc())[:limit]
    )
    return [
        SearchHit(
            f"{event.hazard} · {event.start_date:%Y-%m-%d}",
            event.get_absolute_url(),
            event.region.name,
        )
        for event in found
    ]


HOUSE_FIELDS = ("houses_destroyed", "houses_heavy", "houses_moderate", "houses_light")


def _family_names() -> dict[str, str]:
    return {h.key: h.name for h in HazardType.objects.filter(family__isnull=True)}


def _with_family(events: RegionQuerySet[Event]) -> Any:
    return events.annotate(family=Coalesce(F("hazard__family_id"), F("hazard_id")))


@dataclass
class HazardProfile:
    """Events and effects of one region by hazard family and year."""

    years: list[int]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total_events: Decimal = Decimal(0)


def hazard_profile(events: RegionQuerySet[Event], region: Region) -> HazardProfile:
    """Events (summed event counts) per hazard family and year, with summed known effects;
    computed once per generation of the events (core.generations)."""
    return memoised("events", (events, region.code), lambda: _hazard_profile(events, region))


def _hazard_profile(events: RegionQuerySet[Event], region: Region) -> HazardProfile:
    within = _with_family(events.within(region.code))
    by_year = within.annotate(year=ExtractYear("start_date")).values("family", "year")
    counts = {(r["family"], r["year"]): r["n"] for r in by_year.annotate(n=Sum("event_count"))}
    years = sorted({year for _family, year in counts})
    effects = within.values("family").annotate(
        n_events=Sum("event_count"),
        n_deaths=Sum("deaths"),
        n_missing=Sum("missing"),
        n_affected=Sum("affected"),
        n_heavy=Sum("houses_heavy"),
        n_moderate=Sum("houses_moderate"),
        n_light=Sum("houses_light"),
        unknown_deaths=Count("pk", filter=Q(deaths__isnull=True)),
        unknown_affected=Count("pk", filter=Q(affected__isnull=True)),
    )
    names = _family_names()
    profile = HazardProfile(years=years)
    for row in sorted(effects, key=lambda r: -(r["n_events"] or 0)):
        known = [row[k] for k in ("n_heavy", "n_moderate", "n_light") if row[k] is not None]
        row["houses"] = sum(known) if known else None
        row["name"] = names.get(row["family"], row["family"])
        row["by_year"] = [counts.get((row["family"], year), Decimal(0)) for year in years]
        profile.rows.append(row)
        profile.total_events += row["n_events"] or 0
    return profile


def event_points(events: RegionQuerySet[Event], region: Region) -> list[dict[str, Any]]:
    """Events per place for the map: coordinates when given, else the region's centre; once
    per generation of the events."""
    return memoised("events", (events, region.code), lambda: _event_points(events, region))


def _event_points(events: RegionQuerySet[Event], region: Region) -> list[dict[str, Any]]:
    within = events.within(region.code)
    placed = within.exclude(latitude__isnull=True).exclude(longitude__isnull=True)
    points = [
        {"lat": lat, "lng": lng, "count": 1, "label": str(code)}
        for lat, lng, code in placed.values_list("latitude", "longitude", "region_id")[:2000]
    ]
    unplaced = within.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
    per_region = unplaced.values(
        "region_id", "region__name", "region__latitude", "region__longitude"
    )
    for row in per_region.annotate(n=Count("pk")):
        if row["region__latitude"] is not None:
            points.append(
                {
                    "lat": row["region__latitude"],
                    "lng": row["region__longitude"],
                    "count": row["n"],
                    "label": f"{row['region__name']} ({row['region_id']})",
                }
            )
    return points


def ranking(
    events: RegionQuerySet[Event], regencies: list[Region], first: int, last: int
) -> list[Any]:
    """The diversity-and-intensity ranking of the given regencies (measures.hazard_ranking),
    once per generation of the events."""
    codes_ = [r.code for r in regencies]
    return memoised(
        "events", (events, codes_, first, last), lambda: _ranking(events, regencies, first, last)
    )


def _ranking(
    events: RegionQuerySet[Event], regencies: list[Region], first: int, last: int
) -> list[Any]:
    rows = (
        _with_family(events.filter(start_date__year__gte=first, start_date__year__lte=last))
        .annotate(year=ExtractYear("start_date"))
        .values_list(
            "region_id",
            "family",
            "year",
            "event_count",
            "deaths",
            "missing",
            "affected",
            *HOUSE_FIELDS,
        )
    )
    per_regency: dict[str, list[HazardEventSummary]] = defaultdict(list)
    for code, family, year, count, deaths, missing, affected, *houses in rows:
        known_houses = [h for h in houses if h is not None]
        per_regency[code[:5]].append(
            HazardEventSummary(
                hazard_family=family,
                year=year,
                event_count=count,
                deaths_and_missing=None
                if deaths is None and missing is None
                else (deaths or 0) + (missing or 0),
                affected=affected,
                houses_damaged=sum(known_houses) if known_houses else None,
            )
        )
    histories = [
        RegionHazardHistory(
            region_code=r.code,
            name=r.name,
            population=r.population,
            events=tuple(per_regency[r.code]),
        )
        for r in regencies
    ]
    return rank_regions(histories, first, last, RankingMethod())


def regencies_in(scope_codes: list[str] | None) -> list[Region]:
    """Active regencies/cities (of NTT, or those the user's scope covers)."""
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True).defer("boundary", "bbox")
    if scope_codes is not None:
        regencies = regencies.filter(code__in=scope_codes)
    return list(regencies.order_by("code"))


LATE_AFTER = dt.timedelta(days=30)
OUTLIER_DEATHS = 50
OUTLIER_AFFECTED = 50_000


def quality(events: RegionQuerySet[Event], regencies: list[Region]) -> list[dict[str, Any]]:
    """Data quality figures of each regency's events, counted in one grouped query, once per
    generation of the events."""
    found = memoised("events", (events,), lambda: _quality(events))
    empty = dict.fromkeys(QUALITY_KEYS, 0)
    return [{**found.get(r.code, empty), "region": r} for r in regencies]


def _quality(events: RegionQuerySet[Event]) -> dict[str, dict[str, int]]:
    all_unknown = Q(**{f"{name}__isnull": True for name in Event.effect_fields})
    all_zero = Q(**dict.fromkeys(("deaths", "missing", "injured", "affected", "displaced"), 0))
    # Entered more than LATE_AFTER after the event began (the day of entry in local time).
    late = Q(
        created_at__date__gt=ExpressionWrapper(
            F("start_date") + LATE_AFTER, output_field=DateField()
        )
    )
    grouped = (
        events.annotate(regency=Substr("region_id", 1, 5))
        .values("regency")
        .annotate(
            events=Count("pk"),
            no_effects=Count("pk", filter=all_unknown),
            zeros=Count("pk", filter=all_zero),
            unknown_deaths=Count("pk", filter=Q(deaths__isnull=True)),
            unverified=Count("pk", filter=Q(verification=Event.Status.UNVERIFIED)),
            late=Count("pk", filter=late),
            duplicates=Count("pk", filter=Q(possible_duplicate_of__isnull=False)),
            outliers=Count(
                "pk", filter=Q(deaths__gt=OUTLIER_DEATHS) | Q(affected__gt=OUTLIER_AFFECTED)
            ),
        )
        .order_by()
    )
    return {row.pop("regency"): row for row in grouped}


QUALITY_KEYS = (
    "events",
    "no_effects",
    "zeros",
    "unknown_deaths",
    "unverified",
    "late",
    "duplicates",
    "outliers",
)


def template_columns() -> tuple[str, ...]:
    """The columns of tangguh's event template, in order (for forms that collect events)."""
    from tangguh.disasters.formats.template import TEMPLATE_COLUMNS

    return TEMPLATE_COLUMNS


def effect_fields() -> dict[str, tuple[str, str]]:
    """The effects an event records: name → (count or decimal, unit)."""
    from tangguh.disasters.records import EFFECTS

    return dict(EFFECTS)
