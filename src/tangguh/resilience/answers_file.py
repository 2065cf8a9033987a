"""Answers files (columns `question,answer`, optional evidence and comment), as read by
`tangguh score-assessment` and the Excel import of assessments: every bad row is a problem at its
row and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.importing import Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import Sheet, read_file
from tangguh.core.importing.rows import ReadContext
from tangguh.core.text import is_number
from tangguh.measures import resilience as measure

COLUMNS = {
    "question": ("question", "pertanyaan", "kode pertanyaan", "nomor", "no"),
    "answer": ("answer", "jawaban"),
    "evidence": ("evidence", "bukti", "keterangan bukti"),
    "evidence_link": ("evidence_link", "tautan bukti", "link"),
    "comment": ("comment", "komentar", "catatan"),
}


def read_answer_sheet(
    sheet: Sheet, answer_types: dict[str, str], problems: Problems
) -> dict[str, dict[str, Any]]:
    """Question key → {"answer": parsed, "evidence": …}; problems for unknown questions, answers
    outside the allowed values and questions answered twice."""
    table = find_table(sheet, problems, COLUMNS, required=["question", "answer"])
    if table is None:
        return {}
    ctx = ReadContext(sheet.file).on(sheet)
    found: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    for row in table.rows:
        f = ctx.reader(table, row)
        key = f.text("question", 20)
        if key.endswith(".0") and is_number(key[:-2]):
            key = key[:-2]  # a number typed in a spreadsheet
        if key not in answer_types:
            f.fail(
                "question", _("%(key)s is not a question of this instrument") % {"key": key or "-"}
            )
            continue
        if key in lines:
            f.fail(
                "question",
                _("question %(key)s is answered twice (first on line %(line)d)")
                % {"key": key, "line": lines[key]},
            )
            continue
        lines[key] = f.line
        raw = f.raw("answer")
        try:
            answer = measure.parse_answer(raw, answer_types[key])  # type: ignore[arg-type]
        except measure.BadAnswer:
            allowed = _("ya/tidak, yes/no, 1/0") if answer_types[key] == "yesno" else _("a number")
            f.fail(
                "answer",
                _("'%(value)s' is not an answer (use %(allowed)s)")
                % {"value": raw, "allowed": allowed},
            )
            continue
        entry: dict[str, Any] = {"answer": answer, "line": f.line}
        for name in ("evidence", "evidence_link", "comment"):
            if f.has(name):
                entry[name] = f.text(name)
        found[key] = entry
    problems.extend(ctx.problems.items)
    return found


def read_answers(
    path: Path, answer_types: dict[str, str], problems: Problems, *, name: str | None = None
) -> dict[str, dict[str, Any]]:
    """The answers of the first sheet of a CSV or workbook file."""
    reading = read_file(path, problems, name=name)
    if reading is None or not reading.sheets:
        return {}
    return read_answer_sheet(reading.sheets[0], answer_types, problems)
