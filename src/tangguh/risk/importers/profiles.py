"""Import risk profiles (an InaRISK export, a KRB table) per region and hazard: indices on 0–1 or
classes, computed with a method version. The whole file is checked first; then every row is
written in one transaction, or none. A profile is identified by (region, hazard, year, method
version), so importing the same file again changes nothing.
"""

from __future__ import annotations

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
    parse_year,
    read_region,
    regions_by_code,
    reject_duplicates,
    resolver_for,
    write,
)
from tangguh.risk.models import RiskMethodVersion, RiskProfile

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
    """Read a table of risk profiles; write all rows or none. Rows without a year or source get
    `year` and `source`; rows without a method version get `method` (default: the current one).
    `name` is how the user knows the file (an upload's name)."""
    progress = progress or NullProgress()
    report = ImportReport(dry_run=dry_run, details={"kind": RISK})
    required = [REGION_ORDER, ("hazard_code", "hazard_name")]
    opened = open_table(path, name or path.name, RISK_COLUMNS, required, report)
    if opened is None:
        return report
    profiles = _read_profiles(opened, actor, _Defaults(method, year, source), progress)
    reject_duplicates(
        profiles,
        _profile_key,
        _("the same region, hazard, year and method version as line %(line)d"),
    )
    if not finish(opened, report):
        return report
    in_transaction(
        dry_run,
        lambda: write(
            RiskProfile,
            [p for _reader, p in profiles],
            PROFILE_KEY,
            PROFILE_COMPARED,
            actor=actor,
            report=report,
            progress=progress,
        ),
    )
    return report


def _profile_key(profile: RiskProfile) -> tuple[Any, ...]:
    return (profile.region_id, profile.hazard_id, profile.year, profile.method_id)


def _read_profiles(
    opened: Opened, actor: Any, defaults: _Defaults, progress: Progress
) -> list[tuple[RowReader, RiskProfile]]:
    """A checked, computed profile for every row without problems."""
    table, ctx = opened.table, opened.ctx
    resolver, hazards = resolver_for(actor, table), Hazards()
    read: list[tuple[RowReader, RiskProfile]] = []
    progress.start(len(table.rows), _("Checking risk profiles"))
    for row in table.rows:
        progress.advance()
        reader = ctx.reader(table, row)
        before = len(ctx.problems)
        profile = _profile_from(reader, resolver, hazards, defaults)
        if len(ctx.problems) == before:
            read.append((reader, profile))
    regions = regions_by_code({p.region_id for _reader, p in read})
    checked = []
    for reader, profile in read:
        profile.region = regions[profile.region_id]
        exclude = ["region", "hazard", "method"]
        if check_record(profile, reader, PROFILE_COLUMNS, exclude, prepare=profile.compute):
            checked.append((reader, profile))
    return checked


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
    year = reader.get("year", parse_year)
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
    if hazard is None:
        given = " / ".join(x for x in (code, name) if x)
        column = "hazard_code" if code or not reader.has("hazard_name") else "hazard_name"
        reader.fail(
            column,
            _("unknown hazard '%(hazard)s'") % {"hazard": given}
            if given
            else _("the hazard is missing"),
        )
    return hazard
