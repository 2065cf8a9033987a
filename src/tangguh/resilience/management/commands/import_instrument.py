"""`tangguh import-instrument FILE.xlsx [--owner CODE]`: load an instrument from a workbook with
a questions sheet and a scoring sheet; a broken scoring sheet gives errors and writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.resilience import services


class Command(ImportCommand):
    help = "Load an instrument (questions and scoring sheets) from an XLSX workbook."
    summary = [("created", "created"), ("updated", "updated"), ("rejected", "rejected")]

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--owner",
            default="53",
            help="region code whose managers set the instrument's rules (default: 53, NTT)",
        )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        return services.import_instrument(
            paths[0], actor=actor, owner_code=options["owner"], dry_run=dry_run
        )
