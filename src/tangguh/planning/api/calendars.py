"""API of the planning calendars (stages and what is open) and of the partner programmes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, ServiceViewSet, created, region_or_404
from tangguh.nomenclature.api import choice_field
from tangguh.planning import rules, services
from tangguh.planning.api.common import check_view, regency_of, year_field
from tangguh.planning.filters import ProgrammeFilter, StageFilter
from tangguh.planning.models import PartnerProgramme, PlanningStage, Stage
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Region


class StageSerializer(ModelSerializer):
    """The dates of one stage of a regency's planning calendar for a budget year."""

    region = RegionCodeField(help_text="The regency/city.")
    region_name = serializers.CharField(source="region.name", read_only=True)
    year = year_field()
    stage = choice_field(Stage)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = PlanningStage
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "stage",
            "stage_label",
            "starts",
            "ends",
            "note",
        ]
        read_only_fields = ["id"]
        validators: list[Any] = []  # set_stage creates or changes the stage; it checks the dates


class StageViewSet(ServiceViewSet):
    """Stages of the planning calendars (`?region=`, `?year=`, `?stage=`). POST sets a stage's
    dates (creating it, or changing the stage already there); PUT/PATCH change the dates of a
    stage. The stages must follow each other in the order of the cycle."""

    model = PlanningStage
    serializer_class = StageSerializer
    filterset_class = StageFilter
    update_service = services.update_stage
    delete_service = services.delete_stage

    def get_queryset(self) -> Any:
        return PlanningStage.objects.visible_from_below(self.request.user).select_related("region")

    @extend_schema(responses={200: StageSerializer, 201: StageSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set the dates of a stage (201 when the stage is new, 200 when it changed)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = PlanningStage.objects.filter(
            region=data["region"], year=data["year"], stage=data["stage"]
        ).exists()
        stage = services.set_stage(
            data["region"],
            data["year"],
            data["stage"],
            data["starts"],
            data["ends"],
            note=data.get("note", ""),
            actor=request.user,
        )
        body = self.get_serializer(stage).data
        return Response(body) if existed else created(body)


class CalendarQuerySerializer(serializers.Serializer):
    """The query of the calendar endpoint."""

    region = serializers.CharField()
    year = year_field()


class CalendarStageSerializer(serializers.Serializer):
    """One stage of a calendar."""

    stage = choice_field(Stage)
    # DRF moves declared fields off the class, so this does not clash with Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    starts = serializers.DateField()
    ends = serializers.DateField()


class CalendarOpenSerializer(serializers.Serializer):
    """What may be entered or changed today: null when open, otherwise the reason it is not."""

    village_proposals = serializers.CharField(allow_null=True)
    other_proposals = serializers.CharField(allow_null=True)
    decisions = serializers.CharField(allow_null=True)
    work_plans = serializers.CharField(allow_null=True)


class CalendarSerializer(serializers.Serializer):
    """A regency's calendar for a budget year and what it allows today."""

    region = serializers.CharField()
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    is_set = serializers.BooleanField()
    current_stage = choice_field(Stage, allow_null=True)
    stages = CalendarStageSerializer(many=True)
    closed = CalendarOpenSerializer()


@extend_schema(
    parameters=[
        OpenApiParameter(
            "region", str, required=True, description="A regency/city code, or a region within one"
        ),
        OpenApiParameter("year", int, required=True, description="Budget year"),
    ],
    responses=CalendarSerializer,
)
@api_view(["GET"])
def planning_calendar(request: Request) -> Response:
    """The planning calendar of the regency/city a region lies in, for a budget year, with the
    stage under way and, for each kind of entry, why it is closed today (null: open)."""
    query = CalendarQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    region = region_or_404(query.validated_data["region"])
    check_view(request.user, region)
    regency = regency_of(region)
    year = query.validated_data["year"]
    state = rules.Calendar.of(regency, year).state()
    data = {
        "region": regency.code,
        "region_name": regency.name,
        "year": year,
        "is_set": state.calendar.is_set,
        "current_stage": state.current,
        "stages": [
            {"stage": w.stage.value, "label": w.stage.label, "starts": w.starts, "ends": w.ends}
            for w in state.calendar.ordered()
        ],
        "closed": state.closed,
    }
    return Response(CalendarSerializer(data).data)


# ---------------------------------------------------------------------------------------------
# Partner programmes


class ProgrammeSerializer(ModelSerializer):
    """A partner's (NGO, donor, university) programme that helps villages plan."""

    region = RegionCodeField(help_text="The regency/city (or the province) it works in.")
    region_name = serializers.CharField(source="region.name", read_only=True)
    first_year = year_field()
    last_year = year_field(allow_null=True, required=False)
    villages = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=Region.objects.all(), required=False
    )

    class Meta:
        model = PartnerProgramme
        fields = [
            "id",
            "region",
            "region_name",
            "name",
            "partner",
            "first_year",
            "last_year",
            "description",
            "practices",
            "donor",
            "implementers",
            "components",
            "outputs",
            "villages",
        ]
        read_only_fields = ["id"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first = attrs.get("first_year", getattr(self.instance, "first_year", None))
        last = attrs.get("last_year", getattr(self.instance, "last_year", None))
        if first is not None and last is not None and last < first:
            raise serializers.ValidationError(
                {"last_year": [_("The last year is before the first.")]}
            )
        return attrs


class ProgrammeViewSet(ServiceViewSet):
    """Partner programmes working in the user's regions (`?region=`, `?year=` working then,
    `?q=` name or partner); registering and changing one needs the editor role there."""

    model = PartnerProgramme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    create_service = services.create_programme
    update_service = services.update_programme
    # Programmes are not deleted through the API (proposals and work plans refer to them).
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            PartnerProgramme.objects.visible_from_below(self.request.user)
            .select_related("region")
            .prefetch_related("villages")
        )
