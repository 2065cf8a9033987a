"""`tangguh load-hazards`: bring the hazard catalogue up to date with the shipped list."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tangguh.catalogues.loading import sync_hazards
from tangguh.catalogues.models import HazardType


class Command(BaseCommand):
    """Synchronise hazard types (also run by the migrations)."""

    help = "Create or update the BNPB hazard types from the list shipped with tangguh."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = sync_hazards(HazardType)
        self.stdout.write(
            "created {created} / updated {updated} / unchanged {unchanged}".format(**counts)
        )
