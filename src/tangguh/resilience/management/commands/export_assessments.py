"""`tangguh export-assessments -o FILE.xlsx [--region CODE] [--year Y] [--actor USER]`: the
answers of assessments in the import template's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.cli import add_selection_arguments, selected
from tangguh.resilience.excel import export_book
from tangguh.resilience.models import Assessment


class Command(BaseCommand):
    help = "Export assessments' answers as a workbook that imports back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)
        add_selection_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        records = selected(Assessment.objects.get_queryset(), options).select_related("instrument")
        count = records.count()
        export_book(records).save(options["output"])
        self.stdout.write(f"exported {count} assessment(s) to {options['output']}")
