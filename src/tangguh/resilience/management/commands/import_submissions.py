"""`tangguh import-submissions INSTRUMENT FILE`: an ODK Central / KoboToolbox export (CSV or
XLSX) of a tangguh XLSForm as draft assessments, matched by region code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.resilience.models import Instrument
from tangguh.resilience.odk import import_submissions
from tangguh.resilience.odk_events import import_loss_reports


class Command(ImportCommand):
    help = "Import ODK Central / KoboToolbox submissions as draft assessments."
    summary = [("created", "created"), ("updated", "updated"), ("rejected", "rejected")]

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--instrument",
            required=True,
            help="instrument code of the form, or loss-report (submissions become events)",
        )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        if options["instrument"] == "loss-report":
            return import_loss_reports(paths[0], actor=actor, dry_run=dry_run)
        instrument = Instrument.objects.filter(code=options["instrument"]).first()
        if instrument is None:
            raise CommandError(f"no instrument {options['instrument']}")
        return import_submissions(paths[0], instrument, actor=actor, dry_run=dry_run)
