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
from collections.abc import Callable, Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from tangguh.disasters.records import EventRecord

from . import desinventar, dibi, template
from .common import (
    ReadContext,
    ReadResult,
    Table,
    Target,
    check_header,
    explain_missing_header,
    find_header,
    local_today,
)
from .tables import XLS_MAGIC, XLSX_MAGIC, file_start, load_csv, load_spreadsheet
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
ROW_READERS: dict[str, Callable[[Table, int, ReadContext], list[EventRecord]]] = {
    "csv": template.read_rows,
    "desinventar": desinventar.read_rows,
    "dibi": dibi.read_rows,
}
SPREADSHEET_SUFFIXES = (".xls", ".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
XML_SUFFIXES = (".xml", ".zip")


def read_events(path: Path, fmt: str | None = None, *, today: dt.date | None = None) -> ReadResult:
    """Read a DIBI, DesInventar or template file; `fmt` None detects the format.

    The kind of file comes from its name (.xml/.zip → DesInventar XML; .xls/.xlsx → spreadsheet;
    .csv → text; a trailing .gz is allowed) or, for other names, from its first bytes; the format
    of a table comes from its header, searched in the first rows. Dates after `today` (default:
    today in eastern Indonesia) are problems. User data never raises: everything wrong is in
    `problems`.
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown event file format {fmt!r}; use one of {FORMATS}")
    ctx = ReadContext(file=path.name, today=today or local_today())
    found = fmt or ""
    try:
        records, found = _read(path, fmt, ctx)
    except Exception:  # the last guard: a reader bug must not become a crash for the user
        logger.exception("reading %s failed", path.name)
        ctx.problem(_("could not be read because of an internal error; please report it"))
        records = []
    return ReadResult(
        records=records,
        problems=ctx.problems.items,
        ignored_columns=list(ctx.ignored),
        format=found,
        warnings=ctx.warnings,
    )


def _read(path: Path, fmt: str | None, ctx: ReadContext) -> tuple[list[EventRecord], str]:
    """The records of a file and the format they were read as."""
    kind = _kind(path)
    if kind == "xml":
        if fmt not in (None, "desinventar"):
            ctx.problem(_("is an XML or ZIP file; only DesInventar exports are read from XML"))
            return [], fmt or ""
        return desinventar.read_xml(path, ctx), "desinventar"
    tables = load_spreadsheet(path, ctx) if kind == "spreadsheet" else load_csv(path, ctx)
    if tables is None:
        return [], fmt or ""
    return _read_tables(tables, fmt, ctx)


def _kind(path: Path) -> str:
    """'xml', 'spreadsheet' or 'text', from the file name or else from its first bytes."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(XML_SUFFIXES):
        return "xml"
    if name.endswith(SPREADSHEET_SUFFIXES) and not path.name.lower().endswith(".gz"):
        return "spreadsheet"
    if name.endswith(TEXT_SUFFIXES) or path.name.lower().endswith(".gz"):
        return "text"
    start = file_start(path, 64)
    if start.startswith((XLSX_MAGIC, XLS_MAGIC)):
        return "spreadsheet"
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    return "text"


def _read_tables(
    tables: list[Table], fmt: str | None, ctx: ReadContext
) -> tuple[list[EventRecord], str]:
    """The records of the first table (sheet) whose header is recognised."""
    for number, table in enumerate(tables):
        found = find_header(table, _recognise)
        if found is None:
            continue
        at, detected = found
        if fmt is not None and detected != fmt:
            ctx.problem(
                _("does not look like a %(expected)s file: its header is that of %(found)s")
                % {"expected": _format_name(fmt), "found": _format_name(detected)},
                line=table.rows[at].line,
            )
            return [], fmt
        _note_header_position(ctx, table, at, skipped_sheets=number > 0)
        check_header(ctx, table, at)
        records = ROW_READERS[detected](table, at, ctx)
        if not records and not ctx.problems:
            ctx.warn(_("has a header but no event rows"))
        return records, detected
    explain_missing_header(ctx, next((t for t in tables if t.rows), Table(rows=[])))
    return [], fmt or ""


def _recognise(keys: set[str]) -> str | None:
    """The format whose header these (normalised) column names are."""
    return next((name for name, recognise in RECOGNISERS if recognise(keys)), None)


def _note_header_position(ctx: ReadContext, table: Table, at: int, *, skipped_sheets: bool) -> None:
    """A warning when rows above the header (titles) or earlier sheets were skipped."""
    if at > 0:
        ctx.warn(
            _("the header is on line %(line)d; the rows above it were skipped")
            % {"line": table.rows[at].line}
        )
    if skipped_sheets:
        ctx.warn(
            _("read the sheet “%(sheet)s”; the sheets before it have no known header")
            % {"sheet": table.sheet}
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
