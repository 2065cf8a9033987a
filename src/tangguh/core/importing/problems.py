"""Problems in an input file, located by file, sheet, row and column, in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the format allows."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    sheet: str = ""

    @property
    def where(self) -> str:
        """The file, and the sheet of a workbook: `data.xlsx, sheet Usulan`."""
        if not self.sheet:
            return self.file
        return _("%(file)s, sheet %(sheet)s") % {"file": self.file, "sheet": self.sheet}

    def __str__(self) -> str:
        where = self.where
        if self.line is not None:
            where += ":" + str(self.line)
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data for JSON output and the API."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    """Raised with every problem found; nothing from the input was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Problems:
    """Collects problems while validating; `raise_if_any` stops before writing."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        *,
        sheet: str = "",
    ) -> None:
        """Record one problem."""
        self.items.append(Problem(file, message, line=line, column=column, sheet=sheet))

    def extend(self, problems: list[Problem]) -> None:
        """Record problems found elsewhere (by a reader, a sub-check)."""
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        """Raise ImportFailed when anything was recorded."""
        if self.items:
            raise ImportFailed(self.items)
