"""Pages for contingency plans and preparedness teams: lists with filters and CSV downloads,
records with their items, forms, and the regency overview."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for
from tangguh.core.exporting import csv_response
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.preparedness.exporting import PLAN_COLUMNS, TEAM_COLUMNS, plan_rows, team_rows
from tangguh.preparedness.filters import PlanFilter, TeamFilter
from tangguh.preparedness.forms import (
    ActivationForm,
    EquipmentForm,
    ExerciseForm,
    TrainingForm,
)
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)
from tangguh.preparedness.summaries import regency_overview
from tangguh.regions.models import Level, Region


@login_required
def plan_list(request: HttpRequest) -> HttpResponseBase:
    """Contingency plans in the user's regions, filtered; a CSV download."""
    queryset = ContingencyPlan.objects.restrict(request.user, "view").select_related(
        "hazard", "region"
    )
    plans = PlanFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        return csv_response("contingency-plans.csv", PLAN_COLUMNS, plan_rows(plans.qs))
    page = page_of(request, plans.qs)
    context = {
        "filter": plans,
        "page": page,
        "year": timezone.localdate().year,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "preparedness/plan_list.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan with its agencies, scenario, exercises (added and edited in place) and history."""
    plan: ContingencyPlan = record_for(request, ContingencyPlan, pk, "view")
    can_change = user_scope(request.user, "change").covers(plan.region_id)
    year = timezone.localdate().year
    context = {
        "plan": plan,
        "in_force": plan.in_force(year),
        "year": year,
        "agencies": plan.agencies.select_related("region"),
        "exercises": plan.exercises.all(),
        "can_change": can_change,
        "exercise_form": ExerciseForm(instance=Exercise(plan=plan)) if can_change else None,
    }
    return render(request, "preparedness/plan_detail.html", context)


@login_required
def team_list(request: HttpRequest) -> HttpResponseBase:
    """Preparedness teams in the user's regions, filtered; a CSV download."""
    queryset = PreparednessTeam.objects.restrict(request.user, "view").select_related(
        "region", "region__parent"
    )
    teams = TeamFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        return csv_response("preparedness-teams.csv", TEAM_COLUMNS, team_rows(teams.qs))
    page = page_of(request, teams.qs)
    context = {
        "filter": teams,
        "page": page,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "preparedness/team_list.html", context)


def _blank_forms(team: PreparednessTeam, user: Any) -> dict[str, ModelForm]:
    # Three forms on one page: distinct ids keep each label tied to its own field.
    return {
        "training_form": TrainingForm(instance=Training(team=team), auto_id="training-%s"),
        "equipment_form": EquipmentForm(instance=Equipment(team=team), auto_id="equipment-%s"),
        "activation_form": ActivationForm(
            instance=Activation(team=team), user=user, auto_id="activation-%s"
        ),
    }


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One team with its members, trainings, equipment, activations and history."""
    team: PreparednessTeam = record_for(request, PreparednessTeam, pk, "view")
    can_change = user_scope(request.user, "change").covers(team.region_id)
    visible_events = user_scope(request.user, "view")
    context: dict[str, Any] = {
        "team": team,
        "district": team.region.parent,
        "members": [
            (_("Women"), team.members_women),
            (_("Men"), team.members_men),
            (_("In all"), team.members_total),
            (_("With disabilities"), team.members_with_disability),
        ],
        "trainings": team.trainings.all(),
        "equipment": team.equipment.all(),
        "activations": [
            (a, a.event is not None and visible_events.covers(a.event.region_id))
            for a in team.activations.select_related("hazard", "event", "event__hazard")
        ],
        "can_change": can_change,
    }
    if can_change:
        context.update(_blank_forms(team, request.user))
    return render(request, "preparedness/team_detail.html", context)


def _overview_region(request: HttpRequest) -> Region | None:
    """The regency asked for (or holding the region asked for), else the user's own regency."""
    code = query_text(request, "region")
    if not code:
        membership = request.user.memberships.order_by("region_id").first()  # type: ignore[union-attr]
        if membership is None or "." not in membership.region_id:
            return None
        code = membership.region_id
    region = region_or_404(code)
    if region.level == Level.PROVINCE:
        return None
    if region.level > Level.REGENCY:
        region = region_or_404(".".join(region.code.split(".")[:2]))
    return region


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """For a regency/city and year: plans in force per hazard and their last exercise; teams per
    village with their last training and activation. Without a regency, a list to choose from."""
    raw_year = query_text(request, "year")
    year = int(raw_year) if is_number(raw_year) and 1900 <= int(raw_year) <= 2200 else None
    year = year or timezone.localdate().year
    region = _overview_region(request)
    scope = user_scope(request.user, "view")
    if region is None:
        regencies = [
            r
            for r in Region.objects.filter(level=Level.REGENCY, is_active=True).defer(
                "boundary", "bbox"
            )
            if scope.overlaps(r.code)
        ]
        context = {"regencies": regencies, "year": year}
        return render(request, "preparedness/overview_choose.html", context)
    if not scope.overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    data = regency_overview(
        region,
        year,
        ContingencyPlan.objects.restrict(request.user, "view"),
        PreparednessTeam.objects.restrict(request.user, "view"),
    )
    return render(request, "preparedness/overview.html", {"overview": data, "year": year})
