"""Audited writes on contingency plans, exercises, preparedness teams and their records.

Items of a plan or team (exercises, trainings, equipment, activations) are checked and logged in
their parent's region; deleting a parent deletes and logs its items first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import user_scope
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)
from tangguh.regions import codes

M = TypeVar("M", bound=models.Model)


def _fresh(obj: M) -> M:
    """The stored row (a ModelForm may already have written new values into `obj`)."""
    return type(obj)._default_manager.get(pk=obj.pk)


def _agency_ids(agencies: Iterable[Any]) -> list[int]:
    return sorted(int(getattr(a, "pk", a)) for a in agencies)


def _plan_snapshot(plan: ContingencyPlan, agencies: Iterable[Any]) -> dict[str, Any]:
    return {**audit.snapshot(plan), "agencies": _agency_ids(agencies)}


def _check_agencies(plan: ContingencyPlan, agencies: Iterable[Any]) -> None:
    """Responsible agencies belong to the plan's regency/city or to the province."""
    allowed = {*codes.ancestors_of(plan.region_id), plan.region_id}
    wrong = [f"{a} ({a.region_id})" for a in agencies if a.region_id not in allowed]
    if wrong:
        raise ValidationError(
            {
                "agencies": _(
                    "Not an agency of the province or of the regency/city of %(region)s: "
                    "%(agencies)s."
                )
                % {"agencies": ", ".join(wrong), "region": plan.region_id}
            }
        )


@transaction.atomic
def create_plan(*, actor: Any, agencies: Iterable[Any] = (), **values: Any) -> ContingencyPlan:
    """Record a contingency plan with the agencies responsible for it."""
    agencies = list(agencies)
    plan = ContingencyPlan(**values)
    plan.full_clean()
    audit.check_allowed(actor, "add", plan)
    _check_agencies(plan, agencies)
    plan.save()
    plan.agencies.set(agencies)
    after = _plan_snapshot(plan, agencies)
    audit.record_change(actor, ChangeRecord.Action.CREATE, plan, audit.diff({}, after))
    return plan


@transaction.atomic
def update_plan(
    plan: ContingencyPlan,
    *,
    actor: Any,
    agencies: Iterable[Any] | None = None,
    **values: Any,
) -> ContingencyPlan:
    """Change a plan (and, when given, its agencies); scope is checked before and after."""
    stored = _fresh(plan)
    audit.check_allowed(actor, "change", stored)
    current = list(stored.agencies.all())
    before = _plan_snapshot(stored, current)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    audit.check_allowed(actor, "change", stored)
    wanted = current if agencies is None else list(agencies)
    _check_agencies(stored, wanted)
    changes = audit.diff(before, _plan_snapshot(stored, wanted))
    if changes:
        stored.save()
        stored.agencies.set(wanted)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_plan(plan: ContingencyPlan, *, actor: Any) -> None:
    """Remove a plan and its exercises (each deletion logged)."""
    audit.check_allowed(actor, "delete", plan)
    for exercise in plan.exercises.select_related("plan"):
        audit.delete_record(exercise, actor=actor)
    audit.delete_record(plan, actor=actor)


@transaction.atomic
def create_exercise(*, actor: Any, **values: Any) -> Exercise:
    """Record an exercise held on a plan."""
    return audit.create_record(Exercise, actor=actor, **values)


@transaction.atomic
def update_exercise(exercise: Exercise, *, actor: Any, **values: Any) -> Exercise:
    """Correct an exercise."""
    return audit.update_record(_fresh(exercise), actor=actor, **values)


@transaction.atomic
def delete_exercise(exercise: Exercise, *, actor: Any) -> None:
    """Remove an exercise."""
    audit.delete_record(exercise, actor=actor)


@transaction.atomic
def create_team(*, actor: Any, **values: Any) -> PreparednessTeam:
    """Record a village preparedness team."""
    return audit.create_record(PreparednessTeam, actor=actor, **values)


@transaction.atomic
def update_team(team: PreparednessTeam, *, actor: Any, **values: Any) -> PreparednessTeam:
    """Change a team."""
    return audit.update_record(_fresh(team), actor=actor, **values)


@transaction.atomic
def delete_team(team: PreparednessTeam, *, actor: Any) -> None:
    """Remove a team with its trainings, equipment and activations (each deletion logged)."""
    audit.check_allowed(actor, "delete", team)
    for related in (team.trainings, team.equipment, team.activations):
        for item in related.select_related("team"):
            audit.delete_record(item, actor=actor)
    audit.delete_record(team, actor=actor)


@transaction.atomic
def create_training(*, actor: Any, **values: Any) -> Training:
    """Record a training of a team."""
    return audit.create_record(Training, actor=actor, **values)


@transaction.atomic
def update_training(training: Training, *, actor: Any, **values: Any) -> Training:
    """Correct a training."""
    return audit.update_record(_fresh(training), actor=actor, **values)


@transaction.atomic
def delete_training(training: Training, *, actor: Any) -> None:
    """Remove a training."""
    audit.delete_record(training, actor=actor)


@transaction.atomic
def create_equipment(*, actor: Any, **values: Any) -> Equipment:
    """Record equipment a team holds."""
    return audit.create_record(Equipment, actor=actor, **values)


@transaction.atomic
def update_equipment(equipment: Equipment, *, actor: Any, **values: Any) -> Equipment:
    """Correct equipment (quantity, condition, ...)."""
    return audit.update_record(_fresh(equipment), actor=actor, **values)


@transaction.atomic
def delete_equipment(equipment: Equipment, *, actor: Any) -> None:
    """Remove equipment."""
    audit.delete_record(equipment, actor=actor)


def _check_event_visible(actor: Any, values: dict[str, Any]) -> None:
    """A linked event must be one the actor may see (no linking by guessed ids)."""
    event = values.get("event")
    if event is None or actor is None:
        return
    if not user_scope(actor, "view").covers(event.region_id):
        raise ValidationError({"event": _("Choose a disaster event in your regions.")})


@transaction.atomic
def create_activation(*, actor: Any, **values: Any) -> Activation:
    """Record a time a team was called out."""
    _check_event_visible(actor, values)
    return audit.create_record(Activation, actor=actor, **values)


@transaction.atomic
def update_activation(activation: Activation, *, actor: Any, **values: Any) -> Activation:
    """Correct an activation."""
    stored = _fresh(activation)
    event = values.get("event")
    if event is not None and event.pk != stored.event_id:
        _check_event_visible(actor, values)
    return audit.update_record(stored, actor=actor, **values)


@transaction.atomic
def delete_activation(activation: Activation, *, actor: Any) -> None:
    """Remove an activation."""
    audit.delete_record(activation, actor=actor)
