"""API for the change log and background jobs."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, ReadOnlyScopedViewSet
from tangguh.core.filters import ChangeFilter
from tangguh.core.jobs import job_for
from tangguh.core.models import ChangeRecord


class ChangeSerializer(ModelSerializer):
    """One change: who, when, what, and the changed fields before and after."""

    user = serializers.CharField(source="actor_name")

    class Meta:
        model = ChangeRecord
        fields = [
            "id",
            "at",
            "user",
            "action",
            "model",
            "object_id",
            "object_repr",
            "region_code",
            "changes",
            "source",
        ]


class ChangeViewSet(ReadOnlyScopedViewSet):
    """The change log: changes to records in the user's regions (`?region=`, `?year=`, `?user=`,
    `?model=`, `?object_id=`, `?action=`, `?since=`, `?until=`)."""

    model = ChangeRecord
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter


JobSerializer = inline_serializer(
    "Job",
    {
        "id": serializers.UUIDField(),
        "kind": serializers.CharField(),
        "title": serializers.CharField(),
        "status": serializers.CharField(),
        "total": serializers.IntegerField(),
        "done": serializers.IntegerField(),
        "percent": serializers.IntegerField(),
        "message": serializers.CharField(),
        "result": serializers.JSONField(),
    },
)


@extend_schema(responses=JobSerializer)
@api_view(["GET"])
def job_detail(request: Request, job_id: Any) -> Response:
    """A background job's progress and result."""
    return Response(job_for(request.user, job_id).as_dict())
