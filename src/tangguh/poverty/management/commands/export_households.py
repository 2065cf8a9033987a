"""`tangguh export-households -o FILE [--region CODE] [--year Y] [--actor USER]`: the registry as
CSV with identifiers masked (an export never holds a NIK or KK number)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.cli import add_selection_arguments, selected
from tangguh.core.exporting import write_csv
from tangguh.poverty.exporting import HOUSEHOLD_COLUMNS, household_rows
from tangguh.poverty.models import Household


class Command(BaseCommand):
    """Write the households an actor may view to a CSV file, identifiers masked."""

    help = "Export the household registry as CSV (identifiers masked)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)
        add_selection_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        records = selected(Household.objects.get_queryset(), options)
        with options["output"].open("w", newline="", encoding="utf-8") as out:
            count = write_csv(out, HOUSEHOLD_COLUMNS, household_rows(records))
        self.stdout.write(f"exported {count} household(s) to {options['output']}")
