"""`tangguh load-nomenclature [FILE] [--edition NAME]`: load a nomenclature edition."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.core.importing import ImportFailed
from tangguh.nomenclature.loading import (
    SHIPPED_DEFINITIONS,
    SHIPPED_EDITION,
    SHIPPED_FILE,
    load_nomenclature,
)


class Command(BaseCommand):
    """Create or update one edition of the programme / activity / sub-activity nomenclature."""

    help = (
        "Load a nomenclature edition from a CSV (columns jenis_pemda, level, code, name, "
        "parent_code; optional output, indicator, unit, tag, spm, jenis_sub_kegiatan, pelaksana, "
        "kode_sub_kegiatan_sebelumnya, nama_sub_kegiatan_sebelumnya; .csv or .csv.gz). Without "
        "FILE, loads the 2027 update shipped with tangguh. A later edition loads beside the "
        "earlier ones; reloading an edition updates it. Everything is checked before anything "
        "is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="nomenclature CSV")
        parser.add_argument(
            "--edition", help="short name of the edition, e.g. 2028 (default: from the file name)"
        )
        parser.add_argument("--title", default="", help="title shown to users")
        parser.add_argument("--year", type=int, help="first budget year the edition is used for")
        parser.add_argument(
            "--definitions",
            type=Path,
            help="CSV of operational definitions (jenis_pemda, code, definisi_operasional)",
        )
        parser.add_argument(
            "--provisional",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="mark the edition as not yet enacted (--no-provisional: enacted)",
        )
        parser.add_argument("--legal-basis", default="", help="e.g. the Kepmendagri number")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        add_actor_argument(parser)
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        extra: dict[str, Any] = {}
        if path is None:
            path = SHIPPED_FILE
            extra = dict(SHIPPED_EDITION)
            options["definitions"] = options["definitions"] or SHIPPED_DEFINITIONS
        for candidate in (path, options["definitions"]):
            if candidate is not None and not candidate.exists():
                raise CommandError(_("file not found: %(files)s") % {"files": candidate})
        edition = options["edition"] or extra.pop("name", None) or _edition_from(path)
        extra.pop("name", None)
        if not edition:
            raise CommandError(_("give the edition's name with --edition, e.g. --edition 2028"))
        for option, key in (
            ("title", "title"),
            ("year", "budget_year"),
            ("provisional", "provisional"),
            ("legal_basis", "legal_basis"),
        ):
            if options[option] not in (None, ""):
                extra[key] = options[option]
        try:
            with change_source("cli"):
                report = load_nomenclature(
                    path,
                    edition=edition,
                    definitions=options["definitions"],
                    actor=actor_from(options),
                    dry_run=options["dry_run"],
                    **extra,
                )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ImportFailed as failure:
            for problem in failure.problems[:200]:
                self.stderr.write(str(problem))
            if len(failure.problems) > 200:
                self.stderr.write(
                    _("… and %(count)d more") % {"count": len(failure.problems) - 200}
                )
            raise CommandError(
                _("%(count)d problem(s) found; nothing was written.")
                % {"count": len(failure.problems)}
            ) from failure
        if options["json"]:
            self.stdout.write(json.dumps({**report.as_dict(), "dry_run": options["dry_run"]}))
            return
        prefix = "[dry run] " if options["dry_run"] else ""
        levels = ", ".join(f"{level} {count}" for level, count in report.by_level.items())
        self.stdout.write(
            f"{prefix}edition {report.edition}: created {report.created} / updated "
            f"{report.updated} / unchanged {report.unchanged} / removed {report.removed} "
            f"({levels})"
        )


def _edition_from(path: Path) -> str | None:
    found = re.search(r"(20\d\d)", path.name)
    return found.group(1) if found else None
