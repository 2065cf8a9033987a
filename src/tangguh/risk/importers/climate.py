"""Import climate vulnerability classes per village (SIDIK, KLHK): a class of five and optionally
its index. The whole file is checked first; then every row is written in one transaction, or
none. A class is identified by (region, year), so importing the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.importing.report import ImportReport
from tangguh.core.importing.rows import RowReader
from tangguh.core.progress import NullProgress, Progress
from tangguh.risk.choices import CLIMATE_WORDS, Origin
from tangguh.risk.importers.columns import CLIMATE_CLASS_WORDS, CLIMATE_COLUMNS, REGION_ORDER
from tangguh.risk.importers.reading import (
    Opened,
    check_record,
    class_parser,
    finish,
    in_transaction,
    open_table,
    parse_index,
    parse_year_of,
    read_region,
    regions_by_code,
    reject_duplicates,
    resolver_for,
    write,
)
from tangguh.risk.models import ClimateVulnerability

CLIMATE = "climate"
CLIMATE_KEY = ("region", "year")
CLIMATE_COMPARED = ("vulnerability_class", "index", "source", "notes", "origin")
_climate_class = class_parser(CLIMATE_WORDS, CLIMATE_CLASS_WORDS)


def import_climate_vulnerability(
    path: Path,
    *,
    actor: Any,
    year: int | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str | None = None,
) -> ImportReport:
    """Read a table of SIDIK climate vulnerability classes; write all rows or none."""
    progress = progress or NullProgress()
    report = ImportReport(dry_run=dry_run, details={"kind": CLIMATE})
    required = [REGION_ORDER, ("climate_class",)]
    opened = open_table(path, name or path.name, CLIMATE_COLUMNS, required, report)
    if opened is None:
        return report
    records = _read_classes(opened, actor, year, source, progress)
    reject_duplicates(
        records,
        lambda r: (r.region_id, r.year),
        _("the same region and year as line %(line)d"),
    )
    if not finish(opened, report):
        return report
    in_transaction(
        dry_run,
        lambda: write(
            ClimateVulnerability,
            [r for _reader, r in records],
            CLIMATE_KEY,
            CLIMATE_COMPARED,
            actor=actor,
            report=report,
            progress=progress,
        ),
    )
    return report


def _read_classes(
    opened: Opened, actor: Any, year: int | None, source: str, progress: Progress
) -> list[tuple[RowReader, ClimateVulnerability]]:
    """A checked record for every row without problems."""
    table, ctx = opened.table, opened.ctx
    resolver = resolver_for(actor, table)
    read: list[tuple[RowReader, ClimateVulnerability]] = []
    progress.start(len(table.rows), _("Checking climate vulnerability"))
    for row in table.rows:
        progress.advance()
        reader = ctx.reader(table, row)
        before = len(ctx.problems)
        code = read_region(reader, resolver)
        word = reader.get("climate_class", _climate_class)
        if word == "":
            reader.fail("climate_class", _("the climate vulnerability class is missing"))
        row_year = reader.get("year", parse_year_of("climate"))
        record = ClimateVulnerability(
            region_id=code or "",
            year=year if row_year is None else row_year,
            vulnerability_class=word or "",
            index=reader.get("climate_index", parse_index),
            source=reader.text("source", 255) or source,
            notes=reader.text("notes"),
            origin=Origin.FILE,
        )
        if len(ctx.problems) == before:
            read.append((reader, record))
    regions = regions_by_code({r.region_id for _reader, r in read})
    checked = []
    for reader, record in read:
        record.region = regions[record.region_id]
        if check_record(record, reader, {"vulnerability_class": "climate_class"}, ["region"]):
            checked.append((reader, record))
    return checked
