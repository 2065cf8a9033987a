"""Read models of the preparedness app: the preparedness of a regency/city in a year (for each
hazard, a contingency plan in force and its last exercise; the village teams with their last
training and activation), a region's key figures and the search over plans and teams."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.generations import memoised
from tangguh.core.querysets import RegionQuerySet
from tangguh.core.registry import Fact, SearchHit
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Exercise,
    PreparednessTeam,
    Training,
)
from tangguh.regions.models import Level, Region


@dataclass
class HazardRow:
    """One hazard: the plans in force, the latest plan otherwise, and the last exercise."""

    hazard: HazardType
    in_force: list[ContingencyPlan] = field(default_factory=list)
    latest: ContingencyPlan | None = None
    last_exercise: Exercise | None = None


@dataclass
class TeamRow:
    """One team with its last training and activation up to the year."""

    team: PreparednessTeam
    last_training: Training | None = None
    last_activation: Activation | None = None


@dataclass
class Overview:
    """What the overview page shows."""

    region: Region
    year: int
    hazards: list[HazardRow]
    teams: list[TeamRow]
    villages: int

    @property
    def hazards_with_plan(self) -> int:
        """Hazards with a plan in force."""
        return sum(1 for row in self.hazards if row.in_force)

    @property
    def villages_with_team(self) -> int:
        """Villages where at least one (visible) team exists."""
        return len({row.team.region_id for row in self.teams})


def _latest_by(items: Iterable[Any], key: str) -> dict[Any, Any]:
    """The first item per value of `key` (items come newest first)."""
    found: dict[Any, Any] = {}
    for item in items:
        found.setdefault(getattr(item, key), item)
    return found


def _hazard_rows(plans: list[ContingencyPlan], year: int) -> list[HazardRow]:
    exercises = Exercise.objects.filter(
        plan__in=[p.pk for p in plans], date__year__lte=year
    ).order_by("-date", "-id")
    last_by_plan = _latest_by(exercises, "plan_id")
    hazards = list(HazardType.objects.filter(family__isnull=True, perka_2_2012=True))
    hazards += [p.hazard for p in plans if p.hazard not in hazards]
    rows = []
    for hazard in dict.fromkeys(hazards):
        own = [p for p in plans if p.hazard_id == hazard.pk]
        row = HazardRow(hazard=hazard, in_force=[p for p in own if p.in_force(year)])
        if not row.in_force and own:
            row.latest = max(own, key=lambda p: (p.year, p.pk))
        tested = [last_by_plan[p.pk] for p in (row.in_force or own) if p.pk in last_by_plan]
        row.last_exercise = max(tested, key=lambda e: (e.date, e.pk)) if tested else None
        rows.append(row)
    return rows


def _team_rows(teams: list[PreparednessTeam], year: int) -> list[TeamRow]:
    ids = [t.pk for t in teams]
    trainings = _latest_by(
        Training.objects.filter(team__in=ids, date__year__lte=year).order_by("-date", "-id"),
        "team_id",
    )
    activations = _latest_by(
        Activation.objects.filter(team__in=ids, date__year__lte=year)
        .select_related("hazard")
        .order_by("-date", "-id"),
        "team_id",
    )
    return [
        TeamRow(team=t, last_training=trainings.get(t.pk), last_activation=activations.get(t.pk))
        for t in teams
    ]


def regency_overview(
    region: Region,
    year: int,
    plans: RegionQuerySet[ContingencyPlan],
    teams: RegionQuerySet[PreparednessTeam],
) -> Overview:
    """The overview of a regency/city from the plans and teams given (those the user may see)."""
    visible_plans = list(plans.within(region.code).select_related("hazard", "region"))
    visible_teams = list(
        teams.within(region.code)
        .for_year(year)
        .select_related("region")
        .order_by("region_id", "name")
    )
    villages = Region.objects.filter(
        level=Level.VILLAGE, code__startswith=region.code + ".", is_active=True
    ).count()
    return Overview(
        region=region,
        year=year,
        hazards=_hazard_rows(visible_plans, year),
        teams=_team_rows(visible_teams, year),
        villages=villages,
    )


def region_facts(user: Any, code: str) -> list[Fact]:
    """Plans in force this year and preparedness teams within a region, as the user may see."""
    year = timezone.localdate().year
    plans = ContingencyPlan.objects.restrict(user, "view").within(code)
    teams = PreparednessTeam.objects.restrict(user, "view").within(code)
    return memoised(
        "preparedness", (plans, teams, code, year), lambda: _facts(plans, teams, code, year)
    )


def _facts(
    plans: QuerySet[ContingencyPlan], teams: QuerySet[PreparednessTeam], code: str, year: int
) -> list[Fact]:
    plan_count, team_count = plans.count(), teams.count()
    if not plan_count and not team_count:
        return []
    query = urlencode({"region": code})
    return [
        Fact(
            _("Contingency plans in force in %(year)d") % {"year": year},
            plans.filter(ContingencyPlan.in_force_q(year)).count(),
            url=f"{reverse('preparedness:plan-list')}?{query}&year={year}&in_force=true",
        ),
        Fact(_("Contingency plans recorded"), plan_count),
        Fact(
            _("Preparedness teams"),
            team_count,
            url=f"{reverse('preparedness:team-list')}?{query}",
        ),
    ]


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Plans whose title and teams whose name contain the text."""
    plans = ContingencyPlan.objects.restrict(user, "view").filter(title__icontains=text)
    teams = PreparednessTeam.objects.restrict(user, "view").filter(name__icontains=text)
    hits = [
        SearchHit(p.title, p.get_absolute_url(), f"{p.region.name} · {p.year}")
        for p in plans.select_related("region").only("title", "year", "region__name")[:limit]
    ]
    hits += [
        SearchHit(t.name, t.get_absolute_url(), t.region.name)
        for t in teams.select_related("region").only("name", "region__name")[
            : max(limit - len(hits), 0)
        ]
    ]
    return hits
