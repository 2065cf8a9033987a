"""The rows of a proposals file: its columns, the sheet and header that hold them, and each row
read into the values `services.create_proposal` takes, every bad cell a problem at its row and
column (read with the kit's `RowReader` and cell parsers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.models import HazardType
from tangguh.core.exporting import unguard
from tangguh.core.importing import Problems
from tangguh.core.importing import cells as parse
from tangguh.core.importing.columns import Columns, map_columns
from tangguh.core.importing.files import Row, Sheet
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import Scope
from tangguh.measures.hazards import HazardResolver
from tangguh.planning import rules, services
from tangguh.planning.importers.words import find_all, phase_words, source_words, word_key
from tangguh.planning.models import MAX_COUNT, MAX_MONEY, PartnerProgramme, Proposal, SourceKind
from tangguh.regions import codes
from tangguh.regions.models import Level, Region

# The template's columns, in order, with the other spellings accepted (any case, spaces,
# punctuation; notes in brackets ignored).
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
# Text columns read as typed: a formula typed there is kept as its text, never its result.
TYPED = ("ref", "title", "description", "problem", "unit")
MAX_VOLUME = Decimal("999999999999.99")
HEADER_ROWS = 10


@dataclass
class Draft:
    """One row read into the values `services.create_proposal` takes."""

    line: int
    code: str
    values: dict[str, Any]
    hazards: list[HazardType]


@dataclass
class ProposalTable:
    """The sheet holding the proposals, its header and the rows below it."""

    sheet: Sheet
    header: Row
    columns: Columns
    rows: list[Row] = field(default_factory=list)


def _columns(sheet: Sheet, row: Row) -> Columns:
    """The proposal columns a row of the sheet names."""
    return map_columns(sheet, row, PROPOSAL_COLUMNS, quiet=INFORMATIVE)


def _header(sheet: Sheet) -> Row | None:
    """Among the top rows, the first naming three known columns (else the first row)."""
    for row in sheet.rows[:HEADER_ROWS]:
        if len(_columns(sheet, row).index) >= 3:
            return row
    return sheet.rows[0] if sheet.rows else None


def proposal_table(found: list[Sheet], problems: Problems) -> ProposalTable | None:
    """The first sheet with the template's columns (the first sheet when none has them), its
    columns checked: every problem with the header is recorded."""
    chosen: tuple[Sheet, Row | None] = (found[0], _header(found[0]))
    for sheet in found:
        header = _header(sheet)
        if header is not None and all(n in _columns(sheet, header).index for n in REQUIRED):
            chosen = (sheet, header)
            break
    sheet, header = chosen
    ctx = ReadContext(file=sheet.file).on(sheet)
    if header is None:
        ctx.problem(_("is empty"))
        problems.extend(ctx.problems.items)
        return None
    columns = _columns(sheet, header)
    _check_columns(ctx, header, columns)
    rows = [row for row in sheet.rows if row.line > header.line]
    if not [n for n in REQUIRED if n not in columns.index] and not rows:
        ctx.problem(_("has a header but no proposals"), header.line)
    problems.extend(ctx.problems.items)
    if any(n not in columns.index for n in REQUIRED) or not rows:
        return None
    return ProposalTable(sheet, header, columns, rows)


def _check_columns(ctx: ReadContext, header: Row, columns: Columns) -> None:
    """Missing required columns (with the unknown ones that may be them renamed), unknown
    columns and columns given twice."""
    expected = ", ".join(name for name in PROPOSAL_COLUMNS if name != "year")
    for name in [n for n in REQUIRED if n not in columns.index]:
        message = _("the required column %(column)s is missing (also accepted: %(aliases)s)") % {
            "column": name,
            "aliases": ", ".join(PROPOSAL_COLUMNS[name][:3]),
        }
        if columns.unknown:
            message += "; " + _("was it renamed? Unknown columns: %(columns)s") % {
                "columns": ", ".join(columns.unknown)
            }
        ctx.problem(message, header.line, name)
    for label in columns.unknown:
        ctx.problem(
            _("unknown column; was it renamed? The template's columns are: %(columns)s")
            % {"columns": expected},
            header.line,
            label,
        )
    for name, first, second in columns.doubled:
        ctx.problem(
            _("the columns %(first)s and %(second)s both give %(column)s; keep one")
            % {"first": first, "second": second, "column": name},
            header.line,
            second,
        )


def _text(reader: RowReader, name: str, limit: int | None = None) -> str | None:
    """A text cell ('' when blank), without the guard an export put before a formula; None
    (and a problem) when it cannot be read."""
    found = reader.get(name, lambda cell: parse.text(cell, limit))
    return None if found is None else unguard(found)


class ProposalReader:
    """Reads the rows of the proposals sheet into drafts, recording every problem."""

    def __init__(
        self,
        table: ProposalTable,
        problems: Problems,
        *,
        year: int,
        scope: Scope,
        within: Region | None,
    ) -> None:
        """Rows of `table` for budget `year`, in the regions of `scope` (and `within`)."""
        self.table, self.year = table, year
        self.ctx = ReadContext(file=table.sheet.file, problems=problems).on(table.sheet)
        self.regions = RegionResolver(
            scope=scope,
            within=within.code if within is not None else None,
            least_level=Level.REGENCY,
            active_only=True,
            outside_scope=_("%(code)s %(name)s is outside the regions where you may add proposals"),
        )
        self.sources, self.phases = source_words(), phase_words()
        hazards = list(HazardType.objects.all())
        self.hazards = {h.key: h for h in hazards}
        self.hazard_names = HazardResolver(h.entry() for h in hazards)
        self.programmes: dict[str, list[PartnerProgramme]] = {}
        self.refs: list[tuple[int, str, str | None]] = []

    def label(self, name: str) -> str:
        """A column as the file names it."""
        return self.table.columns.label(name)

    def read_all(self) -> list[Draft]:
        """Every readable row as a draft; references and the calendar checked for all of them."""
        position = self.table.columns.index["village_code"]
        self.regions.prefetch(parse.cell_text(row.value(position)) for row in self.table.rows)
        drafts = [d for d in (self.draft(row) for row in self.table.rows) if d is not None]
        drafts = self._check_references(drafts)
        regions = Region.objects.only("code", "name", "level", "is_active", "parent_id").in_bulk(
            [d.code for d in drafts]
        )
        for draft in drafts:
            draft.values["region"] = regions[draft.code]
        return self._check_calendar(drafts)

    def row_reader(self, row: Row) -> RowReader:
        """The row's cells by column (typed text for TYPED columns); a formula without a value
        in any other column is a problem."""
        found: dict[str, tuple[str, parse.Cell]] = {}
        for name, position in self.table.columns.index.items():
            label = self.label(name)
            value = row.typed(position) if name in TYPED else row.value(position)
            if value is None and name not in TYPED and position in row.formulas:
                self.ctx.problem(
                    _("holds a formula without a computed value; type the value"),
                    row.line,
                    label,
                )
                continue
            found[name] = (label, value)
        return RowReader(self.ctx, row.line, found)

    def draft(self, row: Row) -> Draft | None:
        """The row as a draft proposal, or None after recording its problems."""
        before = len(self.ctx.problems)
        cells = self.row_reader(row)
        code = self.region(cells)
        source = self.source(cells)
        values = self.content(cells)
        hazards = self.hazard_list(cells)
        values["phases"] = self.phase_list(cells)
        values["partner_programme"] = self.programme(cells, code)
        self.row_year(cells)
        if values["reference"]:
            regency = services.regency_code(code) if code is not None else None
            self.refs.append((row.line, values["reference"], regency))
        if len(self.ctx.problems) > before or code is None or source is None:
            return None
        values.update(source_kind=source, year=self.year)
        for name in ("reference", "description", "problem", "unit"):
            values[name] = values[name] or ""
        return Draft(line=row.line, code=code, values=values, hazards=hazards or [])

    def content(self, cells: RowReader) -> dict[str, Any]:
        """What the proposal asks for: texts, volume, cost, priority, counts and tags."""
        values: dict[str, Any] = {
            "reference": _text(cells, "ref", 60),
            "title": _text(cells, "title", 300),
            "description": _text(cells, "description"),
            "problem": _text(cells, "problem"),
            "unit": _text(cells, "unit", 60),
            "volume": cells.get(
                "volume",
                lambda c: parse.bounded(parse.number(c), least=Decimal(0), most=MAX_VOLUME),
            ),
            "estimated_cost": cells.money("estimated_cost", MAX_MONEY),
            "priority": cells.whole("priority", 1, 999),
        }
        if values["title"] == "":
            cells.fail("title", _("the title is missing"))
        for name in COUNT_COLUMNS:
            values[name] = cells.whole(name, 0, MAX_COUNT)
        for name in FLAG_COLUMNS:
            values[name] = cells.yes_no(name)
        return values

    def region(self, cells: RowReader) -> str | None:
        """The code of the row's village (or sub-district, or regency for regency-wide
        sources), when it exists and may be used."""
        raw = _text(cells, "village_code", 20)
        if raw is None:
            return None
        if not raw:
            cells.fail("village_code", _("the village code is missing"))
            return None
        code = self.regions.code_of(raw)
        if code is None:
            cells.fail(
                "village_code",
                _("'%(code)s' is not a region code like 53.01.27.2002") % {"code": raw},
            )
            return None
        place = self.regions.place(code)
        if place is None:
            cells.fail("village_code", _("unknown village code %(code)s") % {"code": code})
            return None
        try:
            return self.regions.check(place).code
        except Unresolved as exc:
            cells.fail("village_code", str(exc))
            return None

    def source(self, cells: RowReader) -> str | None:
        """The source kind, by key, label or common name."""
        raw = _text(cells, "source_kind", 100)
        if raw is None:
            return None
        if not raw:
            cells.fail("source_kind", _("the source is missing"))
            return None
        key = self.sources.get(word_key(raw))
        if key is None:
            allowed = ", ".join(f"{k} ({label})" for k, label in SourceKind.choices)
            cells.fail(
                "source_kind",
                _("unknown source '%(value)s'; use one of: %(allowed)s")
                % {"value": raw, "allowed": allowed},
            )
        return key

    def hazard(self, name: str) -> HazardType | None:
        """A hazard by catalogue key, DIBI code or name (Indonesian or English)."""
        hazard = self.hazards.get(name.lower())
        if hazard is None:
            resolved = self.hazard_names.resolve(name if name.isdigit() else None, name)
            hazard = self.hazards.get(resolved.key) if resolved else None
        return hazard

    def hazard_list(self, cells: RowReader) -> list[HazardType] | None:
        """The hazards the row names (none when the cell is blank)."""
        raw = _text(cells, "hazards", 1000)
        if raw is None:
            return None
        found, unknown = find_all(raw, self.hazard)
        if unknown:
            cells.fail(
                "hazards",
                _(
                    "unknown hazard(s): %(hazards)s (give the catalogue key, e.g. flood, or the "
                    "name, e.g. Banjir; separate several with ;)"
                )
                % {"hazards": ", ".join(unknown)},
            )
            return None
        return list(dict.fromkeys(found))

    def phase_list(self, cells: RowReader) -> list[str] | None:
        """The disaster phases the row names, in the cycle's order."""
        raw = _text(cells, "phases", 200)
        if raw is None:
            return None
        found, unknown = find_all(raw, lambda part: self.phases.get(word_key(part)))
        if unknown:
            cells.fail(
                "phases",
                _("unknown disaster phase(s): %(value)s; use pra, saat or pasca")
                % {"value": ", ".join(unknown)},
            )
            return None
        return [p for p in DisasterPhase.values if p in found]

    def programme(self, cells: RowReader, code: str | None) -> PartnerProgramme | None:
        """The partner programme named, among those of the row's regency and the province."""
        raw = _text(cells, "partner_programme", 255)
        if not raw or code is None:
            return None
        regency = services.regency_code(code)
        if regency not in self.programmes:
            places = [regency, *codes.ancestors_of(regency)]
            self.programmes[regency] = list(PartnerProgramme.objects.filter(region_id__in=places))
        known = self.programmes[regency]
        match = next((p for p in known if word_key(p.name) == word_key(raw)), None)
        if match is None:
            names = "; ".join(p.name for p in known[:10]) or _("none registered")
            cells.fail(
                "partner_programme",
                _("unknown partner programme '%(value)s' in %(region)s (known: %(names)s)")
                % {"value": raw, "region": regency, "names": names},
            )
        return match

    def row_year(self, cells: RowReader) -> None:
        """A `year` column, when there is one, must give the import's year."""
        if not cells.has("year"):
            return
        value = cells.whole("year", FIRST_YEAR, LAST_YEAR)
        if value is not None and value != self.year:
            cells.fail(
                "year",
                _("the row is for %(row)d, but the import is for budget year %(year)d")
                % {"row": value, "year": self.year},
            )

    def _check_references(self, drafts: list[Draft]) -> list[Draft]:
        """Refuse references used twice in the file or already used in the regency and year (on
        every row, even one with other problems)."""
        refs = {ref for _line, ref, _regency in self.refs}
        stored = set(
            Proposal.objects.filter(year=self.year, reference__in=refs).values_list(
                "regency_id", "reference"
            )
        )
        first: dict[str, list[tuple[str | None, int]]] = {}
        refused: set[int] = set()
        for line, ref, regency in self.refs:
            message = self._reference_problem(first.get(ref, []), ref, regency, stored)
            if message:
                self.ctx.problem(message, line, self.label("ref"))
                refused.add(line)
            first.setdefault(ref, []).append((regency, line))
        return [d for d in drafts if d.line not in refused]

    def _reference_problem(
        self,
        earlier: list[tuple[str | None, int]],
        ref: str,
        regency: str | None,
        stored: set[tuple[str, str]],
    ) -> str:
        """Why a reference may not be used on this row ('' when it may)."""
        twice = next(
            (line for where, line in earlier if None in (where, regency) or where == regency),
            None,
        )
        if twice is not None:
            return _("the reference %(ref)s is used twice in the file (first on row %(line)d)") % {
                "ref": ref,
                "line": twice,
            }
        if regency is not None and (regency, ref) in stored:
            return _("a proposal of %(year)d in %(regency)s already has the reference %(ref)s") % {
                "year": self.year,
                "regency": regency,
                "ref": ref,
            }
        return ""

    def _check_calendar(self, drafts: list[Draft]) -> list[Draft]:
        """Rows whose calendar window is closed (or missing), reported once per reason."""
        closed: dict[str, list[Draft]] = {}
        calendars: dict[str, rules.Calendar] = {}
        kept = []
        for draft in drafts:
            regency = services.regency_code(draft.code)
            if regency not in calendars:
                region = Region.objects.only("code", "name").get(code=regency)
                calendars[regency] = rules.Calendar.of(region, self.year)
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
            self.ctx.problem(f"{reason} ({rows})", lines[0], self.label("source_kind"))
        return kept
