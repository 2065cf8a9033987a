"""The base of every import command: FILE, `--dry-run`, `--json`, `--actor`, a progress bar.

A command names its own options and calls its importer in `run_import`; the base checks the
file exists, acts as the `--actor` (or the system), prints the report (its counts on one line in
the order the command promises, problems on stderr, notes) or, with `--json`, the report as one
JSON object, and exits with an error when the input had problems (nothing was written then), also
when the importer raises ImportFailed, or when it refuses the actor (PermissionDenied). A command
that offers `--no-progress` gets no progress bar with it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.core.importing.problems import ImportFailed
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress, RichProgress


class ImportCommand(BaseCommand):
    """Import one or more files through an importer that returns an ImportReport."""

    # (label printed, key of the report's plain data): the command's promised output line.
    summary: ClassVar[list[tuple[str, str]]] = [
        ("created", "created"),
        ("updated", "updated"),
        ("unchanged", "unchanged"),
        ("rejected", "rejected"),
    ]
    # How many FILE arguments: None exactly one, "?" one or none, "+" one or more, "*" any.
    file_nargs: ClassVar[str | None] = None

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs=self.file_nargs)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--json", action="store_true", help="print the result as one JSON object"
        )
        add_actor_argument(parser)
        self.add_import_arguments(parser)

    def add_import_arguments(self, parser: CommandParser) -> None:
        """The command's own options."""

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the files; return the report (nothing written when it has errors)."""
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        paths = self._paths(options["file"])
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(_("file not found: %(files)s") % {"files": ", ".join(missing)})
        show_bar = not options["json"] and not options.get("no_progress") and sys.stderr.isatty()
        actor = actor_from(options)
        try:
            with change_source("cli"), RichProgress(enabled=show_bar) as progress:
                report = self.run_import(
                    paths,
                    **{
                        **options,
                        "actor": actor,
                        "dry_run": options["dry_run"],
                        "progress": progress,
                    },
                )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ImportFailed as failure:
            report = ImportReport(dry_run=options["dry_run"]).reject(failure.problems)
        self.print_report(report, options)
        if report.errors:
            raise CommandError(
                _("%(count)d problem(s) found; nothing was written.")
                % {"count": len(report.errors)}
            )

    def _paths(self, given: Any) -> list[Path]:
        if given is None:
            return []
        return list(given) if isinstance(given, list) else [given]

    def print_report(self, report: ImportReport, options: dict[str, Any]) -> None:
        """The report as one JSON object, or as problems, notes and the summary line."""
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, default=str))
            return
        for problem in report.errors:
            self.stderr.write(str(problem))
        for warning in report.warnings:
            self.stdout.write(_("Note: %(warning)s") % {"warning": warning})
        if report.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
        self.stdout.write(self.summary_line(report, dry_run=options["dry_run"]))

    def summary_line(self, report: ImportReport, *, dry_run: bool) -> str:
        """`created 3 / updated 1 / …` in the order the command promises."""
        data = report.as_dict()
        prefix = "[dry run] " if dry_run else ""
        return prefix + " / ".join(f"{label} {data.get(key, 0)}" for label, key in self.summary)
