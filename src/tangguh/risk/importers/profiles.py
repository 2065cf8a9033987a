"""Import risk profiles (an InaRISK export, a KRB table) per region and hazard: indices on 0–1 or
classes, computed with a method version. The whole file is checked first; then every row is
written in one transaction, or none. A profile is identified by (region, hazard, year, method
version), so importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.importing.report import ImportReport
from tangguh.core.importing.rows import RowReader
from tangguh.core.progress import NullProgress, Progress
from tangguh.risk.choices import RISK_WORDS, Origin
from tangguh.risk.importers.columns import REGION_ORDER, RISK_CLASS_WORDS, RISK_COLUMNS
from tangguh.risk.importers.reading import (
    Hazards,
    Opened,
    check_record,
    class_parser,
    finish,
    in_transaction,
    open_table,
    parse_index,
    parse_year_of,
    read_region,
    regions_by_code,
    reject_duplicates,
    resolver_for,
    write,
)
from tangguh.risk.importers.scores import (
    SCORE_COMPARED,
    SCORE_KEY,
    note_disagreement,
    read_score,
    score_column,
)
from tangguh.risk.models import RiskMethodVersion, RiskProfile, RiskScore

RISK = "risk"
COMPONENTS = ("hazard", "vulnerability", "capacity")
PROFILE_KEY = ("region", "hazard", "year", "method")
PROFILE_COMPARED = (
    *RiskProfile.INPUT_FIELDS,
    *RiskProfile.COMPUTED_FIELDS,
    "source",
    "notes",
    "origin",
)
# Where a profile's field comes from in the file (for problems the model finds).
PROFILE_COLUMNS = {
    "hazard_class": "hazard_class",
    "vulnerability_class": "vulnerability_class",
    "capacity_class": "capacity_class",
    "risk_class_given": "risk_class",
    "risk_index_given": "risk_index",
}
# Where an IRBI score's field comes from in the file.
SCORE_COLUMNS = {"score_class": "risk_class", "score": "irbi_score", "region": "regency_code"}
_risk_class = class_parser(RISK_WORDS, RISK_CLASS_WORDS)


class _Defaults:
    """What rows that give none get: a method version, a year and a source."""

    def __init__(self, method: RiskMethodVersion | None, year: int | None, source: str) -> None:
        self.method = method or RiskMethodVersion.current()
        self.methods = {m.version: m for m in RiskMethodVersion.objects.all()}
        self.year, self.source = year, source


def import_risk_profiles(
    path: Path,
    *,
    actor: Any,
    method: RiskMethodVersion | None = None,
    year: int | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str | None = None,
) -> ImportReport:
    """Read a table of risk profiles (and IRBI scores, see `scores`); write all rows or none.
    Rows without a year or source get `year` and `source`; rows without a method version get
    `method` (default: the current one). `name` is how the user knows the file (an upload's
    name)."""
    progress = progress or NullProgress()
    report = ImportReport(dry_run=dry_run, details={"kind": RISK})
    required = [REGION_ORDER, ("hazard_code", "hazard_name", "irbi_score", "risk_index")]
    opened = open_table(path, name or path.name, RISK_COLUMNS, required, report)
    if opened is None:
        return report
    found = _read_rows(opened, actor, _Defaults(method, year, source), progress)
    reject_duplicates(
        found.profiles,
        _profile_key,
        _("the same region, hazard, year and method version as line %(line)d"),
    )
    reject_duplicates(
        found.scores,
        lambda s: (s.region_id, s.hazard_id, s.year),
        _("the same regency/city, hazard (or all hazards) and year as line %(line)d"),
    )
    if not finish(opened, report):
        return report
    report.count("risk_profiles", len(found.profiles))
    report.count("irbi_scores", len(found.scores))
    in_transaction(dry_run, lambda: _write(found, actor, report, progress))
    return report


@dataclass
class _Found:
    """The checked records of a risk table: profiles and IRBI scores, each with its row."""

    profiles: list[tuple[RowReader, RiskProfile]] = field(default_factory=list)
    scores: list[tuple[RowReader, RiskScore]] = field(default_factory=list)


def _write(found: _Found, actor: Any, report: ImportReport, progress: Progress) -> None:
    """Write the profiles, then the IRBI scores (inside the caller's transaction)."""
    profiles = [p for _reader, p in found.profiles]
    write(
        RiskProfile,
        profiles,
        PROFILE_KEY,
        PROFILE_COMPARED,
        actor=actor,
        report=report,
        progress=progress,
    )
    scores = [s for _reader, s in found.scores]
    write(
        RiskScore, scores, SCORE_KEY, SCORE_COMPARED, actor=actor, report=report, progress=progress
    )


def _profile_key(profile: RiskProfile) -> tuple[Any, ...]:
    """A profile's natural key."""
    return (profile.region_id, profile.hazard_id, profile.year, profile.method_id)


def _read_rows(opened: Opened, actor: Any, defaults: _Defaults, progress: Progress) -> _Found:
    """A checked record for every row without problems: a computed profile, or an IRBI score."""
    table, ctx = opened.table, opened.ctx
    resolver, hazards = resolver_for(actor, table), Hazards()
    read: list[tuple[RowReader, RiskProfile | RiskScore]] = []
    progress.start(len(table.rows), _("Checking risk profiles"))
    for row in table.rows:
        progress.advance()
        reader = ctx.reader(table, row)
        before = len(ctx.problems)
        column = score_column(reader)
        record: RiskProfile | RiskScore
        if column is None:
            record = _profile_from(reader, resolver, hazards, defaults)
        else:
            code = read_region(reader, resolver)
            record = read_score(reader, column, code, resolver, hazards, defaults)
        if len(ctx.problems) == before:
            read.append((reader, record))
    return _checked(read)


def _checked(read: list[tuple[RowReader, RiskProfile | RiskScore]]) -> _Found:
    """The records the models accept (a profile computed first); the others' problems go to
    their rows."""
    regions = regions_by_code({r.region_id for _reader, r in read})
    found = _Found()
    for reader, record in read:
        record.region = regions[record.region_id]
        if isinstance(record, RiskProfile):
            exclude = ["region", "hazard", "method"]
            if check_record(record, reader, PROFILE_COLUMNS, exclude, prepare=record.compute):
                found.profiles.append((reader, record))
        elif check_record(record, reader, SCORE_COLUMNS, ["region", "hazard"]):
            note_disagreement(reader, record)
            found.scores.append((reader, record))
    return found


def _profile_from(
    reader: RowReader, resolver: Any, hazards: Hazards, defaults: _Defaults
) -> RiskProfile:
    """An unsaved profile from one row; every unreadable cell is a problem of the row."""
    code = read_region(reader, resolver)
    hazard = _hazard(reader, hazards)
    method = defaults.method
    version = reader.text("method")
    if version:
        method = defaults.methods.get(version)  # type: ignore[assignment]
        if method is None:
            reader.fail("method", _("unknown method version '%(version)s'") % {"version": version})
    values: dict[str, Any] = {}
    for component in COMPONENTS:
        values[f"{component}_index"] = reader.get(f"{component}_index", parse_index)
        values[f"{component}_class"] = reader.get(f"{component}_class", _risk_class) or ""
    values["risk_index_given"] = reader.get("risk_index", parse_index)
    values["risk_class_given"] = reader.get("risk_class", _risk_class) or ""
    year = reader.get("year", parse_year_of("risk"))
    return RiskProfile(
        region_id=code or "",
        hazard=hazard,
        method=method,
        year=defaults.year if year is None else year,
        source=reader.text("source", 255) or defaults.source,
        notes=reader.text("notes"),
        origin=Origin.FILE,
        **values,
    )


def _hazard(reader: RowReader, hazards: Hazards) -> Any:
    """The row's hazard by code or name (None, and a problem, when it is missing or unknown)."""
    code, name = reader.text("hazard_code"), reader.text("hazard_name")
    hazard = hazards.find(code, name)
    if hazard is None and not (reader.has("hazard_code") or reader.has("hazard_name")):
        reader.ctx.problem(_("the hazard is missing"), line=reader.line)
    elif hazard is None:
        given = " / ".join(x for x in (code, name) if x)
        column = "hazard_code" if code or not reader.has("hazard_name") else "hazard_name"
        reader.fail(
            column,
            _("unknown hazard '%(hazard)s'") % {"hazard": given}
            if given
            else _("the hazard is missing"),
        )
    return hazard
