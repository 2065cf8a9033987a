"""Add, change and delete pages for plans, teams and their items, declared once per kind.

Items of a plan or team (exercises, trainings, equipment, activations) are added from their
parent's page and return to it; plans and teams return to their own page after saving and to
their list after deleting.
"""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.preparedness import services
from tangguh.preparedness.forms import (
    ActivationForm,
    EquipmentForm,
    ExerciseForm,
    PlanForm,
    TeamForm,
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

PLAN = RecordPages(
    model=ContingencyPlan,
    form=PlanForm,
    create=services.create_plan,
    update=services.update_plan,
    delete=services.delete_plan,
    add_title=_("Record a contingency plan"),
    edit_title=_("Edit contingency plan"),
    list_url=reverse_lazy("preparedness:plan-list"),
    permission_field="region",
)
TEAM = RecordPages(
    model=PreparednessTeam,
    form=TeamForm,
    create=services.create_team,
    update=services.update_team,
    delete=services.delete_team,
    add_title=_("Record a preparedness team"),
    edit_title=_("Edit preparedness team"),
    list_url=reverse_lazy("preparedness:team-list"),
    permission_field="region",
)
ITEMS: dict[str, RecordPages] = {
    "exercise": RecordPages(
        model=Exercise,
        form=ExerciseForm,
        create=services.create_exercise,
        update=services.update_exercise,
        delete=services.delete_exercise,
        add_title=_("Record an exercise"),
        edit_title=_("Edit exercise"),
        parent_model=ContingencyPlan,
        parent_field="plan",
        anchor="exercises",
    ),
    "training": RecordPages(
        model=Training,
        form=TrainingForm,
        create=services.create_training,
        update=services.update_training,
        delete=services.delete_training,
        add_title=_("Record a training"),
        edit_title=_("Edit training"),
        parent_model=PreparednessTeam,
        parent_field="team",
        anchor="trainings",
    ),
    "equipment": RecordPages(
        model=Equipment,
        form=EquipmentForm,
        create=services.create_equipment,
        update=services.update_equipment,
        delete=services.delete_equipment,
        add_title=_("Record equipment"),
        edit_title=_("Edit equipment"),
        parent_model=PreparednessTeam,
        parent_field="team",
        anchor="equipment",
    ),
    "activation": RecordPages(
        model=Activation,
        form=ActivationForm,
        create=services.create_activation,
        update=services.update_activation,
        delete=services.delete_activation,
        add_title=_("Record an activation"),
        edit_title=_("Edit activation"),
        parent_model=PreparednessTeam,
        parent_field="team",
        anchor="activations",
    ),
}
