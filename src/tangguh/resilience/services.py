"""Audited writes on instruments and assessments.

Workflow: create (last year's answers and evidence offered again) → fill → submit → verify
(by the province for a regency's IKD, by the regency for a village's Destana) → final; the
verifier may return a submitted assessment for correction, and reopen a final one, both with a
comment. A final assessment changes only by reopening. Scores are recomputed from the answers
with the instrument's current rules whenever answers or rules change, except on final
assessments, which keep the rules they were verified with.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core import audit, generations
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.problems import ImportFailed, Problem
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import user_scope
from tangguh.measures import resilience as measure
from tangguh.resilience import instruments as files
from tangguh.resilience.models import (
    EDITABLE,
    Answer,
    Assessment,
    Indicator,
    Instrument,
    Question,
    Review,
    ScoreClass,
    Section,
    Status,
)

MODELS = {
    "Instrument": Instrument,
    "Section": Section,
    "Indicator": Indicator,
    "Question": Question,
    "ScoreClass": ScoreClass,
}
ANSWER_FIELDS = ("evidence", "evidence_link", "evidence_file", "comment")


def hazard_keys() -> set[str]:
    """The keys of the hazard catalogue (relevance rules name hazards by key)."""
    from tangguh.catalogues.models import HazardType

    return set(HazardType.objects.values_list("key", flat=True))


# --------------------------------------------------------------------------------- instruments


@transaction.atomic
def import_instrument(
    path: Path,
    *,
    actor: Any,
    owner_code: str = "53",
    name: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Load an instrument from a workbook (questions and scoring sheets): everything is checked
    first; a code already used by assessments is refused (a new version takes a new code)."""
    problems = Problems()
    data = files.read_workbook(path, problems, name=name, hazards=hazard_keys())
    problems.raise_if_any()
    assert data is not None
    if actor is not None and not user_scope(actor, "manage").covers(owner_code):
        raise PermissionDenied(
            _("Only managers of region %(code)s may load its instruments.") % {"code": owner_code}
        )
    report = ImportReport(dry_run=dry_run, format="xlsx")
    old = Instrument.objects.filter(code=data.code).first()
    if old is not None:
        if Assessment.objects.filter(instrument=old).exists():
            raise ImportFailed(
                [
                    Problem(
                        name or path.name,
                        _(
                            "instrument %(code)s already has assessments; give the new "
                            "version its own code"
                        )
                        % {"code": data.code},
                        sheet="scoring",
                    )
                ]
            )
        audit.check_allowed(actor, "manage", old)
        audit.record_change(actor, ChangeRecord.Action.DELETE, old, {"code": [old.code, None]})
        old.delete()
        report.updated = 1
    else:
        report.created = 1
    instrument = files.build(data, MODELS, owner_code=owner_code)
    audit.record_change(
        actor,
        ChangeRecord.Action.CREATE,
        instrument,
        {
            "code": [None, instrument.code],
            "questions": [None, len(data.questions)],
            "indicators": [None, len(data.indicators)],
            "file": [None, name or path.name],
        },
    )
    report.counts = {"questions": len(data.questions), "indicators": len(data.indicators)}
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def set_rules(
    instrument: Instrument,
    *,
    actor: Any,
    mapping: str | None = None,
    classes: Mapping[str, Any] | None = None,
) -> Instrument:
    """Set the uncertain rules of an instrument (the level → score mapping; each class's lower
    bound as `{key: minimum}` or `{key: (minimum, strictly_above)}`), and rescore its
    assessments that are not final."""
    stored = Instrument.objects.get(pk=instrument.pk)
    audit.check_allowed(actor, "manage", stored)
    if mapping is not None:
        audit.update_record(stored, actor=actor, needs="manage", mapping=mapping)
    for key, limit in (classes or {}).items():
        klass = stored.classes.filter(key=key).first()
        if klass is None:
            raise ValidationError(
                {"classes": _("%(key)s is not a class of this instrument.") % {"key": key}}
            )
        # a class's start, or (start, strictly above it)
        minimum, above = limit if isinstance(limit, tuple) else (limit, klass.above)
        audit.update_record(klass, actor=actor, needs="manage", minimum=minimum, above=above)
    limits = list(stored.classes.values_list("minimum", "above"))
    if len(set(limits)) != len(limits):
        raise ValidationError({"classes": _("Two classes start at the same score.")})
    for assessment in Assessment.objects.filter(instrument=stored).exclude(status=Status.FINAL):
        rescore(assessment)
    return stored


@transaction.atomic
def update_indicator(indicator: Indicator, *, actor: Any, **values: Any) -> Indicator:
    """Complete or correct an indicator (name, weight, hazards): managers of the owner only."""
    stored = Indicator.objects.select_related("instrument").get(pk=indicator.pk)
    return audit.update_record(stored, actor=actor, needs="manage", **values)


@transaction.atomic
def complete_indicator(
    indicator: Indicator, *, actor: Any, texts: Mapping[int, str], **values: Any
) -> Indicator:
    """Complete an indicator and its questions' texts at once (managers of the owner only);
    a question whose text is completed is no longer marked to complete. Assessments that are
    not final are rescored (weights and hazards may have changed)."""
    stored = update_indicator(indicator, actor=actor, **values)
    for question in stored.questions.select_related("instrument"):
        text = texts.get(question.pk)
        if text is not None and text.strip() != question.text:
            update_question(question, actor=actor, text=text.strip(), to_complete=False)
    for assessment in Assessment.objects.filter(instrument_id=stored.instrument_id).exclude(
        status=Status.FINAL
    ):
        rescore(assessment)
    return stored


@transaction.atomic
def update_question(question: Question, *, actor: Any, **values: Any) -> Question:
    """Complete or correct a question's text: managers of the owner only."""
    stored = Question.objects.select_related("instrument").get(pk=question.pk)
    return audit.update_record(stored, actor=actor, needs="manage", **values)


# --------------------------------------------------------------------------------- assessments


def _answer_map(assessment: Assessment) -> dict[str, measure.Answer]:
    return {a.question.key: a.parsed() for a in assessment.answers.select_related("question")}


def score_of(assessment: Assessment) -> measure.Result:
    """The assessment scored with its instrument's current rules (nothing stored)."""
    hazards = frozenset(assessment.hazards) if assessment.hazards else None
    return measure.score(assessment.instrument.spec(), _answer_map(assessment), hazards)


def rescore(assessment: Assessment) -> measure.Result:
    """Recompute and store the score, class, rules used and flags (derived from the audited
    answers, so not logged themselves)."""
    result = score_of(assessment)
    flagged = set(result.flagged)
    answers = list(assessment.answers.select_related("question"))
    changed = []
    for answer in answers:
        wanted = answer.question.key in flagged
        if answer.flagged != wanted:
            answer.flagged = wanted
            changed.append(answer)
    Answer.objects.bulk_update(changed, ["flagged"])
    unanswered = sum(len(i.unanswered) for i in result.indicators)
    generations.bump("resilience")  # an update() sends no signal
    Assessment.objects.filter(pk=assessment.pk).update(
        score=None if result.score is None else round(result.score, 4),
        klass=result.klass or "",
        scored_with=assessment.instrument.rules(),
        flagged=len(flagged),
        unanswered=unanswered,
    )
    assessment.refresh_from_db()
    return result


def previous_of(assessment: Assessment) -> Assessment | None:
    """The latest earlier assessment of the same region with the same instrument."""
    return (
        Assessment.objects.filter(
            instrument=assessment.instrument, region=assessment.region, year__lt=assessment.year
        )
        .order_by("-year")
        .first()
    )


@transaction.atomic
def create_assessment(*, actor: Any, carry_over: bool = True, **values: Any) -> Assessment:
    """Start an assessment; last year's answers and evidence are offered again (marked so)."""
    assessment = audit.create_record(Assessment, actor=actor, **values)
    previous = previous_of(assessment) if carry_over else None
    if previous is not None:
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                question_id=old.question_id,
                value=old.value,
                number=old.number,
                evidence=old.evidence,
                evidence_link=old.evidence_link,
                evidence_file=old.evidence_file,
                comment="",
                carried_over=True,
            )
            for old in previous.answers.all()
        )
        audit.record_change(
            actor,
            ChangeRecord.Action.UPDATE,
            assessment,
            {
                "answers": [0, previous.answers.count()],
                "carried_over_from": [None, previous.year],
            },
        )
    rescore(assessment)
    return assessment


def _parse_entries(
    assessment: Assessment, entries: Mapping[str, Mapping[str, Any]]
) -> dict[Question, dict[str, Any]]:
    questions = {q.key: q for q in assessment.instrument.questions.all()}
    parsed: dict[Question, dict[str, Any]] = {}
    errors: list[str] = []
    for key, entry in entries.items():
        question = questions.get(str(key))
        if question is None:
            errors.append(
                _("%(key)s is not a question of %(instrument)s")
                % {"key": key, "instrument": assessment.instrument.code}
            )
            continue
        try:
            value = measure.parse_answer(entry.get("answer"), question.answer_type)  # type: ignore[arg-type]
        except measure.BadAnswer:
            allowed = (
                _("ya/tidak, yes/no, 1/0") if question.answer_type == "yesno" else _("a number")
            )
            errors.append(
                _("question %(key)s: '%(value)s' is not an answer (use %(allowed)s)")
                % {"key": key, "value": entry.get("answer"), "allowed": allowed}
            )
            continue
        values: dict[str, Any] = {
            "value": {True: "yes", False: "no"}.get(value, "") if isinstance(value, bool) else "",
            "number": value if not isinstance(value, bool) else None,
        }
        values.update({name: entry[name] for name in ANSWER_FIELDS if name in entry})
        parsed[question] = values
    if errors:
        raise ValidationError(errors)
    return parsed


def _check_editable(assessment: Assessment) -> None:
    if assessment.status not in EDITABLE:
        raise ValidationError(
            _("This assessment is %(status)s: it changes only after it is returned or reopened.")
            % {"status": assessment.get_status_display().lower()}
        )


@transaction.atomic
def save_answers(
    assessment: Assessment, entries: Mapping[str, Mapping[str, Any]], *, actor: Any
) -> measure.Result:
    """Answer questions (key → answer, evidence, evidence_link, evidence_file, comment); every
    answer is checked before any is saved; a "yes" after a "no" is kept, flagged, not counted."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    audit.check_allowed(actor, "change", stored)
    _check_editable(stored)
    parsed = _parse_entries(stored, entries)
    existing = {a.question_id: a for a in stored.answers.all()}
    for question, values in parsed.items():
        answer = existing.get(question.pk)
        if answer is None:
            if (
                values["value"]
                or values["number"] is not None
                or any(values.get(name) for name in ANSWER_FIELDS)
            ):
                audit.create_record(
                    Answer, actor=actor, assessment=stored, question=question, **values
                )
            continue
        answer.assessment = stored
        audit.update_record(answer, actor=actor, carried_over=False, **values)
    return rescore(stored)


def _check_verifier(assessment: Assessment, actor: Any) -> None:
    code = assessment.verifier_code
    if actor is not None and not user_scope(actor, "change").covers(code):
        raise PermissionDenied(
            _("Only editors of region %(code)s verify this assessment.") % {"code": code}
        )


def _move(assessment: Assessment, actor: Any, action: str, comment: str, **values: Any) -> None:
    audit.update_record(assessment, actor=actor, **values)
    review = Review(
        assessment=assessment,
        action=action,
        comment=comment,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=audit.actor_label(actor),
    )
    review.save()
    audit.record_change(actor, ChangeRecord.Action.CREATE, review, audit.creation(review))


@transaction.atomic
def submit(assessment: Assessment, *, actor: Any, comment: str = "") -> Assessment:
    """Send a filled assessment for verification; every question the cascade reaches must be
    answered."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    audit.check_allowed(actor, "change", stored)
    _check_editable(stored)
    result = rescore(stored)
    missing = [key for i in result.indicators for key in i.unanswered]
    if missing:
        shown = ", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        raise ValidationError(
            _("%(count)d questions still need an answer: %(keys)s")
            % {"count": len(missing), "keys": shown}
        )
    _move(
        stored,
        actor,
        Review.Action.SUBMITTED,
        comment,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return stored


def _need_comment(comment: str) -> None:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs correcting.")})


@transaction.atomic
def verify(assessment: Assessment, *, actor: Any, comment: str = "") -> Assessment:
    """The verifier accepts a submitted assessment: it becomes final."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    _check_verifier(stored, actor)
    if stored.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be verified."))
    _move(
        stored,
        actor,
        Review.Action.VERIFIED,
        comment,
        status=Status.FINAL,
        verified_at=timezone.now(),
    )
    return stored


@transaction.atomic
def return_for_correction(assessment: Assessment, *, actor: Any, comment: str) -> Assessment:
    """The verifier sends a submitted assessment back, saying what to correct."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    _check_verifier(stored, actor)
    _need_comment(comment)
    if stored.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be returned."))
    _move(stored, actor, Review.Action.RETURNED, comment, status=Status.RETURNED)
    return stored


@transaction.atomic
def reopen(assessment: Assessment, *, actor: Any, comment: str) -> Assessment:
    """The verifier reopens a final assessment for correction (the only way to change it)."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    _check_verifier(stored, actor)
    _need_comment(comment)
    if stored.status != Status.FINAL:
        raise ValidationError(_("Only a final assessment can be reopened."))
    _move(stored, actor, Review.Action.REOPENED, comment, status=Status.RETURNED, verified_at=None)
    rescore(stored)
    return stored


@transaction.atomic
def update_assessment(assessment: Assessment, *, actor: Any, **values: Any) -> Assessment:
    """Change an assessment's hazards or note while it may be edited; it is rescored."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    _check_editable(stored)
    allowed = {"hazards", "note"}
    wrong = set(values) - allowed
    if wrong:
        raise ValidationError(_("Only the hazards and the note of an assessment can be changed."))
    audit.update_record(stored, actor=actor, **values)
    rescore(stored)
    return stored


@transaction.atomic
def delete_assessment(assessment: Assessment, *, actor: Any) -> None:
    """Remove an assessment that is not final (its answers and trail logged too)."""
    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    audit.check_allowed(actor, "delete", stored)
    if stored.status in (Status.FINAL, Status.SUBMITTED):
        raise ValidationError(_("A submitted or final assessment cannot be deleted."))
    for answer in stored.answers.select_related("assessment", "question"):
        audit.delete_record(answer, actor=actor)
    for review in stored.reviews.select_related("assessment"):
        audit.delete_record(review, actor=actor)
    audit.delete_record(stored, actor=actor)


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def store_evidence(assessment: Assessment, upload: Any, *, actor: Any) -> str:
    """Keep an uploaded evidence file for an assessment; returns its stored name (saved on the
    answer by `save_answers`, which logs it)."""
    from django.core.files.storage import default_storage
    from django.utils.text import get_valid_filename

    audit.check_allowed(actor, "change", assessment)
    _check_editable(assessment)
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("%(name)s is larger than 10 MB.") % {"name": upload.name})
    name = get_valid_filename(Path(upload.name).name) or "evidence"
    return str(default_storage.save(f"resilience/evidence/{assessment.pk}/{name}", upload))


@transaction.atomic
def import_answers(
    assessment: Assessment,
    entries: Mapping[str, Mapping[str, Any]],
    *,
    actor: Any,
) -> measure.Result:
    """Write many checked answers at once (imports, the demo): one change record per answer
    written, in bulk; then rescore. `entries` map question keys to parsed values
    (`answer`: True/False/Decimal/None, and evidence fields)."""
    from tangguh.core.importing.upsert import ROW, upsert

    stored = Assessment.objects.select_related("instrument").get(pk=assessment.pk)
    audit.check_allowed(actor, "change", stored)
    _check_editable(stored)
    questions = {q.key: q for q in stored.instrument.questions.all()}
    rows = []
    for key, entry in entries.items():
        answer = entry.get("answer")
        rows.append(
            Answer(
                assessment=stored,
                question=questions[key],
                value={True: "yes", False: "no"}.get(answer, "")
                if isinstance(answer, bool)
                else "",
                number=None if isinstance(answer, bool) else answer,
                evidence=str(entry.get("evidence", ""))[:2000],
                evidence_link=str(entry.get("evidence_link", ""))[:500],
                comment=str(entry.get("comment", ""))[:2000],
                carried_over=False,
            )
        )
    upsert(
        Answer,
        rows,
        key=("assessment", "question"),
        compared=("value", "number", "evidence", "evidence_link", "comment", "carried_over"),
        actor=actor,
        audit_mode=ROW,
        queryset=Answer.objects.filter(assessment=stored),
    )
    return rescore(stored)
