"""What `import-risk` and `import-climate` share: `--year` and `--source` on top of the import
command's FILE, `--dry-run`, `--json` and `--actor`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.importing.commands import ImportCommand
from tangguh.core.models import FIRST_YEAR, LAST_YEAR


class RiskImportCommand(ImportCommand):
    """An import of one risk or climate table."""

    def add_import_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="the year of rows that give none (default: none, 'unknown')"
        )
        parser.add_argument("--source", default="", help="the source of rows that name none")

    def year_option(self, options: dict[str, Any]) -> int | None:
        """The `--year` option, checked."""
        year: int | None = options.get("year")
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(
                _("'%(value)s' is not a year from %(first)d to %(last)d")
                % {"value": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return year
