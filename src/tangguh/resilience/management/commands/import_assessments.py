"""`tangguh import-assessments FILE`: a workbook (or CSV) of answers in the template's layout
(instrument, region_code, year, question, answer, evidence, evidence_link, comment) as draft
assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.resilience.excel import import_workbook


class Command(ImportCommand):
    help = "Import assessments' answers from a workbook as draft assessments."
    summary = [("created", "created"), ("updated", "updated"), ("rejected", "rejected")]

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        return import_workbook(paths[0], actor=actor, dry_run=dry_run)
