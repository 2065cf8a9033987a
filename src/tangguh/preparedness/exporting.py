"""CSV exports of contingency plans and preparedness teams (an empty cell means unknown)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from tangguh.preparedness.models import ContingencyPlan, PreparednessTeam

# Text cells starting with these run as formulas in spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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


def cell(value: Any) -> str:
    """A value as a CSV cell: None is empty (unknown), dates ISO, formula-like text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _write(rows: Iterable[list[Any]], header: list[str], target: IO[str]) -> int:
    writer = csv.writer(target)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        count += 1
    return count


def write_plans(plans: QuerySet[ContingencyPlan], target: IO[str]) -> int:
    """Write plans as CSV; returns how many."""
    year = timezone.localdate().year
    rows = (
        plans.select_related("region", "hazard")
        .prefetch_related("agencies")
        .annotate(exercise_count=Count("exercises"), last_exercise=Max("exercises__date"))
        .order_by("region_id", "hazard__sort_order", "-year", "pk")
    )
    return _write(
        (
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
        ),
        PLAN_COLUMNS,
        target,
    )


def write_teams(teams: QuerySet[PreparednessTeam], target: IO[str]) -> int:
    """Write teams as CSV; returns how many."""
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
    return _write(
        (
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
        ),
        TEAM_COLUMNS,
        target,
    )
