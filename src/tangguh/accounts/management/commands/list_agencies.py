"""`tangguh list-agencies [--region CODE] [--year Y] [--actor USERNAME]`: agencies as CSV."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.accounts.exporting import AGENCY_HEADER, agency_rows
from tangguh.accounts.models import Agency
from tangguh.core.cli import add_selection_arguments, selected
from tangguh.core.exporting import write_csv


class Command(BaseCommand):
    """Print agencies (code, short name, name, region, bidang) as CSV."""

    help = "List agencies as CSV, optionally within a region and in force in a year."

    def add_arguments(self, parser: CommandParser) -> None:
        add_selection_arguments(parser)  # --year: agencies in force in that year

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = selected(Agency.objects.get_queryset(), options).select_related("region")
        write_csv(self.stdout, AGENCY_HEADER, agency_rows(agencies))
