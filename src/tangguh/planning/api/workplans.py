"""API of the agencies' work-plan items (Renja/RKT), with copying forward and finalising."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.accounts.models import Agency
from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.api import ListedSerializer, ModelSerializer, ServiceViewSet, VisibleRelatedField
from tangguh.core.querysets import listed
from tangguh.nomenclature.api import choice_field
from tangguh.planning import services
from tangguh.planning.api.common import (
    RegionCodesField,
    SubActivityCodeField,
    money_field,
    sub_activity_for,
    year_field,
)
from tangguh.planning.filters import WorkPlanItemFilter
from tangguh.planning.models import (
    Climate,
    FundingSource,
    PartnerProgramme,
    ProposalLink,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.regions.models import Region


class ItemLinkSerializer(ModelSerializer):
    """A proposal this item answers, with the budget and location that answer it."""

    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    location = serializers.CharField(source="location_id", read_only=True, allow_null=True)

    class Meta:
        model = ProposalLink
        fields = ["proposal", "proposal_title", "budget", "location"]
        read_only_fields = fields


# What ItemLinkSerializer reads of a link (with its proposal's title), besides the item's key.
LINK_COLUMNS = ("id", "item_id", "proposal_id", "budget", "location_id")


class WorkPlanItemSerializer(ModelSerializer):
    """One sub-activity in an agency's work plan (Renja/RKT) for a budget year. The indicator and
    unit default from the nomenclature; agency and year are fixed once entered."""

    agency = VisibleRelatedField(Agency)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)
    year = year_field(help_text="Budget year")
    sub_activity = SubActivityCodeField()
    sub_activity_name = serializers.CharField(source="sub_activity.name", read_only=True)
    sub_activity_edition = serializers.CharField(source="sub_activity.edition.name", read_only=True)
    locations = RegionCodesField(required=False)
    budget = money_field(required=False)
    funding_source = choice_field(FundingSource, required=False)
    partner_programme = VisibleRelatedField(
        PartnerProgramme, from_below=True, allow_null=True, required=False
    )
    phases = serializers.ListField(child=choice_field(DisasterPhase), required=False)
    climate = choice_field(Climate, required=False)
    status = choice_field(WorkPlanStatus, required=False)
    links = ListedSerializer(child=ItemLinkSerializer(), read_only=True)

    class Meta:
        model = WorkPlanItem
        fields = [
            "id",
            "agency",
            "agency_name",
            "region",
            "year",
            "sub_activity",
            "sub_activity_name",
            "sub_activity_edition",
            "locations",
            "indicator",
            "target",
            "unit",
            "budget",
            "funding_source",
            "partner_programme",
            "phases",
            "climate",
            "poverty",
            "inclusion",
            "status",
            "note",
            "copied_from",
            "links",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "copied_from", "created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        item: WorkPlanItem | None = self.instance
        if item is None:
            agency: Agency = attrs["agency"]
            year: int = attrs["year"]
        else:
            agency, year = item.agency, item.year
            moved = [
                name
                for name, value in (("agency", agency), ("year", year))
                if name in attrs and attrs[name] != value
            ]
            if moved:
                raise serializers.ValidationError(
                    {
                        name: [
                            _(
                                "A work-plan item stays in the agency and year it was entered "
                                "for; copy it forward or add a new one."
                            )
                        ]
                        for name in moved
                    }
                )
        if "sub_activity" in attrs:
            attrs["sub_activity"] = sub_activity_for(attrs["sub_activity"], year, agency.region)
        return attrs


class CopyForwardSerializer(serializers.Serializer):
    """Copy an agency's work plan of one year into a later year."""

    agency = VisibleRelatedField(Agency)
    from_year = year_field()
    to_year = year_field()


class SkippedSerializer(serializers.Serializer):
    """An item that was not copied, and why."""

    item = serializers.IntegerField()
    sub_activity = serializers.CharField()
    reason = serializers.CharField()


class CopyReportSerializer(serializers.Serializer):
    """What copying forward did: the new draft items, and the items left behind with the reason."""

    created = WorkPlanItemSerializer(many=True)
    skipped = SkippedSerializer(many=True)


class FinaliseSerializer(serializers.Serializer):
    """Mark an agency's work plan of a year final."""

    agency = VisibleRelatedField(Agency)
    year = year_field()


class FinaliseReportSerializer(serializers.Serializer):
    """How many draft items were marked final."""

    finalised = serializers.IntegerField()


class WorkPlanItemViewSet(ServiceViewSet):
    """Work-plan items of the agencies in the user's regions (`?agency=`, `?region=` the
    government or a location within it, `?year=`, `?status=`, `?sub_activity=` a code or its
    start). Staff of an agency change only their own agency's items; managers change all."""

    model = WorkPlanItem
    serializer_class = WorkPlanItemSerializer
    filterset_class = WorkPlanItemFilter
    create_service = services.create_item
    update_service = services.update_item
    delete_service = services.delete_item

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("agency", "sub_activity__edition")
            .prefetch_related(
                listed("locations", Region.objects.only("code")),  # the API shows codes
                listed(
                    "links",
                    ProposalLink.objects.select_related("proposal").only(
                        *LINK_COLUMNS, "proposal__id", "proposal__title"
                    ),
                ),
            )
        )

    def service_values(self, serializer: Any) -> dict[str, Any]:
        """An item keeps its agency and year (the serializer refuses a change)."""
        values = super().service_values(serializer)
        if serializer.instance is not None:
            values.pop("agency", None)
            values.pop("year", None)
        return values

    @extend_schema(request=CopyForwardSerializer, responses=CopyReportSerializer)
    @action(detail=False, methods=["post"], url_path="copy-forward")
    def copy_forward(self, request: Request) -> Response:
        """Copy an agency's items of one year into a later year as drafts (without their
        proposals), finding each sub-activity again in the later year's edition."""
        serializer = CopyForwardSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = services.copy_forward(
            data["agency"],
            from_year=data["from_year"],
            to_year=data["to_year"],
            actor=request.user,
        )
        body = {
            "created": self.get_queryset().filter(pk__in=[i.pk for i in report.created]),
            "skipped": [
                {"item": item.pk, "sub_activity": item.sub_activity.code, "reason": str(reason)}
                for item, reason in report.skipped
            ],
        }
        return Response(CopyReportSerializer(body).data)

    @extend_schema(request=FinaliseSerializer, responses=FinaliseReportSerializer)
    @action(detail=False, methods=["post"])
    def finalise(self, request: Request) -> Response:
        """Mark every draft item of an agency's work plan of a year final."""
        serializer = FinaliseSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        count = services.finalise(data["agency"], data["year"], actor=request.user)
        return Response({"finalised": count})
