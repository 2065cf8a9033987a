"""Import of SPM data from the workbook `exporting.data_book` writes (or the template filled in):
sheet `Layanan` (one row per regency/city, year and service: target, stages, quality standards
met) and sheet `Triwulan` (one row per service and quarter: people served, date reported,
reason). A CSV file holds one of the two, recognised by its columns.

The whole file is checked first, every problem named by file, sheet, row and column; then
everything is written through the services (validated and logged) in one transaction, or
nothing is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tangguh.core.importing import Problems
from tangguh.core.importing.cells import BadValue, Cell, cell_text, split_list
from tangguh.core.importing.columns import Table, find_table, header_key
from tangguh.core.importing.files import Sheet, read_file
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.importing.report import ImportReport
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.progress import Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.core.text import is_number
from tangguh.measures import spm
from tangguh.regions.models import Level, Region
from tangguh.spm import services
from tangguh.spm.choices import STAGE_FIELDS, Service, TargetBasis
from tangguh.spm.exporting import HELP_SHEET, QUARTER_SHEET, RECORD_SHEET, STAGE_COLUMNS
from tangguh.spm.models import QuarterReport, ServiceRecord

COMMON = {
    "region": ("kode_wilayah", "kode wilayah", "kode kabupaten", "kode kab/kota", "region code"),
    "region_name": ("nama_wilayah", "nama wilayah", "kabupaten/kota", "region"),
    "year": ("tahun", "year"),
    "service": ("layanan", "jenis pelayanan dasar", "pelayanan", "service"),
    "notes": ("catatan", "keterangan", "notes"),
}
RECORD_SPELLINGS = {
    **COMMON,
    "target": ("sasaran", "jumlah sasaran", "target", "people entitled"),
    "target_basis": ("dasar_sasaran", "dasar sasaran", "target basis"),
    "target_source": ("sumber_sasaran", "sumber sasaran", "target source"),
    **{f"stage_{key}": (column, f"stage {key}") for key, column in STAGE_COLUMNS.items()},
    "quality": ("standar_mutu", "standar mutu", "mutu", "quality standards met"),
}
QUARTER_SPELLINGS = {
    **COMMON,
    "quarter": ("triwulan", "tw", "quarter"),
    "served": ("terlayani", "jumlah terlayani", "served", "people served"),
    "reported_on": ("tanggal_lapor", "tanggal lapor", "reported on"),
    "reason": ("alasan", "reason"),
}
KEYS = ("region", "year", "service")
INFORMATIVE = ("region_name",)
SERVICE_WORDS = {
    **{header_key(s.value): s.value for s in Service},
    **{str(n): s.value for n, s in enumerate(Service, start=1)},
    "informasi": Service.INFORMATION,
    "pelayananinformasirawanbencana": Service.INFORMATION,
    "informasirawanbencana": Service.INFORMATION,
    "pencegahan": Service.PREVENTION,
    "pencegahandankesiapsiagaan": Service.PREVENTION,
    "pelayananpencegahandankesiapsiagaan": Service.PREVENTION,
    "penyelamatan": Service.RESCUE,
    "penyelamatandanevakuasikorbanbencana": Service.RESCUE,
    "pelayananpenyelamatandanevakuasikorbanbencana": Service.RESCUE,
    **{header_key(str(s.label)): s.value for s in Service},
}
BASIS_WORDS = {header_key(b.value): b.value for b in TargetBasis} | {
    "risiko": TargetBasis.RISK,
    "kejadian": TargetBasis.EVENTS,
    "ditetapkan": TargetBasis.STATED,
}
Key = tuple[str, int, str]


def parse_service(cell: Cell) -> str | None:
    """A service by its key, number (1–3) or name."""
    raw = cell_text(cell)
    if not raw:
        return None
    found = SERVICE_WORDS.get(header_key(raw))
    if found is None:
        raise BadValue(
            _(
                "'%(value)s' is not an SPM service; use 1 (information), 2 (prevention) or "
                "3 (rescue)"
            )
            % {"value": raw}
        )
    return str(found)


def parse_basis(cell: Cell) -> str:
    """The basis of a target (blank: stated by the region)."""
    raw = cell_text(cell)
    if not raw:
        return str(TargetBasis.STATED)
    found = BASIS_WORDS.get(header_key(raw))
    if found is None:
        raise BadValue(
            _("'%(value)s' is not a basis of the target; use risk, events or stated")
            % {"value": raw}
        )
    return str(found)


def quality_parser(service: str | None) -> Callable[[Cell], list[str]]:
    """A parser of the standards met: their numbers in the service's checklist ("1, 3") or keys."""
    order = spm.QUALITY_STANDARDS.get(service or "", ())

    def parse(cell: Cell) -> list[str]:
        """The keys of the standards listed."""
        found: list[str] = []
        for part in split_list(cell_text(cell).replace(";", ",")):
            text = part.strip()
            if is_number(text) and 1 <= int(text) <= len(order):
                key = order[int(text) - 1]
            elif text in order:
                key = text
            else:
                raise BadValue(
                    _("'%(value)s' is not a quality standard of this service (1 to %(count)d)")
                    % {"value": text, "count": len(order)}
                )
            if key not in found:
                found.append(key)
        return found

    return parse


@dataclass
class Read:
    """What the file gives: records and quarterly figures by key, each with its row."""

    records: dict[Key, tuple[RowReader, dict[str, Any]]] = field(default_factory=dict)
    quarters: dict[tuple[Key, int], tuple[RowReader, dict[str, Any]]] = field(default_factory=dict)
    # Keys of rows with a problem: not checked further against each other.
    broken: set[Key] = field(default_factory=set)


class SpmReader:
    """Reads the sheets of one file into `Read`, with every problem at its row and column."""

    def __init__(self, name: str, actor: Any) -> None:
        self.ctx = ReadContext(file=name)
        scope = EVERYWHERE if actor is None else user_scope(actor, "add")
        self.resolver = RegionResolver(scope=scope, least_level=2)
        self.read = Read()
        self.service: str | None = None

    def key(self, reader: RowReader) -> Key | None:
        """The row's regency/city, year and service (None when one is unusable)."""
        code = None
        raw = reader.text("region")
        if not raw:
            reader.fail("region", _("the region code is missing"))
        else:
            try:
                place = self.resolver.by_code(raw)
            except Unresolved as exc:
                reader.fail("region", str(exc))
            else:
                if place.level != Level.REGENCY:
                    reader.fail(
                        "region",
                        _(
                            "%(code)s is not a regency/city: SPM disaster services are a "
                            "regency's or city's (e.g. %(regency)s)"
                        )
                        % {"code": place.code, "regency": place.code[:5]},
                    )
                else:
                    code = place.code
        year = reader.year("year", "assessments")
        if year is None and not cell_text(reader.raw("year")):
            reader.fail("year", _("the year is missing"))
        service = self.service = reader.get("service", parse_service)
        if service is None and not cell_text(reader.raw("service")):
            reader.fail("service", _("the service is missing"))
        if code is None or year is None or service is None:
            return None
        return (code, year, service)

    def records(self, table: Table) -> None:
        """The `Layanan` rows."""
        ctx = self.ctx.on(table.sheet)
        for row in table.rows:
            before = len(ctx.problems)
            reader = ctx.reader(table, row)
            key = self.key(reader)
            parse_quality = quality_parser(self.service) if self.service else None
            values: dict[str, Any] = {
                "target": reader.count("target"),
                "target_basis": reader.get("target_basis", parse_basis) or TargetBasis.STATED,
                "target_source": reader.text("target_source", 255),
                "notes": reader.text("notes"),
                **{f: reader.yes_no(f) for f in STAGE_FIELDS.values() if reader.has(f)},
                "quality_met": (reader.get("quality", parse_quality) if parse_quality else None)
                or [],
            }
            if key is None:
                continue
            if len(ctx.problems) > before:
                self.read.broken.add(key)
                continue
            if key in self.read.records:
                first = self.read.records[key][0].line
                reader.fail("service", _("repeats the record of row %(line)d") % {"line": first})
                continue
            self.read.records[key] = (reader, values)

    def quarters(self, table: Table) -> None:
        """The `Triwulan` rows."""
        ctx = self.ctx.on(table.sheet)
        for row in table.rows:
            before = len(ctx.problems)
            reader = ctx.reader(table, row)
            key = self.key(reader)
            quarter = reader.whole("quarter", 1, 4)
            if quarter is None and not cell_text(reader.raw("quarter")):
                reader.fail("quarter", _("the quarter (1 to 4) is missing"))
            served = reader.count("served")
            if served is None and not cell_text(reader.raw("served")):
                reader.fail("served", _("the number of people served is missing"))
            reported_on = reader.date("reported_on")
            if reported_on is None and not cell_text(reader.raw("reported_on")):
                reader.fail("reported_on", _("the date reported is missing"))
            values = {
                "served": served,
                "reported_on": reported_on,
                "reason": reader.text("reason"),
                "notes": reader.text("notes"),
            }
            if key is None or quarter is None:
                continue
            if len(ctx.problems) > before:
                self.read.broken.add(key)
                continue
            if (key, quarter) in self.read.quarters:
                first = self.read.quarters[(key, quarter)][0].line
                reader.fail("quarter", _("repeats the quarter of row %(line)d") % {"line": first})
                continue
            self.read.quarters[(key, quarter)] = (reader, values)


def _sheet_kind(sheet: Sheet) -> str:
    """RECORD_SHEET or QUARTER_SHEET by the sheet's name or columns ('' for neither)."""
    title = header_key(sheet.title)
    if title == header_key(HELP_SHEET):
        return ""
    if title in (header_key(RECORD_SHEET), header_key(QUARTER_SHEET)):
        return RECORD_SHEET if title == header_key(RECORD_SHEET) else QUARTER_SHEET
    keys = {header_key(c) for row in sheet.rows[:10] for c in row.cells}
    if keys & {header_key(s) for s in ("triwulan", "quarter", "terlayani", "served")}:
        return QUARTER_SHEET
    if keys & {header_key(s) for s in ("sasaran", "target", "standar_mutu")}:
        return RECORD_SHEET
    return ""


def _existing(keys: set[Key]) -> dict[Key, ServiceRecord]:
    found: dict[Key, ServiceRecord] = {}
    for code in {k[0] for k in keys}:
        for record in ServiceRecord.objects.filter(region_id=code).select_related("region"):
            found[(record.region_id, record.year, record.service)] = record
    return {k: v for k, v in found.items() if k in keys}


def _put_errors(exc: ValidationError, reader: RowReader, columns: dict[str, str]) -> None:
    for name, messages in exc.message_dict.items():
        for message in messages:
            if name == "__all__":
                reader.ctx.problem(message, line=reader.line)
            else:
                reader.fail(columns.get(name, name), message)


RECORD_FIELDS = {"quality_met": "quality", "region": "region", "year": "year"}
QUARTER_FIELDS = {"quarter": "quarter", "record": "service"}


class Checker:
    """Checks what was read against the stored records and the models' rules."""

    def __init__(self, read: Read, regions: dict[str, Region]) -> None:
        self.read = read
        self.regions = regions
        keys = set(read.records) | {k for k, _q in read.quarters}
        self.stored = _existing(keys)

    def record_for(self, key: Key) -> ServiceRecord | None:
        """The record of a key as it will be after the import (unsaved values applied)."""
        base = self.stored.get(key)
        given = self.read.records.get(key)
        if given is None:
            return base
        record = ServiceRecord(pk=base.pk if base else None, **given[1])
        record.region = self.regions[key[0]]
        record.year, record.service = key[1], key[2]
        return record

    def check(self) -> None:
        """Every record and quarter validated; served above the target needs a reason."""
        for key, (reader, _values) in self.read.records.items():
            record = self.record_for(key)
            assert record is not None
            try:
                record.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                _put_errors(exc, reader, RECORD_FIELDS)
        by_key: dict[Key, dict[int, tuple[int, str]]] = {}
        for key, record in self.stored.items():
            stored = record.quarters.values_list("quarter", "served", "reason")
            by_key[key] = {q: (served, reason) for q, served, reason in stored}
        for (key, quarter), (reader, values) in self.read.quarters.items():
            if key in self.read.broken:
                continue
            record = self.record_for(key)
            if record is None:
                reader.fail(
                    "service",
                    _(
                        "there is no record of this service for %(code)s in %(year)d: add it in "
                        "the %(sheet)s sheet"
                    )
                    % {"code": key[0], "year": key[1], "sheet": RECORD_SHEET},
                )
                continue
            # The total over the year is checked below, with the file's other quarters.
            item = QuarterReport(quarter=quarter, **{**values, "reason": "-"})
            item.record = record
            try:
                item.clean_fields(exclude=["record"])
                item.clean()
            except ValidationError as exc:
                _put_errors(exc, reader, QUARTER_FIELDS)
            by_key.setdefault(key, {})[quarter] = (values["served"] or 0, values["reason"])
        for key, quarters in by_key.items():
            if key not in self.read.broken:
                self._check_total(key, quarters)

    def _check_total(self, key: Key, quarters: dict[int, tuple[int, str]]) -> None:
        record = self.record_for(key)
        total = sum(served for served, _r in quarters.values())
        if record is None or record.target is None or total <= record.target:
            return
        if any(reason.strip() for _s, reason in quarters.values()):
            return
        rows = [
            self.read.quarters[(key, q)][0]
            for q in sorted(quarters)
            if (key, q) in self.read.quarters
        ]
        target_row = self.read.records.get(key, (None, None))[0]
        reader = rows[-1] if rows else target_row
        if reader is None:
            return
        message = _(
            "the people served in %(year)d (%(served)s) exceed the target (%(target)s): give the "
            "reason (alasan)"
        ) % {
            "year": key[1],
            "served": number_format(total, force_grouping=True),
            "target": number_format(record.target, force_grouping=True),
        }
        column = "target"
        if rows:
            column = "reason" if reader.has("reason") else "served"
        reader.fail(column, message)


def import_spm(
    path: Path,
    *,
    actor: Any,
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str | None = None,
) -> ImportReport:
    """Import an SPM workbook or CSV; nothing is written when any row has a problem."""
    name = name or path.name
    report = ImportReport(dry_run=dry_run)
    problems = Problems()
    reading = read_file(path, problems, name=name, strict_encoding=True)
    if reading is None or problems:
        return report.reject(problems.items, rows=0)
    report.format = reading.kind
    spm_reader = SpmReader(name, actor)
    tables = 0
    for sheet in reading.sheets:
        kind = _sheet_kind(sheet)
        if not kind:
            continue
        spellings = RECORD_SPELLINGS if kind == RECORD_SHEET else QUARTER_SPELLINGS
        table = find_table(sheet, problems, spellings, required=KEYS, quiet=INFORMATIVE)
        if table is None:
            continue
        tables += 1
        if kind == RECORD_SHEET:
            spm_reader.records(table)
        else:
            spm_reader.quarters(table)
    if problems:  # a sheet without its columns, and what the other sheets' rows had
        return report.reject([*problems.items, *spm_reader.ctx.problems.items])
    if not tables:
        problems.add(
            name,
            _("has no %(records)s or %(quarters)s sheet (download the template)")
            % {"records": RECORD_SHEET, "quarters": QUARTER_SHEET},
        )
        return report.reject(problems.items, rows=0)
    read = spm_reader.read
    codes = {k[0] for k in read.records} | {k[0][0] for k in read.quarters}
    regions = Region.objects.defer("boundary", "bbox").in_bulk(codes, field_name="code")
    ctx = spm_reader.ctx
    Checker(read, regions).check()
    ctx.flush_notes()
    report.warnings.extend(ctx.warnings)
    report.ignored_columns = list(ctx.ignored)
    if ctx.problems:
        return report.reject(ctx.problems.items)
    try:
        with transaction.atomic():
            _write(read, regions, actor, report)
            if dry_run:
                transaction.set_rollback(True)
    except _Refused as refused:
        return report.reject(refused.problems.items)
    report.count("quarters", len(read.quarters))
    return report


class _Refused(Exception):
    def __init__(self, problems: Problems) -> None:
        self.problems = problems


def _write(read: Read, regions: dict[str, Region], actor: Any, report: ImportReport) -> None:
    """Create or update every record, then every quarter (those with a reason first)."""
    stored = _existing(set(read.records) | {k for k, _q in read.quarters})
    refused = Problems()
    for key, (reader, values) in read.records.items():
        try:
            record = stored.get(key)
            if record is None:
                stored[key] = services.create_record(
                    actor=actor, region=regions[key[0]], year=key[1], service=key[2], **values
                )
                report.created += 1
            elif any(getattr(record, k) != v for k, v in values.items()):
                stored[key] = services.update_record(record, actor=actor, **values)
                report.updated += 1
            else:
                report.unchanged += 1
        except (ValidationError, PermissionDenied) as exc:
            _refusal(exc, reader, refused, RECORD_FIELDS)
    order = sorted(read.quarters.items(), key=lambda item: not item[1][1]["reason"].strip())
    for (key, quarter), (reader, values) in order:
        record = stored.get(key)
        if record is None:
            continue
        try:
            existing = QuarterReport.objects.filter(record=record, quarter=quarter).first()
            if existing is None:
                services.create_quarter(actor=actor, record=record, quarter=quarter, **values)
                report.created += 1
            elif any(getattr(existing, k) != v for k, v in values.items()):
                services.update_quarter(existing, actor=actor, **values)
                report.updated += 1
            else:
                report.unchanged += 1
        except (ValidationError, PermissionDenied) as exc:
            _refusal(exc, reader, refused, QUARTER_FIELDS)
    if refused:
        raise _Refused(refused)


def _refusal(
    exc: ValidationError | PermissionDenied,
    reader: RowReader,
    refused: Problems,
    columns: dict[str, str],
) -> None:
    """A service's refusal as problems of the row."""
    before = len(reader.ctx.problems.items)
    if isinstance(exc, PermissionDenied):
        reader.fail("region", str(exc))
    else:
        _put_errors(exc, reader, columns)
    refused.extend(reader.ctx.problems.items[before:])
