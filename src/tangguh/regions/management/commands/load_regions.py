"""`tangguh load-regions [FILES…]`: load the geography (the shipped NTT files by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import CommandParser

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.regions.loading import load_regions, shipped_files


class Command(ImportCommand):
    """Create, update and deactivate regions from CSV tables and GeoJSON boundaries."""

    help = (
        "Load regions from CSV tables (columns kode, nama; optional jenis, luas_km2, "
        "penduduk_total, penduduk_laki, penduduk_perempuan, lat_centroid, lng_centroid) and "
        "GeoJSON boundaries (property kode). Without files, loads the NTT geography shipped "
        "with tangguh. Idempotent; all files are checked before anything is written."
    )
    file_nargs = "*"
    summary: ClassVar[list[tuple[str, str]]] = [
        ("created", "created"),
        ("updated", "updated"),
        ("unchanged", "unchanged"),
        ("deactivated", "deactivated"),
    ]

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="the files are a complete edition: deactivate regions they no longer list "
            "(always on when loading the shipped files)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Load the files given, or the shipped NTT edition (which deactivates what it lacks)."""
        return load_regions(
            paths or shipped_files(),
            actor=actor,
            progress=progress,
            dry_run=dry_run,
            deactivate_missing=options["deactivate_missing"] or not paths,
        )
