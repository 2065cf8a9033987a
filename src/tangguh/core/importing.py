"""The import framework: validate a whole file first, report every problem, write all or nothing."""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the format allows."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += ":" + str(self.line)
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data for JSON output and the API."""
        return {
            "file": self.file,
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
        self, file: str, message: str, line: int | None = None, column: str | None = None
    ) -> None:
        """Record one problem."""
        self.items.append(Problem(file=file, message=message, line=line, column=column))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        """Raise ImportFailed when anything was recorded."""
        if self.items:
            raise ImportFailed(self.items)


# A compressed file may not unpack to more than this (a "zip bomb" is refused, not unpacked).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024


def read_bytes(path: Path, problems: Problems) -> bytes | None:
    """A file's bytes, gunzipped when the name ends in .gz (at most MAX_UNPACKED_BYTES)."""
    try:
        if not path.name.lower().endswith(".gz"):
            return path.read_bytes()
        with gzip.open(path, "rb") as stream:
            raw = stream.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        problems.add(path.name, _("cannot be read: %(error)s") % {"error": exc})
        return None
    if len(raw) > MAX_UNPACKED_BYTES:
        problems.add(
            path.name,
            _("unpacks to more than %(limit)d MB") % {"limit": MAX_UNPACKED_BYTES // 2**20},
        )
        return None
    return raw


def read_text(path: Path, problems: Problems) -> str | None:
    """A file's text as UTF-8 (with or without BOM); a clear problem for other encodings."""
    raw = read_bytes(path, problems)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            path.name,
            _(
                "is not UTF-8 text (unexpected byte 0x%(byte)02x at position %(pos)d); "
                "save it again as 'CSV UTF-8'"
            )
            % {"byte": raw[exc.start], "pos": exc.start},
        )
        return None


@dataclass
class CsvRow:
    """One data row of a CSV file with its line number and lower-cased column names."""

    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        """The stripped value of a column ('' when absent)."""
        return (self.values.get(name) or "").strip()


def read_csv(
    path: Path,
    problems: Problems,
    *,
    required: Mapping[str, tuple[str, ...]],
    optional: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[list[str], Iterator[CsvRow]] | None:
    """Open a CSV (comma, semicolon or tab separated) and check that required columns exist.

    `required` and `optional` map a canonical column name to its accepted spellings; the rows use
    the canonical names for those columns and the lower-cased header for the others.
    """
    text = read_text(path, problems)
    if text is None:
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        problems.add(path.name, _("is empty"))
        return None
    rename: dict[str, str] = {}
    missing = []
    for canonical, spellings in required.items():
        found = next((h for h in header if h in spellings), None)
        if found is None:
            missing.append(canonical)
        else:
            rename[found] = canonical
    for canonical, spellings in (optional or {}).items():
        found = next((h for h in header if h in spellings and h not in rename), None)
        if found is not None:
            rename[found] = canonical
    if missing:
        problems.add(
            path.name,
            _("missing column(s) %(missing)s; the header has: %(found)s")
            % {"missing": ", ".join(missing), "found": ", ".join(header)},
            line=1,
        )
        return None
    columns = [rename.get(h, h) for h in header]

    def rows() -> Iterator[CsvRow]:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield CsvRow(line=number, values=dict(zip(columns, values, strict=False)))

    return columns, rows()
