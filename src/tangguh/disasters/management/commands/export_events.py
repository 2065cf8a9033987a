"""`tangguh export-events --format desinventar|dibi|csv -o FILE [--region CODE] [--year Y]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.scope import EVERYWHERE, user_scope
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
        parser.add_argument("--region", help="only events within this region")
        parser.add_argument("--year", type=int, help="only events that started in this year")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        scope = EVERYWHERE if actor is None else user_scope(actor, "view")
        events = Event.objects.get_queryset().in_scope(scope)
        if options["region"]:
            try:
                region = region_or_404(options["region"])
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
            if not scope.overlaps(region.code):
                raise CommandError(
                    _("You have no access to region %(code)s.") % {"code": region.code}
                )
            events = events.within(region.code)
        if options["year"]:
            events = events.for_year(options["year"])
        count = export_events(events, options["fmt"], options["output"])
        self.stdout.write(f"exported {count} event(s) to {options['output']}")
