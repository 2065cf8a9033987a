"""`tangguh export-risk -o FILE [--climate] [--region CODE] [--year Y] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.cli import add_selection_arguments, selected
from tangguh.risk.exporting import write_climate, write_profiles
from tangguh.risk.models import ClimateVulnerability, RiskProfile


class Command(BaseCommand):
    """Write risk profiles (or climate vulnerability classes) to a CSV file that imports back."""

    help = (
        "Export risk profiles, or with --climate the climate vulnerability classes, as CSV in the "
        "columns import-risk and import-climate read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--climate", action="store_true", help="climate vulnerability classes")
        add_selection_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        records: Any = (
            ClimateVulnerability.objects.get_queryset()
            if options["climate"]
            else RiskProfile.objects.get_queryset().select_related("hazard", "method")
        )
        records = selected(records, options).select_related("region").order_by("region_id", "pk")
        with options["output"].open("w", newline="", encoding="utf-8") as out:
            write = write_climate if options["climate"] else write_profiles
            count = write(records, out)
        self.stdout.write(f"exported {count} record(s) to {options['output']}")
