"""`tangguh load-statistics [FILES…]`: load reference statistics (BPS poverty figures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.regions.statistics import SHIPPED, SOURCE, load_statistics


class Command(ImportCommand):
    """Create and update regions' yearly statistics from tables in the BPS layout."""

    help = (
        "Load yearly statistics of regions from CSV/XLSX tables (columns kode_kemendagri, tahun; "
        "any of p0_persen, jumlah_penduduk_miskin_ribu, p1_indeks_kedalaman, "
        "p2_indeks_keparahan, garis_kemiskinan_rp_kapita_bulan; optional sumber). Without files, "
        "loads BPS's poverty statistics of NTT shipped with tangguh. Idempotent; all files are "
        "checked before anything is written."
    )
    file_nargs = "*"

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", default=SOURCE, help="source of rows without one")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Load the files given, or the shipped BPS poverty statistics."""
        return load_statistics(
            paths or [SHIPPED],
            actor=actor,
            dry_run=dry_run,
            progress=progress,
            source=options["source"],
        )
