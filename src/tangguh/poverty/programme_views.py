"""Programme pages: programmes of a region with their overlaps, one programme's coverage of the
poor and extreme poor with its targeting errors, and the beneficiaries upload."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for
from tangguh.core.exporting import xlsx_book, xlsx_response
from tangguh.core.importing.uploads import start_import
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.poverty import coverage, ledger, summaries
from tangguh.poverty.filters import ProgrammeFilter
from tangguh.poverty.forms import BeneficiaryUploadForm
from tangguh.poverty.models import Household, Programme
from tangguh.regions.models import Level

COVERAGE_COLUMNS = [
    "programme",
    "year",
    "households",
    "recipients",
    "eligibility",
    "coverage_of_eligible",
    "exclusion_error",
    "inclusion_error",
    "leakage",
    "coverage_of_poor",
    "coverage_of_extreme_poor",
]


def _year(request: HttpRequest, code: str) -> int | None:
    raw = query_text(request, "year")
    if is_number(raw) and 1900 <= int(raw) <= 2200:
        return int(raw)
    years = summaries.registry_years(Household.objects.restrict(request.user, "view"), code)
    return years[0] if years else None


def _row(c: coverage.Coverage) -> list[Any]:
    def r(value: float | None) -> Any:
        return "" if value is None or value != value else round(value, 4)

    return [
        c.programme.code,
        c.year,
        c.households,
        c.recipients,
        c.eligibility,
        r(c.eligible.coverage),
        r(c.eligible.exclusion_error),
        r(c.eligible.inclusion_error),
        r(c.eligible.leakage),
        r(c.poor.coverage if c.poor else None),
        r(c.extreme.coverage if c.extreme else None),
    ]


@login_required
def programme_list(request: HttpRequest) -> HttpResponseBase:
    """Programmes in the user's regions; for a regency and year, each one's coverage and the
    overlaps (households in several programmes, poor households in none); Excel."""
    queryset = Programme.objects.restrict(request.user, "view").select_related("region", "agency")
    found = ProgrammeFilter(request.GET, queryset=queryset, request=request)
    code = query_text(request, "region")
    region = region_or_404(code) if code else None
    context: dict[str, Any] = {
        "filter": found,
        "programmes": list(found.qs),
        "can_add": not user_scope(request.user, "add").is_empty,
        "region": region,
    }
    if region is not None and region.level == Level.REGENCY:
        year = _year(request, region.code)
        visible = Household.objects.restrict(request.user, "view")
        if year is not None:
            reg = coverage.registry(visible, region.code, year)
            rows = [
                coverage.programme_coverage(p, year, visible, reg) for p in context["programmes"]
            ]
            if request.GET.get("export") == "xlsx":
                book = xlsx_book([(_("Coverage"), COVERAGE_COLUMNS, [_row(c) for c in rows])])
                return xlsx_response(f"programme-coverage-{region.code}-{year}.xlsx", book)
            context.update(
                {
                    "year": year,
                    "coverage": rows,
                    "overlaps": coverage.overlaps(
                        context["programmes"], year, visible, region.code
                    ),
                }
            )
    return render(request, "poverty/programme_list.html", context)


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme: who it is for, what funds it, its coverage and errors among the registry,
    its outputs against their quarterly targets, the findings on it and their follow-up."""
    programme: Programme = record_for(
        request,
        Programme.objects.select_related(
            "region", "agency", "work_plan_item__agency", "work_plan_item__sub_activity"
        ),
        pk,
        "view",
    )
    code = programme.region_id if programme.region.level == Level.REGENCY else ""
    year = _year(request, code) if code else None
    today = timezone.localdate()
    context: dict[str, Any] = {
        "programme": programme,
        "year": year,
        "can_change": user_scope(request.user, "change").covers(programme.region_id),
        "outputs": ledger.output_table(programme.outputs.all()),
        "findings": [(f, f.is_overdue(today)) for f in programme.findings.all()],
        "funds": programme.funds.restrict(request.user, "view").select_related("region"),
    }
    if year is not None:
        visible = Household.objects.restrict(request.user, "view")
        context["coverage"] = coverage.programme_coverage(programme, year, visible)
    return render(request, "poverty/programme_detail.html", context)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a programme's beneficiaries, checked and imported in the background."""
    if user_scope(request.user, "change").is_empty:
        raise PermissionDenied(_("You need the editor role to import beneficiaries."))
    form = BeneficiaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "poverty.beneficiaries",
            [form.cleaned_data["upload"]],
            owner=request.user,
            dry_run=form.cleaned_data["dry_run"],
            params={"year": form.cleaned_data["year"]},
        )
        return redirect("job", job_id=job.pk)
    return render(request, "poverty/beneficiary_import.html", {"form": form})
