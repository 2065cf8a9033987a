"""Pages of the core: home, change log, record history, job progress, error pages."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tangguh.core.api import error_body
from tangguh.core.filters import ChangeFilter
from tangguh.core.models import ChangeRecord, Job
from tangguh.core.scope import user_scope


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's regions, a region search and recent changes they may see."""
    memberships = request.user.memberships.select_related("region")  # type: ignore[union-attr]
    recent = ChangeRecord.objects.restrict(request.user, "view").select_related("actor")[:8]
    return render(request, "core/home.html", {"memberships": memberships, "recent_changes": recent})


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: answers 200 when the app and database respond."""
    ChangeRecord.objects.exists()
    return JsonResponse({"status": "ok"})


@login_required
def change_log(request: HttpRequest) -> HttpResponse:
    """All changes the user may see, filtered by user, region, record type and date."""
    queryset = ChangeRecord.objects.restrict(request.user, "view").select_related("actor")
    changes = ChangeFilter(request.GET, queryset=queryset, request=request)
    page = Paginator(changes.qs, 50).get_page(request.GET.get("page"))
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
    return render(
        request,
        template,
        {"changes": visible.select_related("actor")[:200], "model": model, "object_id": object_id},
    )


def query_text(request: HttpRequest, name: str, limit: int = 100) -> str:
    """A query-string value as plain text: control characters (NUL included) removed, trimmed."""
    raw = request.GET.get(name, "")
    return "".join(ch for ch in raw if ch.isprintable())[:limit].strip()


def _job_for(request: HttpRequest, job_id: str) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if job.owner_id != request.user.pk and not user_scope(request.user, "manage").everything:
        raise PermissionDenied(_("This job was started by someone else."))
    return job


@login_required
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """A job's progress; the page polls itself with HTMX until the job is finished."""
    job = _job_for(request, job_id)
    template = "core/_job_status.html" if request.htmx else "core/job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


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


def show_errors(form: BaseForm, exc: ValidationError | PermissionDenied, field: str = "") -> None:
    """Put a service's refusal on the form: a ValidationError on its fields (or the form), a
    PermissionDenied on `field` when the form has it (else on the form)."""
    if isinstance(exc, PermissionDenied):
        form.add_error(field if field in form.fields else None, str(exc))
        return
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    for name, errors in by_field.items():
        form.add_error(name if name in form.fields else None, errors)
