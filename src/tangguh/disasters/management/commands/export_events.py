"""`tangguh export-events --format desinventar|dibi|csv -o FILE [--region CODE] [--year Y]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.cli import add_selection_arguments, selected
from tangguh.disasters.exporting import export_events
from tangguh.disasters.models import Event


class Command(BaseCommand):
    """Write disaster events to a file that `import-events` reads back."""

    help = "Export disaster events as DesInventar, DIBI or tangguh CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", choices=["desinventar", "dibi", "csv"], dest="fmt", required=True
        )
        parser.add_argument("-o", "--output", type=Path, required=True)
        add_selection_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        events = selected(Event.objects.get_queryset(), options)
        count = export_events(events, options["fmt"], options["output"])
        self.stdout.write(f"exported {count} event(s) to {options['output']}")
