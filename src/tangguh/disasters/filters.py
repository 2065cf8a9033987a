"""Event filters, shared by the events page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.catalogues.models import HazardType
from tangguh.core.api import RegionScopedFilterSet
from tangguh.disasters.models import Event


class EventFilter(RegionScopedFilterSet):
    """Events by region (subtree), year, hazard (family or sub-type), dates, status, duplicates."""

    hazard = django_filters.ModelChoiceFilter(
        queryset=HazardType.objects.all(), method="filter_hazard", label=_("Hazard")
    )
    since = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("From"))
    until = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Until"))
    verification = django_filters.ChoiceFilter(
        choices=Event.Status.choices, label=_("Verification")
    )
    duplicates = django_filters.BooleanFilter(
        field_name="possible_duplicate_of",
        lookup_expr="isnull",
        exclude=True,
        label=_("Possible duplicates only"),
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_hazard(self, queryset: Any, name: str, value: HazardType) -> Any:
        """Events of a hazard and, for a family, of its sub-types."""
        return queryset.filter(Q(hazard=value) | Q(hazard__family=value))
