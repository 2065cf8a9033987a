"""Spreadsheet pages: import proposals from the template, download the template, download the
decisions workbook or the sync matrix, and import the filled decisions workbook.

An upload goes the kit's way (`core.importing.uploads`): it is checked in a background job (a dry
run), whose page shows the report; "Import now" there imports the same file for real.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tangguh.core.exporting import xlsx_response
from tangguh.core.importing.uploads import start_import
from tangguh.core.scope import user_scope
from tangguh.planning import rules
from tangguh.planning.exporting import matrix_response, matrix_rows
from tangguh.planning.forms.files import DecisionImportForm, ProposalImportForm, SyncExportForm
from tangguh.planning.models import Proposal
from tangguh.planning.templates_xlsx import column_help, template_workbook, write_template_csv
from tangguh.planning.views.common import optional_url
from tangguh.planning.workbook import build_workbook, workbook_name
from tangguh.regions.models import Level, Region

# ---------------------------------------------------------------------------------------------
# Proposals


def _require_add(request: HttpRequest) -> None:
    """Refuse (403) a user who may add nothing."""
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to import proposals."))


@login_required
def proposal_import(request: HttpRequest) -> HttpResponse:
    """Upload a proposals file: it is checked in the background, and the job's page lists every
    problem, or what will be imported with a button to import it."""
    _require_add(request)
    form = ProposalImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"year": rules.budget_year()},
    )
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        job = start_import(
            "planning.proposals",
            [form.cleaned_data["upload"]],
            owner=request.user,
            dry_run=True,
            params={"year": form.cleaned_data["year"], "region": region.code if region else ""},
        )
        messages.info(request, _("The file is being checked in the background."))
        return redirect("job", job_id=job.pk)
    context = {"form": form, **_template_links(request)}
    return render(request, "planning/files/proposal_import.html", context)


def _template_links(request: HttpRequest) -> dict[str, object]:
    """The template downloads and the columns they hold."""
    url = optional_url("planning:proposal-template")
    return {
        "template_xlsx": f"{url}?format=xlsx" if url else None,
        "template_csv": f"{url}?format=csv" if url else None,
        "columns": column_help(user=request.user),
    }


def _template_region(request: HttpRequest) -> Region | None:
    """The regency whose village codes go into the template: the one asked for, else the
    user's only regency."""
    code = request.GET.get("region", "").strip()[:20]
    scope = user_scope(request.user, "view")
    if code:
        region = Region.objects.filter(code=code).first()
        if region is not None and scope.overlaps(region.code) and region.level >= Level.REGENCY:
            return Region.objects.get(code=".".join(region.code.split(".")[:2]))
        return None
    roots = {".".join(root.split(".")[:2]) for root in scope.roots if "." in root}
    if scope.everything or len(roots) != 1 or any("." not in r for r in scope.roots):
        return None
    return Region.objects.filter(code=roots.pop()).first()


@login_required
@require_GET
def proposal_template(request: HttpRequest) -> HttpResponse:
    """The proposals template: `?format=xlsx` (default, with a sheet explaining each column and
    the village codes of the user's regency) or `?format=csv`."""
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        write_template_csv(buffer)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="template-usulan.csv"'
        return response
    return xlsx_response(
        "template-usulan.xlsx", template_workbook(_template_region(request), request.user)
    )


# ---------------------------------------------------------------------------------------------
# The decisions workbook and the sync matrix


@login_required
@require_GET
def sync_export(request: HttpRequest) -> HttpResponseBase:
    """Download the decisions workbook (a summary sheet and one sheet per agency, to fill and
    import back) or the sync matrix as CSV; without a year, the page to choose them."""
    if "year" not in request.GET:
        form = SyncExportForm(user=request.user, initial={"year": rules.budget_year()})
        return render(request, "planning/files/sync_export.html", {"form": form})
    form = SyncExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "planning/files/sync_export.html", {"form": form}, status=400)
    year, region, by = (form.cleaned_data[k] for k in ("year", "region", "by"))
    if form.cleaned_data["format"] == "csv":
        proposals = Proposal.objects.restrict(request.user, "view").filter(year=year)
        rows = matrix_rows(proposals.within(region.code), by)
        return matrix_response(f"sinkronisasi-{region.code}-{year}-{by}.csv", rows)
    return xlsx_response(workbook_name(region, year), build_workbook(region, year, request.user))


def _require_decider(request: HttpRequest) -> None:
    """Refuse (403) a user who is not an editor of a regency/city."""
    scope = user_scope(request.user, "change")
    if not scope.everything and not any(root.count(".") <= 1 for root in scope.roots):
        raise PermissionDenied(
            _("Decisions are recorded by the editors of a regency/city; you have no such role.")
        )


@login_required
def decision_import(request: HttpRequest) -> HttpResponse:
    """Upload the decisions workbook the agencies filled: it is checked in the background, and
    the job's page lists every problem with its sheet, row and column, or what will be
    recorded, with a button to record it."""
    _require_decider(request)
    form = DecisionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "planning.decisions", [form.cleaned_data["upload"]], owner=request.user, dry_run=True
        )
        messages.info(request, _("The workbook is being checked in the background."))
        return redirect("job", job_id=job.pk)
    context = {"form": form, "export_url": optional_url("planning:sync-export")}
    return render(request, "planning/files/decision_import.html", context)
