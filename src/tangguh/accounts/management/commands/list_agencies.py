"""`tangguh list-agencies [--region CODE] [--year Y] [--actor USERNAME]`: agencies as CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.scope import EVERYWHERE, user_scope


class Command(BaseCommand):
    """Print agencies (code, short name, name, region, bidang) as CSV."""

    help = "List agencies as CSV, optionally within a region and in force in a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="only agencies within this region code")
        parser.add_argument("--year", type=int, help="only agencies in force in this year")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        scope = EVERYWHERE if actor is None else user_scope(actor, "view")
        agencies = Agency.objects.get_queryset().in_scope(scope).select_related("region")
        if options["region"]:
            try:
                region = region_or_404(options["region"])
            except Http404 as exc:
                raise CommandError(str(exc)) from exc
            if not scope.overlaps(region.code):
                raise CommandError(
                    str(
                        PermissionDenied(
                            _("You have no access to region %(code)s.") % {"code": region.code}
                        )
                    )
                )
            agencies = agencies.within(region.code)
        if options["year"]:
            agencies = agencies.for_year(options["year"])
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
