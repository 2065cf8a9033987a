"""`tangguh export-sync --year N [--region CODE] [--by DIMENSION] -o FILE [--workbook]
[--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_selection_arguments, selected
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import user_scope
from tangguh.planning import summaries
from tangguh.planning.exporting import matrix_rows, write_matrix
from tangguh.planning.models import Proposal
from tangguh.planning.workbook import build_workbook
from tangguh.regions.models import Level


class Command(BaseCommand):
    """Write the sync matrix of a year as CSV, or the decisions workbook as .xlsx."""

    help = (
        "Export the sync matrix of a budget year as CSV: proposals received, accommodated, "
        "partly, deferred, rejected and undecided, budget asked and allocated and the share "
        "accommodated, by village, sub-district, agency, source or tag, with a total row. "
        "With --workbook, write the decisions workbook (.xlsx) of the region instead: a summary "
        "sheet and one sheet per agency to fill and import back with import-decisions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--by",
            choices=sorted(summaries.DIMENSIONS),
            default="agency",
            help="rows of the matrix",
        )
        parser.add_argument(
            "--workbook",
            action="store_true",
            help="write the decisions workbook (.xlsx) of --region instead of the CSV",
        )
        add_selection_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        year = options.get("year")
        if year is None:
            raise CommandError(_("Give the budget year with --year."))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(
                _("'%(value)s' is not a year from %(first)d to %(last)d")
                % {"value": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        output: Path = options["output"]
        if options["workbook"]:
            self._workbook(options, year, output)
            return
        proposals = selected(Proposal.objects.get_queryset(), options)
        rows = matrix_rows(proposals, options["by"])
        with output.open("w", newline="", encoding="utf-8") as out:
            write_matrix(rows, out)
        self.stdout.write(
            _("exported %(count)d row(s) and the total to %(file)s")
            % {"count": len(rows) - 1, "file": output}
        )

    def _workbook(self, options: dict[str, Any], year: int, output: Path) -> None:
        if not options.get("region"):
            raise CommandError(_("Give the regency/city (or the province) with --region."))
        try:
            region = region_or_404(options["region"])
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        actor = actor_from(options)
        if actor is not None and not user_scope(actor, "view").overlaps(region.code):
            raise CommandError(_("You have no access to region %(code)s.") % {"code": region.code})
        if region.level > Level.REGENCY:
            raise CommandError(
                _("The decisions workbook is made for a regency/city or the province.")
            )
        book = build_workbook(region, year, actor)
        book.save(output)
        self.stdout.write(
            _("wrote the decisions workbook of %(region)s, %(year)d to %(file)s")
            % {"region": region, "year": year, "file": output}
        )
