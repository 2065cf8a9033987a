"""Reading a file's rows: one context per read (problems, warnings, unread columns) and a row
reader that turns every unreadable cell into a problem at its row and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.core.exporting import unguard
from tangguh.core.importing import cells as parse
from tangguh.core.importing.cells import BadValue, Cell
from tangguh.core.importing.columns import Columns, Table
from tangguh.core.importing.files import Row, Sheet
from tangguh.core.importing.problems import Problem, Problems

T = TypeVar("T")


@dataclass
class ReadContext:
    """The state of one read: file (and sheet), problems, warnings, unread columns, today."""

    file: str
    sheet: str = ""
    today: dt.date = field(default_factory=parse.local_today)
    problems: Problems = field(default_factory=Problems)
    warnings: list[Problem] = field(default_factory=list)
    ignored: dict[str, None] = field(default_factory=dict)
    notes: dict[str, list[int]] = field(default_factory=dict)

    def on(self, sheet: Sheet) -> ReadContext:
        """Report further problems against this sheet of the file."""
        self.file, self.sheet = sheet.file, sheet.sheet_name
        return self

    def problem(self, message: str, line: int | None = None, column: str | None = None) -> None:
        """Record a problem with the file."""
        self.problems.add(self.file, message, line=line, column=column, sheet=self.sheet)

    def warn(self, message: str, line: int | None = None, column: str | None = None) -> None:
        """Record a note that does not block the import."""
        self.warnings.append(Problem(self.file, message, line, column, sheet=self.sheet))

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

    def reader(self, table: Table, row: Row) -> RowReader:
        """The row's cells by canonical name; unread columns holding data are remembered."""
        return self.row_reader(table.columns, row)

    def row_reader(self, columns: Columns, row: Row) -> RowReader:
        """The row's cells by canonical name, for a header mapped with `map_columns`."""
        found = {
            name: (columns.labels.get(name, name), row.value(position))
            for name, position in columns.index.items()
        }
        for position, label in zip(columns.unknown_positions, columns.unknown, strict=False):
            if parse.has_content(row.value(position)):
                self.ignored.setdefault(label, None)
        return RowReader(self, row.line, found)


class RowReader:
    """One row's cells by canonical column name; a bad value becomes a problem, not an error."""

    def __init__(self, ctx: ReadContext, line: int, found: Mapping[str, tuple[str, Cell]]):
        """The cells of the row at `line`, keyed by canonical name."""
        self.ctx = ctx
        self.line = line
        self.cells = found

    def has(self, name: str) -> bool:
        """True when the file has this column."""
        return name in self.cells

    def raw(self, name: str) -> Cell:
        """The cell as read (None when the column is absent)."""
        return self.cells[name][1] if name in self.cells else None

    def label(self, name: str) -> str:
        """The column's name as the file spells it."""
        return self.cells[name][0] if name in self.cells else name

    def fail(self, name: str, message: str) -> None:
        """Record a problem with this row's cell in column `name`."""
        self.ctx.problem(message, line=self.line, column=self.label(name))

    def get(self, name: str, parse_cell: Callable[[Cell], T | None]) -> T | None:
        """The cell parsed by `parse_cell`; None (and a problem) when it cannot be parsed."""
        try:
            return parse_cell(self.raw(name))
        except BadValue as exc:
            self.fail(name, str(exc))
            return None

    def text(self, name: str, limit: int | None = None) -> str:
        """The cell as stripped text (without the guard an export put before formula characters);
        control characters and text over `limit` are problems."""
        found = self.get(name, lambda cell: parse.text(cell, limit))
        return unguard(found or "")

    def count(self, name: str) -> int | None:
        """A whole, non-negative number."""
        return self.get(name, parse.parse_count)

    def amount(self, name: str) -> Decimal | None:
        """A non-negative measured quantity, fractions allowed."""
        return self.get(name, parse.parse_amount)

    def number(self, name: str) -> Decimal | None:
        """An amount written the Indonesian or the English way."""
        return self.get(name, parse.number)

    def whole(self, name: str, least: int, most: int) -> int | None:
        """A whole number within [least, most]."""
        return self.get(name, lambda cell: parse.whole(cell, least=least, most=most))

    def year(self, name: str, kind: str) -> int | None:
        """A year plausible for the kind of record (core.plausible, settings.PLAUSIBLE_YEARS)."""
        from tangguh.core.plausible import year_parser

        def whole_year(cell: Cell) -> int | None:
            return parse.whole(cell, least=parse.FIRST_YEAR, most=9999)

        return self.get(name, year_parser(kind, whole_year))

    def money(self, name: str, most: Decimal) -> Decimal | None:
        """Rupiah within [0, most]."""
        return self.get(name, lambda cell: parse.money(cell, most))

    def yes_no(self, name: str) -> bool | None:
        """1/0, ya/tidak, yes/no, true/false (blank is no)."""
        return self.get(name, parse.yes_no)

    def date(self, name: str) -> dt.date | None:
        """A calendar date (a time of day in the cell is ignored)."""
        when = self.get(name, parse.parse_datetime)
        return when[0] if when else None

    def when(self, name: str) -> tuple[dt.date | None, dt.time | None]:
        """A date and, when the cell gives one, a time of day."""
        return self.get(name, parse.parse_datetime) or (None, None)

    def time(self, name: str) -> dt.time | None:
        """A time of day."""
        return self.get(name, parse.parse_time)

    def region(self, name: str) -> str | None:
        """A Kemendagri region code in dotted form."""
        return self.get(name, parse.parse_region_code)

    def coordinate(self, name: str, limit: int) -> float | None:
        """A latitude (limit 90) or longitude (limit 180) in decimal degrees."""
        found = self.get(name, parse.to_decimal)
        if found is None:
            return None
        if abs(found) > limit:
            self.fail(
                name,
                _("%(value)s is outside −%(limit)d…%(limit)d degrees")
                % {"value": found, "limit": limit},
            )
            return None
        return float(found)
