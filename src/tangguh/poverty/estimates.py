"""Local estimates (figures that are not BPS statistics) from a table with columns
`kode_kemendagri, tahun, tingkat_kemiskinan_ekstrem_persen, jumlah_miskin_ekstrem_ribu_jiwa,
sumber_id, catatan` (the shipped news-based file is the example). Each figure keeps its source and
note; the change log keeps one record per load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.cells import Cell, bounded, to_decimal
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_sheets
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.importing.rows import ReadContext
from tangguh.core.importing.upsert import FILE, FileInfo, upsert
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import user_scope
from tangguh.poverty.models import LocalEstimate

SHIPPED = Path(__file__).resolve().parent / "data" / "kemiskinan_ekstrem_ntt_2022_2023_berita.csv"
Indicator = LocalEstimate.Indicator
COLUMNS = {
    "region": ("kode_kemendagri", "kode wilayah", "region code"),
    "year": ("tahun", "year"),
    Indicator.EXTREME_RATE.value: ("tingkat_kemiskinan_ekstrem_persen", "extreme_rate"),
    Indicator.EXTREME_POOR.value: ("jumlah_miskin_ekstrem_ribu_jiwa", "extreme_poor_thousands"),
    "source": ("sumber_id", "sumber", "source"),
    "note": ("catatan", "note"),
}
BOUNDS = {Indicator.EXTREME_RATE.value: Decimal(100), Indicator.EXTREME_POOR.value: Decimal(10**6)}


def _within(most: Decimal) -> Callable[[Cell], Decimal | None]:
    def parse(cell: Cell) -> Decimal | None:
        return bounded(to_decimal(cell), least=Decimal(0), most=most, places=2)

    return parse


def read_estimates(path: Path, problems: Problems, *, name: str = "") -> list[LocalEstimate]:
    """Every figure of the file, checked; problems by row and column."""
    sheets = read_sheets(path, problems, name=name or path.name)
    if not sheets:
        return []
    table = find_table(
        sheets[0],
        problems,
        COLUMNS,
        required=["region", "year", "source"],
        quiet=("nama_kemendagri",),
    )
    if table is None:
        return []
    ctx = ReadContext(sheets[0].file).on(sheets[0])
    regions = RegionResolver(least_level=1)
    found: list[LocalEstimate] = []
    seen: dict[tuple[str, int, str], int] = {}  # region, year, source → first line
    for row in table.rows:
        f = ctx.reader(table, row)
        try:
            place = regions.by_code(f.text("region"))
        except Unresolved as exc:
            f.fail("region", str(exc))
            continue
        year = f.year("year", "assessments")
        source = f.text("source", limit=255)
        if not source:
            f.fail("source", _("a local estimate needs its source"))
        if year is None or not source:
            continue
        key = (place.code, year, source)
        if key in seen:
            f.fail(
                "source",
                _("%(region)s %(year)d from this source appears twice (first on line %(line)d)")
                % {"region": place.code, "year": year, "line": seen[key]},
            )
            continue
        seen[key] = row.line
        for indicator, most in BOUNDS.items():
            value = f.get(indicator, _within(most))
            if value is not None:
                found.append(
                    LocalEstimate(
                        region_id=place.code,
                        year=year,
                        indicator=indicator,
                        value=value,
                        source=source,
                        note=f.text("note", limit=2000),
                    )
                )
    problems.extend(ctx.problems.items)
    return found


def load_estimates(
    paths: Sequence[Path] = (SHIPPED,),
    *,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the files, then create and update their estimates in one transaction (or none)."""
    if actor is not None and not user_scope(actor, "change").everything:
        raise PermissionDenied(_("Only superusers may change reference statistics."))
    problems = Problems()
    rows: list[LocalEstimate] = []
    for path in paths:
        rows += read_estimates(path, problems)
    report = ImportReport(dry_run=dry_run)
    if problems:
        return report.reject(problems.items)
    with transaction.atomic():
        done = upsert(
            LocalEstimate,
            rows,
            key=("region", "indicator", "year", "source"),
            compared=("value", "note"),
            actor=actor,
            audit_mode=FILE,
            file=FileInfo.of_many(list(paths)),
            progress=progress or NullProgress(),
        )
        report.created, report.updated = len(done.created), len(done.updated)
        report.unchanged = done.unchanged
        if dry_run:
            transaction.set_rollback(True)
    return report
