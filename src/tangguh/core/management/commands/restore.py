"""`tangguh restore FILE`: rebuild a `tangguh backup` archive into an empty database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.backup import (
    BackupError,
    check_empty,
    check_schema,
    open_archive,
    restore_archive,
)
from tangguh.core.management.commands.backup import print_counts
from tangguh.core.progress import RichProgress


class Command(BaseCommand):
    """Migrate an empty database and load a backup archive into it, with its uploaded files."""

    help = (
        "Restore a `tangguh backup` archive into an empty database (SQLite or PostgreSQL): "
        "create the tables, load every record in one transaction, and put back the uploaded "
        "files. Refuses a database that already holds data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="an archive written by `tangguh backup`")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        show_bar = not options["no_progress"] and sys.stderr.isatty()
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)  # home of the SQLite file
        try:
            with open_archive(path) as archive:
                manifest = archive.manifest
                self.stdout.write(
                    _("Backup of %(date)s made by tangguh %(version)s.")
                    % {"date": manifest.created_at, "version": manifest.tangguh_version}
                )
                check_schema(manifest)
                check_empty()
                call_command("migrate", interactive=False, verbosity=0)
                check_empty()
                self.stdout.write(_("Database tables are ready."))
                with RichProgress(enabled=show_bar) as progress:
                    report = restore_archive(archive, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        print_counts(self, report)
        self.stdout.write(
            _("Restored %(rows)s records (%(models)s record types) and %(files)s uploaded files.")
            % {"rows": f"{report.total:,}", "models": len(report.rows), "files": report.media_files}
        )
