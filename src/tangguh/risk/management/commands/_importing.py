"""What `import-risk` and `import-climate` share: options, output and errors."""

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
from tangguh.risk.importers import ImportReport
from tangguh.risk.models import FIRST_YEAR, LAST_YEAR


def add_common_arguments(parser: CommandParser) -> None:
    """FILE, --year, --source, --dry-run, --json and --actor."""
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--year", type=int, help="the year of rows that give none (default: none, 'unknown')"
    )
    parser.add_argument("--source", default="", help="the source of rows that name none")
    parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    add_actor_argument(parser)


def run_import(command: BaseCommand, options: dict[str, Any], run: Any) -> None:
    """Check the options, run `run(path, actor, progress)` and print its report."""
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(_("file not found: %(files)s") % {"files": path})
    year = options.get("year")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise CommandError(
            _("'%(value)s' is not a year from %(first)d to %(last)d")
            % {"value": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    actor = actor_from(options)
    show_bar = not options["json"] and sys.stderr.isatty()
    with change_source("cli"), RichProgress(enabled=show_bar) as progress:
        report: ImportReport = run(path, actor, progress)
    if options["json"]:
        command.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for problem in report.errors:
            command.stderr.write(str(problem))
        for warning in report.warnings:
            command.stdout.write(_("Note: %(warning)s") % {"warning": warning})
        if report.ignored_columns:
            command.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
        prefix = "[dry run] " if options["dry_run"] else ""
        command.stdout.write(
            f"{prefix}created {report.created} / updated {report.updated} / "
            f"unchanged {report.unchanged} / rejected {report.rejected}"
        )
    if report.errors:
        raise CommandError(
            _("%(count)d problem(s) found; nothing was written.") % {"count": len(report.errors)}
        )
