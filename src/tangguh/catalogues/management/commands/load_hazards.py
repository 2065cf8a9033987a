"""`tangguh load-hazards [FILE]`: bring the hazard catalogue up to date with the shipped list."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from tangguh.catalogues.loading import SHIPPED_FILE, load_hazards
from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress


class Command(ImportCommand):
    """Synchronise hazard types (the migrations load the same list)."""

    help = (
        "Create or update the BNPB hazard types from the list shipped with tangguh (or from FILE, "
        "a catalogue in the same columns). The load is recorded once in the change log."
    )
    file_nargs = "?"
    summary: ClassVar[list[tuple[str, str]]] = [
        ("created", "created"),
        ("updated", "updated"),
        ("unchanged", "unchanged"),
    ]

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Load FILE, or the shipped catalogue."""
        return load_hazards(paths[0] if paths else SHIPPED_FILE, actor=actor, dry_run=dry_run)
