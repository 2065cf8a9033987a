"""Pages of the poverty module: the dashboard (BPS's trend against the province, the registry's
measures, the village map, priority villages), ranked villages with downloads, household search
(identifiers masked; revealed to managers with a reason), targets with their trajectory, and the
registry upload."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for, show_errors
from tangguh.core.exporting import csv_response, xlsx_book, xlsx_response
from tangguh.core.generations import memoised
from tangguh.core.importing.uploads import start_import
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.poverty import ledger, maps, services, summaries
from tangguh.poverty.exporting import (
    HOUSEHOLD_COLUMNS,
    SERIES_COLUMNS,
    TARGET_COLUMNS,
    VILLAGE_COLUMNS,
    household_rows,
    series_rows,
    target_rows,
    village_rows,
)
from tangguh.poverty.filters import HouseholdFilter, TargetFilter
from tangguh.poverty.forms import RegistryUploadForm, RevealForm
from tangguh.poverty.identifiers import masked
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    Household,
    Livelihood,
    RevolvingFund,
    Target,
)
from tangguh.regions.models import Level, Region

PROVINCE = "53"
FIRST_CHART_YEAR = 2015  # BPS's regency series are comparable from 2015 (SOURCES.md)


def _year(request: HttpRequest) -> int | None:
    raw = query_text(request, "year")
    return int(raw) if is_number(raw) and 1900 <= int(raw) <= 2200 else None


def _region(request: HttpRequest) -> Region:
    """The regency/city asked for (or holding the region asked for), else the user's own
    regency/city, else the province."""
    code = query_text(request, "region")
    if not code:
        membership = request.user.memberships.order_by("region_id").first()  # type: ignore[union-attr]
        code = membership.region_id if membership is not None else PROVINCE
    region = region_or_404(code)
    if region.level > Level.REGENCY:
        region = region_or_404(summaries.regency_of(region.code))
    return region


def _regencies() -> list[Region]:
    regencies = (
        Region.objects.filter(level=Level.REGENCY, is_active=True)
        .defer("boundary", "bbox")
        .order_by("code")
    )
    return memoised("regions", (regencies,), lambda: list(regencies))


def _trend_chart(region: Region) -> dict[str, Any]:
    """P0 of the regency/city and of the province by year (BPS), for the line chart."""
    own = dict(summaries.p0_series(region.code))
    province = dict(summaries.p0_series(PROVINCE))
    years = sorted(y for y in {*own, *province} if y >= FIRST_CHART_YEAR)
    series = [{"name": str(region.name), "values": [own.get(y) for y in years]}]
    if region.code != PROVINCE:
        name = Region.objects.filter(code=PROVINCE).values_list("name", flat=True).first()
        series.append({"name": str(name or PROVINCE), "values": [province.get(y) for y in years]})
    return {"years": years, "series": series, "unit": "%"}


def _registry(request: HttpRequest, region: Region, year: int | None) -> dict[str, Any]:
    """The registry's measures of the region for the year (empty when it holds none)."""
    visible = Household.objects.restrict(request.user, "view")
    years = summaries.registry_years(visible, region.code) if region.level >= 2 else []
    year = year if year in years else (years[0] if years else None)
    if year is None:
        return {"registry_years": years, "registry_year": None}
    line = summaries.line_for(region.code, year)
    extreme = summaries.line_for(region.code, year, summaries.EXTREME)
    context: dict[str, Any] = {
        "registry_years": years,
        "registry_year": year,
        "line": line,
        "extreme_line": extreme,
    }
    if line is None:
        return context
    context["measure"] = summaries.measure(visible, region.code, year, line)
    if extreme is not None:
        context["extreme"] = summaries.measure(visible, region.code, year, extreme)
    rows = summaries.village_measures(visible, region.code, year, line, extreme)
    context["villages"] = summaries.priority_villages(rows)[:10]
    context["village_count"] = len(rows)
    context["potentials"] = _potentials(request, region, context["villages"])
    return context


def _potentials(request: HttpRequest, region: Region, rows: list[Any]) -> dict[str, str]:
    """The livelihood potentials of the villages listed, to show beside their poverty."""
    visible = Livelihood.objects.restrict(request.user, "view")
    return ledger.livelihoods_by_village(visible, region.code, [r.code for r in rows])


def _follow_up(request: HttpRequest, region: Region) -> dict[str, Any]:
    """The region's overdue follow-ups of monitoring findings and its revolving funds' ledger
    today, for the dashboard."""
    today = timezone.localdate()
    findings = Finding.objects.restrict(request.user, "view").within(region.code)
    funds = RevolvingFund.objects.restrict(request.user, "view").within(region.code)
    loans = FundLoan.objects.restrict(request.user, "view").filter(fund__in=funds)
    rows = ledger.loan_rows(loans, today)
    return {
        "overdue": ledger.overdue_findings(findings, today).count(),
        "fund_total": ledger.summary(rows) if rows else None,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponseBase:
    """A region's poverty: BPS's trend against the province, local estimates apart, the
    registry's measures and village map, priority villages and targets."""
    region = _region(request)
    series = summaries.bps_series(region.code)
    source = summaries.statistic_source(region.code)
    if request.GET.get("export") == "xlsx":
        sheet = (_("BPS series"), SERIES_COLUMNS, series_rows(series, source))
        return xlsx_response(f"poverty-bps-{region.code}.xlsx", xlsx_book([sheet]))
    context: dict[str, Any] = {
        "region": region,
        "regencies": _regencies(),
        "series": sorted(series.items(), reverse=True),
        "source": source,
        "estimates": summaries.local_estimates(region.code),
        "chart": _trend_chart(region),
        "targets": Target.objects.restrict(request.user, "view").filter(region=region),
        "can_import": not user_scope(request.user, "add").is_empty,
    }
    if region.level == Level.PROVINCE:
        context["regency_rows"] = maps.regency_table(_regencies())
    else:
        context.update(_registry(request, region, _year(request)))
    context.update(_follow_up(request, region))
    context["map_url"] = reverse("poverty:map-data", args=[region.code])
    if context.get("registry_year"):
        context["map_url"] += f"?year={context['registry_year']}"
    context["legend"] = maps.legend()
    return render(request, "poverty/dashboard.html", context)


@login_required
def map_data(request: HttpRequest, code: str) -> JsonResponse:
    """GeoJSON of a regency's villages coloured by the registry's P0 (`?year=`), or of the
    province's regencies coloured by BPS's latest P0."""
    region = region_or_404(code, Region.objects.all())
    if region.level == Level.PROVINCE:
        features = maps.regency_features(region)
    elif region.level == Level.REGENCY:
        visible = Household.objects.restrict(request.user, "view")
        year = _year(request)
        features = maps.village_features(request, region, visible, year)
    else:
        raise Http404(_("Choose the province or a regency/city for the map."))
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def villages(request: HttpRequest) -> HttpResponseBase:
    """Every village of a regency/city ranked for attention; Excel and CSV downloads."""
    region = _region(request)
    if region.level == Level.PROVINCE:
        return redirect(reverse("poverty:dashboard") + f"?region={region.code}")
    context: dict[str, Any] = {"region": region, "regencies": _regencies()}
    context.update(_registry(request, region, _year(request)))
    if context.get("line") is not None and context.get("registry_year"):
        visible = Household.objects.restrict(request.user, "view")
        rows = summaries.priority_villages(
            summaries.village_measures(
                visible,
                region.code,
                context["registry_year"],
                context["line"],
                context["extreme_line"],
            )
        )
        context["villages"] = rows
        context["potentials"] = _potentials(request, region, rows)
        name = f"priority-villages-{region.code}-{context['registry_year']}"
        if request.GET.get("export") == "xlsx":
            book = xlsx_book([(_("Villages"), VILLAGE_COLUMNS, village_rows(rows))])
            return xlsx_response(f"{name}.xlsx", book)
        if request.GET.get("export") == "csv":
            return csv_response(f"{name}.csv", VILLAGE_COLUMNS, village_rows(rows))
    return render(request, "poverty/villages.html", context)


@login_required
def household_list(request: HttpRequest) -> HttpResponseBase:
    """Households in the user's regions, filtered; identifiers masked; downloads."""
    queryset = Household.objects.restrict(request.user, "view").select_related("region")
    found = HouseholdFilter(request.GET, queryset=queryset, request=request)
    export = request.GET.get("export")
    if export == "csv":
        return csv_response("households.csv", HOUSEHOLD_COLUMNS, household_rows(found.qs))
    if export == "xlsx":
        book = xlsx_book([(_("Households"), HOUSEHOLD_COLUMNS, household_rows(found.qs))])
        return xlsx_response("households.xlsx", book)
    context = {
        "filter": found,
        "page": page_of(request, found.qs.order_by("-year", "region_id", "household_id")),
        "mask": masked("x"),
        "can_import": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "poverty/household_list.html", context)


def _household_context(request: HttpRequest, household: Household) -> dict[str, Any]:
    line = summaries.line_for(household.region_id, household.year)
    extreme = summaries.line_for(household.region_id, household.year, summaries.EXTREME)
    return {
        "household": household,
        "nik": masked(household.nik_token),
        "kk": masked(household.kk_token),
        "line": line,
        "extreme_line": extreme,
        "poor": line is not None and household.expenditure_per_capita < line.rupiah,
        "extreme_poor": extreme is not None and household.expenditure_per_capita < extreme.rupiah,
        "can_reveal": services.can_reveal(request.user, household)
        and (household.nik_token or household.kk_token),
        "reveals": household.reveals.select_related("user")[:10],
    }


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One household with its identifiers masked; a manager may ask to see them."""
    household: Household = record_for(request, Household, pk, "view")
    context = _household_context(request, household)
    context["form"] = RevealForm() if context["can_reveal"] else None
    return render(request, "poverty/household_detail.html", context)


@login_required
@require_POST
def household_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a household's identifiers to a manager of its region who gives a reason (recorded);
    the numbers appear on this response only, never in a URL."""
    household: Household = record_for(request, Household, pk, "view")
    if not services.can_reveal(request.user, household):
        raise PermissionDenied(
            _("Only a manager of %(region)s may see a household's identifiers.")
            % {"region": household.region_id}
        )
    context = _household_context(request, household)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            shown = services.reveal_identifiers(
                household, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc, "reason")
        else:
            context.update({"revealed": shown, "reveals": household.reveals.all()[:10]})
            form = RevealForm()
    context["form"] = form
    response = render(request, "poverty/household_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def target_list(request: HttpRequest) -> HttpResponseBase:
    """Poverty targets in the user's regions; a CSV download."""
    queryset = Target.objects.restrict(request.user, "view").select_related("region")
    found = TargetFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        return csv_response("poverty-targets.csv", TARGET_COLUMNS, target_rows(found.qs))
    rows = summaries.trajectories(list(found.qs))
    context = {
        "filter": found,
        "rows": rows,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "poverty/target_list.html", context)


def _target_chart(target: Target, path: Any) -> dict[str, Any]:
    """Observed rates, the straight path needed and the observed trend, by year."""
    if target.measure == Target.Measure.POVERTY:
        observed = {y: r for y, r in summaries.p0_series(target.region_id) if y >= 2015}
    else:
        observed = {y: r for y, r, _s in summaries.extreme_series(target.region_id)}
    needed = dict(path.path()) if path else {}
    years = sorted({*observed, *needed, target.target_year})
    trend = {}
    if path and path.observed_per_year is not None and path.projected_rate is not None:
        trend = {
            y: max(0.0, path.last_rate - path.observed_per_year * (y - path.last_year))
            for y in years
            if y >= path.last_year
        }
    return {
        "years": years,
        "series": [
            {"name": _("Observed"), "values": [observed.get(y) for y in years]},
            {"name": _("Path needed"), "values": [needed.get(y) for y in years]},
            {"name": _("Observed trend continued"), "values": [trend.get(y) for y in years]},
        ],
        "unit": "%",
    }


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A target: where the measure stands, the fall needed each year, the observed trend."""
    target: Target = record_for(request, Target, pk, "view")
    path = summaries.target_trajectory(target)
    context: dict[str, Any] = {
        "target": target,
        "path": path,
        "chart": _target_chart(target, path),
        "can_change": user_scope(request.user, "change").covers(target.region_id),
        "series": summaries.p0_series(target.region_id),
        "estimates": summaries.extreme_series(target.region_id),
    }
    visible = Household.objects.restrict(request.user, "view")
    years = summaries.registry_years(visible, target.region_id)
    extreme = summaries.line_for(target.region_id, years[0], summaries.EXTREME) if years else None
    if years and extreme is not None:
        context["registry_year"] = years[0]
        context["registry_extreme"] = summaries.measure(
            visible, target.region_id, years[0], extreme
        )
    return render(request, "poverty/target_detail.html", context)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a household registry, checked and imported in the background."""
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to import households."))
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "poverty.households",
            [form.cleaned_data["upload"]],
            owner=request.user,
            dry_run=form.cleaned_data["dry_run"],
            params={"year": form.cleaned_data["year"]},
        )
        return redirect("job", job_id=job.pk)
    return render(request, "poverty/import.html", {"form": form})
