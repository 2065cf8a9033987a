"""API for disaster events (`/api/v1/events/`): region-scoped, audited writes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.catalogues.models import HazardType
from tangguh.core.api import ScopedViewSetMixin
from tangguh.core.scope import user_scope
from tangguh.disasters import services
from tangguh.disasters.filters import EventFilter
from tangguh.disasters.forms import FIELDS
from tangguh.disasters.models import Event
from tangguh.disasters.sendai import ASSUMPTIONS, sendai_for
from tangguh.regions.api import RegionCodeField


class EventSerializer(serializers.ModelSerializer):
    """A disaster event; effect figures are null when unknown."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard = serializers.SlugRelatedField(slug_field="key", queryset=HazardType.objects.all())
    hazard_name = serializers.CharField(source="hazard.name", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            *FIELDS,
            "region_name",
            "hazard_name",
            "disaggregation",
            "origin",
            "source_id",
            "possible_duplicate_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "origin",
            "source_id",
            "possible_duplicate_of",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []


class EventViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Disaster events in the user's regions (`?region=`, `?year=`, `?hazard=`, `?since=`,
    `?until=`, `?verification=`, `?duplicates=true`)."""

    model = Event
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region", "hazard")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_event(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.update_event(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Event) -> None:
        services.delete_event(instance, actor=self.request.user)


class SendaiQuerySerializer(serializers.Serializer):
    """The query of the Sendai endpoint."""

    region = RegionCodeField()
    year = serializers.IntegerField(min_value=1900, max_value=2200)


@extend_schema(
    parameters=[
        OpenApiParameter("region", str, required=True, description="Region code, e.g. 53.01"),
        OpenApiParameter("year", int, required=True, description="Year of the events"),
    ],
    responses=inline_serializer(
        "SendaiIndicators",
        {
            "region": serializers.DictField(),
            "year": serializers.IntegerField(),
            "population": serializers.IntegerField(allow_null=True),
            "events": serializers.IntegerField(),
            "assumptions": serializers.DictField(),
            "indicators": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
@api_view(["GET"])
def sendai(request: Request) -> Response:
    """Sendai indicators A-1…D-5 for the events within a region in a year, per 100,000 people
    using the shipped population, with each indicator's definition."""
    query = SendaiQuerySerializer(data=request.query_params)
    if not query.is_valid():
        region_errors = query.errors.get("region") or []
        if any(getattr(error, "code", "") == "missing" for error in region_errors):
            raise exceptions.NotFound(str(region_errors[0]))
        raise exceptions.ValidationError(query.errors)
    region, year = query.validated_data["region"], query.validated_data["year"]
    if not user_scope(request.user, "view").overlaps(region.code):
        raise exceptions.PermissionDenied(
            _("You have no access to region %(code)s.") % {"code": region.code}
        )
    visible = Event.objects.restrict(request.user, "view")
    rows, count = sendai_for(region, year, visible)
    return Response(
        {
            "region": {"code": region.code, "name": region.name},
            "year": year,
            "population": region.population,
            "events": count,
            "assumptions": asdict(ASSUMPTIONS),
            "indicators": [row.as_dict() for row in rows],
        }
    )
