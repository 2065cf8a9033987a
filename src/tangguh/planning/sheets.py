"""Read the planning spreadsheets (CSV UTF-8 or .xlsx) into rows of cells, and read cells as the
values the planning records hold: text, whole numbers, decimals, rupiah amounts, yes/no.

A cell that cannot be read raises `BadValue` with a message for the user; the importers turn it
into a problem located at the row and column of the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from tangguh.core.importing import Problems, read_text

logger = logging.getLogger(__name__)

# A cell as a file gives it: CSV gives text, spreadsheets also numbers, dates and booleans.
Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
# More rows than this is not a year's proposals of one regency but a mistake (or an attack).
MAX_ROWS = 50_000
# Columns read from a sheet: the templates use fewer than 30; a cell far to the right (a
# crafted file, or a stray mark in column XFD) must not make every row 16,384 cells wide.
MAX_COLUMNS = 64
# Text cells starting with these run as formulas in spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
csv.field_size_limit(1024 * 1024)


class BadValue(ValueError):
    """A cell that cannot be read as the kind of value its column holds (message for the user)."""


@dataclass
class Row:
    """One non-empty row: its number in the file, the values, and the formulas typed in it."""

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
class Sheet:
    """The non-empty rows of a CSV file or of one worksheet."""

    file: str
    title: str
    rows: list[Row]
    spreadsheet: bool = False

    @property
    def where(self) -> str:
        """How problems name this sheet: the file, and the sheet of a workbook."""
        if not self.spreadsheet:
            return self.file
        return _("%(file)s, sheet %(sheet)s") % {"file": self.file, "sheet": self.title}


def file_kind(path: Path, name: str, problems: Problems) -> str | None:
    """ "csv" or "xlsx" for a readable file, else None with a problem saying what to do."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError as exc:
        problems.add(name, _("cannot be read: %(error)s") % {"error": exc})
        return None
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        problems.add(name, _("is larger than %(limit)d MB") % {"limit": limit // 2**20})
        return None
    if not start:
        problems.add(name, _("is empty"))
        return None
    suffix = Path(name).suffix.lower()
    if start.startswith(XLS_MAGIC) or suffix == ".xls":
        problems.add(
            name,
            _(
                "is an Excel 97-2003 workbook (.xls), which is not read here: open it and save "
                "it as an Excel workbook (.xlsx) or as 'CSV UTF-8'"
            ),
        )
        return None
    if start.startswith(XLSX_MAGIC):
        if suffix in (".xlsx", ".xlsm") or suffix in CSV_SUFFIXES or not suffix:
            return "xlsx"
    elif suffix in CSV_SUFFIXES:
        return "csv"
    elif suffix == ".xlsx":
        problems.add(name, _("is not an Excel workbook although its name ends in .xlsx"))
        return None
    problems.add(
        name,
        _("is neither a CSV file (UTF-8) nor an Excel workbook (.xlsx); use one of those"),
    )
    return None


def read_sheets(path: Path, problems: Problems, name: str | None = None) -> list[Sheet] | None:
    """Every sheet of an .xlsx workbook, or a CSV file as one sheet (None after a problem)."""
    name = name or path.name
    kind = file_kind(path, name, problems)
    if kind == "csv":
        sheet = _read_csv(path, name, problems)
        return None if sheet is None else [sheet]
    if kind == "xlsx":
        return _read_xlsx(path, name, problems)
    return None


def _read_csv(path: Path, name: str, problems: Problems) -> Sheet | None:
    """A CSV file (comma, semicolon or tab separated, UTF-8) as one sheet."""
    found = Problems()
    text = read_text(path, found)
    if text is None:
        for problem in found.items:
            problems.add(name, problem.message, problem.line, problem.column)
        return None
    sample = "\n".join(text.splitlines()[:10])
    delimiter = max([",", ";", "\t"], key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(line=start, cells=list(cells)))
                if len(rows) > MAX_ROWS:
                    problems.add(name, _("has more than %(count)d rows") % {"count": MAX_ROWS})
                    return None
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(name, _("is not a valid CSV file: %(error)s") % {"error": exc}, line=start)
        return None
    return Sheet(file=name, title=Path(name).stem, rows=rows)


def _read_xlsx(path: Path, name: str, problems: Problems) -> list[Sheet] | None:
    """The sheets of a workbook: values as last computed, and the formulas typed in cells."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = openpyxl.load_workbook(path, read_only=True, data_only=True)
            typed = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            return [
                _sheet(name, values[title], typed[title])
                for title in values.sheetnames
                if getattr(values[title], "iter_rows", None) is not None
            ]
        finally:
            values.close()
            typed.close()
    except _TooManyRows:
        problems.add(name, _("has more than %(count)d rows") % {"count": MAX_ROWS})
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        logger.info("unreadable workbook %s: %r", name, exc)
        problems.add(
            name,
            _("cannot be read as an Excel workbook (damaged or password-protected?): %(error)s")
            % {"error": str(exc) or type(exc).__name__},
        )
    return None


class _TooManyRows(Exception):
    pass


def _sheet(name: str, values: Any, typed: Any) -> Sheet:
    for sheet in (values, typed):
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store a wrong sheet size
    rows: list[Row] = []
    pairs = zip(
        values.iter_rows(max_col=MAX_COLUMNS, values_only=True),
        typed.iter_rows(max_col=MAX_COLUMNS, values_only=True),
        strict=False,
    )
    for number, (computed, entered) in enumerate(pairs, start=1):
        cells = [_cell(value) for value in computed]
        while cells and cells[-1] is None:
            cells.pop()
        formulas = {
            index: value
            for index, value in enumerate(entered)
            if isinstance(value, str) and value.startswith("=") and len(value) > 1
        }
        if any(is_filled(cell) for cell in cells) or formulas:
            rows.append(Row(line=number, cells=cells, formulas=formulas))
            if len(rows) > MAX_ROWS:
                raise _TooManyRows
    return Sheet(file=name, title=values.title, rows=rows, spreadsheet=True)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.time):
        return value
    return str(value)


def is_filled(cell: Cell) -> bool:
    """True when a cell holds something other than blanks."""
    if cell is None:
        return False
    return not isinstance(cell, str) or bool(cell.strip())


# ---------------------------------------------------------------------------------------------
# Headers


def header_key(label: Cell) -> str:
    """A header reduced for matching: `Perkiraan Biaya (Rp)*` → `perkiraan_biaya`."""
    text = re.sub(r"\(.*?\)|\*", " ", str(label or "").lower())
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


@dataclass
class Columns:
    """Where each canonical column sits in a sheet, and how the file labels it."""

    index: dict[str, int]
    labels: dict[str, str]
    unknown: list[str]
    missing: list[str]
    doubled: list[tuple[str, str, str]]

    def label(self, name: str) -> str:
        """The column as the user sees it (its header, and its letter in a workbook)."""
        return self.labels.get(name, name)


def map_columns(
    header: Row,
    spellings: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str],
    informative: Sequence[str] = (),
    spreadsheet: bool = False,
) -> Columns:
    """Match a header row against canonical columns and their spellings (`header_key` form)."""
    lookup: dict[str, str] = {}
    for name, names in spellings.items():
        for spelling in (name, *names):
            lookup.setdefault(header_key(spelling), name)
    ignored = {header_key(name) for name in informative}
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    doubled: list[tuple[str, str, str]] = []
    for position, cell in enumerate(header.cells):
        raw = str(cell).strip() if is_filled(cell) else ""
        if not raw:
            continue
        label = f"{raw} ({get_column_letter(position + 1)})" if spreadsheet else raw
        key = header_key(raw)
        canonical = lookup.get(key)
        if canonical is None:
            if key not in ignored:
                unknown.append(raw)
            continue
        if canonical in index:
            doubled.append((canonical, labels[canonical], label))
            continue
        index[canonical] = position
        labels[canonical] = label
    missing = [name for name in required if name not in index]
    return Columns(index=index, labels=labels, unknown=unknown, missing=missing, doubled=doubled)


# ---------------------------------------------------------------------------------------------
# Values

_CONTROL_OK = {"\t", "\n", "\r"}
_WORD_MULTIPLIERS = {
    "ribu": Decimal(1000),
    "rb": Decimal(1000),
    "juta": Decimal(10) ** 6,
    "jt": Decimal(10) ** 6,
    "miliar": Decimal(10) ** 9,
    "milyar": Decimal(10) ** 9,
    "m": Decimal(10) ** 9,
}
_MULTIPLIER = re.compile(r"^(.*?)\s*(ribu|rb|juta|jt|miliar|milyar|m)\.?$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
TRUE_WORDS = frozenset({"1", "ya", "y", "yes", "true", "benar", "iya", "v", "x", "✓", "✔"})
FALSE_WORDS = frozenset({"0", "tidak", "tdk", "t", "no", "n", "false", "salah", "bukan", "-"})


def text(cell: Cell, limit: int | None = None) -> str:
    """A cell as text, stripped; control characters (NUL…) and over-long text are refused."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        value = "1" if cell else "0"
    elif isinstance(cell, float) and cell.is_integer():
        value = str(int(cell))
    elif isinstance(cell, dt.datetime | dt.date | dt.time):
        value = cell.isoformat()
    else:
        value = str(cell)
    value = value.strip()
    bad = next(
        (ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK), None
    )
    if bad is not None:
        raise BadValue(
            _(
                "holds an invisible control character (U+%(code)04X), often left by copying "
                "from another program; type the text again"
            )
            % {"code": ord(bad)}
        )
    if limit is not None and len(value) > limit:
        raise BadValue(
            _("is longer than %(limit)d characters (it has %(count)d)")
            % {"limit": limit, "count": len(value)}
        )
    return value


def number(cell: Cell) -> Decimal | None:
    """A number written the Indonesian way (`1.250,5`, `150.000.000`, `Rp 150 juta`) or the
    English way (`1,250.5`, `150,000,000`); None for a blank cell."""
    if cell is None or isinstance(cell, bool):
        if cell is None:
            return None
        raise BadValue(_("'%(value)s' is not a number") % {"value": cell})
    if isinstance(cell, int):
        value = Decimal(cell)
    elif isinstance(cell, float):
        value = Decimal(str(round(cell, 6)))  # 0.1 + 0.2 is 0.3 in a spreadsheet
    elif isinstance(cell, dt.date | dt.time):
        raise BadValue(_("is a date, not a number (check the cell format)"))
    else:
        raw = text(cell)
        if not raw:
            return None
        value = _parse_number(raw)
    if not value.is_finite():
        raise BadValue(_("'%(value)s' is not a number") % {"value": cell})
    return value


def _parse_number(raw: str) -> Decimal:
    body = re.sub(r"^(rp\.?|idr)\s*", "", raw.strip(), flags=re.IGNORECASE)
    body = re.sub(r"[,.]-$", "", body)  # "Rp 150.000,-"
    multiplier = Decimal(1)
    found = _MULTIPLIER.match(body)
    if found and found.group(1):
        body, multiplier = found.group(1), _WORD_MULTIPLIERS[found.group(2).lower()]
    body = body.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    sign = Decimal(1)
    if body.startswith(("-", "−")):
        sign, body = Decimal(-1), body[1:]
    if not body or not re.fullmatch(r"[0-9.,]+", body):
        raise BadValue(_("'%(value)s' is not a number") % {"value": raw})
    if "." in body and "," in body:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        grouping = "," if decimal_mark == "." else "."
        body = body.replace(grouping, "").replace(decimal_mark, ".")
    elif "." in body:
        if _THOUSANDS_DOT.match(body):
            body = body.replace(".", "")
        elif body.count(".") > 1:
            raise BadValue(_("'%(value)s' is not a number") % {"value": raw})
    elif "," in body:
        if _THOUSANDS_COMMA.match(body):
            body = body.replace(",", "")
        elif body.count(",") == 1:
            body = body.replace(",", ".")
        else:
            raise BadValue(_("'%(value)s' is not a number") % {"value": raw})
    try:
        return sign * Decimal(body) * multiplier
    except InvalidOperation as exc:
        raise BadValue(_("'%(value)s' is not a number") % {"value": raw}) from exc


def bounded(
    value: Decimal | None, *, least: Decimal, most: Decimal, places: int = 2
) -> Decimal | None:
    """A number within [least, most] with at most `places` decimals (None stays None)."""
    if value is None:
        return None
    if value < 0 <= least:
        raise BadValue(_("must not be negative (%(value)s)") % {"value": _plain(value)})
    if value < least or value > most:
        raise BadValue(
            _("%(value)s lies outside %(least)s–%(most)s")
            % {"value": _plain(value), "least": _plain(least), "most": _plain(most)}
        )
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum)
    if rounded != value:
        raise BadValue(
            _("%(value)s has more than %(places)d decimal places")
            % {"value": _plain(value), "places": places}
        )
    return rounded


def whole(cell: Cell, *, least: int, most: int) -> int | None:
    """A whole number within [least, most]; None for a blank cell."""
    value = number(cell)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise BadValue(_("%(value)s is not a whole number") % {"value": _plain(value)})
    checked = bounded(value, least=Decimal(least), most=Decimal(most), places=0)
    return None if checked is None else int(checked)


def money(cell: Cell, most: Decimal) -> Decimal | None:
    """Rupiah: `Rp 150.000.000`, `150,000,000`, `150000000`, `150 juta`; None when blank."""
    return bounded(number(cell), least=Decimal(0), most=most, places=2)


def yes_no(cell: Cell) -> bool:
    """1/0, ya/tidak, yes/no, true/false (blank is no)."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    raw = text(cell).lower()
    if not raw:
        return False
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise BadValue(
        _("'%(value)s' is not yes or no; write 1/0, ya/tidak, yes/no or true/false")
        % {"value": raw}
    )


def split_list(raw: str) -> list[str]:
    """Items of a cell separated by semicolons, commas or vertical bars."""
    return [part.strip() for part in re.split(r"[;,|\n]", raw) if part.strip()]


def _plain(value: Decimal) -> str:
    text_value = format(value, "f")
    return text_value.rstrip("0").rstrip(".") if "." in text_value else text_value


def rows_after(rows: Sequence[Row], header: Row) -> Iterator[Row]:
    """The rows below a header row."""
    for row in rows:
        if row.line > header.line:
            yield row


def guard(value: str) -> str:
    """Text a spreadsheet program will not run as a formula (for CSV files): an apostrophe in
    front of text starting with =, +, -, @ (numbers such as -5 stay as they are)."""
    if not value.startswith(FORMULA_START):
        return value
    try:
        Decimal(value.strip())
    except InvalidOperation:
        return "'" + value
    return value
