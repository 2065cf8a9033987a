"""The change-log filter, shared by the change-log page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.models import ChangeRecord


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
