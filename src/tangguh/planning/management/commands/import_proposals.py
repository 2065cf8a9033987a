"""`tangguh import-proposals FILE --year N [--region CODE] [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.importing.report import ImportReport
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.progress import Progress
from tangguh.planning.importers import import_proposals
from tangguh.planning.management.commands._import import PlanningImportCommand


class Command(PlanningImportCommand):
    """Import proposals from the CSV or Excel template; all rows or none."""

    help = (
        "Import proposals (usulan) for a budget year from the proposals template (CSV UTF-8 "
        "separated by commas, semicolons or tabs, or an Excel workbook). The whole file is "
        "checked first: every problem is listed with its row and column and nothing is written "
        "unless every row is right. Columns: ref, village_code, source_kind, title, description, "
        "problem, volume, unit, estimated_cost, priority, women, men, disabled, elderly, "
        "children, hazards, phases, poverty, climate_adaptation, livelihood, partner_programme "
        "(optional: year)."
    )

    def add_import_arguments(self, parser: CommandParser) -> None:
        """The budget year and the region rows must lie in."""
        parser.add_argument("--year", type=int, required=True, help="the budget year")
        parser.add_argument(
            "--region", help="refuse rows outside this region (code, dots optional)"
        )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Check the options, then import the file."""
        year = options["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(
                _("'%(value)s' is not a year from %(first)d to %(last)d")
                % {"value": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        region = None
        if options["region"]:
            try:
                region = region_or_404(options["region"])
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
        return import_proposals(
            paths[0], year=year, actor=actor, region=region, dry_run=dry_run, progress=progress
        )

    def summary_line(self, report: ImportReport, *, dry_run: bool) -> str:
        """How many proposals were imported (or, in a dry run, are fine)."""
        values = {
            "count": report.created,
            "year": report.details["year"],
            "file": report.details["file"],
        }
        if dry_run:
            return (
                _("%(count)d proposal(s) for %(year)d in %(file)s are fine; none written") % values
            )
        return _("%(count)d proposal(s) imported for %(year)d from %(file)s") % values
