"""What became of a village's (or sub-district's) proposals, year by year, readable on a phone;
and the proposals section of a region's page."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.views import query_text
from tangguh.planning.models import Outcome, Proposal, ProposalLink
from tangguh.regions.models import Level, Region


def _visible_region(request: HttpRequest, code: str) -> Region:
    """A region of which the user may see some part."""
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    return region


def _village_proposals(request: HttpRequest, region: Region) -> QuerySet[Proposal]:
    """The proposals of a region with what became of them."""
    links = ProposalLink.objects.select_related("item__agency", "item__sub_activity", "location")
    return (
        Proposal.objects.restrict(request.user, "view")
        .within(region.code)
        .select_related(
            "region", "agency", "sub_activity", "partner_programme", "carried_to", "carried_from"
        )
        .prefetch_related(Prefetch("links", queryset=links), "recommendations")
        .order_by("-year", "priority", "id")
    )


@login_required
def village_proposals(request: HttpRequest, code: str) -> HttpResponse:
    """What became of a village's (or sub-district's) proposals, year by year, readable on a
    phone: the decision, the agency and sub-activity, the budget and location that answer it,
    and the reasons."""
    region = _visible_region(request, code)
    if region.level < Level.DISTRICT:
        return redirect(reverse("planning:proposals") + "?" + urlencode({"region": region.code}))
    proposals = _village_proposals(request, region)
    years = list(proposals.order_by().values_list("year", flat=True).distinct())
    raw_year = query_text(request, "year")
    year = int(raw_year) if re.fullmatch(r"[0-9]{1,4}", raw_year) else None
    if year is not None:
        proposals = proposals.filter(year=year)
    page = page_of(request, proposals)
    add_url = None
    if user_scope(request.user, "add").covers(region.code):
        add_url = reverse("planning:proposal-add") + "?" + urlencode({"region": region.code})
    context = {
        "region": region,
        "ancestors": region.ancestors(),
        "page": page,
        "years": sorted(set(years), reverse=True),
        "year": year,
        "add_url": add_url,
        "undecided": Outcome.UNDECIDED,
    }
    return render(request, "planning/proposals/village.html", context)


@login_required
def village_proposals_section(request: HttpRequest, code: str) -> HttpResponse:
    """The proposals of a region for its page (a fragment; empty outside one's regions)."""
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        return HttpResponse("")
    proposals = Proposal.objects.restrict(request.user, "view").within(region.code)
    latest = proposals.order_by("-year").values_list("year", flat=True).first()
    counts: dict[str, int] = {}
    recent: list[Proposal] = []
    if latest is not None:
        of_year = proposals.filter(year=latest)
        counts = dict(of_year.values_list("outcome").annotate(n=Count("id")).order_by())
        if region.level >= Level.DISTRICT:
            recent = list(of_year.select_related("region").order_by("priority", "id")[:8])
    context = {
        "region": region,
        "year": latest,
        "counts": [(o.label, counts.get(o.value, 0)) for o in Outcome if counts.get(o.value)],
        "total": sum(counts.values()),
        "recent": recent,
        "page_url": (
            reverse("planning:village-proposals", args=[region.code])
            if region.level >= Level.DISTRICT
            else reverse("planning:proposals") + "?" + urlencode({"region": region.code})
        ),
    }
    return render(request, "planning/proposals/_region_section.html", context)
