"""Pages of the revolving funds (the kelurahan's ledger), of monitoring (findings and their
follow-up across programmes) and of village livelihoods."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from tangguh.core.crud import record_for
from tangguh.core.exporting import csv_response, xlsx_book, xlsx_response
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.views import query_text
from tangguh.poverty import ledger
from tangguh.poverty.exporting import (
    FINDING_COLUMNS,
    LEDGER_COLUMNS,
    LIVELIHOOD_COLUMNS,
    finding_rows,
    ledger_rows,
    livelihood_rows,
)
from tangguh.poverty.filters import FindingFilter, FundFilter, LivelihoodFilter
from tangguh.poverty.models import Finding, FundLoan, Livelihood, Programme, RevolvingFund


def ledger_day(request: HttpRequest) -> dt.date:
    """The day the ledger is read on (`?on=YYYY-MM-DD`, else today)."""
    raw = query_text(request, "on")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def fund_list(request: HttpRequest) -> HttpResponseBase:
    """Revolving funds in the user's regions with each kelurahan's ledger on a day: lent, due,
    repaid, arrears, repayment rate (lowest first); Excel and CSV."""
    on = ledger_day(request)
    funds = RevolvingFund.objects.restrict(request.user, "view")
    found = FundFilter(request.GET, queryset=funds, request=request)
    loans = FundLoan.objects.restrict(request.user, "view")
    villages = ledger.by_village(found.qs, loans, on)
    export = request.GET.get("export")
    name = f"revolving-funds-{on:%Y-%m-%d}"
    if export == "csv":
        return csv_response(f"{name}.csv", LEDGER_COLUMNS, ledger_rows(villages, on))
    if export == "xlsx":
        book = xlsx_book([("Ledger", LEDGER_COLUMNS, ledger_rows(villages, on))])
        return xlsx_response(f"{name}.xlsx", book)
    context = {
        "filter": found,
        "on": on,
        "villages": villages,
        "total": ledger.summary(ledger.loan_rows(loans.filter(fund__in=found.qs), on)),
        "funds": found.qs.select_related("region", "programme")[:200],
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "poverty/fund_list.html", context)


@login_required
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A fund's ledger on a day: every loan with what fell due, what came back, its arrears and
    days late, its repayments; the fund's totals."""
    fund: RevolvingFund = record_for(
        request, RevolvingFund.objects.select_related("region", "programme"), pk, "view"
    )
    on = ledger_day(request)
    rows = ledger.loan_rows(FundLoan.objects.filter(fund=fund), on)
    context = {
        "fund": fund,
        "region": fund.region,
        "on": on,
        "rows": rows,
        "total": ledger.summary(rows),
        "can_change": user_scope(request.user, "change").covers(fund.region_id),
    }
    return render(request, "poverty/fund_detail.html", context)


@login_required
def monitoring(request: HttpRequest) -> HttpResponseBase:
    """Findings on the programmes of the user's regions with their follow-up; overdue ones
    flagged and counted; CSV."""
    today = timezone.localdate()
    queryset = Finding.objects.restrict(request.user, "view").select_related("programme")
    found = FindingFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        return csv_response("findings.csv", FINDING_COLUMNS, finding_rows(found.qs, today))
    page = page_of(request, found.qs.order_by("due_on", "id"))
    context: dict[str, Any] = {
        "filter": found,
        "page": page,
        "today": today,
        "overdue": ledger.overdue_findings(found.qs, today).count(),
    }
    return render(request, "poverty/monitoring.html", context)


@login_required
def livelihood_list(request: HttpRequest) -> HttpResponseBase:
    """Economic potentials of villages and sub-districts, each with its source; CSV."""
    queryset = Livelihood.objects.restrict(request.user, "view").select_related("region")
    found = LivelihoodFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        return csv_response("livelihoods.csv", LIVELIHOOD_COLUMNS, livelihood_rows(found.qs))
    page = page_of(request, found.qs)
    context = {
        "filter": found,
        "page": page,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "poverty/livelihood_list.html", context)


@login_required
def livelihood_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A livelihood potential, its source, and the programmes tagged with it."""
    item: Livelihood = record_for(request, Livelihood.objects.select_related("region"), pk)
    programmes = (
        Programme.objects.restrict(request.user, "view")
        .applying_to(item.region_id)
        .filter(livelihood__iexact=item.commodity)
    )
    context = {
        "item": item,
        "programmes": programmes,
        "can_change": user_scope(request.user, "change").covers(item.region_id),
    }
    return render(request, "poverty/livelihood_detail.html", context)
