"""`tangguh backup FILE`: the whole database and uploaded files in one engine-independent zip."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.backup import BackupError, Report, write_backup
from tangguh.core.progress import RichProgress


def print_counts(command: BaseCommand, report: Report) -> None:
    """One line per model with its number of rows."""
    width = max((len(label) for label in report.rows), default=0)
    for label, rows in report.rows.items():
        command.stdout.write(f"  {label:<{width}}  {rows:>9,}")


class Command(BaseCommand):
    """Write the database and the uploaded files to a zip archive."""

    help = (
        "Write the whole database (without sessions and other transient rows) and the uploaded "
        "files to one zip archive that does not depend on the database engine. Restore it with "
        "`tangguh restore FILE` into an empty database, on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write (replaced if present)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        try:
            with RichProgress(enabled=show_bar) as progress:
                report = write_backup(path, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        print_counts(self, report)
        megabytes = path.stat().st_size / 1_000_000
        self.stdout.write(
            _(
                "Backed up %(rows)s records (%(models)s record types) and %(files)s uploaded "
                "files to %(path)s (%(size).1f MB)."
            )
            % {
                "rows": f"{report.total:,}",
                "models": len(report.rows),
                "files": report.media_files,
                "path": path,
                "size": megabytes,
            }
        )
