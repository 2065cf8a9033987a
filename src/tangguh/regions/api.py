"""Regions API: reference geography every signed-in user may read."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer, region_or_404
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import within_q
from tangguh.regions import codes
from tangguh.regions.models import Indicator, Level, Region, Statistic, UnknownRegion, find_region


@extend_schema_field(
    {"type": "string", "example": "53.01", "description": "Kemendagri region code"}
)
class RegionCodeField(serializers.Field):
    """A region code in a request body (dots optional), turned into a Region."""

    default_error_messages = {"invalid": _("Give a region code as text, e.g. 53.01.")}

    def to_internal_value(self, data: Any) -> Region:
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        try:
            return find_region(str(data).strip())
        except UnknownRegion as exc:
            raise serializers.ValidationError(str(exc), code=exc.reason) from exc

    def to_representation(self, value: Any) -> str:
        return str(value.code if isinstance(value, Region) else value)


class RegionSerializer(ModelSerializer):
    """A region without its boundary (for lists)."""

    # DRF moves declared fields off the class, so this does not clash with Field.parent.
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent_id", allow_null=True, read_only=True
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail", lookup_field="code")

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "kind",
            "kind_label",
            "level",
            "parent",
            "latitude",
            "longitude",
            "area_km2",
            "population",
            "population_male",
            "population_female",
            "is_active",
            "url",
        ]


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "GeoJSON geometry (Polygon/MultiPolygon); null when no boundary is loaded",
    }
)
class GeometryField(serializers.JSONField):
    """A GeoJSON geometry."""


class RegionDetailSerializer(RegionSerializer):
    """A region with its boundary as GeoJSON, its bounding box and its ancestry."""

    geometry = GeometryField(source="boundary", read_only=True)
    bbox = serializers.JSONField(read_only=True)
    ancestors = serializers.SerializerMethodField()
    children_count = serializers.SerializerMethodField()

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "ancestors", "children_count", "bbox", "geometry"]

    def get_ancestors(self, region: Region) -> list[dict[str, str]]:
        return [{"code": r.code, "name": r.name} for r in region.ancestors()]

    def get_children_count(self, region: Region) -> int:
        return region.children.count()


class RegionFilter(django_filters.FilterSet):
    """Filters of the regions list."""

    level = django_filters.TypedChoiceFilter(
        choices=Level.choices, coerce=int, label=_("Level (1 province … 4 village)")
    )
    parent = django_filters.CharFilter(method="filter_parent", label=_("Parent region code"))
    code_prefix = django_filters.CharFilter(method="filter_prefix", label=_("Code starts with"))
    region = django_filters.CharFilter(method="filter_region", label=_("Within region (subtree)"))
    q = django_filters.CharFilter(method="filter_text", label=_("Name or code contains"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("In the current edition"))

    class Meta:
        model = Region
        fields: list[str] = []

    def filter_parent(self, queryset: Any, name: str, value: str) -> Any:
        """Direct children of a region (404 for an unknown region)."""
        return queryset.filter(parent=region_or_404(value))

    def filter_prefix(self, queryset: Any, name: str, value: str) -> Any:
        """Regions whose dotted code starts with the text."""
        text = value.strip()
        if text.isdigit() and codes.is_code(text):
            text = codes.normalize(text)
        return queryset.filter(code__startswith=text)

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        """A region and everything inside it."""
        return queryset.within(region_or_404(value).code)

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Name contains the text, or the code starts with it."""
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value.strip()))


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, regencies/cities, sub-districts and villages. Reference data: readable by every
    signed-in user. Detail includes the boundary as GeoJSON."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    filterset_class = RegionFilter

    def get_queryset(self) -> Any:
        queryset = Region.objects.restrict(self.request.user, "view")
        if self.action == "list":
            queryset = queryset.defer("boundary", "bbox")
        return queryset

    def get_serializer_class(self) -> Any:
        return RegionDetailSerializer if self.action == "retrieve" else RegionSerializer

    def get_object(self) -> Region:
        region = region_or_404(self.kwargs["code"], Region.objects.all())
        self.check_object_permissions(self.request, region)
        return region

    @extend_schema(responses=RegionDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One region, with its boundary."""
        return super().retrieve(request, *args, **kwargs)


class StatisticSerializer(ModelSerializer):
    """One published figure of a region for a year, with its source."""

    region = serializers.CharField(source="region_id", read_only=True)

    class Meta:
        model = Statistic
        fields = ["region", "indicator", "year", "value", "source"]


class StatisticFilter(django_filters.FilterSet):
    """Statistics of a region's subtree, of one indicator, of a year."""

    region = django_filters.CharFilter(method="filter_region", label=_("Within region (subtree)"))
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices, label=_("Indicator"))
    year = django_filters.NumberFilter(
        field_name="year", label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    class Meta:
        model = Statistic
        fields: list[str] = []

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        """A region and everything inside it (404 for an unknown region)."""
        return queryset.filter(within_q("region__code", region_or_404(value).code))


class StatisticViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference statistics of regions (BPS poverty figures per year: P0, poor people in
    thousands, P1, P2, the poverty line), readable by every signed-in user
    (`?region=`, `?indicator=`, `?year=`)."""

    serializer_class = StatisticSerializer
    filterset_class = StatisticFilter
    queryset = Statistic.objects.order_by("region_id", "indicator", "year")
