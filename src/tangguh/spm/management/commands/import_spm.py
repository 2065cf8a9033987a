"""`tangguh import-spm FILE [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.spm.importers import import_spm


class Command(ImportCommand):
    """Import SPM service records and quarterly figures; prints created / updated / unchanged /
    rejected counts."""

    help = (
        "Import SPM disaster sub-affair data from the SPM workbook (sheets Layanan and Triwulan, "
        "as `export-spm --format xlsx` writes it or the template from the SPM import page) or a "
        "CSV of one of them. The whole file is checked first; if any row has a problem nothing "
        "is written. Re-importing changes nothing."
    )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        return import_spm(paths[0], actor=actor, dry_run=dry_run, progress=progress)
