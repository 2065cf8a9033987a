"""Import proposals (usulan) from the CSV or Excel template for one budget year.

The file is read with the import kit (`core.importing`): the whole file is checked first and every
problem is listed with its row and column; then every row goes through
`services.create_proposal` (scope, calendar, duplicate references) inside one transaction, which
is rolled back when any row is refused or for a dry run: all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import plausible
from tangguh.core.importing import Problems
from tangguh.core.importing.files import Sheet, read_file
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.planning import services
from tangguh.planning.importers.proposal_rows import (
    PROPOSAL_COLUMNS,
    Draft,
    ProposalReader,
    proposal_table,
)
from tangguh.regions.models import Region

TEMPLATE_COLUMNS = [name for name in PROPOSAL_COLUMNS if name != "year"]
# More rows than this is not a year's proposals of one regency but a mistake (or an attack).
MAX_ROWS = 50_000
# Columns read from a sheet: the templates use fewer than 30; a stray mark in column XFD must not
# make every row 16,384 cells wide.
MAX_COLUMNS = 64
# What a proposals file may be: CSV (or text) and spreadsheets; a name without suffix is tried.
ACCEPTED_SUFFIXES = ("", ".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls")
# Where a field the services refuse sits in the file.
FIELD_COLUMNS = {"region": "village_code", "reference": "ref", **{n: n for n in PROPOSAL_COLUMNS}}


@dataclass
class _Read:
    """What reading a proposals file gave: the drafts, the data rows and the sheet."""

    drafts: list[Draft]
    rows: int = 0
    sheet: Sheet | None = None
    reader: ProposalReader | None = None
    kind: str = ""


def _readable(name: str, problems: Problems) -> bool:
    """Only CSV files and spreadsheets are read (a PDF or an .ods is named as such)."""
    suffix = Path(name.removesuffix(".gz")).suffix.lower()
    if suffix in ACCEPTED_SUFFIXES:
        return True
    problems.add(
        name, _("is neither a CSV file nor a spreadsheet (.xlsx or .xls); use one of those")
    )
    return False


def read_proposals(
    path: Path,
    *,
    year: int,
    actor: Any,
    problems: Problems,
    region: Region | None = None,
    name: str | None = None,
) -> _Read:
    """The drafts of every readable row (problems recorded for the others)."""
    name = name or path.name
    if not _readable(name, problems):
        return _Read([])
    implausible = plausible.year_problem("plans", year)
    if implausible:
        problems.add(name, implausible)
        return _Read([])
    reading = read_file(
        path,
        problems,
        name=name,
        formulas=True,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        strict_encoding=True,
    )
    if reading is None:
        return _Read([])
    if not any(sheet.rows for sheet in reading.sheets):
        problems.add(name, _("is empty"))
        return _Read([], kind=reading.kind)
    table = proposal_table(reading.sheets, problems)
    if table is None:
        return _Read([], kind=reading.kind)
    scope = EVERYWHERE if actor is None else user_scope(actor, "add")
    reader = ProposalReader(table, problems, year=year, scope=scope, within=region)
    drafts = reader.read_all()
    return _Read(drafts, len(table.rows), table.sheet, reader, reading.kind)


def import_proposals(
    path: Path,
    *,
    year: int,
    actor: Any,
    region: Region | None = None,
    dry_run: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read a proposals file for a budget year and create every proposal, or none."""
    name = name or path.name
    problems = Problems()
    read = read_proposals(path, year=year, actor=actor, problems=problems, region=region, name=name)
    report = ImportReport(format=read.kind, dry_run=dry_run)
    if read.reader is not None and read.drafts:
        report.created = _write(read.drafts, read.reader, actor, dry_run, progress)
    if problems:
        report.created = 0
        report.reject(sorted(problems.items, key=lambda p: p.line or 0))
    report.details = {
        "file": name,
        "year": year,
        "rows": read.rows,
        "problems": [p.as_dict() for p in report.errors],
    }
    return report


def _write(
    drafts: list[Draft],
    reader: ProposalReader,
    actor: Any,
    dry_run: bool,
    progress: Progress | None,
) -> int:
    """Create the proposals in one transaction (rolled back for a dry run or any refusal)."""
    progress = progress or NullProgress()
    progress.start(len(drafts), _("Writing"))
    created = 0
    with transaction.atomic():
        for draft in drafts:
            try:
                services.create_proposal(actor=actor, hazards=draft.hazards, **draft.values)
            except (ValidationError, PermissionDenied) as exc:
                _refused(exc, draft, reader)
            else:
                created += 1
            progress.advance()
        if reader.ctx.problems or dry_run:
            transaction.set_rollback(True)
    return created


def _refused(exc: ValidationError | PermissionDenied, draft: Draft, reader: ProposalReader) -> None:
    """A refusal of the services as problems located at the row (and column, when known)."""
    if isinstance(exc, PermissionDenied):
        reader.ctx.problem(str(exc), draft.line, reader.label("village_code"))
        return
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, messages in by_field.items():
        column = FIELD_COLUMNS.get(field)
        label = reader.label(column) if column else None
        for message in messages:
            reader.ctx.problem(message, draft.line, label)
