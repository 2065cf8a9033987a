"""`tangguh match-proposals INPUT.csv -o OUTPUT.csv [--top K] [--edition NAME]
[--government kabkota|provinsi]`.

INPUT has the columns `id,text` and optionally `region_code`: where the text comes from (a
village, desa or kelurahan; a sub-district; a regency or city). The text is then read in that
context (a kelurahan's small works also get the sub-district's own sub-activity; the codings and
"marked wrong" of the regency's planners count) and the agency hint names the regency's agencies
holding the suggestion's field of affairs. OUTPUT has one row per suggestion:
`id,rank,sub_activity_code,sub_activity_name,agency_hint,score,explanation`, where `score` is the
calibrated confidence (about this share of such suggestions are the code planners choose). A
text without suggestions (empty, only a place name, no known word) has no row; the reason is
written to the error stream.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.core.exporting import guard
from tangguh.nomenclature.models import Edition, Government
from tangguh.planning.matching import Found, find_many, resolve_edition
from tangguh.regions import codes
from tangguh.regions.models import Region

OUTPUT_COLUMNS = [
    "id",
    "rank",
    "sub_activity_code",
    "sub_activity_name",
    "agency_hint",
    "score",
    "explanation",
]
BATCH = 1000
MAX_SHOWN = 50
csv.field_size_limit(1024 * 1024)


class Command(BaseCommand):
    """Suggest sub-activities (and the agencies that may carry them) for proposal texts."""

    help = (
        "Suggest the most likely sub-activities of the nomenclature for each text of a CSV file "
        "(columns id,text and optionally region_code: where the text comes from), with a "
        "calibrated confidence and the words that matched. Writes one row per suggestion: id,"
        "rank,sub_activity_code,sub_activity_name,agency_hint,score,explanation. The input is "
        "checked first (missing columns, empty texts, duplicate ids, unknown region codes); large "
        "files are read and matched in batches; texts without a suggestion are named on the "
        "error stream with the reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path)
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument("--top", type=int, default=5, help="suggestions per text (1-50)")
        parser.add_argument("--edition", help="nomenclature edition (default: the newest)")
        parser.add_argument(
            "--government",
            choices=[g.value for g in Government],
            default=Government.KABKOTA,
            help="whose list of sub-activities: kabkota (default) or provinsi",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(_("file not found: %(files)s") % {"files": source})
        top = options["top"]
        if not 1 <= top <= 50:
            raise CommandError(_("--top must lie between 1 and 50."))
        edition = self._edition(options.get("edition"))
        regions = self._check(source)
        count = written = unmatched = 0
        silent: list[tuple[str, str]] = []
        with options["output"].open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            for batch in _batches(source):
                count += len(batch)
                found = self._match(batch, regions, edition, options["government"], top)
                written += _write(writer, batch, found)
                for row, result in zip(batch, found, strict=True):
                    if not result.matches:
                        unmatched += 1
                        if len(silent) < MAX_SHOWN:
                            silent.append((row["id"].strip(), result.message))
        self._report_silent(silent, unmatched)
        self.stdout.write(
            _("%(count)d text(s) matched; %(rows)d suggestion(s) written to %(file)s")
            % {"count": count, "rows": written, "file": options["output"]}
        )

    def _report_silent(self, silent: list[tuple[str, str]], unmatched: int) -> None:
        """Name the texts that got no suggestion, with the reason (on the error stream)."""
        if not unmatched:
            return
        self.stderr.write(_("%(count)d text(s) without a suggestion:") % {"count": unmatched})
        for ident, message in silent:
            self.stderr.write(f"  {ident}: {message}")
        if unmatched > len(silent):
            self.stderr.write(_("… and %(count)d more") % {"count": unmatched - len(silent)})

    def _edition(self, name: str | None) -> Edition:
        edition = resolve_edition(name, None)
        if edition is None:
            known = ", ".join(Edition.objects.values_list("name", flat=True))
            if not known:
                raise CommandError(
                    _("No nomenclature is loaded; run tangguh load-nomenclature first.")
                )
            raise CommandError(
                _("unknown edition '%(name)s'; the editions are: %(known)s")
                % {"name": name, "known": known}
            )
        return edition

    def _check(self, source: Path) -> dict[str, Region]:
        """Read the whole input once: every problem, and the regions it names."""
        problems: list[str] = []
        seen: dict[str, int] = {}
        regions: dict[str, Region | None] = {}
        with _open(source) as stream:
            reader = _reader(stream, source, problems)
            for line, row in reader:
                ident, text = row.get("id", "").strip(), row.get("text", "").strip()
                if not ident:
                    problems.append(_line(source, line, "id", _("the id is empty")))
                elif ident in seen:
                    problems.append(
                        _line(
                            source,
                            line,
                            "id",
                            _("the id %(id)s is used twice (first on line %(line)d)")
                            % {"id": ident, "line": seen[ident]},
                        )
                    )
                else:
                    seen[ident] = line
                if not text:
                    problems.append(_line(source, line, "text", _("the text is empty")))
                code = row.get("region_code", "").strip()
                if code:
                    problem = _region(code, regions)
                    if problem:
                        problems.append(_line(source, line, "region_code", problem))
            if not seen and not problems:
                problems.append(f"{source.name}: " + _("has a header but no rows"))
        if problems:
            for problem in problems[:MAX_SHOWN]:
                self.stderr.write(problem)
            if len(problems) > MAX_SHOWN:
                self.stderr.write(_("… and %(count)d more") % {"count": len(problems) - MAX_SHOWN})
            raise CommandError(
                _("%(count)d problem(s) in %(file)s; nothing was matched.")
                % {"count": len(problems), "file": source.name}
            )
        return {code: region for code, region in regions.items() if region is not None}

    def _match(
        self,
        batch: list[dict[str, str]],
        regions: dict[str, Region],
        edition: Edition,
        government: str,
        top: int,
    ) -> list[Found]:
        """Match one batch, grouped by the place the texts come from, in input order."""
        groups: dict[str, list[int]] = {}
        for position, row in enumerate(batch):
            groups.setdefault(_place_key(row.get("region_code", "").strip()), []).append(position)
        found: dict[int, Found] = {}
        for key, positions in groups.items():
            results = find_many(
                [batch[p]["text"].strip() for p in positions],
                edition=edition,
                government=government,
                region=regions.get(key) if key else None,
                top=top,
            )
            found.update(zip(positions, results, strict=True))
        return [found[position] for position in range(len(batch))]


def _write(writer: Any, batch: list[dict[str, str]], found: list[Found]) -> int:
    """Write the suggestions of a batch, one row each; how many were written."""
    written = 0
    for row, result in zip(batch, found, strict=True):
        for rank, match in enumerate(result.matches, start=1):
            writer.writerow(
                [
                    guard(row["id"].strip()),
                    rank,
                    match.item.code,
                    match.item.name,
                    match.agency_hint,
                    f"{match.score:.4f}",
                    match.explanation,
                ]
            )
            written += 1
    return written


def _open(source: Path) -> IO[str]:
    return source.open(encoding="utf-8-sig", newline="", errors="strict")


def _reader(
    stream: IO[str], source: Path, problems: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of the input with their line numbers; header problems are fatal."""
    try:
        first = stream.readline()
    except UnicodeDecodeError as exc:
        raise _not_utf8(source) from exc
    delimiter = max([",", ";", "\t"], key=first.count)
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
    missing = [name for name in ("id", "text") if name not in header]
    if missing:
        raise CommandError(
            _("%(file)s: missing column(s) %(missing)s; the header has: %(found)s")
            % {"file": source.name, "missing": ", ".join(missing), "found": ", ".join(header)}
        )
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for values in reader:
            if any(v.strip() for v in values):
                yield reader.line_num + 1, dict(zip(header, values, strict=False))
    except UnicodeDecodeError as exc:
        raise _not_utf8(source) from exc
    except csv.Error as exc:
        raise CommandError(
            _("%(file)s is not a valid CSV file: %(error)s") % {"file": source.name, "error": exc}
        ) from exc


def _batches(source: Path) -> Iterator[list[dict[str, str]]]:
    batch: list[dict[str, str]] = []
    with _open(source) as stream:
        for _line_number, row in _reader(stream, source, []):
            batch.append(row)
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _not_utf8(source: Path) -> CommandError:
    return CommandError(
        _("%(file)s is not UTF-8 text; save it again as 'CSV UTF-8'") % {"file": source.name}
    )


def _line(source: Path, line: int, column: str, message: str) -> str:
    return f"{source.name}:{line} [{column}]: {message}"


def _place_key(code: str) -> str:
    """A region code as the places are keyed (dots added), or "" when it is not one."""
    if not code or not codes.is_code(code):
        return ""
    return codes.normalize(code)


def _region(code: str, regions: dict[str, Region | None]) -> str | None:
    """Why a region code cannot be used (None when it can); remembers the region."""
    if not codes.is_code(code):
        return _("'%(code)s' is not a region code like 53.01") % {"code": code}
    normal = codes.normalize(code)
    if normal not in regions:
        regions[normal] = Region.objects.defer("boundary", "bbox").filter(code=normal).first()
    if regions[normal] is None:
        return _("unknown region code %(code)s") % {"code": normal}
    return None
