"""CSV exports of contingency plans and preparedness teams (an empty cell means unknown)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from tangguh.core.exporting import write_csv
from tangguh.preparedness.models import ContingencyPlan, PreparednessTeam

PLAN_COLUMNS = [
    "id",
    "region_code",
    "region_name",
    "hazard",
    "hazard_name",
    "title",
    "year",
    "status",
    "legal_basis",
    "legalised_on",
    "valid_from",
    "valid_until",
    "in_force_this_year",
    "agencies",
    "exercises",
    "last_exercise",
    "scenario",
]
TEAM_COLUMNS = [
    "id",
    "region_code",
    "village",
    "kind",
    "name",
    "established_on",
    "legal_basis",
    "members_women",
    "members_men",
    "members_with_disability",
    "members_total",
    "trainings",
    "last_training",
    "equipment_items",
    "activations",
    "last_activation",
    "notes",
]


def write_plans(plans: QuerySet[ContingencyPlan], target: IO[str]) -> int:
    """Write plans as CSV; returns how many."""
    return write_csv(target, PLAN_COLUMNS, plan_rows(plans))


def write_teams(teams: QuerySet[PreparednessTeam], target: IO[str]) -> int:
    """Write teams as CSV; returns how many."""
    return write_csv(target, TEAM_COLUMNS, team_rows(teams))


def plan_rows(plans: QuerySet[ContingencyPlan]) -> Iterator[list[Any]]:
    """One row per plan, in PLAN_COLUMNS order."""
    year = timezone.localdate().year
    rows = (
        plans.select_related("region", "hazard")
        .prefetch_related("agencies")
        .annotate(exercise_count=Count("exercises"), last_exercise=Max("exercises__date"))
        .order_by("region_id", "hazard__sort_order", "-year", "pk")
    )
    return (
        [
            p.pk,
            p.region_id,
            p.region.name,
            p.hazard_id,
            p.hazard.name,
            p.title,
            p.year,
            p.status,
            p.legal_basis,
            p.legalised_on,
            p.valid_from,
            p.valid_until,
            p.in_force(year),
            "; ".join(str(a) for a in p.agencies.all()),
            p.exercise_count,
            p.last_exercise,
            p.scenario,
        ]
        for p in rows
    )


def team_rows(teams: QuerySet[PreparednessTeam]) -> Iterator[list[Any]]:
    """One row per team, in TEAM_COLUMNS order."""
    rows = (
        teams.select_related("region")
        .annotate(
            training_count=Count("trainings", distinct=True),
            last_training=Max("trainings__date"),
            equipment_count=Count("equipment", distinct=True),
            activation_count=Count("activations", distinct=True),
            last_activation=Max("activations__date"),
        )
        .order_by("region_id", "name", "pk")
    )
    return (
        [
            t.pk,
            t.region_id,
            t.region.name,
            t.kind,
            t.name,
            t.established_on,
            t.legal_basis,
            t.members_women,
            t.members_men,
            t.members_with_disability,
            t.members_total,
            t.training_count,
            t.last_training,
            t.equipment_count,
            t.activation_count,
            t.last_activation,
            t.notes,
        ]
        for t in rows
    )
