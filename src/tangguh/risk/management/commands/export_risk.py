"""`tangguh export-risk -o FILE [--climate] [--region CODE] [--year Y] [--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.scope import EVERYWHERE, user_scope
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
        parser.add_argument("--region", help="only records within this region")
        parser.add_argument("--year", type=int, help="only records of this year")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        scope = EVERYWHERE if actor is None else user_scope(actor, "view")
        records: Any = (
            ClimateVulnerability.objects.get_queryset()
            if options["climate"]
            else RiskProfile.objects.get_queryset().select_related("hazard", "method")
        )
        records = records.in_scope(scope)
        if options["region"]:
            try:
                region = region_or_404(options["region"])
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
            if not scope.overlaps(region.code):
                raise CommandError(
                    _("You have no access to region %(code)s.") % {"code": region.code}
                )
            records = records.within(region.code)
        if options["year"]:
            records = records.for_year(options["year"])
        records = records.select_related("region").order_by("region_id", "pk")
        with options["output"].open("w", newline="", encoding="utf-8") as out:
            write = write_climate if options["climate"] else write_profiles
            count = write(records, out)
        self.stdout.write(f"exported {count} record(s) to {options['output']}")
