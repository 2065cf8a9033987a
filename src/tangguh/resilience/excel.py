"""Assessments in a workbook: one row per answer (instrument, region_code, year, question,
answer, evidence, evidence_link, comment; `text` repeats the question for the person filling
it and is not read). The template of an instrument lists its questions for one region to fill;
the export of assessments writes the same layout, so it imports back. The import creates or
updates draft assessments (a submitted or final one must be returned or reopened first), every
problem by row and column, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.exporting import xlsx_book
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_file
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.importing.rows import ReadContext
from tangguh.core.scope import user_scope
from tangguh.measures import resilience as measure
from tangguh.regions.models import Level
from tangguh.resilience.models import Answer, Assessment, Instrument
from tangguh.resilience.odk import Submission, save_drafts

HEADER = [
    "instrument",
    "region_code",
    "year",
    "question",
    "text",
    "answer",
    "evidence",
    "evidence_link",
    "comment",
]
COLUMNS = {
    "instrument": ("instrument", "instrumen"),
    "region_code": ("region_code", "kode wilayah", "kode_wilayah"),
    "year": ("year", "tahun"),
    "question": ("question", "pertanyaan", "kode pertanyaan"),
    "text": ("text", "teks"),
    "answer": ("answer", "jawaban"),
    "evidence": ("evidence", "bukti"),
    "evidence_link": ("evidence_link", "tautan bukti"),
    "comment": ("comment", "komentar"),
}


def template_book(instrument: Instrument, region_code: str = "", year: int | None = None) -> Any:
    """An empty workbook of the instrument's questions (answers: ya/tidak, or a number)."""
    rows = (
        [instrument.code, region_code, year or "", q.key, q.text, "", "", "", ""]
        for q in instrument.questions.order_by("position")
    )
    guide = [
        [
            _(
                "One row per question; answer ya or tidak (yes/no, 1/0), or a number for a "
                "measured value. Leave a question the cascade skips empty."
            )
        ],
        [_("region_code: the Kemendagri code of the assessed region; year: the year assessed.")],
    ]
    return xlsx_book([("answers", HEADER, rows), ("guide", [instrument.title], guide)])


def answer_rows(assessments: Iterable[Assessment]) -> Iterable[list[Any]]:
    """Every answer of the assessments in the template's layout."""
    for a in assessments:
        answers = (
            Answer.objects.filter(assessment=a)
            .select_related("question")
            .order_by("question__position")
        )
        for answer in answers:
            value = {"yes": "ya", "no": "tidak"}.get(answer.value, answer.shown)
            yield [
                a.instrument.code,
                a.region_id,
                a.year,
                answer.question.key,
                answer.question.text,
                value,
                answer.evidence,
                answer.evidence_link,
                answer.comment,
            ]


def export_book(assessments: Iterable[Assessment]) -> Any:
    return xlsx_book([("answers", HEADER, answer_rows(assessments))])


def import_workbook(
    path: Path, *, actor: Any, dry_run: bool = False, name: str | None = None
) -> ImportReport:
    """Import a workbook (or CSV) of answers as draft assessments, all or nothing."""
    name = name or path.name
    problems = Problems()
    report = ImportReport(dry_run=dry_run, format=path.suffix.lstrip(".").lower())
    reading = read_file(path, problems, name=name)
    if reading is None:
        return report.reject(problems.items)
    sheet = next(
        (s for s in reading.sheets if s.title.lower() in ("answers", "jawaban")), reading.sheets[0]
    )
    table = find_table(
        sheet,
        problems,
        COLUMNS,
        required=["instrument", "region_code", "year", "question", "answer"],
        quiet=["text"],
    )
    if table is None:
        return report.reject(problems.items)
    ctx = ReadContext(name).on(sheet)
    instruments = {i.code: i for i in Instrument.objects.exclude(status="placeholder")}
    types = {
        code: dict(i.questions.values_list("key", "answer_type")) for code, i in instruments.items()
    }
    scope = user_scope(actor, "add") if actor is not None else None
    resolvers: dict[int, RegionResolver] = {}
    grouped: dict[tuple[str, str, int], Submission] = {}
    seen: dict[tuple[str, str, int, str], int] = {}
    for row in table.rows:
        f = ctx.reader(table, row)
        code = f.text("instrument", 60)
        instrument = instruments.get(code)
        if instrument is None:
            f.fail(
                "instrument", _("no instrument in use with code %(code)s") % {"code": code or "-"}
            )
            continue
        year = f.year("year", "assessments")
        region = ""
        resolver = resolvers.setdefault(
            instrument.level, RegionResolver(least_level=instrument.level)
        )
        try:
            place = resolver.by_code(f.text("region_code", 20))
            if place.level != instrument.level:
                raise Unresolved(
                    _("%(code)s is not a %(level)s")
                    % {"code": place.code, "level": str(Level(instrument.level).label).lower()}
                )
            if scope is not None and not scope.covers(place.code):
                raise Unresolved(
                    _("you may not add assessments in %(code)s") % {"code": place.code}
                )
            region = place.code
        except Unresolved as exc:
            f.fail("region_code", str(exc))
        key = f.text("question", 20).removesuffix(".0")
        answer_type = types[code].get(key)
        if answer_type is None:
            f.fail(
                "question",
                _("%(key)s is not a question of %(instrument)s")
                % {"key": key or "-", "instrument": code},
            )
            continue
        raw = f.raw("answer")
        try:
            value = measure.parse_answer(raw, answer_type)  # type: ignore[arg-type]
        except measure.BadAnswer:
            f.fail(
                "answer", _("'%(value)s' is not an answer to %(key)s") % {"value": raw, "key": key}
            )
            continue
        if not region or year is None:
            continue
        where = (code, region, year, key)
        if where in seen:
            f.fail(
                "question",
                _("question %(key)s is answered twice (first on line %(line)d)")
                % {"key": key, "line": seen[where]},
            )
            continue
        seen[where] = f.line
        group = grouped.setdefault((code, region, year), Submission(f.line, region, year))
        entry: dict[str, Any] = {"answer": value}
        for field in ("evidence", "evidence_link", "comment"):
            if f.has(field):
                entry[field] = f.text(field)
        group.answers[key] = entry
    problems.extend(ctx.problems.items)
    if problems:
        return report.reject(problems.items)
    return save_drafts(
        instruments,
        [(code, s) for (code, _r, _y), s in grouped.items()],
        actor=actor,
        source=Assessment.Source.EXCEL,
        report=report,
        name=name,
        dry_run=dry_run,
    )
