"""API of the preparedness app, registered in tangguh/api_urls.py through ROUTES.

Plans and teams have their own endpoints, which show their items read-only; each kind of item
has a separate endpoint for writing, filtered by `?plan=` or `?team=`:

- `/api/v1/contingency-plans/` and `/api/v1/contingency-plan-exercises/`
- `/api/v1/preparedness-teams/` and `/api/v1/preparedness-team-trainings/`,
  `/api/v1/preparedness-team-equipment/`, `/api/v1/preparedness-team-activations/`

Every list accepts `?region=CODE` (a subtree) and `?year=Y`; writes go through the services, so
they are validated, kept within the user's regions and recorded in the change log.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tangguh.accounts.models import Agency
from tangguh.catalogues.models import HazardType
from tangguh.core.api import ModelSerializer, ServiceViewSet, VisibleRelatedField
from tangguh.disasters.summaries import events
from tangguh.preparedness import services
from tangguh.preparedness.filters import (
    ActivationFilter,
    EquipmentFilter,
    ExerciseFilter,
    PlanFilter,
    TeamFilter,
    TrainingFilter,
)
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)
from tangguh.regions.api import RegionCodeField


# Described without an enum: regions also have a "kind" enum, and drf-spectacular would warn about
# the name collision (until ENUM_NAME_OVERRIDES in the settings names each set).
@extend_schema_field(
    {
        "type": "string",
        "description": "One of: tabletop (gladi ruang/posko), field (gladi lapang), both.",
    }
)
class ExerciseKindField(serializers.ChoiceField):
    """The kind of an exercise."""


@extend_schema_field(
    {
        "type": "string",
        "description": "One of: ksb (Tim Kampung Siaga Bencana), destana (Destana team, "
        "Forum PRB), volunteers (relawan), other.",
    }
)
class TeamKindField(serializers.ChoiceField):
    """The kind of a preparedness team."""


def _hazard_field() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="key", queryset=HazardType.objects.all())


class ExerciseSerializer(ModelSerializer):
    """An exercise (gladi, simulation) held on a contingency plan; counts are null when unknown."""

    kind = ExerciseKindField(choices=Exercise.Kind.choices)

    class Meta:
        model = Exercise
        fields = [
            "id",
            "plan",
            "date",
            "kind",
            "participants_women",
            "participants_men",
            "participants_total",
            "notes",
        ]
        read_only_fields = ["id"]


class PlanSerializer(ModelSerializer):
    """A contingency plan for one hazard in a regency/city, sub-district or village."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard = _hazard_field()
    hazard_name = serializers.CharField(source="hazard.name", read_only=True)
    agencies = VisibleRelatedField(Agency, from_below=True, many=True, required=False)
    in_force_now = serializers.BooleanField(read_only=True)
    exercises = ExerciseSerializer(many=True, read_only=True)

    class Meta:
        model = ContingencyPlan
        fields = [
            "id",
            "region",
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
            "in_force_now",
            "scenario",
            "agencies",
            "exercises",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class TrainingSerializer(ModelSerializer):
    """A training of a preparedness team."""

    class Meta:
        model = Training
        fields = ["id", "team", "date", "topic", "organiser", "participants", "notes"]
        read_only_fields = ["id"]


class EquipmentSerializer(ModelSerializer):
    """Equipment a preparedness team holds."""

    class Meta:
        model = Equipment
        fields = ["id", "team", "item", "quantity", "condition", "year_acquired", "notes"]
        read_only_fields = ["id"]


class ActivationSerializer(ModelSerializer):
    """A time a preparedness team was called out, optionally linked to a disaster event."""

    hazard = _hazard_field()
    event = VisibleRelatedField(queryset=events(), allow_null=True, required=False)

    class Meta:
        model = Activation
        fields = ["id", "team", "date", "hazard", "event", "actions", "people_helped"]
        read_only_fields = ["id"]


class TeamSerializer(ModelSerializer):
    """A village preparedness team; member counts are null when unknown."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind = TeamKindField(choices=PreparednessTeam.Kind.choices)
    members_total = serializers.IntegerField(read_only=True, allow_null=True)
    trainings = TrainingSerializer(many=True, read_only=True)
    equipment = EquipmentSerializer(many=True, read_only=True)
    activations = ActivationSerializer(many=True, read_only=True)

    class Meta:
        model = PreparednessTeam
        fields = [
            "id",
            "region",
            "region_name",
            "kind",
            "name",
            "established_on",
            "legal_basis",
            "members_women",
            "members_men",
            "members_with_disability",
            "members_total",
            "notes",
            "trainings",
            "equipment",
            "activations",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean


class PlanViewSet(ServiceViewSet):
    """Contingency plans in the user's regions (`?region=`, `?year=` (drawn up or in force),
    `?hazard=`, `?status=`, `?in_force=true`, `?q=`), with their exercises."""

    model = ContingencyPlan
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    create_service = services.create_plan
    update_service = services.update_plan
    delete_service = services.delete_plan

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region", "hazard")
            .prefetch_related("agencies", "exercises")
        )


class ExerciseViewSet(ServiceViewSet):
    """Exercises of the plans in the user's regions (`?plan=`, `?region=`, `?year=`, `?kind=`)."""

    model = Exercise
    serializer_class = ExerciseSerializer
    filterset_class = ExerciseFilter
    create_service = services.create_exercise
    update_service = services.update_exercise
    delete_service = services.delete_exercise


class TeamViewSet(ServiceViewSet):
    """Preparedness teams in the user's villages (`?region=`, `?year=` (existing then),
    `?kind=`, `?q=`), with their trainings, equipment and activations."""

    model = PreparednessTeam
    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    create_service = services.create_team
    update_service = services.update_team
    delete_service = services.delete_team

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region")
            .prefetch_related("trainings", "equipment", "activations__hazard")
        )


class TrainingViewSet(ServiceViewSet):
    """Trainings of the teams in the user's villages (`?team=`, `?region=`, `?year=`)."""

    model = Training
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    create_service = services.create_training
    update_service = services.update_training
    delete_service = services.delete_training


class EquipmentViewSet(ServiceViewSet):
    """Equipment of the teams in the user's villages (`?team=`, `?region=`, `?year=`,
    `?condition=`)."""

    model = Equipment
    serializer_class = EquipmentSerializer
    filterset_class = EquipmentFilter
    create_service = services.create_equipment
    update_service = services.update_equipment
    delete_service = services.delete_equipment


class ActivationViewSet(ServiceViewSet):
    """Activations of the teams in the user's villages (`?team=`, `?region=`, `?year=`,
    `?hazard=`)."""

    model = Activation
    serializer_class = ActivationSerializer
    filterset_class = ActivationFilter
    create_service = services.create_activation
    update_service = services.update_activation
    delete_service = services.delete_activation

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("hazard")


ROUTES: list = [  # (prefix, viewset, basename)
    ("contingency-plans", PlanViewSet, "contingency-plan"),
    ("contingency-plan-exercises", ExerciseViewSet, "contingency-plan-exercise"),
    ("preparedness-teams", TeamViewSet, "preparedness-team"),
    ("preparedness-team-trainings", TrainingViewSet, "preparedness-team-training"),
    ("preparedness-team-equipment", EquipmentViewSet, "preparedness-team-equipment"),
    ("preparedness-team-activations", ActivationViewSet, "preparedness-team-activation"),
]
