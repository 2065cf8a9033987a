"""Filters for agencies and memberships, shared by pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tangguh.core.api import RegionScopedFilterSet
from tangguh.core.scope import Role

from .models import Agency, Membership


class AgencyFilter(RegionScopedFilterSet):
    """Agencies by region, year in force, and name or code."""

    q = django_filters.CharFilter(method="filter_text", label=_("Name or code"))

    class Meta:
        model = Agency
        fields: list[str] = []

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        """Agencies whose name, short name or code contains the text."""
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value)
        )


class MembershipFilter(RegionScopedFilterSet):
    """Memberships by region, user and role."""

    user = django_filters.CharFilter(
        field_name="user__username", lookup_expr="icontains", label=_("User")
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = Membership
        fields: list[str] = []
