"""Headers: find the header row of a sheet and map its columns onto canonical names.

A column is recognised by name, in Indonesian or English, in any case and with any spaces or
punctuation (`Kode Desa`, `kode_desa`, `KODE DESA` agree; `Perkiraan Biaya (Rp)*` is
`perkiraan biaya`); title rows above the header are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tangguh.core.importing.cells import Cell, cell_text, is_blank
from tangguh.core.importing.files import Row, Sheet
from tangguh.core.importing.problems import Problems

# Rows searched for the header (title rows above it are skipped).
HEADER_SEARCH_ROWS = 10

# Canonical name -> the spellings a file may use for it.
Spellings = Mapping[str, Sequence[str]]
# A required column, or a group of which one must be present.
Required = Sequence[str | Sequence[str]]


def header_key(label: Cell) -> str:
    """A header reduced for matching: letters and digits only, lower case, accents removed."""
    shown = unicodedata.normalize("NFKD", cell_text(label)).lower()
    return re.sub(r"[^0-9a-z]+", "", shown)


def loose_key(label: Cell) -> str:
    """A header without the parts in brackets and the required-marks: `Biaya (Rp)*` → `biaya`."""
    return header_key(re.sub(r"\(.*?\)|\[.*?\]|\*", " ", cell_text(label)))


@dataclass
class Columns:
    """Where each canonical column sits in a header, how the file labels it, and what is left."""

    index: dict[str, int]
    labels: dict[str, str]
    header: list[str]
    unknown: list[str] = field(default_factory=list)
    unknown_positions: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    doubled: list[tuple[str, str, str]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        """True when the file has this column."""
        return name in self.index

    def label(self, name: str) -> str:
        """The column as the user sees it (its header, and its letter in a workbook)."""
        return self.labels.get(name, name)


def _lookup(spellings: Spellings) -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for name, names in spellings.items():
        for spelling in (name, *names):
            exact.setdefault(header_key(spelling), name)
            loose.setdefault(loose_key(spelling), name)
    return exact, loose


def map_columns(
    sheet: Sheet,
    header: Row,
    spellings: Spellings,
    *,
    required: Required = (),
    quiet: Iterable[str] = (),
) -> Columns:
    """Match a header row against canonical columns and their spellings.

    Each canonical name takes the first column spelled as one of its names; a column serves one
    name. `quiet` columns are known but not read (never reported as unknown). `missing` lists the
    required names (or groups, joined with " / ") the header lacks.
    """
    exact, loose = _lookup(spellings)
    silent = {header_key(name) for name in quiet} | {loose_key(name) for name in quiet}
    labels_as_written = [cell_text(cell) for cell in header.cells]
    columns = Columns(index={}, labels={}, header=labels_as_written)
    for position, raw in enumerate(labels_as_written):
        if not raw:
            continue
        label = sheet.column_label(position, raw)
        canonical = exact.get(header_key(raw)) or loose.get(loose_key(raw))
        if canonical is None:
            if header_key(raw) not in silent and loose_key(raw) not in silent:
                columns.unknown.append(raw)
                columns.unknown_positions.append(position)
            continue
        if canonical in columns.index:
            columns.doubled.append((canonical, columns.labels[canonical], label))
            continue
        columns.index[canonical] = position
        columns.labels[canonical] = label
    columns.missing = _missing(columns, spellings, required)
    return columns


def _missing(columns: Columns, spellings: Spellings, required: Required) -> list[str]:
    missing = []
    for group in required:
        names = [group] if isinstance(group, str) else list(group)
        if not any(columns.has(name) for name in names):
            missing.append(" / ".join(_shown(name, spellings) for name in names))
    return missing


def _shown(name: str, spellings: Spellings) -> str:
    """How a missing column is named to the user: its first spelling."""
    names = spellings.get(name) or ()
    return names[0] if names else name


@dataclass
class Table:
    """A sheet's header and the rows below it, with the columns mapped."""

    sheet: Sheet
    header_row: Row
    columns: Columns
    rows: list[Row]

    def cell(self, row: Row, name: str) -> Cell:
        """The cell of a canonical column (None when the file lacks the column)."""
        position = self.columns.index.get(name)
        return None if position is None else row.value(position)

    def text(self, row: Row, name: str) -> str:
        """A cell of a canonical column as stripped text ('' when absent)."""
        return cell_text(self.cell(row, name))

    def label(self, name: str) -> str:
        """The column's name as the file writes it."""
        return self.columns.label(name)


def find_header_row(sheet: Sheet, accept: Callable[[set[str]], bool]) -> int | None:
    """The position of the first of the top rows whose header keys `accept` approves."""
    for position, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = {header_key(cell) for cell in row.cells} - {""}
        keys |= {loose_key(cell) for cell in row.cells} - {""}
        if accept(keys):
            return position
    return None


def find_table(
    sheet: Sheet,
    problems: Problems,
    spellings: Spellings,
    *,
    required: Required,
    quiet: Iterable[str] = (),
) -> Table | None:
    """The header among the top rows (the first row naming a column of the first required
    group) and the rows below it; None, with a problem that explains why, when there is none
    or when required columns are missing."""
    exact, loose = _lookup(spellings)
    first = required[0] if required else ()
    wanted = {first} if isinstance(first, str) else set(first)

    def accept(keys: set[str]) -> bool:
        return any(exact.get(k) in wanted or loose.get(k) in wanted for k in keys)

    at = find_header_row(sheet, accept) if wanted else 0
    if at is None or not sheet.rows:
        explain_missing_header(sheet, problems, [_shown(n, spellings) for n in wanted])
        return None
    header = sheet.rows[at]
    columns = map_columns(sheet, header, spellings, required=required, quiet=quiet)
    if columns.missing:
        report_missing(sheet, problems, header, columns.missing)
        return None
    return Table(sheet=sheet, header_row=header, columns=columns, rows=sheet.rows[at + 1 :])


@dataclass
class ColumnTable:
    """A sheet read by column (`read_file(by_column=True)`): its header, the columns mapped, and
    the rows below the header as columns (`cells` by position, `lines` of each row)."""

    sheet: Sheet
    header_row: Row
    columns: Columns
    lines: list[int]
    cells: list[list[Cell]]

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list[Cell]:
        """The cells of a canonical column, one per row (None where absent or the row is short)."""
        position = self.columns.index.get(name)
        if position is None or position >= len(self.cells):
            return [None] * len(self.lines)
        return self.cells[position]

    def label(self, name: str) -> str:
        """The column's name as the file writes it."""
        return self.columns.label(name)


def find_column_table(
    sheet: Sheet,
    problems: Problems,
    spellings: Spellings,
    *,
    required: Required,
    quiet: Iterable[str] = (),
) -> ColumnTable | None:
    """`find_table` for a sheet read by column: the same header search and problems, the rows
    below the header kept as columns."""
    assert sheet.columns is not None, "read the file with by_column=True"
    table = find_table(sheet, problems, spellings, required=required, quiet=quiet)
    if table is None:
        return None
    at = next(i for i, row in enumerate(sheet.rows) if row is table.header_row)
    below = sheet.columns.after(at + 1)
    return ColumnTable(sheet, table.header_row, table.columns, below.lines, below.cells)


def report_missing(sheet: Sheet, problems: Problems, header: Row, missing: Sequence[str]) -> None:
    """A problem naming the columns the header lacks, and what it has."""
    found = ", ".join(cell_text(c) for c in header.cells if not is_blank(c)) or "-"
    problems.add(
        sheet.file,
        _("missing column(s) %(missing)s; the header has: %(found)s")
        % {"missing": ", ".join(missing), "found": found},
        line=header.line,
        sheet=sheet.sheet_name,
    )


def explain_missing_header(sheet: Sheet, problems: Problems, expected: Sequence[str]) -> None:
    """The problem to report when no row looks like a header: empty, title row, merged cells,
    or an unknown layout (naming the columns that were looked for)."""
    if not sheet.rows:
        problems.add(sheet.file, _("is empty"), sheet=sheet.sheet_name)
        return
    first = sheet.rows[0]
    filled = [p for p, cell in enumerate(first.cells) if not is_blank(cell)]
    where = _("no header row with known column names was found in the first %(rows)d rows") % {
        "rows": HEADER_SEARCH_ROWS
    }
    if len(filled) == 1 and len(sheet.rows) > 1:
        message = _("%(where)s; the first row holds a single cell (“%(text)s”), like a title") % {
            "where": where,
            "text": cell_text(first.cells[filled[0]])[:80],
        }
    elif filled and filled[-1] - filled[0] + 1 > len(filled):
        message = _(
            "%(where)s; the first row has empty cells between filled ones (merged header "
            "cells?): use one header row with a name in every column"
        ) % {"where": where}
    else:
        names = ", ".join(cell_text(cell) for cell in first.cells if not is_blank(cell))
        message = _("missing column(s) %(missing)s; the header has: %(found)s") % {
            "missing": " / ".join(expected) or "-",
            "found": names[:300] or "-",
        }
    problems.add(sheet.file, message, line=first.line, sheet=sheet.sheet_name)


def check_header(sheet: Sheet, problems: Problems, header: Row, rows: Sequence[Row]) -> None:
    """Problems for columns holding data under an empty header cell (merged or missing names)."""
    width = max((len(row.cells) for row in (header, *rows)), default=0)
    for position in range(width):
        if not is_blank(header.value(position)):
            continue
        if any(not is_blank(row.value(position)) for row in rows):
            problems.add(
                sheet.file,
                _(
                    "this column holds data but has no name in the header row (merged header "
                    "cells?): give every column its own name in a single header row"
                ),
                line=header.line,
                column=sheet.column_label(position, ""),
                sheet=sheet.sheet_name,
            )
