"""The filter of assessments, shared by the list page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.resilience.models import Assessment, Instrument, Status


class AssessmentFilter(RegionScopedFilterSet):
    """Assessments by region (subtree), year, instrument, status and class."""

    instrument = django_filters.ModelChoiceFilter(
        queryset=Instrument.objects.all(), to_field_name="code", label=_("Instrument")
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    klass = django_filters.CharFilter(label=_("Class"))

    class Meta:
        model = Assessment
        fields: list[str] = []
