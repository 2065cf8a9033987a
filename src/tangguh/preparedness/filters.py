"""Filters of plans, teams and their items, shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.catalogues.models import HazardType
from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.filters import id_filter
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)


def _hazard_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        queryset=HazardType.objects.all(),
        method="filter_hazard",
        label=_("Hazard"),
    )


class HazardFilterMixin:
    """`?hazard=KEY`: records of a hazard and, for a family, of its sub-types."""

    def filter_hazard(self, queryset: Any, name: str, value: HazardType) -> Any:
        """Records of the hazard or of its sub-types."""
        return queryset.filter(Q(hazard=value) | Q(hazard__family=value))


class PlanFilter(HazardFilterMixin, RegionScopedFilterSet):
    """Plans by region (subtree), year (drawn up or in force), hazard, status, in force, text."""

    hazard = _hazard_filter()
    status = django_filters.ChoiceFilter(choices=ContingencyPlan.Status.choices, label=_("Status"))
    in_force = django_filters.BooleanFilter(
        method="filter_in_force",
        label=_("In force (in the year chosen, or this year)"),
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Title or legal basis"))

    class Meta:
        model = ContingencyPlan
        fields: list[str] = []

    def filter_in_force(self, queryset: Any, name: str, value: bool | None) -> Any:
        """Plans in force (or not) in the chosen year, this year when none is chosen."""
        if value is None:
            return queryset
        year = self.form.cleaned_data.get("year") or timezone.localdate().year
        condition = ContingencyPlan.in_force_q(int(year))
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Plans whose title or legal basis contains the text."""
        return queryset.filter(Q(title__icontains=value) | Q(legal_basis__icontains=value))


class TeamFilter(RegionScopedFilterSet):
    """Teams by region (subtree), year (existing then), kind and name."""

    kind = django_filters.ChoiceFilter(choices=PreparednessTeam.Kind.choices, label=_("Kind"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = PreparednessTeam
        fields: list[str] = []


class ExerciseFilter(RegionScopedFilterSet):
    """Exercises by region, year held, plan and kind."""

    plan = id_filter("plan_id", _("Contingency plan (id)"))
    kind = django_filters.ChoiceFilter(choices=Exercise.Kind.choices, label=_("Kind"))

    class Meta:
        model = Exercise
        fields: list[str] = []


class TeamItemFilter(RegionScopedFilterSet):
    """Items of teams by region, year and team."""

    team = id_filter("team_id", _("Preparedness team (id)"))


class TrainingFilter(TeamItemFilter):
    """Trainings by region, year held and team."""

    class Meta:
        model = Training
        fields: list[str] = []


class EquipmentFilter(TeamItemFilter):
    """Equipment by region, year held, team and condition."""

    condition = django_filters.ChoiceFilter(
        choices=Equipment.Condition.choices, label=_("Condition")
    )

    class Meta:
        model = Equipment
        fields: list[str] = []


class ActivationFilter(HazardFilterMixin, TeamItemFilter):
    """Activations by region, year, team and hazard."""

    hazard = _hazard_filter()

    class Meta:
        model = Activation
        fields: list[str] = []
