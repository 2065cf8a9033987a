"""`tangguh export-spm -o FILE [--format csv|xlsx] [--region CODE] [--year Y] [--actor USER]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.cli import add_selection_arguments, selected
from tangguh.core.exporting import write_csv
from tangguh.spm.exporting import CSV_COLUMNS, csv_rows, data_book
from tangguh.spm.models import QuarterReport, ServiceRecord


class Command(BaseCommand):
    """Write SPM service records as CSV, or records and quarterly figures as the SPM workbook."""

    help = (
        "Export SPM service records as CSV (one row per record, with the people served in the "
        "year and the achievement), or with --format xlsx the SPM workbook that import-spm "
        "reads back (sheets Layanan and Triwulan)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        add_selection_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        records = selected(ServiceRecord.objects.get_queryset(), options)
        if options["format"] == "xlsx":
            quarters = QuarterReport.objects.filter(record__in=records)
            data_book(records, quarters).save(options["output"])
            count = records.count()
        else:
            with open(options["output"], "w", newline="", encoding="utf-8") as out:
                count = write_csv(out, CSV_COLUMNS, csv_rows(records))
        self.stdout.write(f"exported {count} record(s) to {options['output']}")
