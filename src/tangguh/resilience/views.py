"""Pages of the resilience app: assessments (list, record with the answers form, workflow,
year-on-year deltas, recommendations) and instruments (with the rules a province sets)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangguh.core.crud import record_for, save_with_message
from tangguh.core.exporting import csv_response
from tangguh.core.generations import memoised
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.measures import resilience as measure
from tangguh.resilience import services
from tangguh.resilience.exporting import COLUMNS, assessment_rows
from tangguh.resilience.filters import AssessmentFilter
from tangguh.resilience.forms import RulesForm
from tangguh.resilience.models import Answer, Assessment, Instrument, Question, Status
from tangguh.resilience.reports import assessment_report


@login_required
def assessment_list(request: HttpRequest) -> HttpResponseBase:
    """Assessments in the user's regions, filtered; a CSV download."""
    queryset = Assessment.objects.restrict(request.user, "view").select_related(
        "instrument", "region"
    )
    found = AssessmentFilter(request.GET, queryset=queryset, request=request)
    if request.GET.get("export") == "csv":
        return csv_response("assessments.csv", COLUMNS, assessment_rows(found.qs))
    if request.GET.get("export") == "xlsx":
        from tangguh.core.exporting import xlsx_response
        from tangguh.resilience.excel import export_book

        return xlsx_response("assessments.xlsx", export_book(found.qs[:200]))
    page = page_of(request, found.qs)
    context = {
        "filter": found,
        "page": page,
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "resilience/assessment_list.html", context)


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One assessment: score and class beside the rules used, sections, indicators with their
    questions and answers (a form while it may be edited), the verification trail, the change
    from last year and the weakest indicators as recommendations."""
    assessment: Assessment = record_for(
        request, Assessment.objects.select_related("instrument", "region"), pk, "view"
    )
    can_change = assessment.editable and user_scope(request.user, "change").covers(
        assessment.region_id
    )
    verifier = user_scope(request.user, "change").covers(assessment.verifier_code)
    context: dict[str, Any] = {
        "assessment": assessment,
        "can_change": can_change,
        "can_submit": can_change,
        "can_verify": verifier and assessment.status == Status.SUBMITTED,
        "can_reopen": verifier and assessment.status == Status.FINAL,
        "reviews": assessment.reviews.all(),
        **assessment_report(assessment, request.user),
    }
    return render(request, "resilience/assessment_detail.html", context)


def _entries(request: HttpRequest, assessment: Assessment) -> dict[str, dict[str, Any]]:
    """The answers posted by the form: a-KEY answer, e-KEY evidence, l-KEY link, c-KEY comment,
    f-KEY file."""
    entries: dict[str, dict[str, Any]] = {}
    fields = {"a": "answer", "e": "evidence", "l": "evidence_link", "c": "comment"}
    for name, value in request.POST.items():
        prefix, _sep, key = name.partition("-")
        if prefix in fields and key:
            entries.setdefault(key, {})[fields[prefix]] = str(value).strip()
    for name, upload in request.FILES.items():
        prefix, _sep, key = name.partition("-")
        if prefix == "f" and key:
            stored = services.store_evidence(assessment, upload, actor=request.user)
            entries.setdefault(key, {})["evidence_file"] = stored
    for entry in entries.values():
        entry.setdefault("answer", "")
    return entries


@login_required
@require_POST
def save_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the answers of the form; every answer is checked before any is saved."""
    assessment: Assessment = record_for(request, Assessment, pk, "change")
    try:
        entries = _entries(request, assessment)
        existing = set(assessment.answers.values_list("question__key", flat=True))
        entries = {
            k: v
            for k, v in entries.items()
            if k in existing or v.get("answer") or any(v.get(n) for n in services.ANSWER_FIELDS)
        }
        result = services.save_answers(assessment, entries, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
        return redirect(assessment.get_absolute_url())
    messages.success(request, _("Answers saved."))
    if result.flagged:
        messages.warning(
            request,
            _("Kept but not counted (a yes after a no): %(keys)s")
            % {"keys": ", ".join(result.flagged)},
        )
    return redirect(assessment.get_absolute_url())


STEPS = {
    "submit": services.submit,
    "verify": services.verify,
    "return": services.return_for_correction,
    "reopen": services.reopen,
}
DONE = {
    "submit": _("Submitted for verification."),
    "verify": _("Verified: the assessment is final."),
    "return": _("Returned for correction."),
    "reopen": _("Reopened for correction."),
}


@login_required
@require_POST
def workflow(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Submit, verify, return or reopen, with a comment."""
    if step not in STEPS:
        raise Http404
    if step == "submit":
        assessment: Assessment = record_for(request, Assessment, pk, "change")
    else:
        assessment = record_for(
            request, Assessment.objects.select_related("instrument"), pk, "view"
        )
        if not user_scope(request.user, "change").covers(assessment.verifier_code):
            raise PermissionDenied(
                _("Only editors of region %(code)s verify this assessment.")
                % {"code": assessment.verifier_code}
            )
    comment = request.POST.get("comment", "").strip()
    refused = save_with_message(
        request, lambda: STEPS[step](assessment, actor=request.user, comment=comment)
    )
    if not refused:
        messages.success(request, str(DONE[step]))
    return redirect(assessment.get_absolute_url())


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded evidence file, for those who may view its assessment."""
    answer = get_object_or_404(Answer.objects.select_related("assessment"), pk=pk)
    record_for(request, Assessment, answer.assessment_id, "view")
    if not answer.evidence_file or not default_storage.exists(answer.evidence_file):
        raise Http404
    return FileResponse(
        default_storage.open(answer.evidence_file, "rb"),
        as_attachment=True,
        filename=answer.evidence_file.rsplit("/", 1)[-1],
    )


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    """The instruments with their legal basis and how sure their rules are."""
    instruments = Instrument.objects.all()
    return render(request, "resilience/instrument_list.html", {"instruments": instruments})


@login_required
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An instrument's sections, indicators and questions with basis and verified flags; its
    uncertain rules, which managers of the owning region set here."""
    instrument = get_object_or_404(Instrument, code=code)
    can_manage = user_scope(request.user, "manage").covers(instrument.owner_code)
    form = RulesForm(request.POST or None, instrument=instrument) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(
                _("Only managers of region %(code)s set these rules.")
                % {"code": instrument.owner_code}
            )
        if form.is_valid():
            refused = save_with_message(
                request, lambda: services.set_rules(instrument, actor=request.user, **form.values())
            )
            if not refused:
                messages.success(request, _("Rules saved; open assessments were scored again."))
                return redirect(instrument.get_absolute_url())
    questions = Question.objects.filter(instrument=instrument).select_related(
        "indicator", "indicator__section"
    )
    context = {
        "instrument": instrument,
        "form": form,
        "questions": questions,
        "classes": instrument.classes.all(),
        "indicators_to_complete": instrument.indicators.filter(to_complete=True).count(),
        "used": Assessment.objects.filter(instrument=instrument).count(),
        "zero": Decimal(0),
        "rules": measure.VERSION,
    }
    return render(request, "resilience/instrument_detail.html", context)


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if is_number(raw) and int(raw) in years:
        return int(raw)
    return years[0] if years else None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The province roll-up: the regencies' IKD of a year (table, map, trend) and Destana
    coverage per regency with the high-risk villages that are not Destana."""
    from tangguh.resilience import rollup

    visible = Assessment.objects.restrict(request.user, "view")
    scope = user_scope(request.user, "view")
    # Kept per generation of the assessments (and of the regions and risk data they are shown
    # with): the roll-up reads every regency's assessments.
    kinds = ("resilience", "regions")
    years = memoised(kinds, (visible,), lambda: rollup.ikd_years(visible))
    year = _year(request, years)
    rows = memoised(kinds, (visible, year), lambda: rollup.ikd_table(visible, year) if year else [])
    rows = [r for r in rows if scope.overlaps(r.region.code)]
    labels = (_("Mean IKD"), _("Regencies assessed"))
    coverage = memoised(
        (*kinds, "risk"),
        (visible, year, sorted(scope.roots), scope.everything),
        lambda: rollup.destana_coverage(request.user, scope, visible, year),
    )
    context = {
        "years": years,
        "year": year,
        "rows": rows,
        "trend": memoised(kinds, (visible, labels), lambda: rollup.ikd_trend(visible, *labels)),
        "legend": [
            {"label": label, "colour": rollup.CLASS_COLOURS.get(key, rollup.NO_DATA)}
            for key, label in (
                ("rendah", _("low (rendah)")),
                ("sedang", _("medium (sedang)")),
                ("tinggi", _("high (tinggi)")),
                ("", _("no IKD")),
            )
        ],
        "coverage": coverage,
        "levels": rollup.DESTANA_LEVELS,
    }
    return render(request, "resilience/overview.html", context)


@login_required
def overview_map(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the regencies the user may see, coloured by their IKD class of `?year=`."""
    from django.http import JsonResponse

    from tangguh.resilience import rollup

    visible = Assessment.objects.restrict(request.user, "view")
    years = rollup.ikd_years(visible)
    year = _year(request, years)
    scope = user_scope(request.user, "view")
    rows = (
        [r for r in rollup.ikd_table(visible, year) if scope.overlaps(r.region.code)]
        if year
        else []
    )
    response = JsonResponse(
        {"type": "FeatureCollection", "features": rollup.ikd_features(rows, _("no IKD"))}
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def xlsform(request: HttpRequest, code: str) -> HttpResponse:
    """The instrument as an XLSForm for ODK Collect / KoboToolbox."""
    from tangguh.core.exporting import xlsx_response
    from tangguh.resilience.odk import xlsform_book

    instrument = get_object_or_404(Instrument, code=code)
    if instrument.is_placeholder:
        raise Http404(_("This instrument is an empty slot: its indicators are not loaded yet."))
    return xlsx_response(f"{instrument.code}-xlsform.xlsx", xlsform_book(instrument))


@login_required
def loss_form(request: HttpRequest) -> HttpResponse:
    """The disaster loss-report XLSForm (its submissions import as events)."""
    from tangguh.core.exporting import xlsx_response
    from tangguh.resilience.odk_events import loss_form_book

    return xlsx_response("loss-report-xlsform.xlsx", loss_form_book())


@login_required
@require_POST
def upload_loss_reports(request: HttpRequest) -> HttpResponse:
    """Check (and then import) an export of the loss-report form as events."""
    from tangguh.core.importing.uploads import start_import

    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to add records."))
    upload = request.FILES.get("upload")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("resilience:instrument-list")
    job = start_import("resilience.loss_reports", [upload], owner=request.user, dry_run=True)
    return redirect("job", job_id=job.pk)


@login_required
@require_POST
def upload_submissions(request: HttpRequest, code: str) -> HttpResponse:
    """Check (and then import) an ODK/KoboToolbox export in the background."""
    from tangguh.core.importing.uploads import start_import

    instrument = get_object_or_404(Instrument, code=code)
    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to add records."))
    upload = request.FILES.get("upload")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect(instrument.get_absolute_url())
    job = start_import(
        "resilience.submissions",
        [upload],
        owner=request.user,
        dry_run=True,
        params={"instrument": instrument.code},
    )
    return redirect("job", job_id=job.pk)


@login_required
def workbook_template(request: HttpRequest, code: str) -> HttpResponse:
    """An empty workbook of the instrument's questions (`?region=` and `?year=` fill those)."""
    from tangguh.core.exporting import xlsx_response
    from tangguh.resilience.excel import template_book

    instrument = get_object_or_404(Instrument, code=code)
    if instrument.is_placeholder:
        raise Http404(_("This instrument is an empty slot: its indicators are not loaded yet."))
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if is_number(raw_year) else None
    book = template_book(instrument, request.GET.get("region", "")[:20], year)
    return xlsx_response(f"{instrument.code}-template.xlsx", book)


@login_required
@require_POST
def upload_workbook(request: HttpRequest) -> HttpResponse:
    """Check (and then import) a workbook of answers in the background."""
    from tangguh.core.importing.uploads import start_import

    if user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to add records."))
    upload = request.FILES.get("upload")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("resilience:assessment-list")
    job = start_import("resilience.workbook", [upload], owner=request.user, dry_run=True)
    return redirect("job", job_id=job.pk)


@login_required
def indicator_edit(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """Managers of the instrument's region complete an indicator's name and questions."""
    from tangguh.resilience.forms import IndicatorForm
    from tangguh.resilience.models import Indicator

    instrument = get_object_or_404(Instrument, code=code)
    if not user_scope(request.user, "manage").covers(instrument.owner_code):
        raise PermissionDenied(
            _("Only managers of region %(code)s set these rules.") % {"code": instrument.owner_code}
        )
    indicator = get_object_or_404(Indicator, instrument=instrument, key=key)
    form = IndicatorForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refused = save_with_message(
            request,
            lambda: services.complete_indicator(
                indicator,
                actor=request.user,
                texts=form.question_texts(),
                title=data["title"],
                weight=data["weight"],
                hazards=data["hazards"] or [],
                to_complete=data["to_complete"],
            ),
        )
        if not refused:
            messages.success(request, _("Indicator saved."))
            return redirect(f"{instrument.get_absolute_url()}#ind-{indicator.key}")
    context = {
        "form": form,
        "title": _("Indicator %(key)s of %(code)s") % {"key": indicator.key, "code": code},
        "cancel": instrument.get_absolute_url(),
        "parent": instrument,
    }
    return render(request, "core/record_form.html", context)
