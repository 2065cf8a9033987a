"""`tangguh export-xlsform INSTRUMENT -o FORM.xlsx`: the instrument as an XLSForm for ODK
Collect / KoboToolbox, with the cascade as skip logic (`relevant`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tangguh.resilience.models import Instrument
from tangguh.resilience.odk import form_version, xlsform_book


class Command(BaseCommand):
    help = "Write an instrument as an XLSForm (ODK Collect, KoboToolbox)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="instrument code, e.g. destana-2012")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = Instrument.objects.filter(code=options["instrument"]).first()
        if instrument is None or instrument.is_placeholder:
            raise CommandError(f"no instrument in use with code {options['instrument']}")
        xlsform_book(instrument).save(options["output"])
        self.stdout.write(f"{form_version(instrument)} written to {options['output']}")
