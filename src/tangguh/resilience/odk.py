"""Offline collection with ODK Collect / KoboToolbox: every instrument as an XLSForm (skip logic
in `relevant` columns), and the submissions exported from ODK Central or KoboToolbox (CSV or
XLSX) imported back as draft assessments matched by region code.

Column names in exports carry their group (`s_A1-q_1` in ODK Central, `s_A1/q_1` in
KoboToolbox); only the last part is read. Every form carries a `form_version` (the instrument's
code and a hash of its questions), so a submission of another version of the form is refused
by row instead of being read against the wrong questions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import plausible
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.cells import cell_text, is_blank
from tangguh.core.importing.files import Row, Sheet, read_file
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.scope import user_scope
from tangguh.core.text import is_number
from tangguh.measures import resilience as measure
from tangguh.regions.models import Level, Region
from tangguh.resilience import services
from tangguh.resilience.models import Assessment, Instrument, Question

SURVEY = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
]
YES, NO = "ya", "tidak"


def field_name(key: str) -> str:
    """An XLSForm name for a question key (letters, digits and _ only)."""
    return "q_" + re.sub(r"[^A-Za-z0-9]", "_", key)


def form_version(instrument: Instrument) -> str:
    """The instrument's code and a short hash of its questions (keys, order, types, texts)."""
    digest = hashlib.sha256()
    for q in instrument.questions.select_related("indicator").order_by("position"):
        digest.update(f"{q.key}|{q.indicator.key}|{q.order}|{q.answer_type}|{q.text}\n".encode())
    return f"{instrument.code}:{digest.hexdigest()[:10]}"


def xlsform_rows(instrument: Instrument) -> list[list[Any]]:
    """The survey sheet: region code and year, then a group per section with each question,
    a later cascade question shown only after a "ya" to the earlier one, and its evidence."""
    level = Level(instrument.level).label
    first, last = plausible.year_range("assessments")
    year_constraint = f". >= {first} and . <= {last}"
    rows: list[list[Any]] = [
        [
            "text",
            "region_code",
            _("Region code (Kemendagri) of the %(level)s") % {"level": str(level).lower()},
            _("e.g. 53.01.27.2002"),
            "yes",
            "",
            r"regex(., '^53(\.[0-9]{2})(\.[0-9]{2}(\.[0-9]{4})?)?$')",
            _("A Kemendagri code such as 53.01.27.2002"),
            "",
        ],
        ["integer", "year", _("Year assessed"), "", "yes", "", year_constraint, "", ""],
        ["calculate", "form_version", "", "", "", "", "", "", f"'{form_version(instrument)}'"],
    ]
    questions = instrument.questions.select_related("indicator", "indicator__section").order_by(
        "position"
    )
    current_section = None
    previous: dict[str, Question] = {}
    for q in questions:
        section = q.indicator.section
        if section.key != current_section:
            if current_section is not None:
                rows.append(["end_group", "", "", "", "", "", "", "", ""])
            rows.append(
                [
                    "begin_group",
                    f"s_{re.sub(r'[^A-Za-z0-9]', '_', section.key)}",
                    f"{section.key} {section.title}",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
            current_section = section.key
        before = previous.get(q.indicator.key) if q.answer_type == "yesno" else None
        relevant = f"${{{field_name(before.key)}}} = '{YES}'" if before is not None else ""
        label = f"{q.key}. {q.text}"
        if q.answer_type == "yesno":
            rows.append(
                [
                    "select_one yesno",
                    field_name(q.key),
                    label,
                    q.indicator.title,
                    "",
                    relevant,
                    "",
                    "",
                    "",
                ]
            )
            rows.append(
                [
                    "text",
                    "e_" + field_name(q.key)[2:],
                    _("Evidence for %(key)s") % {"key": q.key},
                    "",
                    "",
                    f"${{{field_name(q.key)}}} = '{YES}'",
                    "",
                    "",
                    "",
                ]
            )
            previous[q.indicator.key] = q
        else:
            hint = q.unit or ""
            rows.append(["decimal", field_name(q.key), label, hint, "", "", "", "", ""])
    if current_section is not None:
        rows.append(["end_group", "", "", "", "", "", "", "", ""])
    return rows


def xlsform_book(instrument: Instrument) -> Any:
    """The XLSForm workbook (survey, choices, settings)."""
    from tangguh.core.exporting import xlsx_book

    return xlsx_book(
        [
            ("survey", SURVEY, xlsform_rows(instrument)),
            (
                "choices",
                ["list_name", "name", "label"],
                [["yesno", YES, "Ya"], ["yesno", NO, "Tidak"]],
            ),
            (
                "settings",
                ["form_title", "form_id", "version", "default_language"],
                [
                    [
                        instrument.title,
                        instrument.code.replace("-", "_"),
                        form_version(instrument),
                        "id",
                    ]
                ],
            ),
        ]
    )


@dataclass
class Submission:
    """One checked submission."""

    line: int
    region: str
    year: int
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


def _columns(header: Row) -> dict[str, int]:
    """Column name (after the last group separator) → position."""
    found: dict[str, int] = {}
    for position, cell in enumerate(header.cells):
        name = re.split(r"[/-]", cell_text(cell).strip())[-1].strip().lower()
        if name:
            found.setdefault(name, position)
    return found


def _header_row(sheet: Sheet) -> int | None:
    for index, row in enumerate(sheet.rows[:10]):
        if "region_code" in _columns(row):
            return index
    return None


def read_submissions(
    sheet: Sheet, instrument: Instrument, actor: Any, problems: Problems
) -> list[Submission]:
    """The submissions of an export, every problem by row and column."""
    where = sheet.file
    at = _header_row(sheet)
    if at is None:
        problems.add(
            where,
            _("no column region_code: is this an export of a tangguh XLSForm?"),
            sheet=sheet.sheet_name,
        )
        return []
    columns = _columns(sheet.rows[at])
    expected = form_version(instrument)
    if "form_version" not in columns:
        problems.add(
            where,
            _("no column form_version: the form was not made by tangguh, or is an older version"),
            sheet=sheet.sheet_name,
        )
        return []
    questions = {field_name(q.key): q for q in instrument.questions.all()}
    scope = user_scope(actor, "add") if actor is not None else None
    resolver = RegionResolver(least_level=instrument.level)
    found: list[Submission] = []
    seen: dict[tuple[str, int], int] = {}

    def cell(row: Row, name: str) -> Any:
        return row.value(columns[name]) if name in columns else None

    for row in sheet.rows[at + 1 :]:
        before = len(problems)

        def fail(column: str, message: str, row: Row = row) -> None:
            problems.add(where, message, line=row.line, column=column, sheet=sheet.sheet_name)

        version = cell_text(cell(row, "form_version")).strip()
        if version != expected:
            fail(
                "form_version",
                _(
                    "a submission of another form version (%(found)s; this form is "
                    "%(expected)s): export the current XLSForm again"
                )
                % {"found": version or "-", "expected": expected},
            )
            continue
        code = ""
        try:
            place = resolver.by_code(cell_text(cell(row, "region_code")))
            if place.level != instrument.level:
                raise Unresolved(
                    _("%(code)s is not a %(level)s")
                    % {"code": place.code, "level": str(Level(instrument.level).label).lower()}
                )
            if scope is not None and not scope.covers(place.code):
                raise Unresolved(
                    _("you may not add assessments in %(code)s") % {"code": place.code}
                )
            code = place.code
        except Unresolved as exc:
            fail("region_code", str(exc))
        year_text = cell_text(cell(row, "year")).strip().removesuffix(".0")
        year = int(year_text) if is_number(year_text) else 0
        if not year:
            fail("year", _("'%(value)s' is not a year") % {"value": year_text or "-"})
        elif plausible.year_problem("assessments", year):
            fail("year", str(plausible.year_problem("assessments", year)))
            year = 0
        if code and year and (code, year) in seen:
            fail(
                "region_code",
                _("%(code)s %(year)d is also on line %(line)d")
                % {"code": code, "year": year, "line": seen[(code, year)]},
            )
        answers: dict[str, dict[str, Any]] = {}
        for name, question in questions.items():
            raw = cell(row, name)
            if is_blank(raw):
                continue
            try:
                value = measure.parse_answer(raw, question.answer_type)  # type: ignore[arg-type]
            except measure.BadAnswer:
                fail(
                    name,
                    _("'%(value)s' is not an answer to %(key)s")
                    % {"value": cell_text(raw), "key": question.key},
                )
                continue
            entry: dict[str, Any] = {"answer": value}
            evidence = cell(row, "e_" + name[2:])
            if not is_blank(evidence):
                entry["evidence"] = cell_text(evidence)[:2000]
            answers[question.key] = entry
        if len(problems) == before:
            seen[(code, year)] = row.line
            found.append(Submission(row.line, code, year, answers))
    return found


def import_submissions(
    path: Path,
    instrument: Instrument,
    *,
    actor: Any,
    dry_run: bool = False,
    name: str | None = None,
) -> ImportReport:
    """Import an ODK Central / KoboToolbox export as draft assessments (one per row); a region and
    year already assessed is updated while it is a draft or returned. Nothing is written when
    any row has a problem."""
    problems = Problems()
    name = name or path.name
    report = ImportReport(dry_run=dry_run, format=path.suffix.lstrip(".").lower())
    reading = read_file(path, problems, name=name)
    submissions: list[Submission] = []
    if reading is not None:
        sheet = next((s for s in reading.sheets if _header_row(s) is not None), reading.sheets[0])
        submissions = read_submissions(sheet, instrument, actor, problems)
    if problems:
        return report.reject(problems.items)
    return save_drafts(
        {instrument.code: instrument},
        [(instrument.code, s) for s in submissions],
        actor=actor,
        source=Assessment.Source.ODK,
        report=report,
        name=name,
        dry_run=dry_run,
    )


def save_drafts(
    instruments: dict[str, Instrument],
    submissions: list[tuple[str, Submission]],
    *,
    actor: Any,
    source: str,
    report: ImportReport,
    name: str,
    dry_run: bool,
    column: str = "region_code",
) -> ImportReport:
    """Create (or, while a draft or returned, update) one assessment per checked submission;
    a submitted or final assessment is a problem at the submission's line; all or nothing."""
    problems = Problems()
    existing = {
        (a.instrument.code, a.region_id, a.year): a
        for a in Assessment.objects.filter(
            instrument__code__in=list(instruments),
            region_id__in=[s.region for _code, s in submissions],
            year__in=[s.year for _code, s in submissions],
        ).select_related("instrument")
    }
    for code, s in submissions:
        stored = existing.get((code, s.region, s.year))
        if stored is not None and not stored.editable:
            problems.add(
                name,
                _(
                    "the assessment of %(code)s %(year)d is %(status)s; it must be "
                    "returned or reopened first"
                )
                % {"code": s.region, "year": s.year, "status": stored.get_status_display().lower()},
                line=s.line,
                column=column,
            )
    if problems:
        return report.reject(problems.items)
    with transaction.atomic():
        for code, s in submissions:
            stored = existing.get((code, s.region, s.year))
            if stored is None:
                stored = services.create_assessment(
                    actor=actor,
                    instrument=instruments[code],
                    region=Region.objects.get(code=s.region),
                    year=s.year,
                    source=source,
                    carry_over=False,
                )
                report.created += 1
            else:
                report.updated += 1
            services.import_answers(stored, s.answers, actor=actor)
            report.count("answers", len(s.answers))
        if dry_run:
            transaction.set_rollback(True)
    return report
