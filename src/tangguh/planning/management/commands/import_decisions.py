"""`tangguh import-decisions FILE [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.planning.management.commands._files import file_missing, finish
from tangguh.planning.workbook_import import import_decisions


class Command(BaseCommand):
    """Import the decisions agencies filled in the decisions workbook; all or nothing."""

    help = (
        "Read back the decisions workbook exported with `export-sync --workbook` (or from the "
        "sync page) once agencies have filled in their decisions. Every row of every agency "
        "sheet is checked first; nothing is written unless every row is right. Accommodated "
        "rows are linked to the agency's work-plan item for the sub-activity (a draft item is "
        "created when there is none)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise file_missing(path)
        actor = actor_from(options)
        with change_source("cli"):
            report = import_decisions(path, actor=actor, dry_run=options["dry_run"])
        if options["dry_run"]:
            summary = _(
                "%(decided)d decision(s) would be recorded, %(unchanged)d unchanged, %(items)d "
                "draft work-plan item(s) created; none written"
            )
        else:
            summary = _(
                "%(decided)d decision(s) recorded, %(unchanged)d unchanged, %(items)d draft "
                "work-plan item(s) created"
            )
        summary %= {
            "decided": len(report.decided),
            "unchanged": report.unchanged,
            "items": report.items_created,
        }
        finish(self, options, report.as_dict(), summary)
