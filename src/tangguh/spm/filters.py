"""Filters of SPM service records and quarterly figures, shared by the list page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.filters import id_filter
from tangguh.spm.choices import Service
from tangguh.spm.models import QuarterReport, ServiceRecord


class RecordFilter(RegionScopedFilterSet):
    """Service records by region (subtree), year and service."""

    service = django_filters.ChoiceFilter(choices=Service.choices, label=_("Service"))

    class Meta:
        model = ServiceRecord
        fields: list[str] = []


class QuarterFilter(RegionScopedFilterSet):
    """Quarterly figures by region, year, record, service and quarter."""

    record = id_filter("record_id", _("SPM service record (id)"))
    service = django_filters.ChoiceFilter(
        field_name="record__service", choices=Service.choices, label=_("Service")
    )
    quarter = django_filters.ChoiceFilter(
        choices=[(q, str(q)) for q in (1, 2, 3, 4)], label=_("Quarter")
    )

    class Meta:
        model = QuarterReport
        fields: list[str] = []
