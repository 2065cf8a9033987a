"""Nomenclature pages: the editions, the tree of one government's list (opened with HTMX),
search as you type, one item's page, and the bidang an agency holds with what they imply.

The nomenclature is national reference data: every signed-in user may read it. Agencies shown
beside it are read through `Agency.objects.restrict(user, "view")` like everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.accounts.models import Agency
from tangguh.core.crud import record_for
from tangguh.core.views import query_text
from tangguh.nomenclature.loading import editions_summary
from tangguh.nomenclature.models import Edition, Government, Item, ItemQuerySet, Level
from tangguh.nomenclature.summaries import (
    SEARCH_LIMIT,
    TREE_FIELDS,
    current_edition,
    search_items,
)
from tangguh.regions.models import Level as RegionLevel

SUPPORT_BIDANG = "X.XX"


def register_navigation() -> None:
    """The main navigation's entry for the nomenclature (called from AppConfig.ready)."""
    from tangguh.core.nav import NavItem, register

    register(
        NavItem(gettext_lazy("Nomenclature"), "nomenclature:editions", order=75, group="planning")
    )


def _edition(name: str) -> Edition:
    """The edition `name` (reference data: 404 when there is none, for everyone)."""
    found = Edition.objects.filter(name=name).first()
    if found is None:
        raise Http404(_("There is no such edition of the nomenclature."))
    return found


def _government(request: HttpRequest) -> str:
    """The government asked for; regencies/cities unless the province is asked for."""
    asked = query_text(request, "government")
    return asked if asked in Government.values else Government.KABKOTA


def _show_all(request: HttpRequest) -> bool:
    """True when items reserved for special regions are to be shown as well."""
    return query_text(request, "all") == "1"


def _items(edition: Edition, government: str, show_all: bool) -> ItemQuerySet:
    items = Item.objects.filter(edition=edition, government=government)
    return items if show_all else items.filter(offered=True)


def _with_child_counts(items: ItemQuerySet, show_all: bool) -> ItemQuerySet:
    counted = Q() if show_all else Q(children__offered=True)
    return items.only(*TREE_FIELDS).annotate(child_count=Count("children", filter=counted))


@login_required
def editions(request: HttpRequest) -> HttpResponse:
    """The editions loaded, with how many sub-activities each government's list offers."""
    summary = editions_summary(Edition.objects.all())
    for row in summary:
        row["reserved"] = (
            row["edition"].items.filter(level=Level.SUB_KEGIATAN, offered=False).count()
        )
    context = {"summary": summary, "governments": Government.choices}
    return render(request, "nomenclature/editions.html", context)


def _browse_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:
    government = _government(request)
    show_all = _show_all(request)
    query = query_text(request, "q")
    items = _items(edition, government, show_all)
    return {
        "edition": edition,
        "government": government,
        "government_label": Government(government).label,
        "governments": Government.choices,
        "show_all": show_all,
        "query": query,
        "results": search_items(items, query) if query else None,
        "limit": SEARCH_LIMIT,
    }


@login_required
def edition(request: HttpRequest, edition: str) -> HttpResponse:
    """One edition as a tree (urusan → bidang → program → kegiatan → sub-kegiatan) for one
    government, with search as you type."""
    found = _edition(edition)
    context = _browse_context(request, found)
    roots = _items(found, context["government"], context["show_all"]).filter(level=Level.URUSAN)
    context["roots"] = _with_child_counts(roots, context["show_all"]).order_by("code")
    return render(request, "nomenclature/edition.html", context)


@login_required
def search(request: HttpRequest, edition: str) -> HttpResponse:
    """Search results as a fragment (HTMX, as you type)."""
    context = _browse_context(request, _edition(edition))
    return render(request, "nomenclature/_results.html", context)


def _item(edition: str, government: str, level: str, code: str) -> Item:
    if government not in Government.values or level not in Level.values:
        raise Http404(_("There is no such item in the nomenclature."))
    found = (
        Item.objects.select_related("edition", "parent")
        .filter(edition__name=edition, government=government, level=level, code=code)
        .first()
    )
    if found is None:
        raise Http404(_("There is no such item in the nomenclature."))
    return found


@login_required
def children(
    request: HttpRequest, edition: str, government: str, level: str, code: str
) -> HttpResponse:
    """One level of the tree under an item (a fragment loaded when a node is opened)."""
    parent = _item(edition, government, level, code)
    show_all = _show_all(request)
    kids = parent.children.all() if show_all else parent.children.filter(offered=True)
    context = {
        "children": _with_child_counts(kids, show_all).order_by("code"),
        "edition": parent.edition,
        "show_all": show_all,
    }
    return render(request, "nomenclature/_tree_children.html", context)


def _holding_agencies(user: Any, item: Item) -> list[Agency] | None:
    """The agencies the user may see that hold the item's bidang (None: every agency does, for
    the support programme X.XX)."""
    if item.bidang == SUPPORT_BIDANG or item.level == Level.URUSAN:
        return None
    level = RegionLevel.PROVINCE if item.government == Government.PROVINSI else RegionLevel.REGENCY
    visible = (
        Agency.objects.restrict(user, "view")
        .filter(region__level=level)
        .select_related("region")
        .order_by("region_id", "name")
    )
    return [a for a in visible if item.bidang in (a.bidang_codes or [])]


@login_required
def item(
    request: HttpRequest, edition: str, government: str, level: str, code: str
) -> HttpResponse:
    """One item: output, indicator and unit, tags, SPM, implementer, operational definition,
    parents, children, the agencies that hold its bidang and its counterpart in other editions."""
    found = _item(edition, government, level, code)
    show_all = _show_all(request)
    kids = found.children.all() if show_all else found.children.filter(offered=True)
    others = Edition.objects.exclude(pk=found.edition_id)
    context = {
        "item": found,
        "edition": found.edition,
        "ancestors": found.ancestors(),
        "children": _with_child_counts(kids, show_all).order_by("code"),
        "show_all": show_all,
        "agencies": _holding_agencies(request.user, found),
        "counterparts": [(other, found.counterpart_in(other)) for other in others],
    }
    return render(request, "nomenclature/item.html", context)


@dataclass(frozen=True)
class HeldBidang:
    """One bidang urusan an agency holds, as found in an edition."""

    code: str
    item: Item | None
    sub_activities: int


def _held_bidang(agency: Agency, found: Edition, government: str) -> list[HeldBidang]:
    codes = sorted({str(code) for code in agency.bidang_codes or []})
    bidang_items = {
        i.code: i
        for i in Item.objects.filter(
            edition=found, government=government, level=Level.BIDANG, code__in=codes
        ).annotate(child_count=Count("children", filter=Q(children__offered=True)))
    }
    rows = (
        Item.objects.offered(government)
        .sub_activities()
        .filter(edition=found, bidang__in=codes)
        .values("bidang")
        .annotate(n=Count("id"))
    )
    counts = {row["bidang"]: row["n"] for row in rows}
    return [HeldBidang(code, bidang_items.get(code), counts.get(code, 0)) for code in codes]


@login_required
def agency_bidang(request: HttpRequest, pk: int) -> HttpResponse:
    """The bidang urusan an agency holds, their names and the sub-activities they imply (a
    section of the agency's page loaded with HTMX; a page of its own otherwise)."""
    agency = record_for(request, Agency.objects.select_related("region"), pk, "view")
    asked = query_text(request, "edition")
    found = _edition(asked) if asked else current_edition()
    government = (
        Government.PROVINSI if agency.region.level == RegionLevel.PROVINCE else Government.KABKOTA
    )
    context = {
        "agency": agency,
        "edition": found,
        "editions": Edition.objects.all(),
        "government": government,
        "held": _held_bidang(agency, found, government) if found else [],
        "support": (
            Item.objects.filter(
                edition=found, government=government, level=Level.BIDANG, code=SUPPORT_BIDANG
            ).first()
            if found
            else None
        ),
    }
    template = "nomenclature/_agency_bidang.html"
    if not request.htmx:  # type: ignore[attr-defined]
        template = "nomenclature/agency_bidang.html"
    return render(request, template, context)
