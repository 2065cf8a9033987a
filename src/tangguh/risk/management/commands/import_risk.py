"""`tangguh import-risk FILE [--method VERSION] [--year Y] [--source S] [--dry-run] [--json]
[--actor U]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.risk.importers import import_risk_profiles
from tangguh.risk.management.commands._importing import add_common_arguments, run_import
from tangguh.risk.models import RiskMethodVersion


class Command(BaseCommand):
    """Import village risk profiles; prints created / updated / unchanged / rejected counts."""

    help = (
        "Import risk profiles per region and hazard (e.g. an InaRISK export) from CSV, XLSX or "
        "XLS: a region code (village, sub-district or regency; dots optional), a hazard (DIBI "
        "code or name) and any of the hazard, vulnerability, capacity and risk indices (0-1) or "
        "classes (Rendah/Sedang/Tinggi), year and source. The whole file is checked first; if any "
        "row has a problem nothing is written. Re-importing changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)
        parser.add_argument(
            "--method",
            metavar="VERSION",
            help="the risk method version for rows that name none (default: the current one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        method = None
        if options["method"]:
            method = RiskMethodVersion.objects.filter(version=options["method"]).first()
            if method is None:
                raise CommandError(
                    _("unknown method version '%(version)s'") % {"version": options["method"]}
                )

        def run(path: Any, actor: Any, progress: Any) -> Any:
            return import_risk_profiles(
                path,
                actor=actor,
                method=method,
                year=options["year"],
                source=options["source"],
                dry_run=options["dry_run"],
                progress=progress,
            )

        run_import(self, options, run)
