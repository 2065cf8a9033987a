"""`tangguh export-preparedness plans|teams -o FILE [--region CODE] [--year Y] [--actor USER]`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.cli import add_selection_arguments, selected
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
        add_selection_arguments(parser)  # --year: plans drawn up or in force; teams existing

    def handle(self, *args: Any, **options: Any) -> None:
        model, write = WHAT[options["what"]]
        records = selected(model.objects.get_queryset(), options)
        with options["output"].open("w", newline="", encoding="utf-8") as out:
            count = write(records, out)
        self.stdout.write(f"exported {count} record(s) to {options['output']}")
