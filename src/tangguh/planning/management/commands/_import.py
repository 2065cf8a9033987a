"""What the planning import commands share."""

from __future__ import annotations

from typing import Any

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport


class PlanningImportCommand(ImportCommand):
    """An import command that states its result in a sentence (`summary_line`) and lists only
    the problems of a refused file."""

    def print_report(self, report: ImportReport, options: dict[str, Any]) -> None:
        """Problems alone when the file was refused; otherwise the kit's report."""
        if report.errors and not options["json"]:
            for problem in report.errors:
                self.stderr.write(str(problem))
            return
        super().print_report(report, options)
