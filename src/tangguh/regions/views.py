"""Region browser: search as you type, the tree, a region's page with its map, and loading files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from tangguh.core.api import region_or_404
from tangguh.core.importing.uploads import start_import
from tangguh.core.nav import region_sections
from tangguh.core.registry import region_summaries
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.regions import codes
from tangguh.regions.forms import RegionLoadForm
from tangguh.regions.models import Indicator, Kind, Level, Region, Statistic

SEARCH_LIMIT = 30
LIGHT_FIELDS = ("code", "name", "kind", "level", "parent_id", "population", "area_km2", "is_active")


def _search(text: str) -> list[Region]:
    results = Region.objects.search(text).only(*LIGHT_FIELDS).select_related("parent")
    ordered = results.order_by("level", "name")
    return list(ordered.only(*LIGHT_FIELDS, "parent__name", "parent__code")[:SEARCH_LIMIT])


@login_required
def browser(request: HttpRequest) -> HttpResponse:
    """Search by name or code and browse the tree from province to village."""
    query = query_text(request, "q")
    roots = Region.objects.filter(level=Level.PROVINCE).only(*LIGHT_FIELDS)
    context = {"query": query, "results": _search(query) if query else None, "roots": roots}
    return render(request, "regions/browser.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search results as a fragment (HTMX, as you type)."""
    query = query_text(request, "q")
    return render(
        request,
        "regions/_results.html",
        {"query": query, "results": _search(query) if query else None},
    )


PICK_ACTIONS = ("view", "add", "change")


@login_required
def pick(request: HttpRequest) -> HttpResponse:
    """The region picker's search (HTMX, `regions/_region_picker.html`): active regions in the
    user's regions for `?for=` (add by default) at `?least=` level or below (sub-district by
    default), whose name contains `?q=` or whose code starts with it."""
    text = query_text(request, "q")
    action = query_text(request, "for")
    least = query_text(request, "least")
    level = int(least) if is_number(least) and int(least) in Level.values else Level.DISTRICT
    results = None
    if text:
        found = (
            Region.objects.search(text)
            .in_scope(user_scope(request.user, action if action in PICK_ACTIONS else "add"))
            .filter(level__gte=level, is_active=True)
            .only(*LIGHT_FIELDS, "parent__name", "parent__code")
            .select_related("parent")
            .order_by("level", "name")
        )
        results = list(found[:SEARCH_LIMIT])
    context = {"results": results, "query": text, "limit": SEARCH_LIMIT}
    return render(request, "regions/_region_pick_results.html", context)


@login_required
def chosen(request: HttpRequest) -> HttpResponse:
    """The region picker's line under the field: the name of the region whose code the field
    holds (`?field=` names the parameter that carries the code), or why there is none."""
    typed = query_text(request, query_text(request, "field") or "code")
    try:
        code = codes.normalize(typed) if typed else ""
    except codes.BadRegionCode:
        code = ""
    region = (
        Region.objects.only(*LIGHT_FIELDS, "parent__name", "parent__code")
        .select_related("parent")
        .filter(pk=code)
        .first()
        if code
        else None
    )
    context = {"region": region, "typed": typed}
    return render(request, "regions/_region_chosen.html", context)


@login_required
def children(request: HttpRequest, code: str) -> HttpResponse:
    """One level of the tree under a region (a fragment loaded when a node is opened)."""
    region = region_or_404(code, Region.objects.only(*LIGHT_FIELDS))
    kids = region.children.only(*LIGHT_FIELDS).annotate(child_count=Count("children"))
    return render(request, "regions/_tree_children.html", {"region": region, "children": kids})


def _child_summary(region: Region) -> list[dict[str, Any]]:
    counts = region.children.filter(is_active=True).values("kind").annotate(n=Count("code"))
    labels = dict(Kind.choices)
    return [{"kind": labels[row["kind"]], "count": row["n"]} for row in counts.order_by("kind")]


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region: key facts, a map of its boundary and children, its children and its history."""
    # The map fetches the boundary itself; the page never needs it.
    region = region_or_404(code, Region.objects.defer("boundary", "bbox"))
    kids = region.children.only(*LIGHT_FIELDS).annotate(child_count=Count("children"))
    villages = None
    if region.level < Level.DISTRICT:
        villages = Region.objects.within(region.code).filter(level=Level.VILLAGE, is_active=True)
    ancestors = region.ancestors()
    context = {
        "region": region,
        "ancestors": ancestors,
        "parent": ancestors[-1] if ancestors else None,
        "children": kids.order_by("code"),
        "sections": region_sections(region.code),
        "child_summary": _child_summary(region),
        "village_count": villages.count() if villages is not None else None,
        "summaries": region_summaries(request.user, region.code),
    }
    return render(request, "regions/detail.html", context)


def _feature(region: Region, role: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": region.boundary,
        "properties": {
            "code": region.code,
            "name": region.name,
            "kind": region.get_kind_display(),
            "role": role,
            "url": region.get_absolute_url(),
        },
    }


@gzip_page
@login_required
def map_data(request: HttpRequest, code: str) -> JsonResponse:
    """GeoJSON of a region's boundary and its children's boundaries, for the page's map."""
    region = region_or_404(code, Region.objects.all())
    features = [_feature(region, "self")] if region.boundary else []
    kids = region.children.filter(boundary__isnull=False, is_active=True)
    features += [_feature(child, "child") for child in kids]
    payload = {
        "type": "FeatureCollection",
        "features": features,
        "bbox": region.bbox,
        "centroid": [region.longitude, region.latitude] if region.latitude is not None else None,
    }
    response = JsonResponse(payload)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def load(request: HttpRequest) -> HttpResponse:
    """Upload region tables and boundaries (any province) to load in the background."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only superusers may load region files."))
    form = RegionLoadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "regions.load",
            form.cleaned_data["uploads"],
            owner=request.user,
            dry_run=form.cleaned_data["dry_run"],
            params={"deactivate_missing": form.cleaned_data["deactivate_missing"]},
        )
        messages.info(request, _("The files are being loaded in the background."))
        return redirect("job", job_id=job.pk)
    return render(request, "regions/load.html", {"form": form})


@login_required
def statistics_section(request: HttpRequest, code: str) -> HttpResponse:
    """A region's yearly reference statistics (BPS poverty figures), newest year first, for
    the region page (empty when none are held)."""
    region = region_or_404(code)
    found = Statistic.objects.filter(region=region).order_by("-year", "indicator")
    years: dict[int, dict[str, Any]] = {}
    sources: set[str] = set()
    for statistic in found:
        years.setdefault(statistic.year, {})[statistic.indicator] = statistic.value
        sources.add(statistic.source)
    context = {
        "region": region,
        "years": sorted(years.items(), reverse=True),
        "indicators": Indicator,
        "sources": sorted(sources),
    }
    return render(request, "regions/_statistics.html", context)
