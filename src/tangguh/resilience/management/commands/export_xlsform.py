"""`tangguh export-xlsform INSTRUMENT -o FORM.xlsx`: the instrument as an XLSForm for ODK
Collect / KoboToolbox, with the cascade as skip logic (`relevant`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tangguh.resilience.models import Instrument
from tangguh.resilience.odk import form_version, xlsform_book
from tangguh.resilience.odk_events import loss_form_book

LOSS_REPORT = "loss-report"


class Command(BaseCommand):
    help = "Write an instrument as an XLSForm (ODK Collect, KoboToolbox)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "instrument",
            help="instrument code, e.g. destana-2012, or loss-report for the disaster "
            "loss-report form whose submissions import as events",
        )
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["instrument"] == LOSS_REPORT:
            loss_form_book().save(options["output"])
            self.stdout.write(f"loss-report form written to {options['output']}")
            return
        instrument = Instrument.objects.filter(code=options["instrument"]).first()
        if instrument is None or instrument.is_placeholder:
            raise CommandError(f"no instrument in use with code {options['instrument']}")
        xlsform_book(instrument).save(options["output"])
        self.stdout.write(f"{form_version(instrument)} written to {options['output']}")
