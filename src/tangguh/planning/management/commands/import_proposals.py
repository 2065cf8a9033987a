"""`tangguh import-proposals FILE --year N [--region CODE] [--dry-run] [--json] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.planning.importers import import_proposals
from tangguh.planning.management.commands._files import file_missing, finish


class Command(BaseCommand):
    """Import proposals from the CSV or Excel template; all rows or none."""

    help = (
        "Import proposals (usulan) for a budget year from the proposals template (CSV UTF-8 "
        "separated by commas, semicolons or tabs, or .xlsx). The whole file is checked first: "
        "every problem is listed with its row and column and nothing is written unless every row "
        "is right. Columns: ref, village_code, source_kind, title, description, problem, volume, "
        "unit, estimated_cost, priority, women, men, disabled, elderly, children, hazards, "
        "phases, poverty, climate_adaptation, livelihood, partner_programme (optional: year)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True, help="the budget year")
        parser.add_argument(
            "--region", help="refuse rows outside this region (code, dots optional)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise file_missing(path)
        year = options["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(
                _("'%(value)s' is not a year from %(first)d to %(last)d")
                % {"value": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        actor = actor_from(options)
        region = None
        if options["region"]:
            try:
                region = region_or_404(options["region"])
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
        with change_source("cli"):
            report = import_proposals(
                path, year=year, actor=actor, region=region, dry_run=options["dry_run"]
            )
        values = {"count": len(report.created), "year": year, "file": path.name}
        if options["dry_run"]:
            summary = _("%(count)d proposal(s) for %(year)d in %(file)s are fine; none written")
        else:
            summary = _("%(count)d proposal(s) imported for %(year)d from %(file)s")
        summary %= values
        finish(self, options, report.as_dict(), summary)
