"""`tangguh load-nomenclature [FILE] [--edition NAME]`: load a nomenclature edition."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.nomenclature.loading import (
    SHIPPED_DEFINITIONS,
    SHIPPED_EDITION,
    SHIPPED_FILE,
    load_nomenclature,
)

# Problems printed at most (a wrong file can have one on each of its 20,000 rows).
SHOWN_PROBLEMS = 200


class Command(ImportCommand):
    """Create or update one edition of the programme / activity / sub-activity nomenclature."""

    help = (
        "Load a nomenclature edition from a CSV (columns jenis_pemda, level, code, name, "
        "parent_code; optional output, indicator, unit, tag, spm, jenis_sub_kegiatan, pelaksana, "
        "kode_sub_kegiatan_sebelumnya, nama_sub_kegiatan_sebelumnya; .csv or .csv.gz). Without "
        "FILE, loads the 2027 update shipped with tangguh. A later edition loads beside the "
        "earlier ones; reloading an edition updates it. Everything is checked before anything "
        "is written."
    )
    file_nargs = "?"
    summary: ClassVar[list[tuple[str, str]]] = [
        ("created", "created"),
        ("updated", "updated"),
        ("unchanged", "unchanged"),
        ("removed", "removed"),
    ]

    def add_import_arguments(self, parser: CommandParser) -> None:
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

    def run_import(
        self, paths: list[Path], *, actor: Any, dry_run: bool, progress: Progress, **options: Any
    ) -> ImportReport:
        """Load FILE (or the shipped edition) as the edition its options name."""
        path, extra, definitions = _source(paths, options["definitions"])
        if definitions is not None and not definitions.exists():
            raise CommandError(_("file not found: %(files)s") % {"files": definitions})
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
        report = load_nomenclature(
            path, edition=edition, definitions=definitions, actor=actor, dry_run=dry_run, **extra
        )
        report.dry_run = dry_run
        return report

    def print_report(self, report: ImportReport, options: dict[str, Any]) -> None:
        """The report; at most SHOWN_PROBLEMS problems are listed, with how many more there are."""
        if options["json"] or len(report.errors) <= SHOWN_PROBLEMS:
            super().print_report(report, options)
            return
        for problem in report.errors[:SHOWN_PROBLEMS]:
            self.stderr.write(str(problem))
        self.stderr.write(
            _("… and %(count)d more") % {"count": len(report.errors) - SHOWN_PROBLEMS}
        )

    def summary_line(self, report: ImportReport, *, dry_run: bool) -> str:
        """`edition 2027: created 1 / updated 0 / unchanged 0 / removed 0 (urusan 1, …)`."""
        counts = super().summary_line(report, dry_run=False)
        prefix = "[dry run] " if dry_run else ""
        edition = report.details.get("edition")
        if edition is None:  # the file had problems: nothing was read as an edition
            return prefix + counts
        items: dict[str, int] = report.details.get("items", {})
        levels = ", ".join(f"{level} {count}" for level, count in items.items())
        return f"{prefix}edition {edition}: {counts} ({levels})"


def _source(given: list[Path], definitions: Path | None) -> tuple[Path, dict[str, Any], Any]:
    """The file to load, the shipped edition's details when it is the shipped file, and the
    definitions file."""
    if given:
        return given[0], {}, definitions
    return SHIPPED_FILE, dict(SHIPPED_EDITION), definitions or SHIPPED_DEFINITIONS


def _edition_from(path: Path) -> str | None:
    found = re.search(r"(20\d\d)", path.name)
    return found.group(1) if found else None
