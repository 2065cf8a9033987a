"""Load CSV files and spreadsheets (.xlsx, .xls) as tables of cells with their line numbers."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import warnings
from pathlib import Path

import openpyxl
import xlrd
from django.utils.translation import gettext as _

from tangguh.core.importing import MAX_UNPACKED_BYTES, read_bytes

from .common import Cell, ReadContext, Row, Table, cell_text

logger = logging.getLogger(__name__)

# The largest file read (the same limit as a gzip file may unpack to).
MAX_INPUT_BYTES = MAX_UNPACKED_BYTES
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Largest CSV field; csv's default (128 kB) is too small for long chronologies.
csv.field_size_limit(8 * 1024 * 1024)


def check_size(path: Path, ctx: ReadContext) -> bool:
    """False (and a problem) when the file is larger than MAX_INPUT_BYTES."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        ctx.problem(_("cannot be read: %(error)s") % {"error": exc})
        return False
    if size > MAX_INPUT_BYTES:
        ctx.problem(_("is larger than %(limit)d MB") % {"limit": MAX_INPUT_BYTES // 2**20})
        return False
    return True


def file_start(path: Path, size: int = 8) -> bytes:
    """The first bytes of a file (empty when it cannot be read)."""
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError:
        return b""


def decode(raw: bytes, ctx: ReadContext) -> str | None:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Windows-1252 (or Latin-1 when even that fails) is assumed for text that is not UTF-8, with a
    warning saying so; text with NUL bytes is refused as not being text.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            ctx.problem(_("is not valid UTF-16 text"))
            return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw:
            ctx.problem(_("is not a text file (it holds NUL bytes); save it again as 'CSV UTF-8'"))
            return None
        return _decode_legacy(raw, exc, ctx)


def _decode_legacy(raw: bytes, exc: UnicodeDecodeError, ctx: ReadContext) -> str:
    """Text that is not UTF-8, read as Windows-1252 or Latin-1, with a warning naming it."""
    try:
        text, encoding = raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "Latin-1 (ISO-8859-1)"
    line = raw[: exc.start].count(b"\n") + 1
    ctx.warn(
        _(
            "is not UTF-8 text (unexpected byte 0x%(byte)02x); it was read as %(encoding)s. Check "
            "accented letters, or save the file again as 'CSV UTF-8'"
        )
        % {"byte": raw[exc.start], "encoding": encoding},
        line=line,
    )
    return text


def load_csv(path: Path, ctx: ReadContext) -> list[Table] | None:
    """A CSV file (comma, semicolon or tab separated; gzip allowed) as one table."""
    if not check_size(path, ctx):
        return None
    raw = read_bytes(path, ctx.problems)
    if raw is None:
        return None
    if not raw.strip():
        ctx.problem(_("is empty"))
        return None
    text = decode(raw, ctx)
    if text is None:
        return None
    sample = "\n".join(text.splitlines()[:10])
    delimiter = max([",", ";", "\t"], key=sample.count)
    return [Table(rows=_csv_rows(text, delimiter, ctx))]


def _csv_rows(text: str, delimiter: str, ctx: ReadContext) -> list[Row]:
    """The non-empty rows of CSV text, each with the line where it starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(line=start, cells=list(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        ctx.problem(_("is not a valid CSV file: %(error)s") % {"error": exc}, line=start)
    return rows


def load_spreadsheet(path: Path, ctx: ReadContext) -> list[Table] | None:
    """Every sheet of an .xlsx or .xls workbook (recognised by content, not by name)."""
    if not check_size(path, ctx):
        return None
    start = file_start(path)
    if not start:
        ctx.problem(_("is empty"))
        return None
    try:
        if start.startswith(XLSX_MAGIC):
            return _load_xlsx(path)
        if start.startswith(XLS_MAGIC):
            return _load_xls(path)
    except Exception as exc:  # noqa: BLE001 - the spreadsheet libraries raise anything on bad files
        logger.info("unreadable workbook %s: %r", path.name, exc)
        ctx.problem(
            _("cannot be read as a spreadsheet (damaged or password-protected?): %(error)s")
            % {"error": str(exc) or type(exc).__name__}
        )
        return None
    ctx.problem(
        _(
            "is not a spreadsheet although its name ends in %(suffix)s (if it is a CSV file, "
            "name it .csv)"
        )
        % {"suffix": path.suffix}
    )
    return None


def _load_xlsx(path: Path) -> list[Table]:
    """The sheets of an .xlsx workbook (values as last calculated, not formulas)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        tables = []
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # some writers store a wrong sheet size
            rows = [
                Row(line=number, cells=[_xlsx_cell(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                if any(cell_text(_xlsx_cell(value)) for value in values)
            ]
            tables.append(Table(rows=rows, sheet=sheet.title))
        return tables
    finally:
        book.close()


def _xlsx_cell(value: object) -> Cell:
    """An openpyxl value as a cell (durations and other types become text)."""
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    return str(value)


def _load_xls(path: Path) -> list[Table]:
    """The sheets of an Excel 97–2003 (.xls) workbook."""
    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        tables = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = []
            for number in range(sheet.nrows):
                cells = [_xls_cell(book, cell) for cell in sheet.row(number)]
                if any(cell_text(cell) for cell in cells):
                    rows.append(Row(line=number + 1, cells=cells))
            tables.append(Table(rows=rows, sheet=sheet.name))
        return tables
    finally:
        book.release_resources()


def _xls_cell(book: xlrd.book.Book, cell: xlrd.sheet.Cell) -> Cell:
    """An xlrd cell as a cell: dates as datetimes, errors as their '#…' text."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(float(cell.value), book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return float(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(int(cell.value), "#ERROR")
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return float(cell.value)
    return str(cell.value)
