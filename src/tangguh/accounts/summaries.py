"""Read models of the accounts app that other parts of tangguh may use: a region's agencies and
agency search."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.models import Agency
from tangguh.core.registry import Fact, SearchHit
from tangguh.regions import codes


def region_facts(user: Any, code: str) -> list[Fact]:
    """The agencies of a government (the province or a regency/city) the user may see."""
    if codes.level_of(code) > 2:
        return []
    agencies = list(Agency.objects.restrict(user, "view").filter(region_id=code).order_by("name"))
    if not agencies:
        return []
    listing = f"{reverse('accounts:agency-list')}?{urlencode({'region': code})}"
    facts = [Fact(_("Agencies registered"), len(agencies), url=listing)]
    facts += [Fact(a.short_name or a.code, a.name, url=a.get_absolute_url()) for a in agencies]
    return facts


def search_agencies(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Agencies the user may see whose name, short name or code contains the text."""
    found = (
        Agency.objects.restrict(user, "view")
        .filter(Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__icontains=text))
        .select_related("region")
        .only("name", "short_name", "code", "region__name")
        .order_by("region_id", "name")
    )
    return [
        SearchHit(a.name, a.get_absolute_url(), f"{a.short_name or a.code} · {a.region.name}")
        for a in found[:limit]
    ]
