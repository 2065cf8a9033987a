"""`tangguh import-events FILE [--format dibi|desinventar|csv] [--dry-run] [--json]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import CommandParser

from tangguh.core.importing import ImportReport
from tangguh.core.importing.commands import ImportCommand
from tangguh.core.progress import Progress
from tangguh.disasters.importers import import_events


class Command(ImportCommand):
    """Import disaster events; prints created / updated / possible duplicates / rejected counts."""

    help = (
        "Import disaster events from a DIBI download (CSV/XLS/XLSX, older or current layout), a "
        "DesInventar export (XML/CSV) or the tangguh CSV template. The whole file is checked "
        "first; if any row has a problem nothing is written. Re-importing changes nothing."
    )
    summary: ClassVar[list[tuple[str, str]]] = [
        ("created", "created"),
        ("updated", "updated"),
        ("possible duplicates", "duplicates"),
        ("rejected", "rejected"),
    ]

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["dibi", "desinventar", "csv"], dest="fmt")

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the one file given."""
        return import_events(
            paths[0], actor=actor, fmt=options.get("fmt"), dry_run=dry_run, progress=progress
        )
