"""`tangguh import-climate FILE [--year Y] [--source S] [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.risk.importers import import_climate_vulnerability
from tangguh.risk.management.commands._importing import RiskImportCommand


class Command(RiskImportCommand):
    """Import SIDIK climate vulnerability classes; prints created / updated / unchanged /
    rejected counts."""

    help = (
        "Import climate vulnerability classes per village (SIDIK, KLHK) from CSV, XLSX or XLS: a "
        "region code (dots optional), the class (Sangat Rendah, Rendah, Sedang, Tinggi, Sangat "
        "Tinggi), and optionally the index, year and source. The whole file is checked first; if "
        "any row has a problem nothing is written. Re-importing changes nothing."
    )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        return import_climate_vulnerability(
            paths[0],
            actor=actor,
            year=self.year_option(options),
            source=options["source"],
            dry_run=dry_run,
            progress=progress,
        )
