"""Reference statistics of regions: BPS poverty figures per regency/city and year, loaded from a
table in the layout of the shipped `bps_kemiskinan_ntt_kabkota_2004_2025.csv` (long format, one
row per region and year; an empty cell is "not published" and stays absent).

A load checks the whole file first and writes nothing on any problem; reloading the same file
changes nothing; the change log keeps one record per load (bulk reference data).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.cells import bounded, to_decimal
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_sheets
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.importing.upsert import FILE, FileInfo, upsert
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import user_scope
from tangguh.regions.models import Indicator, Statistic

SHIPPED = (
    Path(__file__).resolve().parent / "data" / "ntt" / "bps_kemiskinan_ntt_kabkota_2004_2025.csv"
)
SOURCE = "BPS, Susenas Maret (Persentase dan Jumlah Penduduk Miskin Menurut Kabupaten/Kota)"
COLUMNS = {
    "region": ("kode_kemendagri", "kode wilayah", "kode", "region code"),
    "year": ("tahun", "year"),
    Indicator.POVERTY_RATE.value: ("p0_persen", "p0", "persentase penduduk miskin", "poverty rate"),
    Indicator.POOR.value: ("jumlah_penduduk_miskin_ribu", "jumlah penduduk miskin (ribu)", "poor"),
    Indicator.POVERTY_GAP.value: ("p1_indeks_kedalaman", "p1", "indeks kedalaman kemiskinan"),
    Indicator.POVERTY_SEVERITY.value: ("p2_indeks_keparahan", "p2", "indeks keparahan kemiskinan"),
    Indicator.POVERTY_LINE.value: (
        "garis_kemiskinan_rp_kapita_bulan",
        "garis kemiskinan",
        "poverty line",
    ),
    "source": ("sumber", "source"),
}
QUIET = ("kode_bps", "nama_kemendagri", "nama_bps")
# Upper bounds of plausible values: a rate in percent, an index, thousands of people, rupiah.
BOUNDS = {
    Indicator.POVERTY_RATE.value: Decimal(100),
    Indicator.POOR.value: Decimal(300_000),
    Indicator.POVERTY_GAP.value: Decimal(100),
    Indicator.POVERTY_SEVERITY.value: Decimal(100),
    Indicator.POVERTY_LINE.value: Decimal(100_000_000),
}


def _row(f: RowReader, regions: RegionResolver, default_source: str) -> list[Statistic]:
    try:
        place = regions.by_code(f.text("region"))
    except Unresolved as exc:
        f.fail("region", str(exc))
        return []
    year = f.whole("year", FIRST_YEAR, LAST_YEAR)
    if year is None:
        if not f.text("year"):
            f.fail("year", _("the year is missing"))
        return []
    source = f.text("source", limit=255) or default_source
    found = []
    for indicator in Indicator.values:
        value = f.get(indicator, _bounded(indicator))
        if value is not None:
            found.append(
                Statistic(
                    region_id=place.code,
                    indicator=indicator,
                    year=year,
                    value=value,
                    source=source,
                )
            )
    return found


def _bounded(indicator: str) -> Any:
    return lambda cell: bounded(
        to_decimal(cell), least=Decimal(0), most=BOUNDS[indicator], places=2
    )


def read_statistics(
    path: Path, problems: Problems, *, name: str = "", source: str = SOURCE
) -> list[Statistic]:
    """Every figure of the file, checked; problems by row and column, nothing raised."""
    sheets = read_sheets(path, problems, name=name or path.name)
    if not sheets:
        return []
    table = find_table(sheets[0], problems, COLUMNS, required=["region", "year"], quiet=QUIET)
    if table is None:
        return []
    ctx = ReadContext(sheets[0].file).on(sheets[0])
    regions = RegionResolver(least_level=1)
    regions.prefetch(table.text(row, "region") for row in table.rows)
    found: list[Statistic] = []
    seen: dict[tuple[str, str, int], int] = {}
    for row in table.rows:
        f = ctx.reader(table, row)
        for statistic in _row(f, regions, source):
            key = (statistic.region_id, statistic.indicator, statistic.year)
            if key in seen:
                f.fail(
                    "year",
                    _("%(region)s %(year)d appears twice (first on line %(line)d)")
                    % {"region": key[0], "year": key[2], "line": seen[key]},
                )
                break
            seen[key] = row.line
            found.append(statistic)
    problems.extend(ctx.problems.items)
    if not found and not problems:
        problems.add(path.name, _("has no data rows"))
    return found


def load_statistics(
    paths: Sequence[Path] = (SHIPPED,),
    *,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    names: Sequence[str] = (),
    source: str = SOURCE,
) -> ImportReport:
    """Check the files, then create and update their figures in one transaction (or nothing)."""
    if actor is not None and not user_scope(actor, "change").everything:
        raise PermissionDenied(_("Only superusers may change reference statistics."))
    problems = Problems()
    rows: list[Statistic] = []
    for number, path in enumerate(paths):
        name = names[number] if number < len(names) else path.name
        rows += read_statistics(path, problems, name=name, source=source)
    report = ImportReport(dry_run=dry_run)
    if problems:
        return report.reject(problems.items)
    with transaction.atomic():
        done = upsert(
            Statistic,
            rows,
            key=("region", "indicator", "year"),
            compared=("value", "source"),
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
