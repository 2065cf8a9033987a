"""Risk pages: the regency summary, the village risk map, a region's risk, profiles, climate
vulnerability, import, and the method versions."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for
from tangguh.core.exporting import csv_response
from tangguh.core.http import revalidated
from tangguh.core.importing.uploads import start_import
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.regions.models import Level, Region
from tangguh.regions.shapes import shapes_tag, village_shapes
from tangguh.risk import summaries
from tangguh.risk.choices import NO_DATA_COLOUR, RISK_COLOURS, RiskLevel
from tangguh.risk.exporting import CLIMATE_HEADER, PROFILE_HEADER, climate_rows, profile_rows
from tangguh.risk.filters import ClimateVulnerabilityFilter, RiskProfileFilter
from tangguh.risk.forms import ImportForm
from tangguh.risk.models import (
    ClimateVulnerability,
    RiskMethodVersion,
    RiskProfile,
    RiskScore,
)
from tangguh.risk.summaries import chart_data, latest_profiles, regency_summary


def _year(request: HttpRequest) -> int | None:
    raw = query_text(request, "year", 10)
    if is_number(raw) and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    return None


def _default_regency(request: HttpRequest) -> str:
    """The regency of the user's first membership (Kabupaten Kupang for province members)."""
    membership = request.user.memberships.order_by("region_id").first()  # type: ignore[union-attr]
    code = membership.region_id if membership is not None else "53.01"
    return code[:5] if len(code) >= 5 else "53.01"


def _visible_region(request: HttpRequest, code: str, regions: Any = None) -> Region:
    """The region of a code (dots optional): 404 when there is none, 403 when it neither lies
    within nor contains one of the user's regions."""
    region = region_or_404(code, regions)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    return region


def _legend(no_profile: str) -> list[dict[str, str]]:
    items = [
        {"key": level.value, "label": str(level.label), "colour": RISK_COLOURS[level]}
        for level in RiskLevel
    ]
    return [*items, {"key": "none", "label": no_profile, "colour": NO_DATA_COLOUR}]


def _regencies() -> Any:
    return Region.objects.filter(level=Level.REGENCY, is_active=True).only("code", "name")


def _years(visible: Any, region: Region) -> list[int]:
    years = visible.within(region.code).exclude(year__isnull=True).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """A regency's villages per risk class for each hazard: a stacked bar chart and a table."""
    region = _visible_region(request, query_text(request, "region") or _default_regency(request))
    if region.level > Level.DISTRICT:
        return redirect("risk:region", code=region.code)
    year = _year(request)
    visible = RiskProfile.objects.restrict(request.user, "view")
    rows = regency_summary(region, visible, year)
    no_profile = _("no profile")
    context = {
        "region": region,
        "year": year,
        "years": _years(visible, region),
        "regencies": _regencies(),
        "rows": rows,
        "chart": chart_data(rows, no_profile),
        "villages": rows[0].villages if rows else None,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "risk/summary.html", context)


@login_required
def risk_map(request: HttpRequest) -> HttpResponse:
    """The villages of a regency (or sub-district) coloured by risk class for one hazard."""
    region = _visible_region(request, query_text(request, "region") or _default_regency(request))
    if region.level == Level.PROVINCE:
        region = _visible_region(request, _default_regency(request))
    elif region.level == Level.VILLAGE:
        region = _visible_region(request, region.code[:8])  # its sub-district
    visible = RiskProfile.objects.restrict(request.user, "view").within(region.code)
    keys = set(visible.values_list("hazard_id", flat=True).distinct())
    hazards = [h for h in HazardType.objects.all() if h.key in keys]
    chosen = query_text(request, "hazard", 40)
    hazard = next((h for h in hazards if h.key == chosen), hazards[0] if hazards else None)
    year = _year(request)
    context = {
        "region": region,
        "regencies": _regencies(),
        "hazards": hazards,
        "hazard": hazard,
        "year": year,
        "years": _years(RiskProfile.objects.restrict(request.user, "view"), region),
        "legend": _legend(_("no profile")),
    }
    return render(request, "risk/map.html", context)


@login_required
def map_shapes(request: HttpRequest, code: str) -> HttpResponse:
    """GeoJSON of a regency's (or sub-district's) outline and village outlines, simplified;
    revalidated with an ETag, so a later view of the map does not send the shapes again."""
    region = _visible_region(request, code)
    if region.level not in (Level.REGENCY, Level.DISTRICT):
        raise Http404(_("Choose a regency/city or a sub-district for the village map."))
    tag = shapes_tag(region)
    return revalidated(request, lambda: village_shapes(region, tag), tag=tag)


@login_required
def map_classes(request: HttpRequest, code: str) -> HttpResponse:
    """{"villages": {code: [risk class, year]}} for `?hazard=` (and `?year=`), with an ETag."""
    region = _visible_region(request, code)
    if region.level not in (Level.REGENCY, Level.DISTRICT):
        raise Http404(_("Choose a regency/city or a sub-district for the village map."))
    visible = RiskProfile.objects.restrict(request.user, "view")
    classes = summaries.map_classes(
        region, query_text(request, "hazard", 40), visible, _year(request)
    )
    body = json.dumps({"villages": classes}, separators=(",", ":")).encode()
    return revalidated(request, body)


def _region_context(request: HttpRequest, region: Region) -> dict[str, Any]:
    profiles = (
        RiskProfile.objects.restrict(request.user, "view")
        .filter(region=region)
        .select_related("hazard", "method")
        .order_by("hazard__sort_order", "hazard_id", "-year", "-pk")
    )
    latest = {p.pk for p in latest_profiles(profiles).values()}
    climate = ClimateVulnerability.objects.restrict(request.user, "view").filter(region=region)
    scores = (
        RiskScore.objects.visible_from_below(request.user)
        .filter(region=region)
        .select_related("hazard")
        .order_by("-year", F("hazard__sort_order").asc(nulls_first=True), "hazard_id")
    )
    return {
        "region": region,
        "profiles": profiles,
        "latest": latest,
        "climate": list(climate.order_by("-year")),
        "scores": list(scores),
        "can_add": user_scope(request.user, "add").covers(region.code),
    }


@login_required
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    """A village's (or other region's) risk profiles and climate vulnerability."""
    region = _visible_region(request, code)
    context = _region_context(request, region)
    context["ancestors"] = region.ancestors()
    context["standalone"] = True
    return render(request, "risk/region.html", context)


@login_required
def region_section(request: HttpRequest, code: str) -> HttpResponse:
    """The same as a fragment, for the region page to load (empty outside one's regions)."""
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        return HttpResponse("")
    return render(request, "risk/_region_section_fragment.html", _region_context(request, region))


@login_required
def profile_list(request: HttpRequest) -> HttpResponseBase:
    """Profiles in the user's regions, filtered; a CSV download that imports back."""
    queryset = RiskProfile.objects.restrict(request.user, "view").select_related(
        "region", "hazard", "method"
    )
    profiles = RiskProfileFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        rows = profile_rows(profiles.qs.order_by("region_id", "hazard_id"))
        return csv_response("risk-profiles.csv", PROFILE_HEADER, rows)
    page = page_of(request, profiles.qs)
    can_add = not user_scope(request.user, "add").is_empty
    return render(
        request, "risk/profile_list.html", {"filter": profiles, "page": page, "can_add": can_add}
    )


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One profile: given values, computed classes and risk, its method version and history."""
    profiles = RiskProfile.objects.select_related("region", "hazard", "method")
    profile: RiskProfile = record_for(request, profiles, pk, "view")
    can_change = user_scope(request.user, "change").covers(profile.region_id)
    return render(
        request, "risk/profile_detail.html", {"profile": profile, "can_change": can_change}
    )


@login_required
def climate_list(request: HttpRequest) -> HttpResponseBase:
    """Climate vulnerability classes in the user's regions, filtered; a CSV download."""
    queryset = ClimateVulnerability.objects.restrict(request.user, "view").select_related("region")
    records = ClimateVulnerabilityFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        rows = climate_rows(records.qs.order_by("region_id"))
        return csv_response("climate-vulnerability.csv", CLIMATE_HEADER, rows)
    page = page_of(request, records.qs)
    return render(request, "risk/climate_list.html", {"filter": records, "page": page})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a risk or climate table, checked and imported in the background."""
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to import risk data."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data["method"]
        job = start_import(
            "risk.import",
            [form.cleaned_data["upload"]],
            owner=request.user,
            dry_run=form.cleaned_data["dry_run"],
            params={
                "kind": form.cleaned_data["kind"],
                "method": method.version if method else "",
                "year": form.cleaned_data["year"],
                "source": form.cleaned_data["source"],
            },
        )
        return redirect("job", job_id=job.pk)
    return render(request, "risk/import.html", {"form": form})


@login_required
def methods(request: HttpRequest) -> HttpResponse:
    """The risk method versions with their parameters and legal basis."""
    versions = list(RiskMethodVersion.objects.annotate(profile_count=Count("profiles")))
    labels = dict(RiskLevel.choices)
    for version in versions:
        version.matrices = [  # type: ignore[attr-defined]
            _matrix_table(
                _("Hazard × vulnerability"),
                "H ╲ V",
                version.hv_matrix,
                labels,
            ),
            _matrix_table(
                _("(Hazard × vulnerability) × capacity"),
                "H×V ╲ C",
                version.hvc_matrix,
                labels,
            ),
        ]
    return render(request, "risk/methods.html", {"versions": versions})


def _matrix_table(title: str, corner: str, matrix: Any, labels: dict[str, Any]) -> dict[str, Any]:
    """A class matrix with its row and column headings, for the methods page."""
    names = [str(labels[level]) for level in RiskLevel.values]
    rows = [
        (names[i], [(cell, str(labels.get(cell, cell))) for cell in row])
        for i, row in enumerate(matrix)
    ]
    return {"title": title, "corner": corner, "columns": names, "rows": rows}
