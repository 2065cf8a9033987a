"""Pages of the SPM app: the overview (a regency/city's services up to a quarter, or the
province's roll-up of its regencies), reporting completeness, the records with their quarterly
figures, the quarterly report as Excel or PDF, and the import with its template."""

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
from tangguh.core.exporting import attachment, csv_response, xlsx_response
from tangguh.core.importing.uploads import start_import
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.measures import spm
from tangguh.regions.models import Level, Region
from tangguh.spm.choices import ReportStatus
from tangguh.spm.exporting import (
    CSV_COLUMNS,
    csv_rows,
    data_book,
    report_book,
    report_table,
    rollup_table,
    template_book,
)
from tangguh.spm.filters import RecordFilter
from tangguh.spm.forms import ImportForm, QuarterForm, quality_field_html
from tangguh.spm.models import DEMO_MARK, QuarterReport, ServiceRecord, deadline_days
from tangguh.spm.pdf import report_pdf
from tangguh.spm.summaries import (
    completeness_counts,
    province_rollup,
    regency_report,
    rollup_chart,
)

PROVINCE = "53"


def _number(request: HttpRequest, name: str, least: int, most: int) -> int | None:
    raw = query_text(request, name)
    return int(raw) if is_number(raw) and least <= int(raw) <= most else None


def _region(request: HttpRequest) -> Region:
    """The region asked for (a regency/city, or the province), else the user's own regency, else
    the province; a region below a regency stands for its regency."""
    code = query_text(request, "region")
    if not code:
        membership = request.user.memberships.order_by("region_id").first()  # type: ignore[union-attr]
        code = membership.region_id if membership is not None else PROVINCE
    region = region_or_404(code)
    if region.level > Level.REGENCY:
        region = region_or_404(region.code[:5])
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    return region


def _period(request: HttpRequest, visible: Any) -> tuple[int, int]:
    """The year and quarter asked for; else the latest with figures the user may see; else the
    current quarter."""
    today = timezone.localdate()
    year = _number(request, "year", 1900, 2200)
    quarter = _number(request, "quarter", 1, 4)
    if year is None:
        latest = visible.order_by("-year").values_list("year", flat=True).first()
        year = latest or today.year
    if quarter is None:
        last = (
            QuarterReport.objects.filter(record__in=visible.filter(year=year))
            .order_by("-quarter")
            .values_list("quarter", flat=True)
            .first()
        )
        quarter = last or (spm.quarter_of(today) if year == today.year else 4)
    return year, quarter


def _visible_rollup(request: HttpRequest, year: int, quarter: int) -> list[Any]:
    scope = user_scope(request.user, "view")
    visible = ServiceRecord.objects.restrict(request.user, "view")
    return [r for r in province_rollup(year, quarter, visible) if scope.overlaps(r.region.code)]


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """A regency/city's three services up to a quarter, with a chart; for the province, the
    roll-up of its regencies (the province has no disaster SPM of its own)."""
    region = _region(request)
    visible = ServiceRecord.objects.restrict(request.user, "view")
    year, quarter = _period(request, visible)
    context: dict[str, Any] = {
        "region": region,
        "year": year,
        "quarter": quarter,
        "quarters": spm.QUARTERS,
        "version": spm.VERSION,
        "basis": spm.LEGAL_BASIS,
        "can_add": user_scope(request.user, "add").overlaps(region.code),
    }
    if region.level == Level.PROVINCE:
        rows = _visible_rollup(request, year, quarter)
        context.update(
            rows=rows,
            counts=completeness_counts(rows),
            chart=rollup_chart(rows),
            statuses=ReportStatus,
        )
        return render(request, "spm/rollup.html", context)
    report = regency_report(region, year, quarter, visible)
    context.update(report=report, chart=report.chart())
    return render(request, "spm/overview.html", context)


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    """Who of the regencies/cities reported a quarter (all three services), on time or late,
    and who did not."""
    visible = ServiceRecord.objects.restrict(request.user, "view")
    year, quarter = _period(request, visible)
    rows = _visible_rollup(request, year, quarter)
    context = {
        "rows": rows,
        "counts": completeness_counts(rows),
        "year": year,
        "quarter": quarter,
        "quarters": spm.QUARTERS,
        "deadline": spm.deadline(year, quarter, deadline_days()),
        "days": deadline_days(),
        "statuses": ReportStatus,
    }
    return render(request, "spm/completeness.html", context)


@login_required
def report_download(request: HttpRequest) -> HttpResponse:
    """The quarterly report of a regency/city (or the province's roll-up) as XLSX or PDF."""
    region = _region(request)
    visible = ServiceRecord.objects.restrict(request.user, "view")
    year, quarter = _period(request, visible)
    if region.level == Level.PROVINCE:
        rows = _visible_rollup(request, year, quarter)
        table = rollup_table(rows)
        title = _("SPM disaster sub-affair: roll-up of the regencies and cities")
        demo = any(r.report.is_demo for r in rows)
    else:
        report = regency_report(region, year, quarter, visible)
        table = report_table(report)
        title = _("SPM disaster sub-affair: quarterly report")
        demo = report.is_demo
    if demo:
        title = f"{DEMO_MARK} {title}"
    name = f"spm-{region.code}-{year}-q{quarter}"
    if query_text(request, "format") == "pdf":
        response = HttpResponse(
            report_pdf(title, region.name, year, quarter, table), content_type="application/pdf"
        )
        response["Content-Disposition"] = attachment(f"{name}.pdf")
        return response
    return xlsx_response(f"{name}.xlsx", report_book(title, region.name, year, quarter, table))


@login_required
def record_list(request: HttpRequest) -> HttpResponseBase:
    """Service records in the user's regions, filtered; CSV and workbook downloads."""
    queryset = ServiceRecord.objects.restrict(request.user, "view").select_related("region")
    records = RecordFilter(request.GET, queryset=queryset, request=request)
    export = request.GET.get("export")
    if export == "csv":
        return csv_response("spm-services.csv", CSV_COLUMNS, csv_rows(records.qs))
    if export == "xlsx":
        quarters = QuarterReport.objects.filter(record__in=records.qs)
        return xlsx_response("spm-data.xlsx", data_book(records.qs, quarters))
    page = page_of(request, records.qs.prefetch_related("quarters"))
    context = {
        "filter": records,
        "page": page,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "spm/record_list.html", context)


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One service record: target, stages, checklist, quarterly figures (added in place)."""
    record: ServiceRecord = record_for(
        request, ServiceRecord.objects.select_related("region"), pk, "view"
    )
    can_change = user_scope(request.user, "change").covers(record.region_id)
    quarters = list(record.quarters.all())
    served = sum(q.served for q in quarters) if quarters else None
    result = None
    if record.target and served is not None:
        result = spm.achievement(
            served, record.target, record.quality_count, record.quality_required
        )
    today = timezone.localdate()
    context = {
        "record": record,
        "quarters": [(q, q.status(today)) for q in quarters],
        "served": served,
        "result": result,
        "statuses": ReportStatus,
        "can_change": can_change,
        "quarter_form": QuarterForm(instance=QuarterReport(record=record)) if can_change else None,
    }
    return render(request, "spm/record_detail.html", context)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload an SPM workbook, checked and imported in the background."""
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to import SPM data."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "spm.import",
            [form.cleaned_data["upload"]],
            owner=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("job", job_id=job.pk)
    return render(request, "spm/import.html", {"form": form})


@login_required
def quality_field(request: HttpRequest) -> HttpResponse:
    """The record form's quality checklist for the service chosen (an HTMX fragment)."""
    return HttpResponse(quality_field_html(query_text(request, "service")))


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """The empty SPM workbook with its instructions."""
    return xlsx_response("spm-template.xlsx", template_book())
