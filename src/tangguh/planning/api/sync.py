"""API of the sync matrix: how the proposals of a year fared, and what partner programmes
became in agency plans."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, region_or_404
from tangguh.planning import services, summaries
from tangguh.planning.api.common import check_view, year_field
from tangguh.planning.models import Proposal, WorkPlanItem
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region


class MatrixQuerySerializer(serializers.Serializer):
    """The query of the sync matrix."""

    year = year_field()
    region = serializers.CharField(required=False)
    by = serializers.ChoiceField(choices=list(summaries.DIMENSIONS), default="village")


class MatrixRowSerializer(serializers.Serializer):
    """One line of the matrix: proposals received and by decision, budget asked and allocated,
    and the share accommodated (partly counts half; null without proposals)."""

    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF moves it off the class
    received = serializers.IntegerField()
    undecided = serializers.IntegerField()
    accommodated = serializers.IntegerField()
    partly = serializers.IntegerField()
    deferred = serializers.IntegerField()
    rejected = serializers.IntegerField()
    budget_asked = serializers.DecimalField(max_digits=30, decimal_places=2)
    budget_allocated = serializers.DecimalField(max_digits=30, decimal_places=2)
    share_accommodated = serializers.FloatField(allow_null=True)


class UptakeItemSerializer(ModelSerializer):
    """A work-plan item carrying a partner programme's practice."""

    agency_name = serializers.CharField(source="agency.name")
    sub_activity = serializers.CharField(source="sub_activity.code")
    sub_activity_name = serializers.CharField(source="sub_activity.name")

    class Meta:
        model = WorkPlanItem
        fields = ["id", "agency", "agency_name", "sub_activity", "sub_activity_name", "budget"]
        read_only_fields = fields


class UptakeSerializer(serializers.Serializer):
    """What one partner programme's proposals and practices became in agency plans."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    partner = serializers.CharField()
    proposals = serializers.IntegerField()
    accommodated = serializers.IntegerField(help_text="Accommodated or partly accommodated.")
    budget = serializers.DecimalField(max_digits=30, decimal_places=2)
    items = UptakeItemSerializer(many=True)


class MatrixSerializer(serializers.Serializer):
    """The sync matrix of a budget year."""

    year = serializers.IntegerField()
    region = serializers.CharField(allow_null=True)
    by = serializers.CharField()
    rows = MatrixRowSerializer(many=True)
    total = MatrixRowSerializer(help_text="Every proposal counted once.")
    partner_programmes = UptakeSerializer(many=True)


def _uptake(
    request: Request, proposals: QuerySet[Proposal], year: int, regency: str | None
) -> list[dict[str, Any]]:
    """Per partner programme the user can see with proposals or items: its proposals of the
    year, how many were accommodated, and the items (of agencies the user can see) carrying its
    practices."""
    return [
        {
            "id": uptake.programme.pk,
            "name": uptake.programme.name,
            "partner": uptake.programme.partner,
            "proposals": uptake.proposals,
            "accommodated": uptake.accommodated,
            "budget": uptake.budget,
            "items": uptake.items,
        }
        for uptake in summaries.partner_uptake(request.user, year, regency, proposals)
        if uptake.proposals or uptake.items
    ]


@extend_schema(
    parameters=[
        OpenApiParameter("year", int, required=True, description="Budget year"),
        OpenApiParameter(
            "region", str, description="Only proposals located within this region (code)"
        ),
        OpenApiParameter(
            "by",
            str,
            enum=list(summaries.DIMENSIONS),
            description="Rows by village, sub-district (district), agency, source or tag "
            "(a proposal with several tags is in several rows). Default: village.",
        ),
    ],
    responses=MatrixSerializer,
)
@api_view(["GET"])
def sync_matrix(request: Request) -> Response:
    """How the proposals of a budget year in the user's regions fared: received, accommodated,
    partly, deferred, rejected, undecided, budget asked and allocated, share accommodated; and
    which partner programmes' practices sit in agency plans."""
    query = MatrixQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    year, by = query.validated_data["year"], query.validated_data["by"]
    proposals = Proposal.objects.restrict(request.user, "view").filter(year=year)
    region: Region | None = None
    regency: str | None = None
    if query.validated_data.get("region"):
        region = region_or_404(query.validated_data["region"])
        check_view(request.user, region)
        proposals = proposals.within(region.code)
        if region.level >= RegionLevel.REGENCY:
            regency = services.regency_code(region.code)
    rows = summaries.sync_matrix(proposals, by)
    body = {
        "year": year,
        "region": region.code if region else None,
        "by": by,
        "rows": [row.as_dict() for row in rows],
        "total": summaries.overall(proposals, rows, by).as_dict(),
        "partner_programmes": _uptake(request, proposals, year, regency),
    }
    return Response(MatrixSerializer(body).data)
