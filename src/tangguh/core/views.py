"""Pages of the core: home, change log, record history, job progress, error pages."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tangguh.core.api import error_body
from tangguh.core.changes import label_references
from tangguh.core.filters import ChangeFilter
from tangguh.core.importing.report import count_lines, is_report
from tangguh.core.importing.uploads import confirm_import, result_template
from tangguh.core.jobs import job_for
from tangguh.core.models import ChangeRecord, Job
from tangguh.core.nav import home_sections
from tangguh.core.pagination import page_of
from tangguh.core.registry import search_providers

# The change log only grows: counting all of it costs more with every write; past this many
# changes the page says "more than" and the filters narrow the list.
CHANGE_LOG_CAP = 10_000


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's regions, a region search and recent changes they may see."""
    memberships = request.user.memberships.select_related("region")  # type: ignore[union-attr]
    recent = list(ChangeRecord.objects.restrict(request.user, "view").select_related("actor")[:8])
    label_references(recent)
    context = {"memberships": memberships, "recent_changes": recent, "sections": home_sections()}
    return render(request, "core/home.html", context)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return redirect(static("tangguh/favicon.svg"), permanent=True)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: answers 200 when the app and database respond."""
    ChangeRecord.objects.exists()
    return JsonResponse({"status": "ok"})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One search box over every kind of record the apps register, within the user's regions."""
    text = query_text(request, "q")
    groups = []
    if len(text) >= 2:
        for provider in search_providers():
            hits = provider.find(request.user, text, 8)
            if hits:
                groups.append((provider.label, hits))
    template = "core/_search_results.html" if request.htmx else "core/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"q": text, "groups": groups})


@login_required
def change_log(request: HttpRequest) -> HttpResponse:
    """All changes the user may see, filtered by user, region, record type and date."""
    queryset = ChangeRecord.objects.restrict(request.user, "view").select_related("actor")
    changes = ChangeFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, changes.qs, cap=CHANGE_LOG_CAP)
    page.object_list = list(page.object_list)
    label_references(page.object_list)
    return render(request, "core/change_log.html", {"filter": changes, "page": page})


@login_required
def history(request: HttpRequest, model: str, object_id: str) -> HttpResponse:
    """The changes of one record (a tab on its page)."""
    try:
        apps.get_model(model)
    except (LookupError, ValueError) as exc:
        raise Http404(_("Unknown record type.")) from exc
    if not object_id.isprintable():
        raise Http404(_("Unknown record."))
    records = ChangeRecord.objects.filter(model=model, object_id=object_id)
    visible = ChangeRecord.objects.restrict(request.user, "view").filter(
        model=model, object_id=object_id
    )
    if records.exists() and not visible.exists():
        raise PermissionDenied(_("This record belongs to a region outside yours."))
    template = "core/_history.html" if request.htmx else "core/history.html"  # type: ignore[attr-defined]
    changes = list(visible.select_related("actor")[:200])
    label_references(changes)
    return render(request, template, {"changes": changes, "model": model, "object_id": object_id})


def query_text(request: HttpRequest, name: str, limit: int = 100) -> str:
    """A query-string value as plain text: control characters (NUL included) removed, trimmed."""
    raw = request.GET.get(name, "")
    return "".join(ch for ch in raw if ch.isprintable())[:limit].strip()


@login_required
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """A job's progress; the page polls itself with HTMX until the job is finished. An
    import's result is shown as its report; a dry run without problems can be confirmed."""
    job = job_for(request.user, job_id)
    template = "core/_job_status.html" if request.htmx else "core/job.html"  # type: ignore[attr-defined]
    context: dict[str, Any] = {"job": job, "report": None}
    if job.is_finished and is_report(job.result):
        context["report"] = {
            "counts": count_lines(job.result),
            "errors": job.result.get("errors", []),
            "warnings": job.result.get("warnings", []),
            "ignored": job.result.get("ignored_columns", []),
            "dry_run": job.result.get("dry_run"),
            "confirmable": job.result.get("dry_run") and job.status == Job.Status.DONE,
        }
        context["extra_template"] = result_template(job.kind)
    return render(request, template, context)


@login_required
@require_POST
def job_confirm(request: HttpRequest, job_id: str) -> HttpResponse:
    """Run a checked import (a dry run) for real, on the same files."""
    job = job_for(request.user, job_id)
    return redirect("job", job_id=confirm_import(job, request.user).pk)


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(status, code, message), status=status)
    context: dict[str, Any] = {"status": status, "message": message}
    return render(request, "core/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the request could not be understood (or was too large)."""
    return _error(request, 400, "bad_request", _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: signed in, but outside the user's regions or role."""
    message = str(exception) if exception and str(exception) else _("You may not open this page.")
    return _error(request, 403, "permission_denied", message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page or record."""
    message = str(exception) if exception and str(exception) else _("This page does not exist.")
    if not isinstance(exception, Http404) or "resolver404" in message or "tried" in message:
        message = _("This page does not exist.")
    return _error(request, 404, "not_found", message)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: something broke on our side; the details are in the server log."""
    return _error(request, 500, "server_error", _("Something went wrong on the server."))
