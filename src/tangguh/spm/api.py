"""API of the SPM app, registered in tangguh/api_urls.py through ROUTES and URLS:

- `/api/v1/spm/services/`: service records of the regencies/cities (`?region=`, `?year=`,
  `?service=`), with their quarterly figures and achievement (read-only);
- `/api/v1/spm/quarters/`: the quarterly figures (`?record=`, `?region=`, `?year=`,
  `?service=`, `?quarter=`);
- `/api/v1/spm/report/?region=&year=&quarter=`: a regency/city's services up to a quarter, or
  for the province (`region=53`) its regencies' roll-up with who reported, late or not.

Writes go through the services: validated, kept within the user's regions and logged.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, ServiceViewSet, region_or_404
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import user_scope
from tangguh.measures import spm
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Level
from tangguh.spm import services
from tangguh.spm.filters import QuarterFilter, RecordFilter
from tangguh.spm.models import QuarterReport, ServiceRecord
from tangguh.spm.summaries import province_rollup, regency_report


class QuarterSerializer(ModelSerializer):
    """The people served by a service in one quarter and the day it was reported."""

    class Meta:
        model = QuarterReport
        fields = ["id", "record", "quarter", "served", "reported_on", "reason", "notes"]
        read_only_fields = ["id"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean


class RecordSerializer(ModelSerializer):
    """One basic service of a regency/city in a year: target (null when unknown), stages, the
    quality standards met (keys of the service's checklist), and read-only the people served in
    the year and the achievement (null without target or figures)."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    quality_met = serializers.ListField(child=serializers.CharField(), required=False)
    quality_required = serializers.IntegerField(read_only=True)
    served_in_year = serializers.SerializerMethodField()
    achievement = serializers.SerializerMethodField()
    quarters = QuarterSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "service",
            "target",
            "target_basis",
            "target_source",
            "stage_data",
            "stage_needs",
            "stage_planning",
            "stage_delivery",
            "quality_met",
            "quality_required",
            "served_in_year",
            "achievement",
            "quarters",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []  # uniqueness is checked by the service's full_clean

    def get_served_in_year(self, obj: ServiceRecord) -> int | None:
        """The people served in the year's quarters (null without figures)."""
        served = [q.served for q in obj.quarters.all()]
        return sum(served) if served else None

    def get_achievement(self, obj: ServiceRecord) -> str | None:
        """0.8 × served share + 0.2 × quality share, in percent to two places."""
        served = self.get_served_in_year(obj)
        if not obj.target or served is None:
            return None
        result = spm.achievement(served, obj.target, obj.quality_count, obj.quality_required)
        return str(result.rounded)


class RecordViewSet(ServiceViewSet):
    """SPM service records in the user's regions (`?region=`, `?year=`, `?service=`)."""

    model = ServiceRecord
    serializer_class = RecordSerializer
    filterset_class = RecordFilter
    create_service = services.create_record
    update_service = services.update_record
    delete_service = services.delete_record

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region").prefetch_related("quarters")


class QuarterViewSet(ServiceViewSet):
    """Quarterly figures of the records in the user's regions."""

    model = QuarterReport
    serializer_class = QuarterSerializer
    filterset_class = QuarterFilter
    create_service = services.create_quarter
    update_service = services.update_quarter
    delete_service = services.delete_quarter


class ReportQuerySerializer(serializers.Serializer):
    """The report asked for."""

    region = serializers.CharField()
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


def _service_rows(report: Any) -> list[dict[str, Any]]:
    return [
        {
            "service": row.service,
            "target": row.record.target if row.record else None,
            "served": {str(q): v for q, v in sorted(row.served.items())},
            "served_to_date": row.served_to_date,
            "quality_met": row.record.quality_count if row.record else None,
            "quality_required": row.record.quality_required if row.record else None,
            "achievement": str(row.achievement) if row.achievement is not None else None,
        }
        for row in report.rows
    ]


@extend_schema(
    parameters=[
        OpenApiParameter("region", str, required=True, description="A regency/city, or 53"),
        OpenApiParameter("year", int, required=True),
        OpenApiParameter("quarter", int, required=True, description="1 to 4"),
    ],
    responses={200: dict},
)
@api_view(["GET"])
def spm_report(request: Request) -> Response:
    """A regency/city's SPM services up to a quarter, with the sub-affair mean (an unverified
    rule); for the province, its regencies' roll-up with each one's reporting status."""
    query = ReportQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    region = region_or_404(query.validated_data["region"])
    year, quarter = query.validated_data["year"], query.validated_data["quarter"]
    scope = user_scope(request.user, "view")
    if not scope.overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    visible = ServiceRecord.objects.restrict(request.user, "view")
    base = {"year": year, "quarter": quarter, "subaffair_verified": spm.SUBAFFAIR_VERIFIED}
    if region.level == Level.PROVINCE:
        rows = [
            r
            for r in province_rollup(year, quarter, visible, timezone.localdate())
            if scope.overlaps(r.region.code)
        ]
        data = {
            **base,
            "region": region.code,
            "regencies": [
                {
                    "region": r.region.code,
                    "region_name": r.region.name,
                    "status": r.status,
                    "reported_on": r.reported_on,
                    "services": _service_rows(r.report),
                    "subaffair": str(r.report.subaffair) if r.report.subaffair else None,
                }
                for r in rows
            ],
        }
        return Response(data)
    if region.level != Level.REGENCY:
        region = region_or_404(region.code[:5])
    report = regency_report(region, year, quarter, visible)
    data = {
        **base,
        "region": region.code,
        "region_name": region.name,
        "services": _service_rows(report),
        "subaffair": str(report.subaffair) if report.subaffair is not None else None,
    }
    return Response(data)


ROUTES: list = [  # (prefix, viewset, basename)
    ("spm/services", RecordViewSet, "spm-service"),
    ("spm/quarters", QuarterViewSet, "spm-quarter"),
]
URLS: list = [  # (route, view, name)
    ("spm/report/", spm_report, "spm-report"),
]
