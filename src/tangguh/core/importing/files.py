"""The one file reader: CSV, XLSX and XLS files (gzip allowed) as sheets of rows of cells.

The kind of file is recognised by its content, not its name. Text is read as UTF-8 (with or
without BOM), UTF-16 with a BOM, or else as Windows-1252 with a warning that says so. Workbooks
are read with openpyxl in read-only mode (row by row) and xlrd on demand; no row is wider than
`max_columns`, so a stray mark in column XFD cannot make every row 16,384 cells wide, and no file
gives more than `max_rows` rows. Problems are located by file, sheet and line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import logging
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.bulk import collector_paused
from tangguh.core.importing.cells import Cell, column_letter, is_filled
from tangguh.core.importing.problems import Problem, Problems

logger = logging.getLogger(__name__)

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
GZIP_MAGIC = b"\x1f\x8b"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# The defaults of the reader's limits; each is a setting (IMPORT_MAX_…, see `limit`). A file
# past a limit is refused at once with a message naming it, so every read stays in bounded
# memory and time (bench/hostile_files.py measures the worker's peak).
# A file (or what a gzip file or a workbook unpacks to) larger than this is refused, not read.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 256
# What an XLSX workbook may unpack to: openpyxl's parser holds about five times a sheet's XML
# in memory even in read-only mode, so a workbook gets a smaller limit than a text file.
MAX_WORKBOOK_UNPACKED_BYTES = 24 * 1024 * 1024
# What a legacy .xls workbook may weigh: xlrd holds every cell of a sheet at once, about nine
# times the file's size.
MAX_XLS_BYTES = 12 * 1024 * 1024
# Cells kept in all (rows × columns): what the rows of a file hold in memory.
MAX_CELLS = 2_000_000
# The longest line of a text file and the longest cell (csv's default, 128 kB, is too small for
# long chronologies).
MAX_LINE_CHARS = 2 * 1024 * 1024
MAX_CELL_CHARS = 1024 * 1024
# Rows of a workbook looked at (empty ones included) for every row a file may have, and the
# run of empty rows taken as the end of a sheet's data (a sheet of millions of empty rows is
# not walked to its end).
SCANNED_PER_ROW = 5
# Rows of a file read by column also kept as rows (where a header is looked for; see
# columns.HEADER_SEARCH_ROWS), and rows turned into columns at a time.
TOP_ROWS = 10
TURNED_PER_STEP = 100_000
EMPTY_RUN_ENDS_SHEET = 10_000
csv.field_size_limit(MAX_CELL_CHARS)


def limit(name: str) -> int:
    """The reader's limit `name` (UNPACKED_BYTES, WORKBOOK_UNPACKED_BYTES, XLS_BYTES, ROWS,
    COLUMNS, CELLS, LINE_CHARS, CELL_CHARS): settings.IMPORT_MAX_<name>, else this module's
    default."""
    from django.conf import settings

    return int(getattr(settings, f"IMPORT_MAX_{name}", globals()[f"MAX_{name}"]))


@dataclass
class Row:
    """One non-empty row: its line (CSV) or row number (workbook), its cells, and the formulas
    typed in it (workbooks read with `formulas=True`)."""

    line: int
    cells: list[Cell]
    formulas: dict[int, str] = field(default_factory=dict)

    def value(self, index: int) -> Cell:
        """The value of a cell (as last computed by the spreadsheet, for a formula)."""
        return self.cells[index] if index < len(self.cells) else None

    def typed(self, index: int) -> Cell:
        """What was typed into a cell: the formula itself (as text) when it holds one."""
        return self.formulas.get(index, self.value(index))


@dataclass
class ByColumn:
    """Every non-empty row of a sheet held column by column, without a `Row` per line (for
    files of millions of rows): the line of each row, and per position the cells of every row
    (None where a row is shorter)."""

    lines: list[int]
    cells: list[list[Cell]]

    def rows(self, start: int, stop: int) -> list[Row]:
        """Rows start..stop (of the non-empty rows) as `Row`s, e.g. to find the header."""
        stop = min(stop, len(self.lines))
        found = []
        for at in range(start, stop):
            cells = [column[at] for column in self.cells]
            while cells and cells[-1] is None:
                cells.pop()
            found.append(Row(line=self.lines[at], cells=cells))
        return found

    def after(self, start: int) -> ByColumn:
        """The rows from `start` on (those below a header)."""
        return ByColumn(self.lines[start:], [column[start:] for column in self.cells])

    @classmethod
    def of(cls, rows: list[Row]) -> ByColumn:
        """Rows turned into columns."""
        width = max((len(row.cells) for row in rows), default=0)
        columns: list[list[Cell]] = [[] for _ in range(width)]
        _add_rows(columns, [row.cells for row in rows])
        return cls([row.line for row in rows], columns)


def _add_rows(columns: list[list[Cell]], records: list[list[Cell]]) -> None:
    """Append rows of cells to columns (widened as needed; None where a row is shorter)."""
    if not records:
        return
    width = max(map(len, records))
    while len(columns) < width:
        columns.append([None] * (len(columns[0]) if columns else 0))
    turned = zip_longest(*records, fillvalue=None)
    for column in columns:
        found = next(turned, None)
        column.extend(found if found is not None else [None] * len(records))


@dataclass
class Sheet:
    """The non-empty rows of a CSV file or of one worksheet. A sheet read `by_column` holds
    every row in `columns` and, as `rows`, only the top rows (where a header is looked for)."""

    file: str
    title: str
    rows: list[Row]
    spreadsheet: bool = False
    columns: ByColumn | None = None

    @property
    def sheet_name(self) -> str:
        """The sheet's name for problems ('' for a CSV file, which has one sheet)."""
        return self.title if self.spreadsheet else ""

    @property
    def where(self) -> str:
        """How problems name this sheet: the file, and the sheet of a workbook."""
        return Problem(self.file, "", sheet=self.sheet_name).where

    def column_label(self, position: int, header: str) -> str:
        """A column as the user finds it: its header, and its letter in a workbook."""
        if not self.spreadsheet:
            return header or column_letter(position)
        letter = column_letter(position)
        return f"{header} ({letter})" if header else letter


@dataclass
class Reading:
    """What reading one file gave: its sheets, and notes that do not stop an import."""

    sheets: list[Sheet]
    warnings: list[Problem] = field(default_factory=list)
    kind: str = ""


class _TooManyCells(Exception):
    """A file holding more cells than the reader keeps (rows × columns)."""


class _TooManyRows(Exception):
    pass


def read_file(
    path: Path,
    problems: Problems,
    *,
    name: str | None = None,
    formulas: bool = False,
    max_rows: int | None = None,
    max_columns: int | None = None,
    max_bytes: int | None = None,
    strict_encoding: bool = False,
    by_column: bool = False,
) -> Reading | None:
    """Every sheet of a workbook, or a CSV file as one sheet; None (and a problem) when the
    file cannot be read. `name` is how the user knows the file (an upload's original name);
    with `strict_encoding` text that is not UTF-8 is a problem, not a warning. With `by_column`
    every sheet also holds its rows as columns (`Sheet.columns`); a CSV file is then read into
    columns straight away, its `rows` only the top `TOP_ROWS` (same checks and limits)."""
    name = name or path.name
    max_rows = min(max_rows or limit("ROWS"), limit("ROWS"))
    max_columns = min(max_columns or limit("COLUMNS"), limit("COLUMNS"))
    max_bytes = min(max_bytes or limit("UNPACKED_BYTES"), limit("UNPACKED_BYTES"))
    csv.field_size_limit(limit("CELL_CHARS"))
    raw = _raw_bytes(path, name, problems, max_bytes)
    if raw is None:
        return None
    if not raw.strip():
        problems.add(name, _("is empty"))
        return None
    limits = (max_rows, max_columns)
    try:
        workbook_bytes = min(max_bytes, limit("WORKBOOK_UNPACKED_BYTES"))
        if raw.startswith(XLSX_MAGIC) and not _unpacks_within(raw, name, problems, workbook_bytes):
            return None
        if raw.startswith(XLSX_MAGIC):
            sheets = _xlsx_sheets(raw, name, formulas, limits)
            return _turned(Reading(sheets, kind="xlsx"), by_column)
        if raw.startswith(XLS_MAGIC):
            # xlrd holds every cell of a sheet at once, about nine times the file's size: a
            # legacy workbook has a size limit of its own, then the row and cell limits.
            xls_bytes = min(max_bytes, limit("XLS_BYTES"))
            if len(raw) > xls_bytes:
                problems.add(name, _("is larger than %(limit)d MB") % {"limit": xls_bytes // 2**20})
                return None
            return _turned(Reading(_xls_sheets(raw, name, limits), kind="xls"), by_column)
    except _TooManyRows:
        problems.add(name, _("has more than %(count)d rows") % {"count": max_rows})
        return None
    except _TooManyCells:
        problems.add(name, _("has more than %(count)d cells") % {"count": limit("CELLS")})
        return None
    except Exception as exc:  # noqa: BLE001 - the spreadsheet libraries raise anything on bad files
        logger.info("unreadable workbook %s: %r", name, exc)
        problems.add(
            name,
            _("cannot be read as a spreadsheet (damaged or password-protected?): %(error)s")
            % {"error": str(exc) or type(exc).__name__},
        )
        return None
    reading = _text_reading(raw, name, problems, limits, by_column)
    if reading is not None and strict_encoding and reading.warnings:
        problems.extend(reading.warnings)
        return None
    return reading


def _turned(reading: Reading, by_column: bool) -> Reading:
    """A workbook's sheets with their rows also as columns, when asked for."""
    if by_column:
        for sheet in reading.sheets:
            sheet.columns = ByColumn.of(sheet.rows)
    return reading


def read_sheets(path: Path, problems: Problems, **options: Any) -> list[Sheet] | None:
    """The sheets of a file (see `read_file`), without its warnings."""
    reading = read_file(path, problems, **options)
    return None if reading is None else reading.sheets


def _raw_bytes(path: Path, name: str, problems: Problems, max_bytes: int) -> bytes | None:
    """The file's bytes, gunzipped when it is a gzip file, within `max_bytes`."""
    try:
        if path.stat().st_size > max_bytes:
            problems.add(name, _("is larger than %(limit)d MB") % {"limit": max_bytes // 2**20})
            return None
        raw = path.read_bytes()
        if not raw.startswith(GZIP_MAGIC):
            return raw
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            raw = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        problems.add(name, _("cannot be read: %(error)s") % {"error": exc})
        return None
    if len(raw) > max_bytes:
        problems.add(name, _("unpacks to more than %(limit)d MB") % {"limit": max_bytes // 2**20})
        return None
    return raw


def _text_reading(
    raw: bytes, name: str, problems: Problems, limits: tuple[int, int], by_column: bool = False
) -> Reading | None:
    """A text file as one sheet, or a problem when a workbook's name hides something else."""
    suffix = Path(name.removesuffix(".gz")).suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        problems.add(
            name,
            _(
                "is not a spreadsheet although its name ends in %(suffix)s (if it is a CSV file, "
                "name it .csv)"
            )
            % {"suffix": suffix},
        )
        return None
    warnings_found: list[Problem] = []
    decoded = decode(raw, name, problems, warnings_found)
    if decoded is None:
        return None
    if not decoded.strip():  # a byte-order mark, or blank text in UTF-16
        problems.add(name, _("is empty"))
        return None
    columns = None
    try:
        if by_column:
            columns = csv_columns(decoded, name, problems, limits)
            rows = None if columns is None else columns.rows(0, TOP_ROWS)
        else:
            rows = csv_rows(decoded, name, problems, limits)
    except _TooManyRows:
        problems.add(name, _("has more than %(count)d rows") % {"count": limits[0]})
        return None
    except _TooManyCells:
        problems.add(name, _("has more than %(count)d cells") % {"count": limit("CELLS")})
        return None
    if rows is None:
        return None
    sheet = Sheet(file=name, title=Path(name).stem, rows=rows, columns=columns)
    return Reading([sheet], warnings=warnings_found, kind="csv")


def decode(raw: bytes, name: str, problems: Problems, found: list[Problem]) -> str | None:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Windows-1252 (or Latin-1 when even that fails) is assumed for text that is not UTF-8, with a
    warning saying so; text with NUL bytes is refused as not being text.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            problems.add(name, _("is not valid UTF-16 text"))
            return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw:
            problems.add(
                name, _("is not a text file (it holds NUL bytes); save it again as 'CSV UTF-8'")
            )
            return None
        return _decode_legacy(raw, exc, name, found)


def _decode_legacy(raw: bytes, exc: UnicodeDecodeError, name: str, found: list[Problem]) -> str:
    """Text that is not UTF-8, read as Windows-1252 or Latin-1, with a warning naming it."""
    try:
        decoded, encoding = raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        decoded, encoding = raw.decode("latin-1"), "Latin-1 (ISO-8859-1)"
    line = raw[: exc.start].count(b"\n") + 1
    found.append(
        Problem(
            name,
            _(
                "is not UTF-8 text (unexpected byte 0x%(byte)02x); it was read as %(encoding)s. "
                "Check accented letters, or save the file again as 'CSV UTF-8'"
            )
            % {"byte": raw[exc.start], "encoding": encoding},
            line=line,
        )
    )
    return decoded


def sniff_delimiter(decoded: str) -> str:
    """Comma, semicolon or tab: whichever the first lines use most."""
    sample = "\n".join(decoded.splitlines()[:10])
    return max([",", ";", "\t"], key=sample.count)


def csv_rows(
    decoded: str, name: str, problems: Problems, limits: tuple[int, int] = (MAX_ROWS, MAX_COLUMNS)
) -> list[Row] | None:
    """The non-empty rows of CSV text, each with the line where it starts."""
    rows: list[Row] = []
    for line, cells in _csv_records(decoded, name, problems, limits):
        if line < 0:
            return None
        rows.append(Row(line=line, cells=cells))
    return rows


def csv_columns(
    decoded: str, name: str, problems: Problems, limits: tuple[int, int] = (MAX_ROWS, MAX_COLUMNS)
) -> ByColumn | None:
    """The non-empty rows of CSV text as columns (the rows `csv_rows` gives, without a `Row`
    per line: a file of a million rows is read in a fraction of the time and memory). The
    cyclic garbage collector is held meanwhile: the cells are strings in lists, never cyclic
    garbage, and its collections, walking every list read so far, took more than half the time."""
    lines: list[int] = []
    columns: list[list[Cell]] = []
    records: list[list[Cell]] = []
    with collector_paused():
        for line, cells in _csv_records(decoded, name, problems, limits):
            if line < 0:
                return None
            lines.append(line)
            records.append(cells)
            if len(records) == TURNED_PER_STEP:  # turned a part at a time (bounded memory)
                _add_rows(columns, records)
                records = []
        _add_rows(columns, records)
    return ByColumn(lines, columns)


def _csv_records(
    decoded: str, name: str, problems: Problems, limits: tuple[int, int]
) -> Iterator[tuple[int, list[Cell]]]:
    """The non-empty records of CSV text, each with the line where it starts, within the
    limits; (-1, []) after a problem (reported) that stops the reading."""
    max_rows, max_columns = limits
    long_line = _long_line(decoded, limit("LINE_CHARS"))
    if long_line:
        problems.add(
            name,
            _("has a line longer than %(limit)s characters")
            % {"limit": f"{limit('LINE_CHARS'):,}".replace(",", ".")},
            line=long_line,
        )
        yield -1, []
        return
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=sniff_delimiter(decoded))
    start, count, cells_kept, max_cells = 1, 0, 0, limit("CELLS")
    strip = str.strip
    try:
        for cells in reader:
            if any(map(strip, cells)):
                kept: list[Cell] = cells if len(cells) <= max_columns else cells[:max_columns]  # type: ignore[assignment]
                count += 1
                cells_kept += len(kept)
                if count > max_rows:
                    raise _TooManyRows
                if cells_kept > max_cells:
                    raise _TooManyCells
                yield start, kept
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            problems.add(
                name,
                _(
                    "has a field longer than %(limit)s characters (the longest a cell may be); "
                    "check the quotes around it"
                )
                % {"limit": f"{csv.field_size_limit():,}".replace(",", ".")},
                line=start,
            )
        else:
            problems.add(name, _("is not a valid CSV file: %(error)s") % {"error": exc}, line=start)
        yield -1, []


def _long_line(text: str, most: int) -> int:
    """The number of the first line longer than `most` characters (0: none is)."""
    start, number, end_of_text = 0, 1, len(text)
    while start <= end_of_text:
        end = text.find("\n", start)
        if end == -1:
            end = end_of_text
        if end - start > most:
            return number
        start, number = end + 1, number + 1
    return 0


def _unpacks_within(raw: bytes, name: str, problems: Problems, max_bytes: int) -> bool:
    """False (and a problem) when a workbook's parts unpack to more than `max_bytes`."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return True  # the spreadsheet reader names what is wrong with it
    if unpacked > max_bytes:
        problems.add(name, _("unpacks to more than %(limit)d MB") % {"limit": max_bytes // 2**20})
        return False
    return True


def _xlsx_sheets(raw: bytes, name: str, formulas: bool, limits: tuple[int, int]) -> list[Sheet]:
    """The sheets of an .xlsx workbook: values as last computed (and the formulas typed)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        typed = (
            openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
            if formulas
            else None
        )
    try:
        return [
            _xlsx_sheet(name, values[title], typed[title] if typed else None, limits)
            for title in values.sheetnames
            if getattr(values[title], "iter_rows", None) is not None
        ]
    finally:
        values.close()
        if typed is not None:
            typed.close()


def _xlsx_sheet(name: str, values: Any, typed: Any, limits: tuple[int, int]) -> Sheet:
    max_rows, max_columns = limits
    for sheet in (values, typed):
        if sheet is not None and hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store a wrong sheet size
    computed_rows = values.iter_rows(max_col=max_columns, values_only=True)
    typed_rows: Iterator[Any] = iter(
        typed.iter_rows(max_col=max_columns, values_only=True) if typed is not None else ()
    )
    rows: list[Row] = []
    cells_kept, max_cells, last_filled = 0, limit("CELLS"), 0
    for number, computed in enumerate(computed_rows, start=1):
        if number > max_rows * SCANNED_PER_ROW:
            raise _TooManyRows  # millions of (empty) rows: refused without reading them all
        if number - last_filled > EMPTY_RUN_ENDS_SHEET:
            break  # the data ended long ago: the rest of the sheet is empty rows
        entered = next(typed_rows, ()) or ()
        cells = [_xlsx_cell(value) for value in computed]
        while cells and cells[-1] is None:
            cells.pop()
        found = {
            index: value
            for index, value in enumerate(entered)
            if isinstance(value, str) and value.startswith("=") and len(value) > 1
        }
        if any(is_filled(cell) for cell in cells) or found:
            last_filled = number
            rows.append(Row(line=number, cells=cells, formulas=found))
            cells_kept += len(cells)
            if len(rows) > max_rows:
                raise _TooManyRows
            if cells_kept > max_cells:
                raise _TooManyCells
    return Sheet(file=name, title=values.title, rows=rows, spreadsheet=True)


def _xlsx_cell(value: object) -> Cell:
    """An openpyxl value as a cell (durations and other types become text)."""
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    return str(value)


def _xls_sheets(raw: bytes, name: str, limits: tuple[int, int]) -> list[Sheet]:
    """The sheets of an Excel 97–2003 (.xls) workbook, within the same row, column and cell
    limits as an XLSX workbook (each sheet released once read)."""
    import xlrd

    max_rows, max_columns = limits
    max_cells = limit("CELLS")
    book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows > max_rows * SCANNED_PER_ROW:
                raise _TooManyRows
            rows: list[Row] = []
            cells_kept, last_filled = 0, 0
            for number in range(sheet.nrows):
                if number - last_filled > EMPTY_RUN_ENDS_SHEET:
                    break
                cells = [_xls_cell(book, cell) for cell in sheet.row_slice(number, 0, max_columns)]
                while cells and cells[-1] is None:
                    cells.pop()
                if any(is_filled(cell) for cell in cells):
                    last_filled = number
                    rows.append(Row(line=number + 1, cells=cells))
                    cells_kept += len(cells)
                    if len(rows) > max_rows:
                        raise _TooManyRows
                    if cells_kept > max_cells:
                        raise _TooManyCells
            sheets.append(Sheet(file=name, title=sheet.name, rows=rows, spreadsheet=True))
            book.unload_sheet(index)
        return sheets
    finally:
        book.release_resources()


def _xls_cell(book: Any, cell: Any) -> Cell:
    """An xlrd cell as a cell: dates as datetimes, errors as their '#…' text."""
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            moment: dt.datetime = xlrd.xldate.xldate_as_datetime(float(cell.value), book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return float(cell.value)
        return moment
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(int(cell.value), "#ERROR"))
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return float(cell.value)
    return str(cell.value)


def read_bytes(path: Path, problems: Problems, *, name: str | None = None) -> bytes | None:
    """A file's bytes, gunzipped when it is a gzip file (at most the UNPACKED_BYTES limit)."""
    return _raw_bytes(path, name or path.name, problems, limit("UNPACKED_BYTES"))


def read_text(path: Path, problems: Problems, *, name: str | None = None) -> str | None:
    """A file's text as UTF-8 (with or without BOM); a clear problem for other encodings (for
    formats such as GeoJSON that are UTF-8 by definition)."""
    name = name or path.name
    raw = read_bytes(path, problems, name=name)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            name,
            _(
                "is not UTF-8 text (unexpected byte 0x%(byte)02x at position %(pos)d); "
                "save it again as 'CSV UTF-8'"
            )
            % {"byte": raw[exc.start], "pos": exc.start},
        )
        return None
