"""Import risk profiles (e.g. InaRISK exports) and climate vulnerability classes (SIDIK) from CSV
or spreadsheet tables: check the whole file, then write every row in one transaction, or nothing.

A row is identified by (region, hazard, year, method version) for profiles and (region, year) for
climate classes, so importing the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core import audit
from tangguh.core.importing import Problem, Problems
from tangguh.core.models import ChangeRecord
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, Scope, user_scope
from tangguh.measures.hazards import HazardResolver, name_key
from tangguh.regions import codes
from tangguh.regions.models import Level, Region
from tangguh.risk.choices import CLIMATE_WORDS, RISK_WORDS, Origin, word_key
from tangguh.risk.exporting import unguard
from tangguh.risk.models import (
    FIRST_YEAR,
    LAST_YEAR,
    ClimateVulnerability,
    RiskMethodVersion,
    RiskProfile,
)
from tangguh.risk.tables import Row, Table, find_table, read_rows

RISK, CLIMATE = "risk", "climate"
KINDS = (RISK, CLIMATE)

# Region columns, finest first: a row's region is the first of them it fills in.
REGION_COLUMNS: dict[str, tuple[str, ...]] = {
    "village_code": (
        "kode desa",
        "kode desa/kelurahan",
        "kode kelurahan",
        "kd desa",
        "id desa",
        "kode wilayah desa",
        "village code",
    ),
    "district_code": (
        "kode kecamatan",
        "kode kec",
        "kd kec",
        "id kecamatan",
        "sub-district code",
        "district code",
    ),
    "regency_code": (
        "kode kabupaten",
        "kode kabupaten/kota",
        "kode kab/kota",
        "kode kab",
        "kd kab",
        "id kabupaten",
        "regency code",
    ),
    "region_code": ("kode wilayah", "kode kemendagri", "region code", "kode", "code", "region"),
}
COMMON_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("tahun", "tahun kajian", "tahun data", "year"),
    "source": ("sumber", "sumber data", "source"),
    "notes": ("catatan", "keterangan", "notes", "note"),
}
RISK_COLUMNS: dict[str, tuple[str, ...]] = {
    **REGION_COLUMNS,
    "hazard_code": (
        "kode bahaya",
        "kode jenis bahaya",
        "kode ancaman",
        "kode bencana",
        "kode jenis bencana",
        "kode jenis kejadian",
        "hazard code",
    ),
    "hazard_name": (
        "bahaya",
        "jenis bahaya",
        "nama bahaya",
        "jenis ancaman",
        "jenis bencana",
        "bencana",
        "nama kejadian",
        "hazard",
        "hazard type",
        "hazard name",
    ),
    "hazard_index": ("indeks bahaya", "indeks ancaman", "nilai bahaya", "hazard index"),
    "hazard_class": (
        "kelas bahaya",
        "kelas ancaman",
        "tingkat bahaya",
        "tingkat ancaman",
        "hazard class",
        "hazard level",
    ),
    "vulnerability_index": ("indeks kerentanan", "nilai kerentanan", "vulnerability index"),
    "vulnerability_class": (
        "kelas kerentanan",
        "tingkat kerentanan",
        "vulnerability class",
        "vulnerability level",
    ),
    "capacity_index": ("indeks kapasitas", "nilai kapasitas", "capacity index"),
    "capacity_class": ("kelas kapasitas", "tingkat kapasitas", "capacity class", "capacity level"),
    "risk_index": ("indeks risiko", "indeks resiko", "nilai risiko", "risk index"),
    "risk_class": (
        "kelas risiko",
        "kelas resiko",
        "tingkat risiko",
        "tingkat resiko",
        "risk class",
        "risk level",
    ),
    "method": ("versi metode", "metode", "method version", "method"),
    **COMMON_COLUMNS,
}
CLIMATE_COLUMNS: dict[str, tuple[str, ...]] = {
    **REGION_COLUMNS,
    "climate_class": (
        "kelas kerentanan iklim",
        "kerentanan iklim",
        "kelas sidik",
        "climate vulnerability class",
        "climate vulnerability",
        "kelas kerentanan",
        "tingkat kerentanan",
        "vulnerability class",
        "kerentanan",
        "kelas",
        "class",
    ),
    "climate_index": (
        "indeks kerentanan iklim",
        "indeks sidik",
        "indeks kerentanan",
        "nilai kerentanan",
        "vulnerability index",
        "indeks",
        "index",
        "iv",
    ),
    **COMMON_COLUMNS,
}
# Columns read by people, not by the importer (names, results): not listed as ignored.
INFORMATIVE = {
    word_key(name)
    for name in (
        "region name",
        "nama wilayah",
        "nama desa",
        "desa",
        "desa/kelurahan",
        "kelurahan",
        "kecamatan",
        "kabupaten",
        "kabupaten/kota",
        "provinsi",
        "no",
        "nomor",
        "hazard name",
        "risk ratio",
        "risk index computed",
        "risk class by index",
        "risk class by matrix",
        "risk class result",
        "risk basis",
        "climate vulnerability name",
    )
}
REGION_ORDER = tuple(REGION_COLUMNS)
SIX_PLACES = Decimal("0.000001")


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run)."""

    kind: str = RISK
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The counts and problems as plain data (the `--json` output and the job result)."""
        return {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "ignored_columns": self.ignored_columns,
        }


class _Reader:
    """Reads one table's cells into values, recording every problem with its line and column."""

    def __init__(self, table: Table, scope: Scope, problems: Problems) -> None:
        self.table, self.scope, self.problems = table, scope, problems
        self.regions: dict[str, Region | None] = {}

    def prefetch(self) -> None:
        """Look up every region code of the table at once (one query per 500 codes)."""
        wanted = set()
        for row in self.table.rows:
            for column in REGION_ORDER:
                raw = self.table.text(row, column)
                if raw and codes.is_code(raw):
                    wanted.add(codes.normalize(raw))
        pending = sorted(wanted - self.regions.keys())
        for start in range(0, len(pending), 500):
            chunk = pending[start : start + 500]
            self.regions.update(dict.fromkeys(chunk))
            found = Region.objects.filter(code__in=chunk).only("code", "level", "name")
            self.regions.update((region.code, region) for region in found)

    def fail(self, row: Row, column: str, message: str) -> None:
        self.problems.add(self.table.file, message, row.line, self.table.label(column))

    def region(self, row: Row) -> Region | None:
        column = next((c for c in REGION_ORDER if self.table.text(row, c)), None)
        if column is None:
            first = next(c for c in REGION_ORDER if c in self.table.columns)
            self.fail(row, first, _("the region code is missing"))
            return None
        raw = self.table.text(row, column)
        code = codes.normalize(raw) if codes.is_code(raw) else None
        if code is None:
            self.fail(row, column, _("'%(code)s' is not a region code") % {"code": raw})
            return None
        if code not in self.regions:
            self.regions[code] = (
                Region.objects.filter(code=code).only("code", "level", "name").first()
            )
        region = self.regions[code]
        if region is None:
            self.fail(row, column, _("unknown region code %(code)s") % {"code": code})
            return None
        if region.level < Level.REGENCY:
            self.fail(
                row,
                column,
                _("%(code)s is a province; give a village, sub-district or regency/city")
                % {"code": code},
            )
            return None
        if not self.scope.covers(region.code):
            self.fail(
                row,
                column,
                _("region %(code)s is outside the regions you may change") % {"code": code},
            )
            return None
        return region

    def index(self, row: Row, column: str) -> Decimal | None:
        raw = self.table.text(row, column)
        if not raw:
            return None
        text = raw.replace(",", ".") if "." not in raw else raw
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail(row, column, _("'%(value)s' is not a number") % {"value": raw})
            return None
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(1):
            self.fail(
                row,
                column,
                _("the index %(value)s lies outside 0–1 (indices run from 0 to 1)")
                % {"value": raw},
            )
            return None
        return number.quantize(SIX_PLACES, ROUND_HALF_UP)

    def word(self, row: Row, column: str, words: dict[str, str], expected: str) -> str | None:
        """A class word ('' when blank, None when not recognised)."""
        raw = self.table.text(row, column)
        if not raw:
            return ""
        found = words.get(word_key(raw))
        if found is None:
            self.fail(
                row,
                column,
                _("'%(value)s' is not a class; use one of: %(expected)s")
                % {"value": raw, "expected": expected},
            )
        return found

    def year(self, row: Row, default: int | None) -> int | bool | None:
        """The row's year (the default when blank); False when it is not a year."""
        raw = self.table.text(row, "year")
        if not raw:
            return default
        if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
            self.fail(
                row,
                "year",
                _("'%(value)s' is not a year from %(first)d to %(last)d")
                % {"value": raw, "first": FIRST_YEAR, "last": LAST_YEAR},
            )
            return False
        return int(raw)

    def text(self, row: Row, column: str, default: str, limit: int | None = None) -> str | None:
        value = unguard(self.table.text(row, column)) or default
        if limit is not None and len(value) > limit:
            self.fail(row, column, _("is longer than %(limit)d characters") % {"limit": limit})
            return None
        return value


RISK_CLASS_WORDS = "Rendah, Sedang, Tinggi (low, medium, high)"
CLIMATE_CLASS_WORDS = (
    "Sangat Rendah, Rendah, Sedang, Tinggi, Sangat Tinggi (very low, low, medium, high, very high)"
)


class _Hazards:
    """The hazard catalogue, looked up by key, DIBI code or name."""

    def __init__(self) -> None:
        self.by_key = {h.key: h for h in HazardType.objects.all()}
        self.resolver = HazardResolver(h.entry() for h in self.by_key.values())

    def find(self, code: str, name: str) -> HazardType | None:
        for text in (code, name):
            if text in self.by_key:
                return self.by_key[text]
        if not code and name and name_key(name).isdigit():
            code = name
        found = self.resolver.resolve(code or None, name or None)
        return self.by_key[found.key] if found is not None else None


def detect_kind(path: Path) -> str | None:
    """RISK for a table with a hazard column, CLIMATE for one with a climate class column."""
    rows = read_rows(path, Problems()) or []
    for kind, spellings, marker in (
        (RISK, RISK_COLUMNS, ("hazard_code", "hazard_name")),
        (CLIMATE, CLIMATE_COLUMNS, ("climate_class",)),
    ):
        keys = {word_key(s) for name in marker for s in spellings[name]}
        for row in rows[:10]:
            if keys & {word_key(str(c)) for c in row.cells if c is not None}:
                return kind
    return None


def _open(
    path: Path, spellings: dict[str, tuple[str, ...]], required: list[list[str]], report: Any
) -> tuple[Table | None, Problems]:
    problems = Problems()
    rows = read_rows(path, problems)
    table = None
    if rows is not None:
        if not rows:
            problems.add(path.name, _("is empty"))
        else:
            table = find_table(path.name, rows, problems, spellings=spellings, required=required)
    if table is not None:
        report.ignored_columns = [h for h in table.ignored if word_key(h) not in INFORMATIVE]
        if not table.rows:
            problems.add(path.name, _("has a header but no rows"))
    return table, problems


def _scope(actor: Any) -> Scope:
    return EVERYWHERE if actor is None else user_scope(actor, "add")


def _validation_problems(
    exc: ValidationError, table: Table, row: Row, problems: Problems, columns: dict[str, str]
) -> None:
    for name, messages in exc.message_dict.items():
        column = columns.get(name, name)
        label = None if name == "__all__" else table.label(column)
        for message in messages:
            problems.add(table.file, message, row.line, label)


def _reject_duplicates(
    items: list[tuple[Row, models.Model]],
    key: Callable[[Any], tuple[Any, ...]],
    table: Table,
    problems: Problems,
    message: str,
) -> None:
    first: dict[tuple[Any, ...], int] = {}
    column = table.label(next(c for c in REGION_ORDER if c in table.columns))
    for row, obj in items:
        k = key(obj)
        if k in first:
            problems.add(table.file, message % {"line": first[k]}, row.line, column)
        else:
            first[k] = row.line


def _write(
    items: list[models.Model],
    model: type[models.Model],
    key: Callable[[Any], tuple[Any, ...]],
    existing: Iterable[models.Model],
    compared: tuple[str, ...],
    actor: Any,
    report: ImportReport,
    progress: Progress,
) -> None:
    stored = {key(obj): obj for obj in existing}
    new: list[models.Model] = []
    changes: list[ChangeRecord] = []
    progress.start(len(items), _("Writing"))
    for obj in items:
        old = stored.get(key(obj))
        if old is None:
            new.append(obj)
        elif all(getattr(old, name) == getattr(obj, name) for name in compared):
            report.unchanged += 1
        else:
            before = audit.snapshot(old)
            for name in compared:
                setattr(old, name, getattr(obj, name))
            old.save()
            changes.append(
                audit.new_change(
                    actor, ChangeRecord.Action.UPDATE, old, audit.diff(before, audit.snapshot(old))
                )
            )
            report.updated += 1
        progress.advance()
    model._default_manager.bulk_create(new, batch_size=500)
    report.created = len(new)
    changes += [
        audit.new_change(
            actor, ChangeRecord.Action.CREATE, obj, audit.diff({}, audit.snapshot(obj))
        )
        for obj in new
    ]
    audit.record_changes(changes)


def _finish(report: ImportReport, problems: Problems, rows: int) -> bool:
    if problems:
        report.errors = problems.items
        report.rejected = len({p.line for p in problems.items if p.line is not None}) if rows else 0
        return False
    return True


def _profile_key(profile: RiskProfile) -> tuple[Any, ...]:
    return (profile.region_id, profile.hazard_id, profile.year, profile.method_id)


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


def import_risk_profiles(
    path: Path,
    *,
    actor: Any,
    method: RiskMethodVersion | None = None,
    year: int | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read a table of risk profiles; write all rows or none. Rows without a year or source get
    `year` and `source`; rows without a method version get `method` (default: the current one)."""
    progress = progress or NullProgress()
    report = ImportReport(kind=RISK)
    table, problems = _open(
        path,
        RISK_COLUMNS,
        [list(REGION_ORDER), ["hazard_code", "hazard_name"]],
        report,
    )
    if table is None:
        _finish(report, problems, 0)
        return report
    default_method = method or RiskMethodVersion.current()
    methods = {m.version: m for m in RiskMethodVersion.objects.all()}
    reader = _Reader(table, _scope(actor), problems)
    reader.prefetch()
    hazards = _Hazards()
    items: list[tuple[Row, RiskProfile]] = []
    progress.start(len(table.rows), _("Checking risk profiles"))
    for row in table.rows:
        progress.advance()
        profile = _profile_from(row, table, reader, hazards, methods, default_method, year, source)
        if profile is None:
            continue
        try:
            profile.compute()
            profile.full_clean(
                exclude=["region", "hazard", "method"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            _validation_problems(exc, table, row, problems, PROFILE_COLUMNS)
            continue
        items.append((row, profile))
    _reject_duplicates(
        items,  # type: ignore[arg-type]
        _profile_key,
        table,
        problems,
        _("the same region, hazard, year and method version as line %(line)d"),
    )
    if not _finish(report, problems, len(table.rows)):
        return report
    profiles = [p for _row, p in items]
    with transaction.atomic():
        existing = RiskProfile.objects.filter(
            region_id__in={p.region_id for p in profiles},
            hazard_id__in={p.hazard_id for p in profiles},
            method_id__in={p.method_id for p in profiles},
        )
        _write(
            profiles,  # type: ignore[arg-type]
            RiskProfile,
            _profile_key,
            existing,
            PROFILE_COMPARED,
            actor,
            report,
            progress,
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _profile_from(
    row: Row,
    table: Table,
    reader: _Reader,
    hazards: _Hazards,
    methods: dict[str, RiskMethodVersion],
    default_method: RiskMethodVersion,
    default_year: int | None,
    default_source: str,
) -> RiskProfile | None:
    """An unsaved profile from one row (None when a cell has a problem, which is recorded)."""
    region = reader.region(row)
    code, name = table.text(row, "hazard_code"), table.text(row, "hazard_name")
    hazard = hazards.find(code, name)
    if hazard is None:
        column = "hazard_code" if code else "hazard_name"
        given = " / ".join(x for x in (code, name) if x)
        message = (
            _("unknown hazard '%(hazard)s'") % {"hazard": given}
            if given
            else _("the hazard is missing")
        )
        reader.fail(row, column if column in table.columns else "hazard_name", message)
    method = default_method
    version = table.text(row, "method")
    if version:
        if version not in methods:
            reader.fail(
                row, "method", _("unknown method version '%(version)s'") % {"version": version}
            )
            method = None  # type: ignore[assignment]
        else:
            method = methods[version]
    values: dict[str, Any] = {}
    ok = True
    for component in ("hazard", "vulnerability", "capacity"):
        values[f"{component}_index"] = reader.index(row, f"{component}_index")
        word = reader.word(row, f"{component}_class", RISK_WORDS, RISK_CLASS_WORDS)
        ok = ok and word is not None
        values[f"{component}_class"] = word or ""
        ok = ok and not (
            table.text(row, f"{component}_index") and values[f"{component}_index"] is None
        )
    values["risk_index_given"] = reader.index(row, "risk_index")
    ok = ok and not (table.text(row, "risk_index") and values["risk_index_given"] is None)
    risk_word = reader.word(row, "risk_class", RISK_WORDS, RISK_CLASS_WORDS)
    values["risk_class_given"] = risk_word or ""
    year = reader.year(row, default_year)
    source = reader.text(row, "source", default_source, 255)
    notes = reader.text(row, "notes", "")
    if (
        region is None
        or hazard is None
        or method is None
        or not ok
        or risk_word is None
        or year is False
        or source is None
    ):
        return None
    return RiskProfile(
        region=region,
        hazard=hazard,
        method=method,
        year=year,
        source=source,
        notes=notes or "",
        origin=Origin.FILE,
        **values,
    )


def _climate_key(record: ClimateVulnerability) -> tuple[Any, ...]:
    return (record.region_id, record.year)


CLIMATE_COMPARED = ("vulnerability_class", "index", "source", "notes", "origin")


def import_climate_vulnerability(
    path: Path,
    *,
    actor: Any,
    year: int | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read a table of SIDIK climate vulnerability classes; write all rows or none."""
    progress = progress or NullProgress()
    report = ImportReport(kind=CLIMATE)
    table, problems = _open(path, CLIMATE_COLUMNS, [list(REGION_ORDER), ["climate_class"]], report)
    if table is None:
        _finish(report, problems, 0)
        return report
    reader = _Reader(table, _scope(actor), problems)
    reader.prefetch()
    items: list[tuple[Row, ClimateVulnerability]] = []
    progress.start(len(table.rows), _("Checking climate vulnerability"))
    for row in table.rows:
        progress.advance()
        region = reader.region(row)
        word = reader.word(row, "climate_class", CLIMATE_WORDS, CLIMATE_CLASS_WORDS)
        if word == "":
            reader.fail(row, "climate_class", _("the climate vulnerability class is missing"))
        index = reader.index(row, "climate_index")
        bad_index = bool(table.text(row, "climate_index")) and index is None
        row_year = reader.year(row, year)
        row_source = reader.text(row, "source", source, 255)
        notes = reader.text(row, "notes", "")
        if region is None or not word or bad_index or row_year is False or row_source is None:
            continue
        record = ClimateVulnerability(
            region=region,
            year=row_year,
            vulnerability_class=word,
            index=index,
            source=row_source,
            notes=notes or "",
            origin=Origin.FILE,
        )
        try:
            record.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            _validation_problems(
                exc, table, row, problems, {"vulnerability_class": "climate_class"}
            )
            continue
        items.append((row, record))
    _reject_duplicates(
        items,  # type: ignore[arg-type]
        _climate_key,
        table,
        problems,
        _("the same region and year as line %(line)d"),
    )
    if not _finish(report, problems, len(table.rows)):
        return report
    records = [r for _row, r in items]
    with transaction.atomic():
        existing = ClimateVulnerability.objects.filter(region_id__in={r.region_id for r in records})
        _write(
            records,  # type: ignore[arg-type]
            ClimateVulnerability,
            _climate_key,
            existing,
            CLIMATE_COMPARED,
            actor,
            report,
            progress,
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(
    path: Path,
    *,
    actor: Any,
    kind: str | None = None,
    method: RiskMethodVersion | None = None,
    year: int | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a risk or climate table; `kind` None recognises it by its columns."""
    kind = kind or detect_kind(path) or RISK
    if kind == CLIMATE:
        return import_climate_vulnerability(
            path, actor=actor, year=year, source=source, dry_run=dry_run, progress=progress
        )
    return import_risk_profiles(
        path,
        actor=actor,
        method=method,
        year=year,
        source=source,
        dry_run=dry_run,
        progress=progress,
    )
