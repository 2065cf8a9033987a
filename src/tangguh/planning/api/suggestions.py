"""API of what planners teach the suggestions and how well the suggestions serve them:
`/api/v1/wrong-suggestions/` (suggestions marked wrong: list, mark, take back) and
`/api/v1/match-accuracy/?region=&by=` (how often a regency's planners chose the first
suggestion, by month or budget year)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, ServiceViewSet, VisibleRelatedField
from tangguh.core.scope import user_scope
from tangguh.planning import accuracy, matching, services
from tangguh.planning.api.common import SubActivityCodeField, year_field
from tangguh.planning.filters import WrongSuggestionFilter
from tangguh.planning.models import Proposal, WrongSuggestion
from tangguh.planning.services.suggestions import MAX_TEXT_LENGTH
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Level as RegionLevel


class MarkWrongSerializer(serializers.Serializer):
    """A suggested sub-activity to mark wrong for a proposal, with an optional note."""

    sub_activity = SubActivityCodeField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class WrongSuggestionSerializer(ModelSerializer):
    """A suggestion marked wrong: the regency/city where it no longer appears for essentially
    the same text, the proposal (or text) it was made for, the sub-activity, who and when.
    To mark one, give `proposal` (its text and regency are used) or `region` and `text`; the
    sub-activity code is read in the edition of the proposal's year (or of `year`, or the
    newest)."""

    region = RegionCodeField(required=False)
    region_name = serializers.CharField(source="region.name", read_only=True)
    proposal = VisibleRelatedField(Proposal, required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT_LENGTH)
    sub_activity = SubActivityCodeField()
    sub_activity_name = serializers.CharField(source="sub_activity.name", read_only=True)
    year = year_field(required=False, write_only=True, help_text="Chooses the edition.")

    class Meta:
        model = WrongSuggestion
        fields = [
            "id",
            "region",
            "region_name",
            "proposal",
            "text",
            "sub_activity",
            "sub_activity_name",
            "year",
            "note",
            "marked_by",
            "created_at",
        ]
        read_only_fields = ["id", "marked_by", "created_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("proposal") is None and (not attrs.get("region") or not attrs.get("text")):
            raise serializers.ValidationError(
                {"proposal": [_("Give the proposal, or the region and the text.")]}
            )
        return attrs


class WrongSuggestionViewSet(ServiceViewSet):
    """Suggestions marked wrong in the user's regions (`?region=`, `?proposal=`, `?code=`).
    Marking one (POST) and taking it back (DELETE) need the editor role in the regency/city;
    the suggestions there change at once."""

    model = WrongSuggestion
    serializer_class = WrongSuggestionSerializer
    filterset_class = WrongSuggestionFilter
    create_service = services.mark_wrong
    delete_service = services.withdraw_wrong_mark
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region", "sub_activity")

    def service_values(self, serializer: Any) -> dict[str, Any]:
        """The sub-activity found by its code in the edition of the proposal's (or the given)
        year, in the list of the regency's (or the province's) government."""
        values = dict(serializer.validated_data)
        proposal: Proposal | None = values.get("proposal")
        year = values.pop("year", None)
        region = proposal.regency if proposal is not None else values["region"]
        government = matching.government_region(region)
        edition = matching.resolve_edition(None, proposal.year if proposal else year)
        code = values["sub_activity"]
        item = services.find_sub_activity(code, matching.government_of(government), edition=edition)
        if item is None:
            raise exceptions.ValidationError(
                {"sub_activity": [_("There is no sub-activity %(code)s.") % {"code": code}]}
            )
        values["sub_activity"] = item
        return values


class AccuracyQuerySerializer(serializers.Serializer):
    """Whose accuracy, grouped how."""

    region = RegionCodeField(help_text="A regency/city code.")
    by = serializers.ChoiceField(choices=list(accuracy.BY), default="month")


class PeriodSerializer(serializers.Serializer):
    """The codings of one month (`2026-12`) or budget year (`2027`), or of all time (`all`):
    how many, how often the first suggestion was chosen (`first`), or one of the first five
    (`top5`), how often the code chosen was not among the first ten suggestions, and the mean
    calibrated confidence of the first suggestion (shares 0–1, null without codings)."""

    period = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF moves it off the class
    codings = serializers.IntegerField()
    first = serializers.IntegerField()
    top5 = serializers.IntegerField()
    not_suggested = serializers.IntegerField()
    first_share = serializers.FloatField(allow_null=True)
    top5_share = serializers.FloatField(allow_null=True)
    mean_confidence = serializers.FloatField(allow_null=True)


class AccuracySerializer(serializers.Serializer):
    """A regency's suggestion accuracy over time."""

    region = serializers.CharField()
    region_name = serializers.CharField()
    by = serializers.CharField()
    periods = PeriodSerializer(many=True)
    total = PeriodSerializer()


@extend_schema(parameters=[AccuracyQuerySerializer], responses=AccuracySerializer)
@api_view(["GET"])
def match_accuracy(request: Request) -> Response:
    """How often the planners of a regency/city chose the first suggested sub-activity (or one
    of the first five) when they coded a proposal, by month of coding or budget year; for the
    regency's members."""
    query = AccuracyQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    region = query.validated_data["region"]
    if region.level != RegionLevel.REGENCY:
        raise exceptions.ValidationError({"region": [_("Choose a regency or city.")]})
    if not user_scope(request.user, "view").covers(region.code):
        raise exceptions.PermissionDenied(
            _("You have no access to region %(code)s.") % {"code": region.code}
        )
    by = query.validated_data["by"]
    periods, total = accuracy.accuracy(region.code, by)
    body = {
        "region": region.code,
        "region_name": region.name,
        "by": by,
        "periods": [p.as_dict() for p in periods],
        "total": total.as_dict(),
    }
    return Response(AccuracySerializer(body).data)
