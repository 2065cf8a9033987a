"""Filters of stakeholders, commitments and follow-up items, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.catalogues.choices import DisasterPhase
from tangguh.coordination.models import (
    ActionItem,
    ActionStatus,
    Commitment,
    Forum,
    Meeting,
    Pentahelix,
    Signatory,
    Stakeholder,
    SupportDelivery,
)
from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.filters import id_filter


class StakeholderFilter(RegionScopedFilterSet):
    """Stakeholders by region, pentahelix element and name."""

    category = django_filters.ChoiceFilter(
        choices=Pentahelix.choices, label=_("Pentahelix element")
    )
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Stakeholder
        fields: list[str] = []


class CommitmentFilter(RegionScopedFilterSet):
    """Commitments by region (the government that convened), year signed and text."""

    q = django_filters.CharFilter(method="filter_text", label=_("Title or text"))

    class Meta:
        model = Commitment
        fields: list[str] = []

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Commitments whose title or text contains the words."""
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))


class ActionFilter(RegionScopedFilterSet):
    """Follow-up items by region, year due, commitment, responsible party, status, phase, and
    whether they are overdue or stalled."""

    commitment = id_filter("commitment_id", _("Commitment (id)"))
    responsible = id_filter("responsible_id", _("Responsible party (id)"))
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    phase = django_filters.ChoiceFilter(choices=DisasterPhase.choices, label=_("Disaster phase"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    stalled = django_filters.BooleanFilter(method="filter_stalled", label=_("Stalled"))
    q = django_filters.CharFilter(method="filter_text", label=_("Issue or action"))

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def filter_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        """Open items past their deadline (or, with false, the others)."""
        if value is None:
            return queryset
        condition = ActionItem.overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_stalled(self, queryset: Any, name: str, value: bool | None) -> Any:
        """Open items without a recent progress update (or, with false, the others)."""
        if value is None:
            return queryset
        condition = ActionItem.stalled_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Items whose issue or action contains the words."""
        return queryset.filter(Q(issue__icontains=value) | Q(action__icontains=value))


class ForumFilter(RegionScopedFilterSet):
    """Forums by region and name."""

    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Forum
        fields: list[str] = []


class MeetingFilter(RegionScopedFilterSet):
    """Meetings by region (who convened), year held, forum and title."""

    forum = id_filter("forum_id", _("Forum (id)"))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))

    class Meta:
        model = Meeting
        fields: list[str] = []


class SupportFilter(RegionScopedFilterSet):
    """Support delivered by region (village subtree), year, programme and kind."""

    programme = id_filter("programme_id", _("Partner programme (id)"))
    kind = django_filters.ChoiceFilter(choices=SupportDelivery.Kind.choices, label=_("Kind"))

    class Meta:
        model = SupportDelivery
        fields: list[str] = []


class SignatoryFilter(RegionScopedFilterSet):
    """Signatories by region (of the commitment) and commitment."""

    commitment = id_filter("commitment_id", _("Commitment (id)"))

    class Meta:
        model = Signatory
        fields: list[str] = []
