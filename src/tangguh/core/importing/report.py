"""What an import did (or would do, in a dry run): counts, problems, warnings, unread columns.

One report for every importer. Its plain-data form (`as_dict`) is the `--json` output of the
import commands and the result of an upload's background job; `lines` gives the same counts as a
person reads them, in their language. Apps name their own counts (`duplicates`, `refined`, …) with
`count_label`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tangguh.core.importing.problems import ImportFailed, Problem

COUNT_LABELS: dict[str, str | Promise] = {
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "deleted": _("deleted"),
    "rejected": _("rows rejected"),
}


def count_label(key: str, label: str | Promise) -> None:
    """Name an app's own count for the report page (call from AppConfig.ready)."""
    COUNT_LABELS.setdefault(key, label)


@dataclass
class ImportReport:
    """Counts, problems and notes of one import; nothing was written when `errors` is not empty."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    format: str = ""
    dry_run: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the input had no problems."""
        return not self.errors

    def count(self, key: str, steps: int = 1) -> None:
        """Add to one of the app's own counts."""
        self.counts[key] = self.counts.get(key, 0) + steps

    def reject(self, problems: list[Problem], rows: int | None = None) -> ImportReport:
        """Record the problems that stop the import; `rejected` counts the rows they name."""
        self.errors = list(problems)
        lines = {(p.sheet, p.line) for p in problems if p.line is not None}
        self.rejected = len(lines) if rows is None else rows
        return self

    def raise_if_failed(self) -> None:
        """Raise ImportFailed (for background jobs) when the input had problems."""
        if self.errors:
            raise ImportFailed(self.errors)

    def as_dict(self) -> dict[str, Any]:
        """The counts and problems as plain data (the `--json` output, a job's result)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "rejected": self.rejected,
            **self.counts,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "ignored_columns": list(self.ignored_columns),
            "format": self.format,
            "dry_run": self.dry_run,
            **self.details,
        }

    def summary(self) -> str:
        """One line for the CLI and the job page: `created 3 / updated 1 / unchanged 40`."""
        return " / ".join(f"{label} {value}" for label, value in count_lines(self.as_dict()))

    def headline(self) -> str:
        """A sentence for the job page's status line."""
        return headline(self.as_dict())


def count_lines(result: dict[str, Any]) -> list[tuple[str, int]]:
    """The counts of a report's plain data with their labels, in the user's language; zero
    counts of the five standard ones are kept (a person expects to see "created 0")."""
    shown = []
    standard = ("created", "updated", "unchanged", "deleted", "rejected")
    for key, value in result.items():
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if key in standard and not value and key in ("deleted", "rejected"):
            continue
        label = COUNT_LABELS.get(key)
        if label is not None:
            shown.append((str(label), value))
    return shown


def headline(result: dict[str, Any]) -> str:
    """What happened, in one sentence: written, or checked only (a dry run), or refused."""
    if result.get("errors"):
        count = len(result["errors"])
        return ngettext(
            "The file has %(count)d problem; nothing was written.",
            "The file has %(count)d problems; nothing was written.",
            count,
        ) % {"count": count}
    if result.get("dry_run"):
        return str(_("Checked only (dry run): nothing was written."))
    return str(_("Imported."))


def is_report(result: Any) -> bool:
    """True for the plain data of an ImportReport (a job's result)."""
    return isinstance(result, dict) and {"created", "updated", "errors"} <= set(result)
