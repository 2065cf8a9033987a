"""What the event-file readers and writers share: cells, tables, value parsing and problems.

A reader turns a file into `EventRecord`s and collects every problem it finds (file, line, column,
message) instead of raising. Values are parsed by small functions that raise `BadValue`; `Fields`
turns those into problems located at the row and column of the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TypeVar, cast

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.core.importing import Problem, Problems
from tangguh.disasters.records import EventRecord
from tangguh.regions import codes

# A cell as the file gives it: CSV gives text, spreadsheets also numbers, dates and booleans.
Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None
# Where a writer writes: a file path, a text stream, or a binary stream (UTF-8 is written).
Target = Path | str | IO[str] | IO[bytes]
T = TypeVar("T")

# Rows searched for the header (title rows above it are skipped).
HEADER_SEARCH_ROWS = 10
# Year bounds: DesInventar Indonesia goes back to 1815; earlier years are taken as typing errors.
FIRST_YEAR = 1800
# Indonesia's easternmost time zone (WIT, UTC+9): "today" is the latest date in the country.
LATEST_UTC_OFFSET = dt.timedelta(hours=9)
# Text cells starting with these run as formulas in spreadsheet programs; writers guard them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(.+))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(.+))?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s-]+([^\W\d_]+)\.?[\s-]+(\d{4})(?:\s+(.+))?$")
_TIME = re.compile(
    r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(?:WIB|WITA|WIT|Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "pebruari", "february"), 2),
    **dict.fromkeys(("mar", "maret", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("agu", "agt", "agus", "agustus", "aug", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oct", "oktober", "october"), 10),
    **dict.fromkeys(("nov", "nop", "november", "nopember"), 11),
    **dict.fromkeys(("des", "dec", "desember", "december"), 12),
}
_BULLETS = "•●◦▪‣·"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - a calendar anchor, not an instant


class BadValue(ValueError):
    """A cell that cannot be read as the kind of value its column holds (message for the user)."""


@dataclass
class ReadResult:
    """What a reader found in one file.

    `problems` lists everything wrong with the file (nothing should be imported while it is not
    empty); `warnings` are notes that do not block an import (an assumed encoding, a date without
    a day, rows skipped above the header). `ignored_columns` are columns that hold data but were
    not read, to show to the user.
    """

    records: list[EventRecord]
    problems: list[Problem]
    ignored_columns: list[str]
    format: str
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file has no problems."""
        return not self.problems


@dataclass
class Row:
    """One row of a table with the line (CSV) or row number (spreadsheet) where it starts."""

    line: int
    cells: list[Cell]


@dataclass
class Table:
    """The non-empty rows of a CSV file or of one spreadsheet sheet."""

    rows: list[Row]
    sheet: str = ""


@dataclass
class Columns:
    """How a header maps onto canonical column names, and which columns nobody reads."""

    labels: list[str]
    index: dict[str, int]
    unused: list[int]


@dataclass
class ReadContext:
    """The state of one read: file name, problems, warnings, ignored columns, today's date."""

    file: str
    today: dt.date
    problems: Problems = field(default_factory=Problems)
    warnings: list[Problem] = field(default_factory=list)
    ignored: dict[str, None] = field(default_factory=dict)
    notes: dict[str, list[int]] = field(default_factory=dict)

    def problem(self, message: str, line: int | None = None, column: str | None = None) -> None:
        """Record a problem with the file."""
        self.problems.add(self.file, message, line=line, column=column)

    def warn(self, message: str, line: int | None = None, column: str | None = None) -> None:
        """Record a note that does not block the import."""
        self.warnings.append(Problem(self.file, message, line=line, column=column))

    def note(self, message: str, line: int) -> None:
        """Collect lines sharing one warning; `flush_notes` turns them into a single warning."""
        self.notes.setdefault(message, []).append(line)

    def flush_notes(self) -> None:
        """One warning per collected note, naming the first lines it applies to."""
        for message, lines in self.notes.items():
            shown = ", ".join(str(line) for line in lines[:10]) + (" …" if len(lines) > 10 else "")
            rows = ngettext(
                "%(count)d row, line %(lines)s", "%(count)d rows, lines %(lines)s", len(lines)
            ) % {"count": len(lines), "lines": shown}
            self.warn(f"{message} ({rows})")
        self.notes.clear()

    def fields(self, row: Row, columns: Columns) -> tuple[Fields, list[str]]:
        """The row's cells by canonical name, and the labels of unread columns holding data."""
        cells = {
            name: (columns.labels[pos], row.cells[pos] if pos < len(row.cells) else None)
            for name, pos in columns.index.items()
        }
        ignored = []
        for pos in columns.unused:
            if pos < len(row.cells) and has_content(row.cells[pos]):
                label = columns.labels[pos] or column_letter(pos)
                ignored.append(label)
                self.ignored.setdefault(label, None)
        return Fields(self, row.line, cells), ignored


class Fields:
    """One row's cells by canonical column name; a bad value becomes a problem, not an error."""

    def __init__(self, ctx: ReadContext, line: int, cells: Mapping[str, tuple[str, Cell]]):
        """The cells of the row at `line`, keyed by canonical name."""
        self.ctx = ctx
        self.line = line
        self.cells = cells

    def has(self, name: str) -> bool:
        """True when the file has this column."""
        return name in self.cells

    def raw(self, name: str) -> Cell:
        """The cell as read (None when the column is absent)."""
        return self.cells[name][1] if name in self.cells else None

    def label(self, name: str) -> str:
        """The column's name as the file spells it."""
        return self.cells[name][0] if name in self.cells else name

    def text(self, name: str) -> str:
        """The cell as stripped text, without the guard a writer put before formula characters."""
        return unguard(cell_text(self.raw(name)))

    def fail(self, name: str, message: str) -> None:
        """Record a problem with this row's cell in column `name`."""
        self.ctx.problem(message, line=self.line, column=self.label(name))

    def get(self, name: str, parse: Callable[[Cell], T | None]) -> T | None:
        """The cell parsed by `parse`; None (and a problem) when it cannot be parsed."""
        try:
            return parse(self.raw(name))
        except BadValue as exc:
            self.fail(name, str(exc))
            return None

    def count(self, name: str) -> int | None:
        """A whole, non-negative number."""
        return self.get(name, parse_count)

    def amount(self, name: str) -> Decimal | None:
        """A non-negative number, fractions allowed."""
        return self.get(name, parse_amount)

    def date(self, name: str) -> dt.date | None:
        """A calendar date (a time of day in the cell is ignored)."""
        when = self.get(name, parse_datetime)
        return when[0] if when else None

    def when(self, name: str) -> tuple[dt.date | None, dt.time | None]:
        """A date and, when the cell gives one, a time of day."""
        return self.get(name, parse_datetime) or (None, None)

    def time(self, name: str) -> dt.time | None:
        """A time of day."""
        return self.get(name, parse_time)

    def region(self, name: str) -> str | None:
        """A Kemendagri region code in dotted form."""
        return self.get(name, parse_region_code)

    def hazard(self, name: str) -> str | None:
        """A hazard code (digits)."""
        return self.get(name, parse_hazard_code)

    def coordinate(self, name: str, limit: int) -> float | None:
        """A latitude (limit 90) or longitude (limit 180) in decimal degrees."""
        number = self.get(name, to_decimal)
        if number is None:
            return None
        if abs(number) > limit:
            self.fail(
                name,
                _("%(value)s is outside −%(limit)d…%(limit)d degrees")
                % {"value": number, "limit": limit},
            )
            return None
        return float(number)


# ---------------------------------------------------------------------------------------------
# Cells and text


def is_blank(value: Cell) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Cell) -> str:
    """A cell as stripped text: whole floats without '.0', dates and times in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def has_content(value: Cell) -> bool:
    """True when a cell holds something other than blank or zero."""
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return False
    if isinstance(value, str) and value.strip() in ("0", "0.0"):
        return False  # the common zeros, without parsing
    try:
        number = to_decimal(value)
    except BadValue:
        return True
    return number != 0


def clean_lines(value: str) -> list[str]:
    """The non-empty lines of a text, each without bullets and repeated spaces."""
    lines = []
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cleaned = " ".join(line.strip().lstrip(_BULLETS).split())
        if cleaned:
            lines.append(cleaned)
    return lines


def clean_text(value: str) -> str:
    """A multi-line text tidied line by line (Excel cells come with bullets and stray spaces)."""
    return "\n".join(clean_lines(value))


def clean_inline(value: str, separator: str = ", ") -> str:
    """A multi-line text on one line: 'Kec. A\\nDs. B' becomes 'Kec. A, Ds. B'."""
    return separator.join(clean_lines(value))


def guard(text: str) -> str:
    """A text cell made safe to open in a spreadsheet: a leading formula character gets a '."""
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The text a writer guarded with `guard`."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_key(label: Cell) -> str:
    """A header name without case, spaces or underscores: 'Rumah Rusak' = 'rumah_rusak'."""
    return re.sub(r"[\s_\u00a0\ufeff]+", "", cell_text(label)).lower()


# ---------------------------------------------------------------------------------------------
# Numbers and codes


def to_decimal(value: Cell) -> Decimal | None:
    """A number cell as Decimal (None when blank); a decimal comma is accepted."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(_("“%(value)s” is not a number") % {"value": cell_text(value)})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadValue(_("“%(value)s” is not a number") % {"value": value})
        return Decimal(repr(value))
    text = value.strip()
    if text.isascii() and text.isdigit():
        return Decimal(text)
    text = text.replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(text):
        raise BadValue(_("“%(value)s” is not a number") % {"value": value.strip()})
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise BadValue(_("“%(value)s” is not a number") % {"value": text}) from exc


def parse_amount(value: Cell) -> Decimal | None:
    """A non-negative number (hectares, kilometres, rupiah, event counts)."""
    number = to_decimal(value)
    if number is not None and number < 0:
        raise BadValue(_("%(value)s is negative") % {"value": cell_text(value)})
    return number


def parse_count(value: Cell) -> int | None:
    """A whole, non-negative number of people, houses or facilities."""
    number = parse_amount(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise BadValue(
            _(
                "%(value)s is not a whole number: counts cannot have fractions "
                "(write numbers without thousands separators)"
            )
            % {"value": cell_text(value)}
        )
    return int(number)


def code_text(value: Cell) -> str:
    """A code cell as text: spreadsheets turn 5301 into 5301.0, which is undone here."""
    text = cell_text(value)
    if re.fullmatch(r"\d+\.0+", text):
        return text.split(".", 1)[0]
    return text


def parse_region_code(value: Cell) -> str | None:
    """A Kemendagri code with or without dots, returned in dotted form ('5301' → '53.01')."""
    text = code_text(value)
    if not text:
        return None
    if not re.fullmatch(r"[0-9.]+", text):
        raise BadValue(
            _("“%(value)s” is not a region code: use digits, e.g. 53.01") % {"value": text}
        )
    try:
        return codes.normalize(text)
    except codes.BadRegionCode as exc:
        raise BadValue(
            _(
                "“%(value)s” is not a region code: use 2, 4, 6 or 10 digits, with or without dots "
                "(53, 53.01, 53.01.27, 53.01.27.2005)"
            )
            % {"value": text}
        ) from exc


def parse_hazard_code(value: Cell) -> str | None:
    """A hazard code: digits only (older 3-digit or current 4-digit DIBI codes)."""
    text = code_text(value)
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise BadValue(
            _("“%(value)s” is not a hazard code: use digits, e.g. 1010") % {"value": text}
        )
    return text


# ---------------------------------------------------------------------------------------------
# Dates and times


def local_today() -> dt.date:
    """Today's date at the eastern end of Indonesia (dates after it are in the future)."""
    return (dt.datetime.now(dt.UTC) + LATEST_UTC_OFFSET).date()


def make_date(year: int, month: int, day: int, shown: str) -> dt.date:
    """A calendar date, or BadValue naming the text `shown` (31/02/2021 does not exist)."""
    if year < FIRST_YEAR:
        raise BadValue(
            _("“%(value)s”: the year %(year)d is not plausible") % {"value": shown, "year": year}
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadValue(_("“%(value)s” is not a valid date") % {"value": shown}) from exc


def parse_time(value: Cell) -> dt.time | None:
    """A time of day: '14:30', '14.30', '14:30:00', '14:30 WIB', a time cell or a day fraction."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        seconds = round(value * 86400)
        return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    text = cell_text(value)
    match = _TIME.match(text)
    hour, minute, second = (int(g or 0) for g in match.groups()) if match else (99, 0, 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadValue(_("“%(value)s” is not a time of day (write it as 14:30)") % {"value": text})
    return dt.time(hour, minute, second)


def parse_datetime(value: Cell) -> tuple[dt.date, dt.time | None] | None:
    """A date and optional time: Excel date cells and serials, ISO, day-first, named months.

    A time of exactly 00:00:00 is read as "no time given" (date-only cells and exports show it).
    """
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date(), _real_time(value.time())
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        moment = _EXCEL_EPOCH + dt.timedelta(days=float(value))
        return moment.date(), _real_time(moment.time())
    text = cell_text(value)
    for pattern, order in ((_ISO_DATE, "ymd"), (_DAY_FIRST, "dmy"), (_NAMED_MONTH, "dmy")):
        match = pattern.match(text)
        if match:
            return _date_from_match(match, order, text)
    raise BadValue(
        _("“%(value)s” is not a date (write it as 2021-11-09 or 09/11/2021)") % {"value": text}
    )


def parse_date(value: Cell) -> dt.date | None:
    """A calendar date (any time of day in the cell is dropped)."""
    when = parse_datetime(value)
    return when[0] if when else None


def _date_from_match(match: re.Match[str], order: str, text: str) -> tuple[dt.date, dt.time | None]:
    """The date (and time) of a matched date pattern."""
    first, second, third, rest = match.groups()
    if order == "ymd":
        year, month, day = int(first), int(second), int(third)
    else:
        month_number = _MONTHS.get(second.lower()) if not second.isdigit() else int(second)
        if month_number is None:
            raise BadValue(_("“%(value)s” is not a date (unknown month)") % {"value": text})
        year, month, day = int(third), month_number, int(first)
    date = make_date(year, month, day, text)
    time = parse_time(rest) if rest else None
    return date, _real_time(time)


def _real_time(time: dt.time | None) -> dt.time | None:
    """The time without fractions of a second; midnight exactly means "no time given"."""
    if time is None:
        return None
    time = time.replace(microsecond=0)
    return None if time == dt.time(0, 0) else time


def check_dates(
    ctx: ReadContext, record: EventRecord, start_column: str, end_column: str = ""
) -> None:
    """Problems for dates in the future and for an end before the start."""
    today = ctx.today
    if record.start and record.start > today:
        ctx.problem(
            _("the date %(date)s is in the future") % {"date": record.start.isoformat()},
            line=record.line,
            column=start_column,
        )
    if record.end and record.end > today:
        ctx.problem(
            _("the end date %(date)s is in the future") % {"date": record.end.isoformat()},
            line=record.line,
            column=end_column or start_column,
        )
    if record.start and record.end and record.end < record.start:
        ctx.problem(
            _("the event ends (%(end)s) before it starts (%(start)s)")
            % {"end": record.end.isoformat(), "start": record.start.isoformat()},
            line=record.line,
            column=end_column or start_column,
        )


def check_present(f: Fields, record: EventRecord, date_column: str, hazard_columns: str) -> None:
    """Problems for a row without a date or without any hazard (code or name).

    A date cell that is filled but unreadable has already been reported.
    """
    if record.start is None and not f.text(date_column):
        f.fail(date_column, _("the date is missing"))
    if not record.hazard_code and not record.hazard_name:
        f.ctx.problem(
            _("the hazard is missing (give its code or its name)"),
            line=f.line,
            column=hazard_columns,
        )


def coordinates(f: Fields, latitude: str, longitude: str) -> tuple[float | None, float | None]:
    """Latitude and longitude; both zero means "not recorded" (DesInventar fills 0)."""
    lat, lon = f.coordinate(latitude, 90), f.coordinate(longitude, 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None, None
    return lat, lon


# ---------------------------------------------------------------------------------------------
# Headers


def map_columns(
    labels: Sequence[str], aliases: Mapping[str, Iterable[str]], quiet: Iterable[str] = ()
) -> Columns:
    """Match a header to canonical names (by `header_key`); `quiet` columns are never reported.

    Each canonical name takes the first column matching any of its spellings; a column serves one
    canonical name. Columns neither matched nor quiet are `unused` (reported when they hold data).
    """
    keys = [header_key(label) for label in labels]
    index: dict[str, int] = {}
    for canonical, spellings in aliases.items():
        wanted = {header_key(spelling) for spelling in spellings}
        taken = set(index.values())
        for position, key in enumerate(keys):
            if key in wanted and position not in taken:
                index[canonical] = position
                break
    silent = {header_key(name) for name in quiet}
    used = set(index.values())
    unused = [p for p, key in enumerate(keys) if p not in used and key and key not in silent]
    return Columns(labels=list(labels), index=index, unused=unused)


def find_header(
    table: Table, recognise: Callable[[set[str]], str | None]
) -> tuple[int, str] | None:
    """The position of the header row among the first rows, and the format it belongs to."""
    for position, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = recognise({header_key(cell) for cell in row.cells} - {""})
        if found:
            return position, found
    return None


def explain_missing_header(ctx: ReadContext, table: Table) -> None:
    """The problem to report when no row looks like a header: title row, merged cells, unknown."""
    if not table.rows:
        ctx.problem(_("is empty"))
        return
    first = table.rows[0]
    filled = [p for p, cell in enumerate(first.cells) if not is_blank(cell)]
    where = _("no header row with known column names was found in the first %(rows)d rows") % {
        "rows": HEADER_SEARCH_ROWS
    }
    if len(filled) == 1 and len(table.rows) > 1:
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


def check_header(ctx: ReadContext, table: Table, at: int) -> None:
    """Problems for columns holding data under an empty header cell (merged or missing names)."""
    header = table.rows[at]
    data = table.rows[at + 1 :]
    width = max((len(row.cells) for row in table.rows[at:]), default=0)
    for position in range(width):
        label = header.cells[position] if position < len(header.cells) else None
        if not is_blank(label):
            continue
        if any(position < len(row.cells) and not is_blank(row.cells[position]) for row in data):
            ctx.problem(
                _(
                    "this column holds data but has no name in the header row (merged header "
                    "cells?): give every column its own name in a single header row"
                ),
                line=header.line,
                column=column_letter(position),
            )


def header_labels(table: Table, at: int) -> list[str]:
    """The header row's cells as text."""
    return [cell_text(cell) for cell in table.rows[at].cells]


def report_missing(ctx: ReadContext, table: Table, at: int, missing: Sequence[str]) -> None:
    """A problem naming the columns a format needs but the header lacks."""
    ctx.problem(
        _("missing column(s): %(missing)s; the header has: %(found)s")
        % {
            "missing": ", ".join(missing),
            "found": ", ".join(label for label in header_labels(table, at) if label),
        },
        line=table.rows[at].line,
    )


# ---------------------------------------------------------------------------------------------
# Writing


def format_number(value: int | float | Decimal | None) -> str:
    """A number as plain text ('' for None); Decimals in fixed-point notation, never 1E+3."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return str(value)


@contextmanager
def text_output(target: Target) -> Iterator[IO[str]]:
    """A text stream writing to a path (UTF-8), a text stream, or a binary stream (UTF-8)."""
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            yield stream
    elif isinstance(target, io.TextIOBase):
        yield cast(IO[str], target)
    else:
        buffer = io.StringIO(newline="")
        yield buffer
        cast(IO[bytes], target).write(buffer.getvalue().encode("utf-8"))
