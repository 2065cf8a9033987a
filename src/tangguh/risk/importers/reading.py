"""What the risk and climate importers share: opening a table with the import kit, reading a
row's region, indices, class words, year and texts (a bad cell becomes a problem at its row and
column), refusing a second row for the same record, and writing the records in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core import plausible
from tangguh.core.importing import Problems
from tangguh.core.importing.cells import BadValue, Cell, cell_text, to_decimal
from tangguh.core.importing.columns import Table, find_header_row, find_table, header_key
from tangguh.core.importing.files import read_file
from tangguh.core.importing.regions import BPS, KEMENDAGRI, RegionResolver, Unresolved
from tangguh.core.importing.report import ImportReport
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.importing.upsert import ROW, upsert
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.progress import Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.core.text import is_number
from tangguh.measures.hazards import HazardResolver, name_key
from tangguh.regions.models import Region
from tangguh.risk.choices import word_key
from tangguh.risk.importers.columns import CODE_COLUMNS, INFORMATIVE, REGION_ORDER

M = TypeVar("M", bound=models.Model)
SIX_PLACES = Decimal("0.000001")


@dataclass
class Opened:
    """A table found in a file, and the context that collects its problems."""

    table: Table
    ctx: ReadContext


def open_table(
    path: Path,
    name: str,
    spellings: Mapping[str, Sequence[str]],
    required: Sequence[Sequence[str]],
    report: ImportReport,
) -> Opened | None:
    """The table of the file's first sheet (the header may sit below title rows); None, with the
    problems in `report`, when the file cannot be read or lacks required columns."""
    problems = Problems()
    reading = read_file(path, problems, name=name, strict_encoding=True)
    table = None
    if reading is not None:
        report.format = reading.kind
        report.warnings.extend(reading.warnings)
        if not reading.sheets:
            problems.add(name, _("is empty"))
        else:
            sheet = reading.sheets[0]
            table = find_table(sheet, problems, spellings, required=required, quiet=INFORMATIVE)
            if table is not None and not table.rows:
                problems.add(name, _("has a header but no rows"), sheet=sheet.sheet_name)
    if problems or table is None:
        report.reject(problems.items, rows=0)
        return None
    return Opened(table, ReadContext(file=name).on(table.sheet))


def has_column(path: Path, spellings: Mapping[str, Sequence[str]], names: Sequence[str]) -> bool:
    """True when one of the file's top rows names one of the columns `names`."""
    reading = read_file(path, Problems())
    if reading is None or not reading.sheets:
        return False
    wanted = {header_key(s) for name in names for s in (name, *spellings[name])}
    return find_header_row(reading.sheets[0], lambda keys: bool(keys & wanted)) is not None


def resolver_for(actor: Any, table: Table) -> RegionResolver:
    """A region resolver limited to where the actor may add records (anywhere for the system),
    with every region code of the table read at once."""
    scope = EVERYWHERE if actor is None else user_scope(actor, "add")
    resolver = RegionResolver(scope=scope, least_level=2)
    resolver.prefetch(table.text(row, c) for row in table.rows for c in CODE_COLUMNS[:-1])
    return resolver


def read_region(reader: RowReader, resolver: RegionResolver) -> str | None:
    """The code of the row's finest filled-in region column, if that region may be used: a
    Kemendagri code, a BPS regency code, or (in a table without codes) a regency's name."""
    names = not any(reader.has(c) for c in CODE_COLUMNS)
    columns = [c for c in REGION_ORDER if names or c != "regency_name"]
    column = next((c for c in columns if cell_text(reader.raw(c))), None)
    if column is None:
        first = next(c for c in columns if reader.has(c))
        reader.fail(first, _("the region code is missing"))
        return None
    raw = reader.text(column)
    try:
        if column == "regency_name":
            return resolver.by_name(raw).code
        return resolver.by_code(raw, BPS if column == "bps_code" else KEMENDAGRI).code
    except Unresolved as exc:
        reader.fail(column, str(exc))
        return None


def parse_index(cell: Cell) -> Decimal | None:
    """An index on 0–1, kept to six places (a decimal comma is accepted)."""
    number = to_decimal(cell)
    if number is None:
        return None
    if not Decimal(0) <= number <= Decimal(1):
        raise BadValue(
            _("the index %(value)s lies outside 0–1 (indices run from 0 to 1)")
            % {"value": cell_text(cell)}
        )
    return number.quantize(SIX_PLACES, ROUND_HALF_UP)


def class_parser(words: Mapping[str, str], expected: str) -> Callable[[Cell], str]:
    """A parser of class words ('' for a blank cell)."""

    def parse(cell: Cell) -> str:
        """The class of a word ('' for a blank cell); BadValue names the words allowed."""
        raw = cell_text(cell)
        if not raw:
            return ""
        found = words.get(word_key(raw))
        if found is None:
            raise BadValue(
                _("'%(value)s' is not a class; use one of: %(expected)s")
                % {"value": raw, "expected": expected}
            )
        return found

    return parse


def parse_year(cell: Cell) -> int | None:
    """A year from FIRST_YEAR to LAST_YEAR (None for a blank cell)."""
    raw = cell_text(cell)
    if not raw:
        return None
    if not is_number(raw) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise BadValue(
            _("'%(value)s' is not a year from %(first)d to %(last)d")
            % {"value": raw, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return int(raw)


class Hazards:
    """The hazard catalogue, looked up by key, DIBI code or name."""

    def __init__(self) -> None:
        self.by_key = {h.key: h for h in HazardType.objects.all()}
        self.resolver = HazardResolver(h.entry() for h in self.by_key.values())

    def find(self, code: str, name: str) -> HazardType | None:
        """The hazard a code and/or name means (None when neither is recognised)."""
        for text in (code, name):
            if text in self.by_key:
                return self.by_key[text]
        if not code and name and name_key(name).isdigit():
            code = name
        found = self.resolver.resolve(code or None, name or None)
        return self.by_key[found.key] if found is not None else None


def regions_by_code(codes: set[str]) -> dict[str, Region]:
    """The regions of the given codes, read at once."""
    return Region.objects.only("code", "level", "name").in_bulk(codes, field_name="code")


def put_on_row(exc: ValidationError, reader: RowReader, columns: Mapping[str, str]) -> None:
    """A model's refusal as problems at the row's cells (`columns`: field → column)."""
    for field, messages in exc.message_dict.items():
        for message in messages:
            if field == "__all__":
                reader.ctx.problem(message, line=reader.line)
            else:
                reader.fail(columns.get(field, field), message)


def check_record(
    record: models.Model,
    reader: RowReader,
    columns: Mapping[str, str],
    exclude: list[str],
    prepare: Callable[[], None] | None = None,
) -> bool:
    """Validate a record built from a row (after `prepare`, e.g. computing it); its problems go
    to the row's cells."""
    try:
        if prepare is not None:
            prepare()
        record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        put_on_row(exc, reader, columns)
        return False
    return True


def reject_duplicates(
    items: list[tuple[RowReader, M]], key: Callable[[M], tuple[Any, ...]], message: str
) -> None:
    """A problem for every row that repeats an earlier row's record (`message` names its line)."""
    first: dict[tuple[Any, ...], int] = {}
    for reader, obj in items:
        found = key(obj)
        if found in first:
            column = next(c for c in REGION_ORDER if reader.has(c))
            reader.fail(column, message % {"line": first[found]})
        else:
            first[found] = reader.line


def finish(opened: Opened, report: ImportReport) -> bool:
    """Move the read's problems, notes and unread columns to the report; True when it may write."""
    ctx = opened.ctx
    ctx.flush_notes()
    report.warnings.extend(ctx.warnings)
    report.ignored_columns = list(ctx.ignored)
    if ctx.problems:
        report.reject(ctx.problems.items)
        return False
    return True


def write(
    model: type[M],
    records: list[M],
    key: tuple[str, ...],
    compared: tuple[str, ...],
    *,
    actor: Any,
    report: ImportReport,
    progress: Progress,
) -> None:
    """Create, update or leave the records on their natural key, with one change record per
    written row (they are domain records)."""
    result = upsert(model, records, key, compared, actor=actor, audit_mode=ROW, progress=progress)
    report.created += len(result.created)
    report.updated += len(result.updated)
    report.unchanged += result.unchanged


def in_transaction(dry_run: bool, work: Callable[[], None]) -> None:
    """Do the writes in one transaction; roll it back for a dry run."""
    with transaction.atomic():
        work()
        if dry_run:
            transaction.set_rollback(True)


def parse_year_of(kind: str) -> Any:
    """`parse_year` for a kind of record: only its plausible years (core.plausible)."""
    return plausible.year_parser(kind, parse_year)
