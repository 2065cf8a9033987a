"""Filters of households and targets, shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.filters import id_filter
from tangguh.poverty.models import (
    Beneficiary,
    Finding,
    FundLoan,
    FundRepayment,
    Household,
    Livelihood,
    Programme,
    ProgrammeOutput,
    RevolvingFund,
    Target,
)


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
        return queryset.filter(Household.id_starts_q(value.strip()))


class TargetFilter(RegionScopedFilterSet):
    """Targets by region (subtree), year (still ahead) and measure."""

    measure = django_filters.ChoiceFilter(choices=Target.Measure.choices, label=_("Measure"))

    class Meta:
        model = Target
        fields = ["region", "year", "measure"]


class ProgrammeFilter(RegionScopedFilterSet):
    """Programmes by region (subtree), kind and livelihood tag."""

    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, label=_("Kind"))
    livelihood = django_filters.CharFilter(lookup_expr="iexact", label=_("Livelihood tag"))

    class Meta:
        model = Programme
        fields = ["region", "kind", "livelihood"]

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """Every programme is listed whatever the year (its beneficiaries are per year)."""
        return queryset


class BeneficiaryFilter(RegionScopedFilterSet):
    """Beneficiaries by region (the household's village), year and programme."""

    programme = django_filters.NumberFilter(field_name="programme_id", label=_("Programme"))

    class Meta:
        model = Beneficiary
        fields = ["region", "year", "programme"]


class FundFilter(RegionScopedFilterSet):
    """Revolving funds by region (subtree), programme and name."""

    programme = id_filter("programme_id", _("Programme (id)"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = RevolvingFund
        fields: list[str] = []

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """A fund runs over the years (its loans are dated)."""
        return queryset


class LoanFilter(RegionScopedFilterSet):
    """Loans by region, year issued and fund."""

    fund = id_filter("fund_id", _("Revolving fund (id)"))

    class Meta:
        model = FundLoan
        fields: list[str] = []


class RepaymentFilter(RegionScopedFilterSet):
    """Repayments by region, year paid and loan."""

    loan = id_filter("loan_id", _("Loan (id)"))

    class Meta:
        model = FundRepayment
        fields: list[str] = []


class OutputFilter(RegionScopedFilterSet):
    """Programme outputs by region, year, quarter and programme."""

    programme = id_filter("programme_id", _("Programme (id)"))
    quarter = django_filters.NumberFilter(label=_("Quarter"), min_value=1, max_value=4)

    class Meta:
        model = ProgrammeOutput
        fields: list[str] = []


class FindingFilter(RegionScopedFilterSet):
    """Findings by region, year found, programme, status and whether overdue."""

    programme = id_filter("programme_id", _("Programme (id)"))
    status = django_filters.ChoiceFilter(choices=Finding.Status.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"))

    class Meta:
        model = Finding
        fields: list[str] = []

    def filter_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        """Follow-ups past their date and not done (or, `false`, the others)."""
        if value is None:
            return queryset
        overdue = Finding.overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class LivelihoodFilter(RegionScopedFilterSet):
    """Livelihood potentials by region (subtree), sector and commodity."""

    sector = django_filters.ChoiceFilter(choices=Livelihood.Sector.choices, label=_("Sector"))
    q = django_filters.CharFilter(
        field_name="commodity", lookup_expr="icontains", label=_("Commodity")
    )

    class Meta:
        model = Livelihood
        fields: list[str] = []

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """Potentials are not dated."""
        return queryset
