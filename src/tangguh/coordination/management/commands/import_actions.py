"""`tangguh import-actions FILE.xlsx [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from tangguh.coordination.importers import import_actions
from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress


class Command(ImportCommand):
    """Update the status of follow-up items from the follow-up matrix; all or nothing."""

    help = (
        "Read back the follow-up matrix (downloaded from a commitment's page or the follow-up "
        "items page) once the regions filled in their status and notes. Every row is checked "
        "first: it must name an existing item you may update, a known status, and a note when "
        "the status goes back. Nothing is written unless every row is right."
    )
    summary: ClassVar[list[tuple[str, str]]] = [
        ("updated", "updated"),
        ("unchanged", "unchanged"),
        ("rejected", "rejected"),
    ]

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the matrix."""
        return import_actions(paths[0], actor=actor, dry_run=dry_run, progress=progress)
