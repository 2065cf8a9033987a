"""Pages for disaster events: list with filters, record, form, import and export."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for, save_with, save_with_message
from tangguh.core.exporting import attachment, csv_response
from tangguh.core.importing.uploads import retry_import, start_import
from tangguh.core.models import Job
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.core.views import query_text
from tangguh.disasters import services, summaries
from tangguh.disasters.exporting import export_events
from tangguh.disasters.filters import EventFilter
from tangguh.disasters.formats.mapped import FIELDS as MAPPING_FIELDS
from tangguh.disasters.forms import FIELDS, EventForm, EventImportForm, effect_label
from tangguh.disasters.models import Event
from tangguh.disasters.published import PublishedScores, published_scores
from tangguh.disasters.sendai import ASSUMPTIONS, sendai_for

NO_SCORES = PublishedScores()
EXPORTS = {
    "csv": ("text/csv", "csv"),
    "dibi": ("text/csv", "csv"),
    "desinventar": ("text/csv", "csv"),
}


def _event_for(request: HttpRequest, pk: int, action: str) -> Event:
    """The event of the URL: 404 when there is none, 403 outside the user's regions."""
    event: Event = record_for(request, Event.objects.select_related("hazard", "region"), pk, action)
    return event


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Events in the user's regions, filtered; downloads in three formats."""
    queryset = Event.objects.restrict(request.user, "view").select_related("hazard", "region")
    events = EventFilter(request.GET, queryset=queryset, request=request)
    fmt = request.GET.get("export")
    if fmt in EXPORTS:
        content_type, suffix = EXPORTS[fmt]
        buffer = io.StringIO()
        export_events(events.qs, fmt, buffer)
        response = HttpResponse(
            buffer.getvalue().encode("utf-8"), content_type=f"{content_type}; charset=utf-8"
        )
        response["Content-Disposition"] = attachment(f"events-{fmt}.{suffix}")
        return response
    page = page_of(request, events.qs)
    can_add = not user_scope(request.user, "add").is_empty
    return render(
        request, "disasters/event_list.html", {"filter": events, "page": page, "can_add": can_add}
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One event: where, when, its effects (unknown shown as unknown) and its history."""
    event = _event_for(request, pk, "view")
    labels = {name: effect_label(name) for name in Event.effect_fields}
    effects = [(labels[name], value) for name, value in event.effects.items()]
    can_change = user_scope(request.user, "change").covers(event.region_id)
    return render(
        request,
        "disasters/event_detail.html",
        {"event": event, "effects": effects, "can_change": can_change},
    )


def _save(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    """Create or change the event through the services; refusals land on the form."""
    values: dict[str, Any] = {name: form.cleaned_data[name] for name in FIELDS}
    values["disaggregation"] = form.cleaned_data["disaggregation"]
    if event is None:
        return save_with(
            form,
            lambda: services.create_event(actor=request.user, **values),
            permission_field="region",
        )
    return save_with(
        form,
        lambda: services.update_event(event, actor=request.user, **values),
        permission_field="region",
    )


@login_required
def event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a new event, or correct one in the user's regions."""
    event = _event_for(request, pk, "change") if pk is not None else None
    if event is None and user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to record events."))
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, event)
        if saved is not None:
            messages.success(request, _("Event saved."))
            return redirect(saved)
    return render(request, "disasters/event_form.html", {"form": form, "event": event})


@login_required
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and delete an event."""
    event = _event_for(request, pk, "delete")
    if request.method == "POST" and not save_with_message(
        request, lambda: services.delete_event(event, actor=request.user)
    ):
        messages.success(request, _("Event deleted."))
        return redirect("disasters:event-list")
    return render(request, "disasters/event_confirm_delete.html", {"event": event})


@login_required
def event_import(request: HttpRequest) -> HttpResponse:
    """Upload a DIBI, DesInventar or tangguh CSV file, checked and imported in the background."""
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to import events."))
    form = EventImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "disasters.import",
            [form.cleaned_data["upload"]],
            owner=request.user,
            dry_run=form.cleaned_data["dry_run"],
            params={"format": form.cleaned_data["format"]},
        )
        return redirect("job", job_id=job.pk)
    return render(request, "disasters/event_import.html", {"form": form})


@login_required
@require_POST
def event_import_map(request: HttpRequest, job_id: str) -> HttpResponse:
    """Check an uploaded file of an unknown layout again, with the columns the person mapped."""
    job = Job.objects.filter(pk=job_id, kind="disasters.import").first()
    if job is None:
        raise Http404(_("This record does not exist."))
    mapping = {
        field: request.POST.get(f"map:{field}", "").strip()
        for field in MAPPING_FIELDS
        if request.POST.get(f"map:{field}", "").strip()
    }
    return redirect("job", job_id=retry_import(job, request.user, {"mapping": mapping}).pk)


def _default_region(request: HttpRequest) -> str:
    membership = request.user.memberships.order_by("region_id").first()  # type: ignore[union-attr]
    return membership.region_id if membership is not None else "53"


@login_required
def sendai_page(request: HttpRequest) -> HttpResponseBase:
    """Sendai indicators for a region and year, with the definitions beside the figures."""
    code = query_text(request, "region") or _default_region(request)
    raw_year = query_text(request, "year")
    year = int(raw_year) if is_number(raw_year) and 1900 <= int(raw_year) <= 2200 else None
    if year is None:
        latest = Event.objects.restrict(request.user, "view").order_by("-start_date").first()
        year = latest.start_date.year if latest else timezone.localdate().year
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    rows, count = sendai_for(region, year, Event.objects.restrict(request.user, "view"))
    if request.GET.get("export") == "csv":
        return csv_download(
            f"sendai-{region.code}-{year}.csv",
            [
                "code",
                "name",
                "value",
                "per_100k",
                "unit",
                "events_counted",
                "events_unknown",
                "events_partial",
                "definition",
                "note",
                "assumptions_version",
            ],
            (
                [
                    r.indicator.code,
                    r.name,
                    r.indicator.value,
                    r.indicator.per_100k,
                    r.indicator.unit,
                    r.indicator.events_counted,
                    r.indicator.events_unknown,
                    r.indicator.events_partial,
                    r.definition,
                    r.note,
                    r.indicator.assumptions_version,
                ]
                for r in rows
            ),
        )
    context = {
        "region": region,
        "year": year,
        "rows": rows,
        "events": count,
        "assumptions": ASSUMPTIONS,
    }
    return render(request, "disasters/sendai.html", context)


def _scoped_region(request: HttpRequest, code: str) -> Any:
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    return region


@login_required
def hazard_profile_page(request: HttpRequest, code: str) -> HttpResponseBase:
    """A region's hazards: events and effects by hazard and year, a trend chart, a map of events."""
    region = _scoped_region(request, code)
    events = Event.objects.restrict(request.user, "view")
    profile = summaries.hazard_profile(events, region)
    if request.GET.get("export") == "csv":
        return csv_download(
            f"hazard-profile-{region.code}.csv",
            [
                "hazard",
                *[str(y) for y in profile.years],
                "events",
                "deaths",
                "missing",
                "affected",
                "houses_damaged",
                "events_deaths_unknown",
                "events_affected_unknown",
            ],
            (
                [
                    row["name"],
                    *row["by_year"],
                    row["n_events"],
                    row["n_deaths"],
                    row["n_missing"],
                    row["n_affected"],
                    row["houses"],
                    row["unknown_deaths"],
                    row["unknown_affected"],
                ]
                for row in profile.rows
            ),
        )
    chart = {
        "years": profile.years,
        "series": [
            {"name": str(row["name"]), "values": [float(v) for v in row["by_year"]]}
            for row in profile.rows
        ],
    }
    context = {
        "region": region,
        "profile": profile,
        "chart": chart,
        "points": summaries.event_points(events, region),
    }
    return render(request, "disasters/profile.html", context)


def _period(request: HttpRequest) -> tuple[int, int]:
    this_year = timezone.localdate().year
    first, last = query_text(request, "first"), query_text(request, "last")
    first_year = (
        int(first) if is_number(first) and 1900 <= int(first) <= this_year else this_year - 10
    )
    last_year = int(last) if is_number(last) and first_year <= int(last) <= this_year else this_year
    return first_year, last_year


def _regencies_for(request: HttpRequest) -> list[Any]:
    scope = user_scope(request.user, "view")
    if scope.everything:
        return summaries.regencies_in(None)
    return [r for r in summaries.regencies_in(None) if scope.covers(r.code)]


@login_required
def ranking_page(request: HttpRequest) -> HttpResponseBase:
    """The multi-hazard diversity-and-intensity ranking of the regencies the user may see, with
    BNPB's IRBI scores and the KRB indices beside it when they have been imported."""
    first, last = _period(request)
    regencies = _regencies_for(request)
    rows = summaries.ranking(Event.objects.restrict(request.user, "view"), regencies, first, last)
    published = published_scores(request.user)
    ranked = [(row, published.get(row.region_code, NO_SCORES)) for row in rows]
    if request.GET.get("export") == "csv":
        return _ranking_csv(ranked, first, last)
    context = {
        "rows": rows,
        "ranked": ranked,
        "has_irbi": any(scores.irbi for _row, scores in ranked),
        "published": [(row, scores) for row, scores in ranked if scores.all],
        "first": first,
        "last": last,
        "complete": len(regencies) >= 22,
    }
    return render(request, "disasters/ranking.html", context)


def csv_download(filename: str, header: list[str], rows: Any) -> HttpResponseBase:
    """A CSV attachment streamed through the kit (BOM first, formula-like text guarded)."""
    return csv_response(filename, header, rows)


def _ranking_csv(
    ranked: list[tuple[Any, PublishedScores]], first: int, last: int
) -> HttpResponseBase:
    """The ranking's inputs and results, then the regency's IRBI score of all hazards."""
    criteria = [c.name for c in ranked[0][0].criteria] if ranked else []
    header = [
        "rank",
        "region_code",
        "name",
        "population",
        "events",
        "score",
        *criteria,
        *[f"{c}_normalised" for c in criteria],
        "method_version",
        "irbi_score",
        "irbi_class",
        "irbi_year",
        "irbi_source",
    ]
    lines = (
        [
            row.rank,
            row.region_code,
            row.name,
            row.population,
            row.events,
            row.score,
            *[c.raw for c in row.criteria],
            *[c.normalised for c in row.criteria],
            row.method_version,
            *(
                [scores.irbi.score, scores.irbi.risk_class, scores.irbi.year, scores.irbi.source]
                if scores.irbi
                else ["", "", "", ""]
            ),
        ]
        for row, scores in ranked
    )
    return csv_download(f"hazard-ranking-{first}-{last}.csv", header, lines)


@login_required
def quality_page(request: HttpRequest) -> HttpResponseBase:
    """Data quality of the event records, per regency side by side."""
    events = Event.objects.restrict(request.user, "view")
    rows = summaries.quality(events, _regencies_for(request))
    if request.GET.get("export") == "csv":
        keys = summaries.QUALITY_KEYS
        return csv_download(
            "event-data-quality.csv",
            ["region_code", "name", *keys],
            ([row["region"].code, row["region"].name, *[row[k] for k in keys]] for row in rows),
        )
    return render(
        request,
        "disasters/quality.html",
        {
            "rows": rows,
            "late_days": summaries.LATE_AFTER.days,
            "outlier_deaths": summaries.OUTLIER_DEATHS,
            "outlier_affected": summaries.OUTLIER_AFFECTED,
        },
    )
