"""`tangguh load-regions [FILES…]`: load the geography (the shipped NTT files by default)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.core.importing import ImportFailed
from tangguh.core.progress import RichProgress
from tangguh.regions.loading import load_regions, shipped_files


class Command(BaseCommand):
    """Create, update and deactivate regions from CSV tables and GeoJSON boundaries."""

    help = (
        "Load regions from CSV tables (columns kode, nama; optional jenis, luas_km2, "
        "penduduk_total, penduduk_laki, penduduk_perempuan, lat_centroid, lng_centroid) and "
        "GeoJSON boundaries (property kode). Without files, loads the NTT geography shipped "
        "with tangguh. Idempotent; all files are checked before anything is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="CSV and GeoJSON files")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="the files are a complete edition: deactivate regions they no longer list "
            "(always on when loading the shipped files)",
        )
        add_actor_argument(parser)
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["files"] or shipped_files()
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(_("file not found: %(files)s") % {"files": ", ".join(missing)})
        show_bar = not options["no_progress"] and not options["json"] and sys.stderr.isatty()
        try:
            with change_source("cli"), RichProgress(enabled=show_bar) as progress:
                report = load_regions(
                    paths,
                    actor=actor_from(options),
                    progress=progress,
                    dry_run=options["dry_run"],
                    deactivate_missing=options["deactivate_missing"] or not options["files"],
                )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)d problem(s) found; nothing was written.")
                % {"count": len(failure.problems)}
            ) from failure
        if options["json"]:
            self.stdout.write(json.dumps({**report.as_dict(), "dry_run": options["dry_run"]}))
            return
        prefix = "[dry run] " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}created {report.created} / updated {report.updated} / "
            f"unchanged {report.unchanged} / deactivated {report.deactivated}"
        )
