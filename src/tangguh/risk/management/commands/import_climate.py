"""`tangguh import-climate FILE [--year Y] [--source S] [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.risk.importers import import_climate_vulnerability
from tangguh.risk.management.commands._importing import add_common_arguments, run_import


class Command(BaseCommand):
    """Import SIDIK climate vulnerability classes; prints created / updated / unchanged /
    rejected counts."""

    help = (
        "Import climate vulnerability classes per village (SIDIK, KLHK) from CSV, XLSX or XLS: a "
        "region code (dots optional), the class (Sangat Rendah, Rendah, Sedang, Tinggi, Sangat "
        "Tinggi), and optionally the index, year and source. The whole file is checked first; if "
        "any row has a problem nothing is written. Re-importing changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        def run(path: Any, actor: Any, progress: Any) -> Any:
            return import_climate_vulnerability(
                path,
                actor=actor,
                year=options["year"],
                source=options["source"],
                dry_run=options["dry_run"],
                progress=progress,
            )

        run_import(self, options, run)
