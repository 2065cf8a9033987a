"""`tangguh poverty-stats --region CODE --year Y [--line RUPIAH] [--json]`: FGT measures of a
region's registry."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.poverty import summaries
from tangguh.poverty.models import Household


class Command(BaseCommand):
    """Print persons, poor persons, P0, P1 and P2 (fractions) of a region's registry."""

    help = (
        "FGT poverty measures over the persons of a region's household registry for a year: "
        "persons, poor_persons, p0, p1, p2 (fractions, not x 100) at the region's BPS poverty "
        "line of that year, or at --line RUPIAH (per person per month), or at the extreme-"
        "poverty line with --extreme."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="region code (dots optional)")
        parser.add_argument("--year", type=int, required=True, help="the registry's year")
        parser.add_argument("--line", type=float, help="poverty line, rupiah per person per month")
        parser.add_argument(
            "--extreme", action="store_true", help="use the year's extreme-poverty line"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        try:
            region = region_or_404(options["region"])
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        scope = EVERYWHERE if actor is None else user_scope(actor, "view")
        if not scope.overlaps(region.code):
            raise CommandError(_("You have no access to region %(code)s.") % {"code": region.code})
        year = options["year"]
        if options["line"] is not None:
            if not options["line"] > 0:
                raise CommandError(_("The poverty line must be a positive number of rupiah."))
            line = summaries.given_line(options["line"], year)
        else:
            kind = summaries.EXTREME if options["extreme"] else summaries.NATIONAL
            found = summaries.line_for(region.code, year, kind)
            if found is None:
                raise CommandError(
                    _("No %(kind)s is known for %(code)s in %(year)d; give one with --line.")
                    % {"kind": summaries.LINE_KINDS[kind], "code": region.code, "year": year}
                )
            line = found
        visible = Household.objects.get_queryset().in_scope(scope)
        households = summaries.region_households(visible, region.code, year).count()
        if not households:
            raise CommandError(
                _("The registry holds no households of %(code)s in %(year)d.")
                % {"code": region.code, "year": year}
            )
        result = summaries.measure(visible, region.code, year, line)
        values = {
            "persons": result.persons,
            "poor_persons": result.poor_persons,
            "p0": round(result.p0, 6),
            "p1": round(result.p1, 6),
            "p2": round(result.p2, 6),
        }
        if options["json"]:
            data = {"region": region.code, "year": year, "households": households, **values}
            data["line"] = line.as_dict()
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            _("line: Rp%(rupiah)s (%(basis)s; %(region)s %(year)d)")
            % {
                "rupiah": f"{line.rupiah:,.0f}",
                "basis": line.basis,
                "region": line.region or "-",
                "year": year,
            }
        )
        self.stdout.write("persons, poor_persons, p0, p1, p2")
        self.stdout.write(
            f"{values['persons']:g}, {values['poor_persons']:g}, {values['p0']:.4f}, "
            f"{values['p1']:.4f}, {values['p2']:.4f}"
        )
