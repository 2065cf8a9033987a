"""`tangguh import-decisions FILE [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.planning.importers import import_decisions
from tangguh.planning.management.commands._import import PlanningImportCommand


class Command(PlanningImportCommand):
    """Import the decisions agencies filled in the decisions workbook; all or nothing."""

    help = (
        "Read back the decisions workbook exported with `export-sync --workbook` (or from the "
        "sync page) once agencies have filled in their decisions. Every row of every agency "
        "sheet is checked first; nothing is written unless every row is right. Accommodated "
        "rows are linked to the agency's work-plan item for the sub-activity (a draft item is "
        "created when there is none)."
    )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Import the workbook."""
        return import_decisions(paths[0], actor=actor, dry_run=dry_run, progress=progress)

    def summary_line(self, report: ImportReport, *, dry_run: bool) -> str:
        """How many decisions were recorded, left unchanged, and draft items created."""
        if dry_run:
            summary = _(
                "%(decided)d decision(s) would be recorded, %(unchanged)d unchanged, %(items)d "
                "draft work-plan item(s) created; none written"
            )
        else:
            summary = _(
                "%(decided)d decision(s) recorded, %(unchanged)d unchanged, %(items)d draft "
                "work-plan item(s) created"
            )
        return summary % {
            "decided": report.updated,
            "unchanged": report.unchanged,
            "items": report.created,
        }
