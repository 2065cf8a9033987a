"""Filters of households and targets, shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.poverty.models import Beneficiary, Household, Programme, Target


class HouseholdFilter(RegionScopedFilterSet):
    """Households by region (subtree), year, decile, sex of the head, synthetic, id."""

    decile = django_filters.NumberFilter(label=_("DTSEN decile"), min_value=1, max_value=10)
    decile_max = django_filters.NumberFilter(
        field_name="decile", lookup_expr="lte", label=_("Decile at most"), min_value=1, max_value=10
    )
    head_sex = django_filters.ChoiceFilter(
        choices=Household._meta.get_field("head_sex").choices, label=_("Sex of the head")
    )
    below = django_filters.NumberFilter(
        field_name="expenditure_per_capita",
        lookup_expr="lt",
        label=_("Expenditure per person below (Rp)"),
        min_value=0,
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Household id"))

    class Meta:
        model = Household
        fields = ["region", "year", "decile", "decile_max", "head_sex", "below", "q"]

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Households whose id starts with the text (identifiers are never searched)."""
        return queryset.filter(household_id__istartswith=value.strip())


class TargetFilter(RegionScopedFilterSet):
    """Targets by region (subtree), year (still ahead) and measure."""

    measure = django_filters.ChoiceFilter(choices=Target.Measure.choices, label=_("Measure"))

    class Meta:
        model = Target
        fields = ["region", "year", "measure"]


class ProgrammeFilter(RegionScopedFilterSet):
    """Programmes by region (subtree), kind and code."""

    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, label=_("Kind"))

    class Meta:
        model = Programme
        fields = ["region", "kind"]

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """Every programme is listed whatever the year (its beneficiaries are per year)."""
        return queryset


class BeneficiaryFilter(RegionScopedFilterSet):
    """Beneficiaries by region (the household's village), year and programme."""

    programme = django_filters.NumberFilter(field_name="programme_id", label=_("Programme"))

    class Meta:
        model = Beneficiary
        fields = ["region", "year", "programme"]
