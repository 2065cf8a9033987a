"""What the event-file readers and writers share beyond the import kit: the read result, the
checks of an event row (dates, date and hazard present, coordinates), hazard codes, and the
writers' helpers.

Files are read through `core.importing` (`files.read_file`, `columns`, `rows.ReadContext` and
`RowReader`, `cells`); this module adds only what is particular to disaster events.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, cast

from django.utils.translation import gettext as _

from tangguh.core import plausible
from tangguh.core.importing import MAX_UNPACKED_BYTES, Problem
from tangguh.core.importing.cells import BadValue, Cell, code_text, has_content
from tangguh.core.importing.columns import Columns
from tangguh.core.importing.files import Row
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.disasters.records import EventRecord

# Where a writer writes: a file path, a text stream, or a binary stream (UTF-8 is written).
Target = Path | str | IO[str] | IO[bytes]
# The largest file read (the same limit as a gzip file may unpack to).
MAX_INPUT_BYTES = MAX_UNPACKED_BYTES


@dataclass
class ReadResult:
    """What a reader found in one file.

    `problems` lists everything wrong with the file (nothing should be imported while it is not
    empty); `warnings` are notes that do not block an import (an assumed encoding, a date without
    a day, rows skipped above the header). `ignored_columns` are columns that hold data but were
    not read, to show to the user. `columns` describes the header when no known layout was found
    (the columns, for a person to map them to fields).
    """

    records: list[EventRecord]
    problems: list[Problem]
    ignored_columns: list[str]
    format: str
    warnings: list[Problem] = field(default_factory=list)
    unplaced: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file has no problems."""
        return not self.problems


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


def row_ignored(columns: Columns, row: Row) -> list[str]:
    """The labels of the row's unread columns that hold data."""
    return [
        label
        for position, label in zip(columns.unknown_positions, columns.unknown, strict=False)
        if has_content(row.value(position))
    ]


def check_dates(
    ctx: ReadContext, record: EventRecord, start_column: str, end_column: str = ""
) -> None:
    """Problems for dates in the future, implausible dates (a spreadsheet's 1900-01-01, before
    the history kept, core.plausible) and for an end before the start."""
    today = ctx.today
    for date, column in ((record.start, start_column), (record.end, end_column or start_column)):
        implausible = plausible.date_problem("disasters", date) if date and date <= today else ""
        if implausible:
            ctx.problem(implausible, line=record.line, column=column)
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


def check_present(f: RowReader, record: EventRecord, date_column: str, hazard_columns: str) -> None:
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


def coordinates(f: RowReader, latitude: str, longitude: str) -> tuple[float | None, float | None]:
    """Latitude and longitude; both zero means "not recorded" (DesInventar fills 0)."""
    lat, lon = f.coordinate(latitude, 90), f.coordinate(longitude, 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None, None
    return lat, lon


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
