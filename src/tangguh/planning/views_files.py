"""Spreadsheet pages: import proposals from the template (check, preview, then import), download
the template, download the decisions workbook or the sync matrix, and import the filled
decisions workbook (check, preview, then import).

An uploaded file waits between the check and the import in the media folder; the session keeps
its place under a random token, so only the user who uploaded it can import it.
"""

from __future__ import annotations

import io
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tangguh.core.scope import user_scope
from tangguh.planning import rules
from tangguh.planning.exporting_sync import matrix_rows, write_matrix
from tangguh.planning.forms_files import (
    DecisionImportForm,
    ProposalImportForm,
    SyncExportForm,
)
from tangguh.planning.importers import import_proposals
from tangguh.planning.models import Proposal
from tangguh.planning.templates_xlsx import column_help, template_workbook, write_template_csv
from tangguh.planning.workbook import build_workbook, workbook_name
from tangguh.planning.workbook_import import import_decisions
from tangguh.regions.models import Level, Region

SESSION_KEY = "planning_uploads"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


def _url(name: str, **query: Any) -> str | None:
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    wanted = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(wanted)}" if wanted else url


# ---------------------------------------------------------------------------------------------
# Uploads waiting between the check and the import


@dataclass(frozen=True)
class Upload:
    """A file uploaded for an import, kept until it is imported or replaced."""

    token: str
    path: Path
    name: str
    values: dict[str, Any]


def _store(request: HttpRequest, upload: Any, kind: str, **values: Any) -> Upload:
    """Keep an uploaded file for the import that follows its check."""
    _forget(request, kind)
    token = uuid.uuid4().hex
    folder = Path(settings.MEDIA_ROOT) / "imports" / token
    folder.mkdir(parents=True)
    name = Path(upload.name).name
    try:
        safe = get_valid_filename(name)
    except SuspiciousFileOperation:
        safe = "upload"
    path = folder / safe
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[kind] = {"token": token, "path": str(path), "name": name, "values": values}
    request.session[SESSION_KEY] = uploads
    return Upload(token, path, name, values)


def _stored(request: HttpRequest, kind: str, token: str) -> Upload | None:
    """The file this user uploaded for `kind` under `token` (None when it is gone)."""
    entry = request.session.get(SESSION_KEY, {}).get(kind)
    if not entry or entry["token"] != token or not Path(entry["path"]).is_file():
        return None
    return Upload(entry["token"], Path(entry["path"]), entry["name"], entry["values"])


def _forget(request: HttpRequest, kind: str) -> None:
    """Remove the file waiting for `kind`, if any."""
    uploads = request.session.get(SESSION_KEY, {})
    entry = uploads.pop(kind, None)
    if entry:
        shutil.rmtree(Path(entry["path"]).parent, ignore_errors=True)
        request.session[SESSION_KEY] = uploads


# ---------------------------------------------------------------------------------------------
# Proposals


def _require_add(request: HttpRequest) -> None:
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to import proposals."))


def _region_of(code: str | None) -> Region | None:
    return Region.objects.filter(code=code).first() if code else None


@login_required
def proposal_import(request: HttpRequest) -> HttpResponse:
    """Upload a proposals file: every problem is listed, or a preview of what will be imported
    with a button to import it."""
    _require_add(request)
    if request.method == "POST" and "token" in request.POST:
        return _proposal_import_confirmed(request)
    form = ProposalImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"year": rules.budget_year()},
    )
    context: dict[str, Any] = {"form": form, **_template_links(request)}
    if request.method == "POST" and form.is_valid():
        year, region = form.cleaned_data["year"], form.cleaned_data["region"]
        upload = form.cleaned_data["upload"]
        stored = _store(
            request,
            upload,
            "proposals",
            year=year,
            region=region.code if region else "",
        )
        report = import_proposals(
            stored.path,
            year=year,
            actor=request.user,
            region=region,
            dry_run=True,
            name=stored.name,
        )
        if not report.ok:
            _forget(request, "proposals")
        context.update(
            report=report,
            preview=report.preview[:PREVIEW_ROWS],
            token=stored.token if report.ok else None,
        )
    return render(request, "planning/files/proposal_import.html", context)


def _proposal_import_confirmed(request: HttpRequest) -> HttpResponse:
    stored = _stored(request, "proposals", request.POST.get("token", ""))
    if stored is None:
        messages.error(request, _("The file to import is no longer here; upload it again."))
        return redirect("planning:proposal-import")
    year = int(stored.values["year"])
    region = _region_of(stored.values.get("region"))
    report = import_proposals(
        stored.path, year=year, actor=request.user, region=region, name=stored.name
    )
    _forget(request, "proposals")
    if report.ok:
        messages.success(
            request,
            _("%(count)d proposal(s) imported from %(file)s.")
            % {"count": len(report.created), "file": stored.name},
        )
        target = _url("planning:proposals", year=year, region=region.code if region else None)
        return redirect(target or "home")
    form = ProposalImportForm(user=request.user, initial={"year": year})
    context = {"form": form, "report": report, "preview": [], **_template_links(request)}
    return render(request, "planning/files/proposal_import.html", context)


def _template_links(request: HttpRequest) -> dict[str, Any]:
    return {
        "template_xlsx": _url("planning:proposal-template", format="xlsx"),
        "template_csv": _url("planning:proposal-template", format="csv"),
        "columns": column_help(),
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
    book = template_workbook(_template_region(request))
    return _xlsx(book, "template-usulan.xlsx")


def _xlsx(book: Any, name: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------------------------
# The decisions workbook and the sync matrix


@login_required
@require_GET
def sync_export(request: HttpRequest) -> HttpResponse:
    """Download the decisions workbook (a summary sheet and one sheet per agency, to fill and
    import back) or the sync matrix as CSV; without a year, the page to choose them."""
    if "year" not in request.GET:
        form = SyncExportForm(user=request.user, initial={"year": rules.budget_year()})
        return render(request, "planning/files/sync_export.html", {"form": form})
    form = SyncExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "planning/files/sync_export.html", {"form": form}, status=400)
    year, region = form.cleaned_data["year"], form.cleaned_data["region"]
    if form.cleaned_data["format"] == "csv":
        proposals = Proposal.objects.restrict(request.user, "view").filter(year=year)
        proposals = proposals.within(region.code)
        buffer = io.StringIO()
        write_matrix(matrix_rows(proposals, form.cleaned_data["by"]), buffer)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        name = f"sinkronisasi-{region.code}-{year}-{form.cleaned_data['by']}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return _xlsx(build_workbook(region, year, request.user), workbook_name(region, year))


def _require_decider(request: HttpRequest) -> None:
    scope = user_scope(request.user, "change")
    if not scope.everything and not any(root.count(".") <= 1 for root in scope.roots):
        raise PermissionDenied(
            _("Decisions are recorded by the editors of a regency/city; you have no such role.")
        )


@login_required
def decision_import(request: HttpRequest) -> HttpResponse:
    """Upload the decisions workbook the agencies filled: every problem is listed with its sheet,
    row and column, or what will be recorded, with a button to record it."""
    _require_decider(request)
    if request.method == "POST" and "token" in request.POST:
        return _decision_import_confirmed(request)
    form = DecisionImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "export_url": _url("planning:sync-export")}
    if request.method == "POST" and form.is_valid():
        stored = _store(request, form.cleaned_data["upload"], "decisions")
        report = import_decisions(stored.path, actor=request.user, dry_run=True, name=stored.name)
        if not report.ok:
            _forget(request, "decisions")
        context.update(report=report, token=stored.token if report.ok else None)
    return render(request, "planning/files/decision_import.html", context)


def _decision_import_confirmed(request: HttpRequest) -> HttpResponse:
    stored = _stored(request, "decisions", request.POST.get("token", ""))
    if stored is None:
        messages.error(request, _("The workbook to import is no longer here; upload it again."))
        return redirect("planning:decision-import")
    report = import_decisions(stored.path, actor=request.user, name=stored.name)
    _forget(request, "decisions")
    if report.ok:
        messages.success(
            request,
            _(
                "%(decided)d decision(s) recorded, %(unchanged)d unchanged, %(items)d draft "
                "work-plan item(s) created."
            )
            % {
                "decided": len(report.decided),
                "unchanged": report.unchanged,
                "items": report.items_created,
            },
        )
        target = _url("planning:sync", year=report.year, region=report.region)
        return redirect(target or "home")
    context = {"form": DecisionImportForm(), "report": report}
    return render(request, "planning/files/decision_import.html", context)
