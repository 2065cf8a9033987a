"""`tangguh export-preparedness plans|teams -o FILE [--region CODE] [--year Y] [--actor USER]`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.preparedness.exporting import write_plans, write_teams
from tangguh.preparedness.models import ContingencyPlan, PreparednessTeam

WHAT: dict[str, tuple[Any, Callable[[Any, IO[str]], int]]] = {
    "plans": (ContingencyPlan, write_plans),
    "teams": (PreparednessTeam, write_teams),
}


class Command(BaseCommand):
    """Write contingency plans or preparedness teams to a CSV file."""

    help = "Export contingency plans or preparedness teams as CSV (an empty cell is unknown)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=sorted(WHAT))
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--region", help="only records within this region")
        parser.add_argument(
            "--year",
            type=int,
            help="plans drawn up or in force in this year; teams existing in it",
        )
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        scope = EVERYWHERE if actor is None else user_scope(actor, "view")
        model, write = WHAT[options["what"]]
        records = model.objects.get_queryset().in_scope(scope)
        if options["region"]:
            try:
                region = region_or_404(options["region"])
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
            if not scope.overlaps(region.code):
                raise CommandError(
                    _("You have no access to region %(code)s.") % {"code": region.code}
                )
            records = records.within(region.code)
        if options["year"]:
            records = records.for_year(options["year"])
        with options["output"].open("w", newline="", encoding="utf-8") as out:
            count = write(records, out)
        self.stdout.write(f"exported {count} record(s) to {options['output']}")
