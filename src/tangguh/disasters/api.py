"""API for disaster events (`/api/v1/events/`): region-scoped, audited writes."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.catalogues.models import HazardType
from tangguh.core.api import ModelSerializer, ServiceViewSet, region_or_404
from tangguh.core.scope import user_scope
from tangguh.disasters import plausibility, services, summaries
from tangguh.disasters.filters import EventFilter
from tangguh.disasters.forms import FIELDS
from tangguh.disasters.models import PEOPLE_COUNTS, Event
from tangguh.disasters.published import PublishedScores, published_scores, score_data
from tangguh.disasters.sendai import ASSUMPTIONS, sendai_for
from tangguh.regions.api import RegionCodeField


class EventSerializer(ModelSerializer):
    """A disaster event; effect figures are null when unknown."""

    region = RegionCodeField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard = serializers.SlugRelatedField(slug_field="key", queryset=HazardType.objects.all())
    hazard_name = serializers.CharField(source="hazard.name", read_only=True)
    confirm_implausible = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "true saves counts of people larger than the population of the event's region "
            "(refused with a 400 otherwise); counts above Indonesia's population are always "
            "refused."
        ),
    )

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
            "confirm_implausible",
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
        # Counts of people have no database-sized ceiling here: the model names one above
        # Indonesia's population for what it is, the same on every database.
        extra_kwargs = {name: {"max_value": None} for name in PEOPLE_COUNTS}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Counts of people above the population of the event's region are refused unless
        `confirm_implausible` is true (a count the event already holds is not asked again)."""
        confirmed = attrs.pop("confirm_implausible", False)
        stored: Event | None = self.instance
        region = attrs.get("region") or (stored.region if stored is not None else None)
        if confirmed or region is None:
            return attrs
        values = {n: attrs.get(n, getattr(stored, n, None)) for n in PEOPLE_COUNTS}
        split = attrs.get("disaggregation", getattr(stored, "disaggregation", {}))
        found = plausibility.doubts(region, values, split, stored=stored)
        if not found:
            return attrs
        errors: dict[str, list[str]] = {}
        for doubt in found:
            field = "disaggregation" if "__" in doubt.field else doubt.field
            errors.setdefault(field, []).append(doubt.message)
        errors["confirm_implausible"] = [
            _(
                "These counts of people are larger than the population of the place. If they "
                "are right, send them again with confirm_implausible: true."
            )
        ]
        raise serializers.ValidationError(errors)


class EventViewSet(ServiceViewSet):
    """Disaster events in the user's regions (`?region=`, `?year=`, `?hazard=`, `?since=`,
    `?until=`, `?verification=`, `?duplicates=true`)."""

    model = Event
    serializer_class = EventSerializer
    filterset_class = EventFilter
    create_service = services.create_event
    update_service = services.update_event
    delete_service = services.delete_event

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region", "hazard")


NO_SCORES = PublishedScores()


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
            "population_year": serializers.IntegerField(allow_null=True),
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
            "population": rows.population.value,
            "population_year": rows.population.year,
            "events": count,
            "assumptions": asdict(ASSUMPTIONS),
            "indicators": [row.as_dict() for row in rows],
        }
    )


def _scoped(request: Request, raw: str | None) -> Any:
    """The region named by ?region=, 404 when unknown, 403 outside the user's regions."""
    if not raw:
        raise exceptions.ValidationError({"region": [_("Give a region code, e.g. 53.01.")]})
    region = region_or_404(raw)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise exceptions.PermissionDenied(
            _("You have no access to region %(code)s.") % {"code": region.code}
        )
    return region


@extend_schema(
    parameters=[
        OpenApiParameter("region", str, required=True, description="Region code, e.g. 53.01")
    ],
    responses=inline_serializer(
        "HazardProfile",
        {
            "region": serializers.DictField(),
            "years": serializers.ListField(child=serializers.IntegerField()),
            "hazards": serializers.ListField(child=serializers.DictField()),
            "places": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
@api_view(["GET"])
def hazard_profile(request: Request) -> Response:
    """A region's events and effects by hazard family and year (unknown figures are counted
    apart), and the places of its events."""
    region = _scoped(request, request.query_params.get("region"))
    events = Event.objects.restrict(request.user, "view")
    profile = summaries.hazard_profile(events, region)
    hazards = [
        {
            "family": row["family"],
            "name": str(row["name"]),
            "events_by_year": [str(n) for n in row["by_year"]],
            "events": str(row["n_events"]),
            "deaths": row["n_deaths"],
            "missing": row["n_missing"],
            "affected": row["n_affected"],
            "houses_damaged": row["houses"],
            "events_deaths_unknown": row["unknown_deaths"],
            "events_affected_unknown": row["unknown_affected"],
        }
        for row in profile.rows
    ]
    return Response(
        {
            "region": {"code": region.code, "name": region.name},
            "years": profile.years,
            "hazards": hazards,
            "places": summaries.event_points(events, region),
        }
    )


@extend_schema(
    parameters=[
        OpenApiParameter("first", int, description="First year (default: ten years ago)"),
        OpenApiParameter("last", int, description="Last year (default: this year)"),
    ],
    responses=inline_serializer(
        "HazardRanking", {"rows": serializers.ListField(child=serializers.DictField())}
    ),
)
@api_view(["GET"])
def hazard_ranking(request: Request) -> Response:
    """The diversity-and-intensity ranking of the regencies the user may see, with criteria, and
    each regency's published risk scores (BNPB's IRBI, KRB indices) when they were imported."""
    query = RankingQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    this_year = timezone.localdate().year
    first = query.validated_data.get("first") or this_year - 10
    last = query.validated_data.get("last") or this_year
    if last < first:
        raise exceptions.ValidationError({"last": [_("The last year is before the first.")]})
    scope = user_scope(request.user, "view")
    regencies = [r for r in summaries.regencies_in(None) if scope.covers(r.code)]
    rows = summaries.ranking(Event.objects.restrict(request.user, "view"), regencies, first, last)
    published = published_scores(request.user)
    return Response(
        {
            "first": first,
            "last": last,
            "rows": [
                {
                    "rank": row.rank,
                    "region_code": row.region_code,
                    "name": row.name,
                    "score": str(row.score),
                    "events": str(row.events),
                    "criteria": {
                        c.name: {
                            "raw": None if c.raw is None else str(c.raw),
                            "normalised": None if c.normalised is None else str(c.normalised),
                        }
                        for c in row.criteria
                    },
                    "method_version": row.method_version,
                    "published_scores": [
                        score_data(s) for s in published.get(row.region_code, NO_SCORES).all
                    ],
                }
                for row in rows
            ],
        }
    )


class RankingQuerySerializer(serializers.Serializer):
    """The query of the ranking endpoint."""

    first = serializers.IntegerField(min_value=1900, max_value=2200, required=False)
    last = serializers.IntegerField(min_value=1900, max_value=2200, required=False)
