"""API for the shared catalogues: hazard types and disaster phases."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.models import HazardType
from tangguh.core.api import ModelSerializer


class HazardTypeSerializer(ModelSerializer):
    """A hazard family or sub-type with its DIBI codes and DesInventar names."""

    family = serializers.CharField(source="family_id", allow_null=True, read_only=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = HazardType
        fields = [
            "key",
            "family",
            "name",
            "name_id",
            "name_en",
            "dibi_code",
            "dibi_code_verified",
            "legacy_code",
            "desinventar_name",
            "desinventar_event",
            "perka_2_2012",
            "aliases",
            "evidence",
        ]


class HazardTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """BNPB hazard types (reference data, readable by every signed-in user)."""

    queryset = HazardType.objects.all()
    serializer_class = HazardTypeSerializer
    lookup_field = "key"
    filterset_fields = ["family", "dibi_code", "legacy_code", "perka_2_2012"]
    pagination_class = None

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("family")


@extend_schema(
    responses=inline_serializer(
        "DisasterPhase",
        {"value": serializers.CharField(), "label": serializers.CharField()},
        many=True,
    )
)
@api_view(["GET"])
def disaster_phases(request: Request) -> Response:
    """The three phases of disaster management: before, during, after."""
    return Response(
        [{"value": value, "label": str(label)} for value, label in DisasterPhase.choices]
    )
