"""Import proposals (usulan) from the CSV or Excel template for one budget year.

The whole file is read first and every problem is listed with its row and column; then every row
goes through `services.create_proposal` (scope, calendar, duplicate references) inside one
transaction, which is rolled back when any row is refused or for a dry run: all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.models import HazardType
from tangguh.core.importing import Problem, Problems
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import EVERYWHERE, Scope, is_within, user_scope
from tangguh.measures.hazards import HazardResolver
from tangguh.planning import rules, services, sheets
from tangguh.planning.models import (
    MAX_MONEY,
    PartnerProgramme,
    Proposal,
    SourceKind,
)
from tangguh.planning.sheets import BadValue, Cell, Columns, Row, Sheet
from tangguh.regions import codes
from tangguh.regions.models import Level, Region

T = TypeVar("T")

# The template's columns, in order, with the other spellings accepted (compared as `header_key`).
PROPOSAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("reference", "referensi", "no_usulan", "nomor_usulan", "kode_usulan"),
    "village_code": (
        "kode_desa",
        "kode_desa_kelurahan",
        "kode_kelurahan",
        "kode_wilayah",
        "kode_lokasi",
        "region_code",
        "location_code",
    ),
    "source_kind": ("sumber", "sumber_usulan", "jenis_sumber", "source"),
    "title": ("judul", "usulan", "judul_usulan", "nama_usulan", "uraian_usulan"),
    "description": ("uraian", "deskripsi", "keterangan", "rincian"),
    "problem": ("masalah", "permasalahan", "masalah_yang_diatasi"),
    "volume": ("vol",),
    "unit": ("satuan",),
    "estimated_cost": (
        "perkiraan_biaya",
        "biaya",
        "estimasi_biaya",
        "perkiraan_anggaran",
        "anggaran",
        "cost",
    ),
    "priority": ("prioritas", "peringkat", "rank"),
    "women": ("perempuan", "wanita"),
    "men": ("laki_laki", "lakilaki", "pria"),
    "disabled": ("disabilitas", "penyandang_disabilitas", "difabel"),
    "elderly": ("lansia", "lanjut_usia"),
    "children": ("anak", "anak_anak"),
    "hazards": ("bencana", "ancaman", "jenis_bencana", "bahaya"),
    "phases": ("fase", "fase_bencana", "tahap_bencana"),
    "poverty": ("kemiskinan",),
    "climate_adaptation": ("adaptasi_iklim", "adaptasi_perubahan_iklim"),
    "livelihood": ("penghidupan", "mata_pencaharian"),
    "partner_programme": ("program_mitra", "mitra", "partner_program"),
    "year": ("tahun", "tahun_anggaran", "budget_year"),
}
TEMPLATE_COLUMNS = [name for name in PROPOSAL_COLUMNS if name != "year"]
REQUIRED = ("village_code", "source_kind", "title")
# Columns people add for themselves: read by nobody, refused by nobody.
INFORMATIVE = (
    "no",
    "no_urut",
    "nomor_urut",
    "village_name",
    "nama_desa",
    "desa",
    "desa_kelurahan",
    "kelurahan",
    "kecamatan",
    "nama_kecamatan",
    "district",
    "district_name",
)
COUNT_COLUMNS = ("women", "men", "disabled", "elderly", "children")
FLAG_COLUMNS = ("poverty", "climate_adaptation", "livelihood")
MAX_COUNT = 10_000_000
MAX_VOLUME = Decimal("999999999999.99")
# Where a field the services refuse sits in the file.
FIELD_COLUMNS = {"region": "village_code", "reference": "ref", **{n: n for n in PROPOSAL_COLUMNS}}

SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    SourceKind.MUSRENBANG_DESA: (
        "musrenbang desa",
        "musrenbang kelurahan",
        "musrenbang desa/kelurahan",
        "musrenbangdes",
        "musdes",
    ),
    SourceKind.MUSRENBANG_KECAMATAN: ("musrenbang kecamatan", "musrenbangcam", "musrenbang kec"),
    SourceKind.LIVELIHOOD_PLAN: (
        "rencana penghidupan",
        "rencana penghidupan masyarakat desa",
        "rpmd",
        "penghidupan",
    ),
    SourceKind.RISK_PLAN: (
        "rencana kontinjensi",
        "rencana kontinjensi desa",
        "kontinjensi",
        "rencana penanggulangan bencana desa",
        "rpb desa",
        "kajian risiko bencana desa",
    ),
    SourceKind.PARTNER: ("mitra", "program mitra", "lsm", "ngo"),
    SourceKind.POKIR: ("pokir", "pokok pikiran", "pokok pikiran dprd", "pokir dprd", "dprd"),
}
PHASE_ALIASES: dict[str, tuple[str, ...]] = {
    DisasterPhase.BEFORE: ("pra", "pra bencana", "prabencana", "before", "sebelum bencana"),
    DisasterPhase.DURING: ("saat", "saat bencana", "tanggap darurat", "darurat", "during"),
    DisasterPhase.AFTER: (
        "pasca",
        "pasca bencana",
        "pascabencana",
        "rehabilitasi dan rekonstruksi",
        "after",
    ),
}


def word_key(value: str) -> str:
    """Words compared without case and punctuation: `Musrenbang Desa/Kelurahan` →
    `musrenbang desa kelurahan`."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.lower()).split())


def _vocabulary(
    choices: Iterable[tuple[str, Any]], aliases: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """Keys, labels in every language and aliases → key."""
    words: dict[str, str] = {}
    pairs = list(choices)
    for language in ("id", "en"):
        with translation.override(language):
            for key, label in pairs:
                words.setdefault(word_key(str(label)), key)
                words.setdefault(word_key(re.sub(r"\(.*?\)", "", str(label))), key)
    for key, _label in pairs:
        words[word_key(key)] = key
        for alias in aliases.get(key, ()):
            words.setdefault(word_key(alias), key)
    return words


def source_words() -> dict[str, str]:
    """How a source kind may be written in a file: its key, its label (Indonesian or English),
    or a common name (Musrenbangdes, pokir, …)."""
    return _vocabulary(SourceKind.choices, SOURCE_ALIASES)


def phase_words() -> dict[str, str]:
    """How a disaster phase may be written: pra/saat/pasca, its label, before/during/after."""
    return _vocabulary(DisasterPhase.choices, PHASE_ALIASES)


def find_all(raw: str, lookup: Callable[[str], T | None]) -> tuple[list[T], list[str]]:
    """The things named in a cell, separated by ; , or | (or, when a part is not a name, by
    spaces: `flash_flood flood`, `pra saat`), and the parts that name nothing."""
    found: list[T] = []
    unknown: list[str] = []
    for part in sheets.split_list(raw):
        value = lookup(part)
        if value is not None:
            found.append(value)
            continue
        words, start, parts = part.split(), 0, []
        while start < len(words):
            end = next(
                (e for e in range(len(words), start, -1) if lookup(" ".join(words[start:e]))),
                None,
            )
            if end is None:
                break
            parts.append(lookup(" ".join(words[start:end])))
            start = end
        if start < len(words) or not parts:
            unknown.append(part)
        else:
            found.extend(p for p in parts if p is not None)
    return found, unknown


# ---------------------------------------------------------------------------------------------
# The report


@dataclass
class PreviewRow:
    """A row as it will be imported, for the page to show before the import."""

    line: int
    reference: str
    region_code: str
    region_name: str
    source: str
    title: str
    estimated_cost: Decimal | None


@dataclass
class ProposalImport:
    """What an import of proposals found and did (nothing is written while `problems` is set;
    in a dry run, `created` is what would have been created)."""

    file: str
    year: int
    dry_run: bool = False
    rows: int = 0
    created: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file has no problems."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The result as plain data (JSON output)."""
        return {
            "file": self.file,
            "year": self.year,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": len(self.created),
            "problems": [p.as_dict() for p in self.problems],
        }


@dataclass
class _Draft:
    """One row read into the values `services.create_proposal` takes."""

    line: int
    region: Region
    values: dict[str, Any]
    hazards: list[HazardType]


# ---------------------------------------------------------------------------------------------
# Reading


def find_header(sheet: Sheet) -> Row | None:
    """The header row: among the first ten, the first naming three known columns (else the
    first row)."""
    if not sheet.rows:
        return None
    for row in sheet.rows[:10]:
        found = sheets.map_columns(row, PROPOSAL_COLUMNS, required=REQUIRED)
        if len(found.index) >= 3:
            return row
    return sheet.rows[0]


def _choose_sheet(found: list[Sheet]) -> tuple[Sheet, Row | None]:
    """The first sheet with the template's columns (the first sheet when none has them)."""
    for sheet in found:
        header = find_header(sheet)
        if header is not None:
            columns = sheets.map_columns(header, PROPOSAL_COLUMNS, required=REQUIRED)
            if not columns.missing:
                return sheet, header
    return found[0], find_header(found[0])


def _check_columns(sheet: Sheet, header: Row, columns: Columns, problems: Problems) -> None:
    where = sheet.where
    expected = ", ".join(TEMPLATE_COLUMNS)
    for name in columns.missing:
        aliases = ", ".join(PROPOSAL_COLUMNS[name][:3])
        message = _("the required column %(column)s is missing (also accepted: %(aliases)s)") % {
            "column": name,
            "aliases": aliases,
        }
        if columns.unknown:
            message += "; " + _("was it renamed? Unknown columns: %(columns)s") % {
                "columns": ", ".join(columns.unknown)
            }
        problems.add(where, message, header.line, name)
    for label in columns.unknown:
        problems.add(
            where,
            _("unknown column; was it renamed? The template's columns are: %(columns)s")
            % {"columns": expected},
            header.line,
            label,
        )
    for name, first, second in columns.doubled:
        problems.add(
            where,
            _("the columns %(first)s and %(second)s both give %(column)s; keep one")
            % {"first": first, "second": second, "column": name},
            header.line,
            second,
        )


class _Reader:
    """Reads the rows of the proposals sheet into drafts, recording every problem."""

    def __init__(
        self,
        sheet: Sheet,
        columns: Columns,
        problems: Problems,
        *,
        year: int,
        scope: Scope,
        within: Region | None,
    ) -> None:
        self.sheet, self.columns, self.problems = sheet, columns, problems
        self.year, self.scope, self.within = year, scope, within
        self.sources = source_words()
        self.phases = phase_words()
        hazards = list(HazardType.objects.all())
        self.hazards = {h.key: h for h in hazards}
        self.resolver = HazardResolver(h.entry() for h in hazards)
        self.regions: dict[str, Region | None] = {}
        self.programmes: dict[str, list[PartnerProgramme]] = {}
        self.refs: list[tuple[Row, str, str | None]] = []
        self.row_ok = True

    def fail(self, row: Row, column: str | None, message: str) -> None:
        """Record a problem at a row and column."""
        label = self.columns.label(column) if column else None
        self.problems.add(self.sheet.where, message, row.line, label)
        self.row_ok = False

    def cell(self, row: Row, name: str, *, typed: bool = False) -> Cell:
        """A cell by canonical column (None when the file has no such column)."""
        position = self.columns.index.get(name)
        if position is None:
            return None
        return row.typed(position) if typed else row.value(position)

    def read(
        self, row: Row, name: str, parse: Callable[[Cell], Any], *, typed: bool = False
    ) -> Any:
        """A parsed cell; a problem (and None) when it cannot be read."""
        raw = self.cell(row, name, typed=typed)
        position = self.columns.index.get(name)
        if raw is None and not typed and position is not None and position in row.formulas:
            self.fail(row, name, _("holds a formula without a computed value; type the value"))
            return None
        try:
            return parse(raw)
        except BadValue as exc:
            self.fail(row, name, str(exc))
            return None

    def prefetch_regions(self, rows: Sequence[Row]) -> None:
        """Look up every village code of the sheet at once."""
        wanted: set[str] = set()
        for row in rows:
            try:
                raw = sheets.text(self.cell(row, "village_code"))
            except BadValue:
                continue
            if raw and codes.is_code(raw):
                wanted.add(codes.normalize(raw))
        found = Region.objects.filter(code__in=wanted).only("code", "name", "level", "is_active")
        self.regions.update(dict.fromkeys(wanted))
        self.regions.update((r.code, r) for r in found)

    def region(self, row: Row) -> Region | None:
        """The row's village (or sub-district, or regency for regency-wide sources)."""
        raw = self.read(row, "village_code", lambda c: sheets.text(c, 20))
        if raw is None:
            return None
        if not raw:
            self.fail(row, "village_code", _("the village code is missing"))
            return None
        if not codes.is_code(raw):
            self.fail(
                row,
                "village_code",
                _("'%(code)s' is not a region code like 53.01.27.2002") % {"code": raw},
            )
            return None
        code = codes.normalize(raw)
        region = self.regions.get(code)
        if region is None:
            self.fail(row, "village_code", _("unknown village code %(code)s") % {"code": code})
            return None
        return self._region_allowed(row, region)

    def _region_allowed(self, row: Row, region: Region) -> Region | None:
        code = region.code
        if region.level < Level.REGENCY:
            message = _("%(code)s is the province; give the village or sub-district") % {
                "code": code
            }
        elif not region.is_active:
            message = _("%(code)s %(name)s is no longer an active region") % {
                "code": code,
                "name": region.name,
            }
        elif self.within is not None and not is_within(code, self.within.code):
            message = _("%(code)s %(name)s is not in %(region)s") % {
                "code": code,
                "name": region.name,
                "region": self.within,
            }
        elif not self.scope.covers(code):
            message = _("%(code)s %(name)s is outside the regions where you may add proposals") % {
                "code": code,
                "name": region.name,
            }
        else:
            return region
        self.fail(row, "village_code", message)
        return None

    def source(self, row: Row) -> str | None:
        raw = self.read(row, "source_kind", lambda c: sheets.text(c, 100))
        if raw is None:
            return None
        if not raw:
            self.fail(row, "source_kind", _("the source is missing"))
            return None
        key = self.sources.get(word_key(raw))
        if key is None:
            allowed = ", ".join(f"{k} ({label})" for k, label in SourceKind.choices)
            self.fail(
                row,
                "source_kind",
                _("unknown source '%(value)s'; use one of: %(allowed)s")
                % {"value": raw, "allowed": allowed},
            )
        return key

    def hazard(self, name: str) -> HazardType | None:
        """A hazard by catalogue key, DIBI code or name (Indonesian or English)."""
        hazard = self.hazards.get(name.lower())
        if hazard is None:
            resolved = self.resolver.resolve(name if name.isdigit() else None, name)
            hazard = self.hazards.get(resolved.key) if resolved else None
        return hazard

    def hazard_list(self, row: Row) -> list[HazardType] | None:
        raw = self.read(row, "hazards", lambda c: sheets.text(c, 1000))
        if raw is None:
            return None
        found, unknown = find_all(raw, self.hazard)
        if unknown:
            self.fail(
                row,
                "hazards",
                _(
                    "unknown hazard(s): %(hazards)s (give the catalogue key, e.g. flood, or the "
                    "name, e.g. Banjir; separate several with ;)"
                )
                % {"hazards": ", ".join(unknown)},
            )
            return None
        return list(dict.fromkeys(found))

    def phase_list(self, row: Row) -> list[str] | None:
        raw = self.read(row, "phases", lambda c: sheets.text(c, 200))
        if raw is None:
            return None
        found, unknown = find_all(raw, lambda part: self.phases.get(word_key(part)))
        if unknown:
            self.fail(
                row,
                "phases",
                _("unknown disaster phase(s): %(value)s; use pra, saat or pasca")
                % {"value": ", ".join(unknown)},
            )
            return None
        return [p for p in DisasterPhase.values if p in found]

    def programme(self, row: Row, region: Region | None) -> PartnerProgramme | None:
        raw = self.read(row, "partner_programme", lambda c: sheets.text(c, 255))
        if not raw or region is None:
            return None
        regency = services.regency_code(region.code)
        if regency not in self.programmes:
            places = [regency, *codes.ancestors_of(regency)]
            self.programmes[regency] = list(PartnerProgramme.objects.filter(region_id__in=places))
        known = self.programmes[regency]
        wanted = word_key(raw)
        match = next((p for p in known if word_key(p.name) == wanted), None)
        if match is None:
            names = "; ".join(p.name for p in known[:10]) or _("none registered")
            self.fail(
                row,
                "partner_programme",
                _("unknown partner programme '%(value)s' in %(region)s (known: %(names)s)")
                % {"value": raw, "region": regency, "names": names},
            )
        return match

    def row_year(self, row: Row) -> None:
        if "year" not in self.columns.index:
            return
        value = self.read(row, "year", lambda c: sheets.whole(c, least=FIRST_YEAR, most=LAST_YEAR))
        if value is not None and value != self.year:
            self.fail(
                row,
                "year",
                _("the row is for %(row)d, but the import is for budget year %(year)d")
                % {"row": value, "year": self.year},
            )

    def draft(self, row: Row) -> _Draft | None:
        """The row as a draft proposal, or None after recording its problems."""
        self.row_ok = True
        region = self.region(row)
        source = self.source(row)
        values: dict[str, Any] = {
            "reference": self.read(row, "ref", lambda c: sheets.text(c, 60), typed=True),
            "title": self.read(row, "title", lambda c: sheets.text(c, 300), typed=True),
            "description": self.read(row, "description", sheets.text, typed=True),
            "problem": self.read(row, "problem", sheets.text, typed=True),
            "unit": self.read(row, "unit", lambda c: sheets.text(c, 60), typed=True),
            "volume": self.read(
                row,
                "volume",
                lambda c: sheets.bounded(sheets.number(c), least=Decimal(0), most=MAX_VOLUME),
            ),
            "estimated_cost": self.read(
                row, "estimated_cost", lambda c: sheets.money(c, MAX_MONEY)
            ),
            "priority": self.read(row, "priority", lambda c: sheets.whole(c, least=1, most=999)),
        }
        if values["title"] == "":
            self.fail(row, "title", _("the title is missing"))
        for name in COUNT_COLUMNS:
            values[name] = self.read(row, name, lambda c: sheets.whole(c, least=0, most=MAX_COUNT))
        for name in FLAG_COLUMNS:
            values[name] = self.read(row, name, sheets.yes_no)
        hazards = self.hazard_list(row)
        values["phases"] = self.phase_list(row)
        values["partner_programme"] = self.programme(row, region)
        self.row_year(row)
        if values["reference"]:
            regency = services.regency_code(region.code) if region is not None else None
            self.refs.append((row, values["reference"], regency))
        if not self.row_ok or region is None or source is None:
            return None
        values.update(source_kind=source, region=region, year=self.year)
        for name in ("reference", "description", "problem", "unit"):
            values[name] = values[name] or ""
        return _Draft(line=row.line, region=region, values=values, hazards=hazards or [])


def _scope(actor: Any) -> Scope:
    return EVERYWHERE if actor is None else user_scope(actor, "add")


def _check_references(drafts: list[_Draft], reader: _Reader) -> list[_Draft]:
    """Refuse references used twice in the file or already used in the regency and year (on
    every row, even one with other problems)."""
    refs = {ref for _row, ref, _regency in reader.refs}
    stored = set(
        Proposal.objects.filter(year=reader.year, reference__in=refs).values_list(
            "regency_id", "reference"
        )
    )
    first: dict[str, list[tuple[str | None, int]]] = {}
    refused: set[int] = set()
    for row, ref, regency in reader.refs:
        earlier = next(
            (
                line
                for where, line in first.get(ref, [])
                if None in (where, regency) or where == regency
            ),
            None,
        )
        if earlier is not None:
            reader.fail(
                row,
                "ref",
                _("the reference %(ref)s is used twice in the file (first on row %(line)d)")
                % {"ref": ref, "line": earlier},
            )
            refused.add(row.line)
        elif regency is not None and (regency, ref) in stored:
            reader.fail(
                row,
                "ref",
                _("a proposal of %(year)d in %(regency)s already has the reference %(ref)s")
                % {"year": reader.year, "regency": regency, "ref": ref},
            )
            refused.add(row.line)
        first.setdefault(ref, []).append((regency, row.line))
    return [d for d in drafts if d.line not in refused]


def _check_calendar(drafts: list[_Draft], reader: _Reader) -> list[_Draft]:
    """Rows whose calendar window is closed (or missing), reported once per reason."""
    closed: dict[str, list[_Draft]] = {}
    calendars: dict[str, rules.Calendar] = {}
    kept = []
    for draft in drafts:
        regency = services.regency_code(draft.region.code)
        if regency not in calendars:
            region = Region.objects.only("code", "name").get(code=regency)
            calendars[regency] = rules.Calendar.of(region, reader.year)
        reason = calendars[regency].proposals_closed(draft.values["source_kind"])
        if reason:
            closed.setdefault(reason, []).append(draft)
        else:
            kept.append(draft)
    for reason, affected in closed.items():
        lines = [d.line for d in affected]
        shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
        rows = ngettext("%(count)d row: %(lines)s", "%(count)d rows: %(lines)s", len(lines)) % {
            "count": len(lines),
            "lines": shown,
        }
        reader.problems.add(
            reader.sheet.where,
            f"{reason} ({rows})",
            lines[0],
            reader.columns.label("source_kind"),
        )
    return kept


def read_proposals(
    path: Path,
    *,
    year: int,
    actor: Any,
    problems: Problems,
    region: Region | None = None,
    name: str | None = None,
) -> tuple[list[_Draft], int, Sheet | None, Columns | None]:
    """The drafts of every readable row, the number of data rows, and the sheet read."""
    found = sheets.read_sheets(path, problems, name)
    if found is None:
        return [], 0, None, None
    if not found or not any(s.rows for s in found):
        problems.add(name or path.name, _("is empty"))
        return [], 0, None, None
    sheet, header = _choose_sheet(found)
    if header is None:
        problems.add(sheet.where, _("is empty"))
        return [], 0, sheet, None
    columns = sheets.map_columns(
        header,
        PROPOSAL_COLUMNS,
        required=REQUIRED,
        informative=INFORMATIVE,
        spreadsheet=sheet.spreadsheet,
    )
    _check_columns(sheet, header, columns, problems)
    if columns.missing:
        return [], 0, sheet, columns
    rows = list(sheets.rows_after(sheet.rows, header))
    if not rows:
        problems.add(sheet.where, _("has a header but no proposals"), header.line)
        return [], 0, sheet, columns
    reader = _Reader(sheet, columns, problems, year=year, scope=_scope(actor), within=region)
    reader.prefetch_regions(rows)
    drafts = [d for d in (reader.draft(row) for row in rows) if d is not None]
    drafts = _check_references(drafts, reader)
    drafts = _check_calendar(drafts, reader)
    return drafts, len(rows), sheet, columns


def _service_problems(
    exc: ValidationError | PermissionDenied, draft: _Draft, sheet: Sheet, columns: Columns
) -> list[Problem]:
    """A refusal of the services as problems located at the row (and column, when known)."""
    if isinstance(exc, PermissionDenied):
        return [Problem(sheet.where, str(exc), draft.line, columns.label("village_code"))]
    found: list[Problem] = []
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, messages in by_field.items():
        column = FIELD_COLUMNS.get(name)
        label = columns.label(column) if column else None
        found.extend(Problem(sheet.where, message, draft.line, label) for message in messages)
    return found


def _preview(draft: _Draft) -> PreviewRow:
    values = draft.values
    return PreviewRow(
        line=draft.line,
        reference=values["reference"],
        region_code=draft.region.code,
        region_name=draft.region.name,
        source=str(SourceKind(values["source_kind"]).label),
        title=values["title"],
        estimated_cost=values["estimated_cost"],
    )


def import_proposals(
    path: Path,
    *,
    year: int,
    actor: Any,
    region: Region | None = None,
    dry_run: bool = False,
    name: str | None = None,
) -> ProposalImport:
    """Read a proposals file for a budget year and create every proposal, or none."""
    name = name or path.name
    report = ProposalImport(file=name, year=year, dry_run=dry_run)
    problems = Problems()
    drafts, report.rows, sheet, columns = read_proposals(
        path, year=year, actor=actor, problems=problems, region=region, name=name
    )
    report.preview = [_preview(d) for d in drafts]
    if sheet is None or columns is None or not drafts:
        report.problems = problems.items
        return report
    with transaction.atomic():
        for draft in drafts:
            try:
                proposal = services.create_proposal(
                    actor=actor, hazards=draft.hazards, **draft.values
                )
            except (ValidationError, PermissionDenied) as exc:
                problems.items.extend(_service_problems(exc, draft, sheet, columns))
                continue
            report.created.append(proposal.pk)
        if problems or dry_run:
            transaction.set_rollback(True)
    report.problems = sorted(problems.items, key=lambda p: p.line or 0)
    if report.problems:
        report.created = []
    return report
