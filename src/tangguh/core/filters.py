"""The change-log filter, shared by the change-log page and the API, and the id filter of every
filterset."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.models import ChangeRecord

# Ids are positive 64-bit integers; anything else cannot name a record (and must not crash).
MAX_ID = 2**63 - 1


def id_filter(field_name: str, label: Any) -> django_filters.NumberFilter:
    """A filter on a record id that treats out-of-range numbers as invalid input."""
    return django_filters.NumberFilter(
        field_name=field_name, label=label, min_value=1, max_value=MAX_ID
    )


class ChangeFilter(RegionScopedFilterSet):
    """Filter changes by user, region (subtree), record type, record, action and dates."""

    user = django_filters.CharFilter(field_name="actor_name", lookup_expr="iexact", label=_("User"))
    model = django_filters.CharFilter(field_name="model", label=_("Record type"))
    object_id = django_filters.CharFilter(field_name="object_id", label=_("Record id"))
    action = django_filters.ChoiceFilter(choices=ChangeRecord.Action.choices, label=_("Action"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Until"))

    class Meta:
        model = ChangeRecord
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.required = False
