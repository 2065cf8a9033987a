"""`tangguh import-risk FILE [--method VERSION] [--year Y] [--source S] [--dry-run] [--json]
[--actor U]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.risk.importers import import_risk_profiles
from tangguh.risk.management.commands._importing import RiskImportCommand
from tangguh.risk.models import RiskMethodVersion


class Command(RiskImportCommand):
    """Import village risk profiles; prints created / updated / unchanged / rejected counts."""

    help = (
        "Import risk profiles per region and hazard (e.g. an InaRISK export) from CSV, XLSX or "
        "XLS: a region code (village, sub-district or regency; dots optional), a hazard (DIBI "
        "code or name) and any of the hazard, vulnerability, capacity and risk indices (0-1) or "
        "classes (Rendah/Sedang/Tinggi), year and source. The whole file is checked first; if any "
        "row has a problem nothing is written. Re-importing changes nothing."
    )

    def add_import_arguments(self, parser: CommandParser) -> None:
        super().add_import_arguments(parser)
        parser.add_argument(
            "--method",
            metavar="VERSION",
            help="the risk method version for rows that name none (default: the current one)",
        )

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        method = None
        if options["method"]:
            method = RiskMethodVersion.objects.filter(version=options["method"]).first()
            if method is None:
                raise CommandError(
                    _("unknown method version '%(version)s'") % {"version": options["method"]}
                )
        return import_risk_profiles(
            paths[0],
            actor=actor,
            method=method,
            year=self.year_option(options),
            source=options["source"],
            dry_run=dry_run,
            progress=progress,
        )
