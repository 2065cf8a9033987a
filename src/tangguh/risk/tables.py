"""Read a CSV file or a spreadsheet (.xlsx, .xls) as rows of cells, and find its header row.

Columns are matched by name, spelled in Indonesian or English in any case and with any spaces or
punctuation (`Kode Desa`, `kode_desa`, `KODE DESA` agree); title rows above the header are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from tangguh.core.importing import MAX_UNPACKED_BYTES, Problems, read_text
from tangguh.risk.choices import word_key

logger = logging.getLogger(__name__)

Cell = str | int | float | bool | dt.date | dt.time | None
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SEARCH_ROWS = 10


@dataclass
class Row:
    """One non-empty row with its line (CSV) or row number (spreadsheet)."""

    line: int
    cells: list[Cell]


@dataclass
class Table:
    """A file's rows below its header, the header as written, and where each column is."""

    file: str
    header: list[str]
    columns: dict[str, int]
    rows: list[Row]
    ignored: list[str] = field(default_factory=list)

    def text(self, row: Row, name: str) -> str:
        """A cell of a canonical column as stripped text ('' when the file lacks the column)."""
        position = self.columns.get(name)
        if position is None or position >= len(row.cells):
            return ""
        return cell_text(row.cells[position])

    def label(self, name: str) -> str:
        """The column's name as the file writes it."""
        position = self.columns.get(name)
        return self.header[position] if position is not None else name


def cell_text(value: Cell) -> str:
    """A cell as text; whole numbers from spreadsheets lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path, problems: Problems) -> list[Row] | None:
    """The non-empty rows of a CSV file (UTF-8, comma/semicolon/tab) or of a workbook's first
    sheet; None (and a problem) when the file cannot be read."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError as exc:
        problems.add(path.name, _("cannot be read: %(error)s") % {"error": exc})
        return None
    if size > MAX_UNPACKED_BYTES:
        problems.add(
            path.name, _("is larger than %(limit)d MB") % {"limit": MAX_UNPACKED_BYTES // 2**20}
        )
        return None
    if not start:
        problems.add(path.name, _("is empty"))
        return None
    if start.startswith((XLSX_MAGIC, XLS_MAGIC)):
        try:
            return _xlsx_rows(path) if start.startswith(XLSX_MAGIC) else _xls_rows(path)
        except Exception as exc:  # noqa: BLE001 - spreadsheet libraries raise anything on bad files
            logger.info("unreadable workbook %s: %r", path.name, exc)
            problems.add(
                path.name,
                _("cannot be read as a spreadsheet (damaged or password-protected?): %(error)s")
                % {"error": str(exc) or type(exc).__name__},
            )
            return None
    text = read_text(path, problems)
    if text is None:
        return None
    sample = "\n".join(text.splitlines()[:10])
    delimiter = max([",", ";", "\t"], key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(line=line, cells=list(cells)))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.add(path.name, _("is not a valid CSV file: %(error)s") % {"error": exc}, line)
        return None
    return rows


def _xlsx_rows(path: Path) -> list[Row]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells: list[Cell] = [
                v
                if v is None or isinstance(v, str | int | float | bool | dt.date | dt.time)
                else str(v)
                for v in values
            ]
            if any(cell_text(c) for c in cells):
                rows.append(Row(line=number, cells=cells))
        return rows
    finally:
        book.close()


def _xls_rows(path: Path) -> list[Row]:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        sheet = book.sheet_by_index(0)
        rows = []
        for number in range(sheet.nrows):
            cells: list[Cell] = [
                None if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) else c.value
                for c in sheet.row(number)
            ]
            if any(cell_text(c) for c in cells):
                rows.append(Row(line=number + 1, cells=cells))
        return rows
    finally:
        book.release_resources()


def find_table(
    file: str,
    rows: Sequence[Row],
    problems: Problems,
    *,
    spellings: Mapping[str, Sequence[str]],
    required: Sequence[Sequence[str]],
) -> Table | None:
    """The header among the first rows and the rows below it.

    `spellings` maps canonical column names to their accepted spellings (compared as `word_key`s;
    the first spelling found wins when several columns could serve). `required` lists groups of
    canonical names of which at least one must be present. The header is the first row with a
    column of the first required group.
    """
    keys = {name: [word_key(s) for s in accepted] for name, accepted in spellings.items()}
    header_at = None
    for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {word_key(cell_text(c)) for c in row.cells}
        if any(k in found for name in required[0] for k in keys.get(name, [])):
            header_at = position
            break
    if header_at is None:
        first = rows[0] if rows else Row(line=1, cells=[])
        header = [cell_text(c) for c in first.cells]
        names = " / ".join(spellings[name][0] for name in required[0])
        problems.add(
            file,
            _("missing column(s) %(missing)s; the header has: %(found)s")
            % {"missing": names, "found": ", ".join(h for h in header if h) or "-"},
            line=first.line,
        )
        return None
    header_row = rows[header_at]
    header = [cell_text(c) for c in header_row.cells]
    header_keys = [word_key(h) for h in header]
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for name, accepted in keys.items():
        for key in accepted:
            hit = next((i for i, k in enumerate(header_keys) if k == key and i not in taken), None)
            if hit is not None:
                columns[name] = hit
                taken.add(hit)
                break
    missing = [
        " / ".join(spellings[name][0] for name in group)
        for group in required
        if not any(name in columns for name in group)
    ]
    if missing:
        problems.add(
            file,
            _("missing column(s) %(missing)s; the header has: %(found)s")
            % {"missing": ", ".join(missing), "found": ", ".join(h for h in header if h)},
            line=header_row.line,
        )
        return None
    ignored = [h for i, h in enumerate(header) if h and i not in taken]
    return Table(
        file=file, header=header, columns=columns, rows=list(rows[header_at + 1 :]), ignored=ignored
    )
