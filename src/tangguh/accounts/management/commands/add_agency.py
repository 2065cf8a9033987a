"""`tangguh add-agency --region CODE --code CODE --name NAME [...] [--actor USERNAME]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from tangguh.accounts import services
from tangguh.core.api import region_or_404
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source


class Command(BaseCommand):
    """Register an agency of a province or regency/city (audited)."""

    help = "Register an agency (perangkat daerah) of a province or regency/city."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region", required=True, help="the government's region code, e.g. 53.01"
        )
        parser.add_argument("--code", required=True, help="the agency's SIPD code or a local code")
        parser.add_argument("--name", required=True)
        parser.add_argument("--short-name", default="")
        parser.add_argument(
            "--bidang", nargs="*", default=[], help="bidang urusan codes, e.g. 1.05"
        )
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = region_or_404(options["region"])
            with change_source("cli"):
                agency = services.create_agency(
                    actor=actor_from(options),
                    region=region,
                    code=options["code"],
                    name=options["name"],
                    short_name=options["short_name"],
                    bidang_codes=options["bidang"],
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except (PermissionDenied, Http404) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"created agency {agency.pk} {agency.region_id} {agency.code}")
