"""`tangguh import-beneficiaries FILE --year Y [--dry-run] [--json]`: import programme
beneficiaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.poverty.services import import_beneficiaries


class Command(ImportCommand):
    """Create and update the beneficiaries of programmes for a year."""

    help = (
        "Import programme beneficiaries for a year (columns programme, household_id; optional "
        "benefit in rupiah). Households are those of the registry of that year."
    )

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the registry's year")

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the beneficiaries file."""
        return import_beneficiaries(
            paths[0], year=options["year"], actor=actor, dry_run=dry_run, progress=progress
        )
