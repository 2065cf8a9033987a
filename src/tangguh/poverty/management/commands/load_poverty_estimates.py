"""`tangguh load-poverty-estimates [FILES…]`: load local (non-BPS) poverty estimates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.poverty.estimates import SHIPPED, load_estimates


class Command(ImportCommand):
    """Create and update local estimates, kept apart from BPS's statistics."""

    help = (
        "Load local poverty estimates that are not BPS statistics (columns kode_kemendagri, "
        "tahun, sumber_id; any of tingkat_kemiskinan_ekstrem_persen, "
        "jumlah_miskin_ekstrem_ribu_jiwa; optional catatan). Without files, loads the shipped "
        "news-based extreme-poverty estimates of NTT (2022-2023)."
    )
    file_nargs = "*"

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Load the files given, or the shipped estimates."""
        return load_estimates(paths or [SHIPPED], actor=actor, dry_run=dry_run, progress=progress)
