"""`tangguh import-households FILE [--year Y] [--dry-run] [--json]`: import a household registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.poverty.services import import_households


class Command(ImportCommand):
    """Create and update the households of a registry file for one year."""

    help = (
        "Import a household registry (CSV/XLSX) for a year. Required columns: household_id, "
        "region_code (a village), members, expenditure_per_capita (rupiah per person per month); "
        "optional: weight, decile, head_sex, disabled_members, elderly_members, child_members, "
        "nik, kk, welfare_score, latitude, longitude, synthetic. The whole file is checked "
        "first; a re-import updates households in place; one change record per import."
    )

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, default=None, help="the registry's year (default: this year)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the registry file."""
        year = options.get("year") or timezone.localdate().year
        return import_households(
            paths[0], year=year, actor=actor, dry_run=dry_run, progress=progress
        )
