"""`tangguh list-agencies [--region CODE] [--year Y] [--actor USERNAME]`: agencies as CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.accounts.models import Agency
from tangguh.core.cli import add_selection_arguments, selected


class Command(BaseCommand):
    """Print agencies (code, short name, name, region, bidang) as CSV."""

    help = "List agencies as CSV, optionally within a region and in force in a year."

    def add_arguments(self, parser: CommandParser) -> None:
        add_selection_arguments(parser)  # --year: agencies in force in that year

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = selected(Agency.objects.get_queryset(), options).select_related("region")
        writer = csv.writer(self.stdout)
        writer.writerow(["id", "region", "code", "short_name", "name", "bidang_codes"])
        for agency in agencies:
            writer.writerow(
                [
                    agency.pk,
                    agency.region_id,
                    agency.code,
                    agency.short_name,
                    agency.name,
                    " ".join(agency.bidang_codes),
                ]
            )
