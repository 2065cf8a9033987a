"""`tangguh import-events FILE [--format dibi|desinventar|csv] [--dry-run] [--json]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.commands import ImportCommand
from tangguh.core.progress import Progress
from tangguh.disasters.formats.mapped import FIELDS
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
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="read a table of another layout: the column holding a field (repeatable); "
            "fields: " + ", ".join(FIELDS),
        )
        parser.add_argument(
            "--other-provinces",
            action="store_true",
            help="import rows of other provinces whose geography is loaded (else skipped)",
        )
        parser.add_argument(
            "--line-ids",
            default="",
            metavar="PREFIX",
            help="give rows without an id the id PREFIX-<line> (a re-export without ids)",
        )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the one file given."""
        return import_events(
            paths[0],
            actor=actor,
            fmt=options.get("fmt"),
            dry_run=dry_run,
            progress=progress,
            mapping=_mapping(options.get("map") or []),
            other_provinces=bool(options.get("other_provinces")),
            line_ids=options.get("line_ids") or "",
        )


def _mapping(pairs: list[str]) -> dict[str, str]:
    """`FIELD=COLUMN` pairs as a mapping; a pair without `=` is refused."""
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(
                _("--map takes FIELD=COLUMN, e.g. datetime=Tanggal; got '%(pair)s'")
                % {"pair": pair}
            )
        mapping[field.strip()] = column.strip()
    return mapping
