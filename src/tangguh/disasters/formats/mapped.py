"""Tables of any other layout, read as DIBI through a mapping of fields to columns.

A table whose header is not recognised is described for a person (`describe_unplaced`): its
columns, which of them tangguh recognises by name, and a signature of the header by which a
mapping is remembered. With a mapping (`{"datetime": "Tgl", "regency_name": "Kab", …}`) the
table is read by the DIBI reader, each mapped field taking the named column; a mapping that
names a column the file lacks, an unknown field, or that leaves the date, the region or the
hazard without a column is refused before anything is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.utils.translation import gettext as _

from tangguh.core.importing.cells import cell_text, is_blank
from tangguh.core.importing.columns import (
    HEADER_SEARCH_ROWS,
    Table,
    check_header,
    header_key,
    map_columns,
)
from tangguh.core.importing.files import Row, Sheet
from tangguh.core.importing.rows import ReadContext
from tangguh.disasters.records import EventRecord

from . import dibi

# The fields a person may map, in the order a form shows them; the first three groups are
# required (one field of each).
FIELDS: tuple[str, ...] = (
    "datetime",
    "year",
    "month",
    "day",
    "region_code",
    "region_bps",
    "regency_name",
    "province_code",
    "hazard_code",
    "hazard_family",
    "hazard_subtype",
    "location",
    "village",
    "source_id",
    "chronology",
    "cause",
    "source",
    "latitude",
    "longitude",
    "event_count",
    *dibi.EFFECT_COLUMNS,
)
REQUIRED: tuple[tuple[str, ...], ...] = (
    dibi.DATE_COLUMNS,
    dibi.REGION_COLUMNS,
    dibi.HAZARD_COLUMNS,
)


def signature(header: list[str]) -> str:
    """A header's signature: the same columns, spelled alike, give the same signature."""
    keys = "|".join(header_key(label) for label in header)
    return hashlib.sha256(keys.encode()).hexdigest()[:40]


def _header_guess(sheet: Sheet) -> Row | None:
    """The first of the top rows with at least two filled cells (the likely header)."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        if sum(1 for cell in row.cells if not is_blank(cell)) >= 2:
            return row
    return None


def describe_unplaced(ctx: ReadContext, sheet: Sheet, unplaced: dict[str, object]) -> bool:
    """Describe an unrecognised header (its columns, those placed by name and those not) and
    report the problem naming the columns that could not be placed; False when the sheet has
    no row that looks like a header."""
    header = _header_guess(sheet)
    if header is None or header is not sheet.rows[0]:
        return False
    filled = [p for p, cell in enumerate(header.cells) if not is_blank(cell)]
    if filled[-1] - filled[0] + 1 > len(filled):
        return False  # merged header cells: explained as such
    labels = [cell_text(cell) for cell in header.cells]
    columns = map_columns(sheet, header, dibi.COLUMNS, quiet=dibi.QUIET)
    placed = {columns.header[position]: name for name, position in columns.index.items()}
    missing = [group[0] for group in REQUIRED if not any(columns.has(n) for n in group)]
    not_placed = [label for label in labels if label and label not in placed]
    unplaced.update(
        columns=[label for label in labels if label],
        placed=placed,
        missing=missing,
        not_placed=not_placed,
        signature=signature(labels),
        line=header.line,
        fields=list(FIELDS),
    )
    ctx.problem(
        _(
            "unknown format: these columns could not be placed: "
            "%(columns)s. Map the columns to fields (the date, the region and the hazard at "
            "least) and check the file again"
        )
        % {"columns": ", ".join(not_placed) or "-"},
        line=header.line,
    )
    return True


def read_mapped(
    sheets: list[Sheet], mapping: Mapping[str, str], ctx: ReadContext, found: dict[str, object]
) -> list[EventRecord]:
    """The records of the first sheet holding the mapped columns, read as DIBI (the header's
    signature is put in `found`)."""
    unknown = [field for field in mapping if field not in FIELDS]
    if unknown:
        ctx.problem(
            _("unknown field(s) in the mapping: %(fields)s; the fields are: %(known)s")
            % {"fields": ", ".join(unknown), "known": ", ".join(FIELDS)}
        )
        return []
    empty = [group for group in REQUIRED if not any(mapping.get(name) for name in group)]
    wanted = {header_key(column) for column in mapping.values() if column}
    for sheet in sheets:
        for row in sheet.rows[:HEADER_SEARCH_ROWS]:
            keys = {header_key(cell) for cell in row.cells}
            if wanted <= keys:
                found["signature"] = signature([cell_text(cell) for cell in row.cells])
                return _read_with(ctx.on(sheet), sheet, row, mapping, empty)
    ctx.problem(
        _("the file has no header row with the mapped columns %(columns)s")
        % {"columns": ", ".join(column for column in mapping.values() if column)}
    )
    return []


def _read_with(
    ctx: ReadContext,
    sheet: Sheet,
    header: Row,
    mapping: Mapping[str, str],
    empty: list[tuple[str, ...]],
) -> list[EventRecord]:
    """Read the rows below `header` with the columns the mapping names."""
    columns = map_columns(sheet, header, dibi.COLUMNS, quiet=dibi.QUIET)
    keys = [header_key(cell) for cell in header.cells]
    for field, column in mapping.items():
        if not column:
            continue
        position = keys.index(header_key(column))
        for name, taken in list(columns.index.items()):
            if taken == position:
                del columns.index[name]
        columns.index[field] = position
        columns.labels[field] = sheet.column_label(position, cell_text(header.cells[position]))
        if position in columns.unknown_positions:
            at = columns.unknown_positions.index(position)
            del columns.unknown_positions[at], columns.unknown[at]
    still_empty = [group for group in empty if not any(columns.has(n) for n in group)]
    if still_empty:
        ctx.problem(
            _("the mapping leaves required field(s) without a column: %(fields)s")
            % {"fields": "; ".join(" / ".join(group) for group in still_empty)},
            line=header.line,
        )
        return []
    rows = sheet.rows[sheet.rows.index(header) + 1 :]
    check_header(sheet, ctx.problems, header, rows)
    return dibi.read_rows(Table(sheet=sheet, header_row=header, columns=columns, rows=rows), ctx)
