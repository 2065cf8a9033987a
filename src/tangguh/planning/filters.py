"""Filters of the planning records (calendar stages, partner programmes, proposals, work-plan
items), shared by the API and the list pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.core import textsearch
from tangguh.core.api import RegionScopedFilterSet, region_or_404
from tangguh.core.filters import id_filter
from tangguh.core.scope import within_q
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    PlanningStage,
    Proposal,
    SourceKind,
    Stage,
    TrailLevel,
    WorkPlanItem,
    WorkPlanStatus,
    WrongSuggestion,
)


class StageFilter(RegionScopedFilterSet):
    """Calendar stages by regency/city, budget year and stage."""

    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))

    class Meta:
        model = PlanningStage
        fields: list[str] = []


class ProgrammeFilter(RegionScopedFilterSet):
    """Partner programmes by region, year (working then) and name or partner."""

    q = django_filters.CharFilter(method="filter_text", label=_("Name or partner"))

    class Meta:
        model = PartnerProgramme
        fields: list[str] = []

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """Programmes working in a year."""
        return queryset.filter(first_year__lte=value).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=value)
        )

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Programmes whose name or partner contains the text."""
        return queryset.filter(Q(name__icontains=value) | Q(partner__icontains=value))


# Words of a text query that count (a pasted paragraph must not build a query too deep to run).
MAX_WORDS = 8


class ProposalFilter(RegionScopedFilterSet):
    """Proposals by location (subtree), budget year, source, decision, agency, stage reached,
    partner programme, livelihood tag (a commodity) and text."""

    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Source"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("Decision"))
    agency = id_filter("agency_id", _("Agency (id)"))
    stage = django_filters.ChoiceFilter(choices=TrailLevel.choices, label=_("Reached"))
    partner_programme = id_filter("partner_programme_id", _("Partner programme (id)"))
    livelihood = django_filters.CharFilter(
        field_name="livelihood_commodity", lookup_expr="iexact", label=_("Livelihood tag")
    )
    q = django_filters.CharFilter(
        method="filter_text", label=_("Title, description, problem or reference")
    )

    class Meta:
        model = Proposal
        fields: list[str] = []

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Proposals whose title, description, problem or reference contains every word (the
        first MAX_WORDS words, each cut to 100 characters)."""
        condition = Q()
        for word in value.split()[:MAX_WORDS]:
            word = word[:100]
            condition &= textsearch.contains(Proposal, word)
        return queryset.filter(condition)


class WorkPlanItemFilter(RegionScopedFilterSet):
    """Work-plan items by agency, region (the government or a location within it), budget year,
    status, funding source and sub-activity code."""

    agency = id_filter("agency_id", _("Agency (id)"))
    status = django_filters.ChoiceFilter(choices=WorkPlanStatus.choices, label=_("Status"))
    sub_activity = django_filters.CharFilter(
        field_name="sub_activity__code",
        lookup_expr="startswith",
        label=_("Sub-activity code (or its start)"),
    )

    class Meta:
        model = WorkPlanItem
        fields: list[str] = []

    def filter_region(self, queryset: Any, name: str, value: str) -> Any:
        """Items of a government within the region, or with a location within it."""
        inside = super().filter_region(queryset, name, value)
        code = region_or_404(value).code
        located = queryset.filter(within_q("locations__code", code))
        return (inside | located).distinct()


class WrongSuggestionFilter(RegionScopedFilterSet):
    """Suggestions marked wrong by regency/city, year marked, proposal and sub-activity code."""

    proposal = id_filter("proposal_id", _("Proposal (id)"))
    code = django_filters.CharFilter(field_name="sub_activity__code", label=_("Sub-activity"))

    class Meta:
        model = WrongSuggestion
        fields: list[str] = []

    def filter_year(self, queryset: Any, name: str, value: int) -> Any:
        """Marks made in a calendar year."""
        return queryset.filter(created_at__year=value)
