"""API of the nomenclature: editions and their items (reference data every signed-in user may
read), registered in tangguh/api_urls.py through ROUTES.

- `/api/v1/nomenclature-editions/` and `/api/v1/nomenclature-editions/{name}/`
- `/api/v1/nomenclature-items/` (`?edition=`, `?government=`, `?level=`, `?parent=`, `?bidang=`,
  `?offered=`, `?q=` a code or words) and `/api/v1/nomenclature-items/{id}/` with its ancestors
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from tangguh.core.api import ModelSerializer
from tangguh.nomenclature.models import Edition, Government, Item, Level
from tangguh.nomenclature.summaries import matching


def choice_field(
    choices: type[models.Choices], description: str = "", **kwargs: Any
) -> serializers.ChoiceField:
    """A choice field documented by a pattern rather than an enum: drf-spectacular names enums by
    field name, and the same name (status, level, stage) means other choices in other apps."""
    values = [str(value) for value in choices.values]
    blank = "" in values
    pattern = (
        "^(" + "|".join(re.escape(v) for v in values if v) + ")" + ("?" if blank else "") + "$"
    )
    text = "One of: " + ", ".join(v for v in values if v) + (", or empty" if blank else "") + "."
    schema = {"type": "string", "pattern": pattern, "description": f"{description} {text}".strip()}
    field_class = extend_schema_field(schema)(
        type(f"{choices.__name__}Field", (serializers.ChoiceField,), {})
    )
    if blank:
        kwargs.setdefault("allow_blank", True)
    field: serializers.ChoiceField = field_class(choices=choices.choices, **kwargs)
    return field


class EditionSerializer(ModelSerializer):
    """A nomenclature edition; provisional editions are not yet enacted."""

    class Meta:
        model = Edition
        fields = [
            "name",
            "title",
            "budget_year",
            "legal_basis",
            "source",
            "provisional",
            "loaded_at",
        ]


class EditionDetailSerializer(EditionSerializer):
    """An edition with how many items each government's list holds, by level."""

    counts = serializers.SerializerMethodField()

    class Meta(EditionSerializer.Meta):
        fields = [*EditionSerializer.Meta.fields, "counts"]

    @extend_schema_field(
        {
            "type": "object",
            "description": "Per government (kabkota, provinsi): items usable by NTT per level.",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
            },
        }
    )
    def get_counts(self, edition: Edition) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {g: dict.fromkeys(Level.values, 0) for g in Government}
        rows = (
            edition.items.filter(offered=True)
            .values_list("government", "level")
            .annotate(n=models.Count("id"))
        )
        for government, level, number in rows:
            counts.setdefault(government, {})[level] = number
        return counts


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Editions of the national programme / activity / sub-activity nomenclature."""

    queryset = Edition.objects.all()
    permission_classes = [IsAuthenticated]
    lookup_field = "name"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends: list[Any] = []

    def get_serializer_class(self) -> Any:
        return EditionDetailSerializer if self.action == "retrieve" else EditionSerializer

    @extend_schema(responses=EditionDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One edition with its item counts."""
        return super().retrieve(request, *args, **kwargs)


class ItemFilter(django_filters.FilterSet):
    """Items by edition, government, level, parent, bidang urusan and code or words."""

    edition = django_filters.ModelChoiceFilter(
        queryset=Edition.objects.all(), to_field_name="name", label=_("Edition (its name)")
    )
    government = django_filters.ChoiceFilter(choices=Government.choices, label=_("Government"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent code"))
    bidang = django_filters.CharFilter(field_name="bidang", label=_("Field of affairs (e.g. 1.05)"))
    offered = django_filters.BooleanFilter(
        field_name="offered", label=_("Usable by NTT (not reserved for special regions)")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Code (or its start) or words"))

    class Meta:
        model = Item
        fields: list[str] = []

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Items by code prefix or by every word in the name."""
        return matching(queryset, value)


class ItemSerializer(ModelSerializer):
    """One code of the classification (urusan, bidang, programme, activity, sub-activity);
    sub-activities carry the standard output, indicator and unit."""

    edition = serializers.CharField(source="edition.name", read_only=True)
    government = choice_field(Government, "Whose list: regency/city or province.")
    level = choice_field(Level)
    parent_code = serializers.CharField(
        source="parent.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Item
        fields = [
            "id",
            "edition",
            "government",
            "level",
            "code",
            "name",
            "parent",
            "parent_code",
            "bidang",
            "offered",
            "output",
            "indicator",
            "unit",
            "tags",
            "spm",
            "kind",
            "implementer",
            "previous_code",
            "previous_name",
            "definition",
        ]
        read_only_fields = fields


class ItemRefSerializer(ModelSerializer):
    """An item named by id, level, code and name."""

    level = choice_field(Level)

    class Meta:
        model = Item
        fields = ["id", "level", "code", "name"]
        read_only_fields = fields


class ItemDetailSerializer(ItemSerializer):
    """An item with its ancestors (from the urusan down) and its children."""

    ancestors = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "ancestors", "children"]
        read_only_fields = fields

    @extend_schema_field(ItemRefSerializer(many=True))
    def get_ancestors(self, item: Item) -> Any:
        return ItemRefSerializer(item.ancestors(), many=True).data

    @extend_schema_field(ItemRefSerializer(many=True))
    def get_children(self, item: Item) -> Any:
        return ItemRefSerializer(item.children.order_by("code"), many=True).data


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Items of the nomenclature: `?edition=2027&government=kabkota&level=sub_kegiatan`,
    `?parent=CODE` (its children), `?bidang=1.05`, `?offered=true`, `?q=` (a code or its start,
    or words that must all appear in the name). Detail adds the ancestors and children."""

    queryset = Item.objects.select_related("edition", "parent")
    permission_classes = [IsAuthenticated]
    filterset_class = ItemFilter
    lookup_field = "pk"

    def get_serializer_class(self) -> Any:
        return ItemDetailSerializer if self.action == "retrieve" else ItemSerializer

    @extend_schema(responses=ItemDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One item with its ancestors and children."""
        return super().retrieve(request, *args, **kwargs)


ROUTES: list = [  # (prefix, viewset, basename)
    ("nomenclature-editions", EditionViewSet, "nomenclature-edition"),
    ("nomenclature-items", ItemViewSet, "nomenclature-item"),
]
