"""Readers and writers of disaster event files: DIBI, DesInventar and tangguh's CSV template.

`read_events(path)` reads a file into `EventRecord`s and reports every problem in it instead of
raising; `write_events(records, fmt, target)` writes records in one of the formats. Each format's
module documents its columns and what a round trip through it loses:

- `dibi` (`dibi.py`): BNPB DIBI tables, older and current layout, CSV/.xlsx/.xls; written as the
  current layout in CSV;
- `desinventar` (`desinventar.py`): DesInventar datacards, XML export (.xml, .xml.gz, .zip) or CSV
  with the `fichas` field names; written as CSV, or as XML for `desinventar-xml` or a `.xml` path;
- `csv` (`template.py`): tangguh's template, one column per record field and effect; lossless.

This package is plain Python: it reads files and never touches the database. Region codes,
hazard codes and scope are checked by the importer; malformed values are reported here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from tangguh.core.importing.cells import cell_text, is_blank, local_today
from tangguh.core.importing.columns import (
    HEADER_SEARCH_ROWS,
    Spellings,
    Table,
    check_header,
    header_key,
    loose_key,
    map_columns,
)
from tangguh.core.importing.files import Sheet, read_file
from tangguh.core.importing.rows import ReadContext
from tangguh.disasters.records import EventRecord

from . import common, desinventar, dibi, mapped, template
from .common import ReadResult, Target
from .template import TEMPLATE_COLUMNS, write_template

__all__ = [
    "FORMATS",
    "TEMPLATE_COLUMNS",
    "ReadResult",
    "read_events",
    "write_events",
    "write_template",
]

logger = logging.getLogger(__name__)

FORMATS = ("dibi", "desinventar", "csv")
WRITE_FORMATS = ("dibi", "desinventar", "desinventar-xml", "csv")
# Recognisers in the order they are tried (the most specific first).
RECOGNISERS: tuple[tuple[str, Callable[[set[str]], bool]], ...] = (
    ("csv", template.recognise),
    ("desinventar", desinventar.recognise),
    ("dibi", dibi.recognise),
)
# Each format's column spellings and the columns it knows but does not read.
LAYOUTS: dict[str, tuple[Spellings, tuple[str, ...]]] = {
    "csv": (template.SPELLINGS, ()),
    "desinventar": (desinventar.SPELLINGS, desinventar.QUIET),
    "dibi": (dibi.COLUMNS, dibi.QUIET),
}
ROW_READERS: dict[str, Callable[[Table, ReadContext], list[EventRecord]]] = {
    "csv": template.read_rows,
    "desinventar": desinventar.read_rows,
    "dibi": dibi.read_rows,
}
XML_SUFFIXES = (".xml", ".zip")


def read_events(
    path: Path,
    fmt: str | None = None,
    *,
    today: dt.date | None = None,
    name: str = "",
    mapping: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read a DIBI, DesInventar or template file; `fmt` None detects the format.

    XML and ZIP files (by name, or a file starting with `<`) are DesInventar exports; anything
    else is read by the import kit's reader (CSV in any encoding, .xlsx, .xls, gzip allowed) and
    the format of a table comes from its header, searched in the first rows. Dates after `today`
    (default: today in eastern Indonesia) are problems. User data never raises: everything wrong
    is in `problems`. `name` is how the user knows the file (an upload's original name).
    `mapping` (field → column name) reads a table of any other layout as DIBI; a table whose
    layout is not recognised without one is described in `unplaced` (its columns, for a
    person to map them).
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown event file format {fmt!r}; use one of {FORMATS}")
    ctx = ReadContext(file=name or path.name, today=today or local_today())
    found = fmt or ""
    unplaced: dict[str, object] = {}
    try:
        records, found = _read(path, fmt, ctx, mapping or {}, unplaced)
    except Exception:  # the last guard: a reader bug must not become a crash for the user
        logger.exception("reading %s failed", path.name)
        ctx.sheet = ""
        ctx.problem(_("could not be read because of an internal error; please report it"))
        records = []
    return ReadResult(
        records=records,
        problems=ctx.problems.items,
        ignored_columns=list(ctx.ignored),
        format=found,
        warnings=ctx.warnings,
        unplaced=unplaced,
    )


def _read(
    path: Path,
    fmt: str | None,
    ctx: ReadContext,
    mapping: Mapping[str, str],
    unplaced: dict[str, object],
) -> tuple[list[EventRecord], str]:
    """The records of a file and the format they were read as."""
    if _is_xml(path):
        if fmt not in (None, "desinventar"):
            ctx.problem(_("is an XML or ZIP file; only DesInventar exports are read from XML"))
            return [], fmt or ""
        return desinventar.read_xml(path, ctx), "desinventar"
    reading = read_file(path, ctx.problems, name=ctx.file, max_bytes=common.MAX_INPUT_BYTES)
    if reading is None:
        return [], fmt or ""
    ctx.warnings.extend(reading.warnings)
    if mapping:
        return mapped.read_mapped(reading.sheets, mapping, ctx, unplaced), "dibi"
    return _read_sheets(reading.sheets, fmt, ctx, unplaced)


def _is_xml(path: Path) -> bool:
    """True for a DesInventar XML export: by its name, or by its first bytes."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(XML_SUFFIXES):
        return True
    try:
        with path.open("rb") as stream:
            start = stream.read(64)
    except OSError:
        return False
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _read_sheets(
    sheets: list[Sheet], fmt: str | None, ctx: ReadContext, unplaced: dict[str, object]
) -> tuple[list[EventRecord], str]:
    """The records of the first sheet whose header is recognised."""
    for number, sheet in enumerate(sheets):
        ctx.on(sheet)
        found = _find_header(sheet)
        if found is None:
            continue
        at, detected = found
        if fmt is not None and detected != fmt:
            ctx.problem(
                _("does not look like a %(expected)s file: its header is that of %(found)s")
                % {"expected": _format_name(fmt), "found": _format_name(detected)},
                line=sheet.rows[at].line,
            )
            return [], fmt
        _note_header_position(ctx, sheet, at, skipped_sheets=number > 0)
        records = ROW_READERS[detected](_table(sheet, at, detected, ctx), ctx)
        if not records and not ctx.problems:
            ctx.warn(_("has a header but no event rows"))
        return records, detected
    shown = next((sheet for sheet in sheets if sheet.rows), None)
    if shown is None:
        ctx.problem(_("is empty"))
    elif not mapped.describe_unplaced(ctx.on(shown), shown, unplaced):
        _explain_missing_header(ctx, shown)
    return [], fmt or ""


def _find_header(sheet: Sheet) -> tuple[int, str] | None:
    """The position of the header row among the first rows, and the format it belongs to."""
    for position, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = {header_key(cell) for cell in row.cells} | {loose_key(cell) for cell in row.cells}
        found = _recognise(keys - {""})
        if found:
            return position, found
    return None


def _table(sheet: Sheet, at: int, fmt: str, ctx: ReadContext) -> Table:
    """The sheet's rows below the header at `at`, with the columns of `fmt` mapped."""
    spellings, quiet = LAYOUTS[fmt]
    header = sheet.rows[at]
    columns = map_columns(sheet, header, spellings, quiet=quiet)
    rows = sheet.rows[at + 1 :]
    check_header(sheet, ctx.problems, header, rows)
    return Table(sheet=sheet, header_row=header, columns=columns, rows=rows)


def _recognise(keys: set[str]) -> str | None:
    """The format whose header these (normalised) column names are."""
    return next((name for name, recognise in RECOGNISERS if recognise(keys)), None)


def _explain_missing_header(ctx: ReadContext, sheet: Sheet) -> None:
    """The problem to report when no row looks like a header: title row, merged cells, unknown."""
    first = sheet.rows[0]
    filled = [p for p, cell in enumerate(first.cells) if not is_blank(cell)]
    where = _("no header row with known column names was found in the first %(rows)d rows") % {
        "rows": HEADER_SEARCH_ROWS
    }
    if len(filled) == 1 and len(sheet.rows) > 1:
        message = _("%(where)s; the first row holds a single cell (“%(text)s”), like a title")
        ctx.problem(
            message % {"where": where, "text": cell_text(first.cells[filled[0]])[:80]},
            line=first.line,
        )
    elif filled and filled[-1] - filled[0] + 1 > len(filled):
        message = _(
            "%(where)s; the first row has empty cells between filled ones (merged header "
            "cells?): use one header row with a name in every column"
        )
        ctx.problem(message % {"where": where}, line=first.line)
    else:
        names = ", ".join(cell_text(cell) for cell in first.cells if not is_blank(cell))
        message = _(
            "unknown format: the header is not that of a DIBI, DesInventar or tangguh template "
            "file; the first row has: %(columns)s"
        )
        ctx.problem(message % {"columns": names[:300]}, line=first.line)


def _note_header_position(ctx: ReadContext, sheet: Sheet, at: int, *, skipped_sheets: bool) -> None:
    """A warning when rows above the header (titles) or earlier sheets were skipped."""
    if at > 0:
        ctx.warn(
            _("the header is on line %(line)d; the rows above it were skipped")
            % {"line": sheet.rows[at].line}
        )
    if skipped_sheets:
        ctx.warn(
            _("read the sheet “%(sheet)s”; the sheets before it have no known header")
            % {"sheet": sheet.title}
        )


def _format_name(fmt: str) -> str:
    """A format's name for messages."""
    names = {"dibi": "DIBI", "desinventar": "DesInventar", "csv": _("tangguh template")}
    return names.get(fmt, fmt)


def write_events(records: Sequence[EventRecord], fmt: str, path_or_stream: Target) -> None:
    """Write records as `fmt`: 'csv' (template), 'dibi' (current layout, CSV), 'desinventar'
    (CSV, or XML when the path ends in .xml) or 'desinventar-xml'.

    `path_or_stream` is a path, a text stream or a binary stream (UTF-8 is written).
    """
    if fmt not in WRITE_FORMATS:
        raise ValueError(f"unknown event file format {fmt!r}; use one of {WRITE_FORMATS}")
    if fmt == "csv":
        template.write_rows(records, path_or_stream)
    elif fmt == "dibi":
        dibi.write_rows(records, path_or_stream)
    elif fmt == "desinventar-xml" or (
        isinstance(path_or_stream, str | Path) and str(path_or_stream).lower().endswith(".xml")
    ):
        desinventar.write_xml(records, path_or_stream)
    else:
        desinventar.write_csv(records, path_or_stream)
