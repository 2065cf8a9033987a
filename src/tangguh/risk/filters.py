"""Filters of risk profiles and climate vulnerability, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.catalogues.models import HazardType
from tangguh.core.api import RegionScopedFilterSet
from tangguh.risk.choices import ClimateClass, RiskBasis, RiskLevel
from tangguh.risk.models import ClimateVulnerability, RiskMethodVersion, RiskProfile, RiskScore


class RiskProfileFilter(RegionScopedFilterSet):
    """Profiles by region (subtree), year, hazard (family or sub-type), risk class, method."""

    hazard = django_filters.ModelChoiceFilter(
        queryset=HazardType.objects.all(), method="filter_hazard", label=_("Hazard")
    )
    risk_class = django_filters.ChoiceFilter(choices=RiskLevel.choices, label=_("Risk class"))
    basis = django_filters.ChoiceFilter(choices=RiskBasis.choices, label=_("Basis"))
    method = django_filters.ModelChoiceFilter(
        queryset=RiskMethodVersion.objects.all(),
        to_field_name="version",
        label=_("Method version"),
    )

    class Meta:
        model = RiskProfile
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.required = False

    def filter_hazard(self, queryset: Any, name: str, value: HazardType) -> Any:
        """Profiles of a hazard and, for a family, of its sub-types."""
        return queryset.filter(Q(hazard=value) | Q(hazard__family=value))


class ClimateVulnerabilityFilter(RegionScopedFilterSet):
    """Climate vulnerability by region (subtree), year and class."""

    vulnerability_class = django_filters.ChoiceFilter(
        choices=ClimateClass.choices, label=_("Climate vulnerability class")
    )

    class Meta:
        model = ClimateVulnerability
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.required = False


class RiskScoreFilter(RegionScopedFilterSet):
    """IRBI scores by region (subtree), year, hazard, or all hazards together."""

    hazard = django_filters.ModelChoiceFilter(queryset=HazardType.objects.all(), label=_("Hazard"))
    all_hazards = django_filters.BooleanFilter(
        field_name="hazard", lookup_expr="isnull", label=_("All hazards together")
    )

    class Meta:
        model = RiskScore
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.required = False
