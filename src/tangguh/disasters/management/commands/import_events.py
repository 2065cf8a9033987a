"""`tangguh import-events FILE [--format dibi|desinventar|csv] [--dry-run] [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.core.progress import RichProgress
from tangguh.disasters.importers import import_events


class Command(BaseCommand):
    """Import disaster events; prints created / updated / possible duplicates / rejected counts."""

    help = (
        "Import disaster events from a DIBI download (CSV/XLS/XLSX, older or current layout), a "
        "DesInventar export (XML/CSV) or the tangguh CSV template. The whole file is checked "
        "first; if any row has a problem nothing is written. Re-importing changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["dibi", "desinventar", "csv"], dest="fmt")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--json", action="store_true", help="print the result as one JSON object"
        )
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("file not found: %(files)s") % {"files": path})
        show_bar = not options["json"] and sys.stderr.isatty()
        with change_source("cli"), RichProgress(enabled=show_bar) as progress:
            report = import_events(
                path,
                actor=actor_from(options),
                fmt=options["fmt"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            for problem in report.errors:
                self.stderr.write(str(problem))
            for warning in report.warnings:
                self.stdout.write(_("Note: %(warning)s") % {"warning": warning})
            if report.ignored_columns:
                self.stdout.write(
                    _("Ignored columns: %(columns)s")
                    % {"columns": ", ".join(report.ignored_columns)}
                )
            prefix = "[dry run] " if options["dry_run"] else ""
            self.stdout.write(
                f"{prefix}created {report.created} / updated {report.updated} / "
                f"possible duplicates {report.duplicates} / rejected {report.rejected}"
            )
        if report.errors:
            raise CommandError(
                _("%(count)d problem(s) found; nothing was written.")
                % {"count": len(report.errors)}
            )
