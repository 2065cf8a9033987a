"""DesInventar datacards (`fichas`), from a database's XML export or from CSV with its field names.

The XML export (`DI_export_<country>.xml`, also inside the `.zip` desinventar.net serves) is
`<DESINVENTAR>` holding one element per table (`datamodel, eventos, …, fichas, extension, …`),
each holding `<TR>` rows whose children are the table's columns (see DesInventar's own exporter
and importer: mayandar/desinventar `src/org/lared/desinventar/util/XmlImporter.java` and the
export JSP that writes `DI_export_<country>.xml`). Only `fichas` is read; the XML is parsed with
defusedxml (no DTDs, entities or external references) as a stream, at most MAX_INPUT_BYTES.

Mapping (field names as in the `fichas` table):

- serial → source_id (uu_id when serial is blank); evento → hazard_name (the Indonesian base uses
  Indonesian names: BANJIR, TANAH LONGSOR, GEMPA BUMI DAN TSUNAMI, …); no hazard_code;
- level2, level1, level0 → region_code: the most specific level whose code is a Kemendagri code
  (2, 4, 6 or 10 digits, dots optional; other lengths such as 7-digit BPS sub-district codes are
  skipped); lugar plus the names of levels finer than that code → location_text;
- fechano/fechames/fechadia → start (a month or day of 0 means unknown: the 1st is assumed, with
  a warning); duracion (days) → end = start + duracion − 1;
- di_comments → description; causa + descausa → cause; fuentes → source; approved → verification
  (0 approved → verified, 3 rejected → rejected, 1 draft / 2 review / 4 support → unverified);
  latitude/longitude (0, 0 = not recorded).

Effects with an availability flag: muertos → deaths, desaparece → missing, heridos → injured,
damnificados → affected (directly affected), evacuados → displaced, vivdest → houses_destroyed.
A positive figure is kept. A zero (or blank) is a reported zero only when the flag `hay_…` is 1;
with flag 0 it is unknown (Indonesia's export leaves most `damnificados` at 0 = unknown), and with
flag −1 ("there were some", DesInventar's datacard checkbox) the number is unknown too. A figure of
−1 is DesInventar's "some, number unknown" and is read as unknown. Effects without a flag
(nescuelas → education_damaged, nhospitales → health_damaged, cabezas → livestock, nhectareas →
other_land_ha, kmvias [metres] → roads_km, valorloc [local currency = rupiah] → economic_loss)
cannot tell a zero from unknown: 0 is read as unknown.

Not read (listed as ignored when they hold data): afectados (indirectly affected), vivafec
(houses damaged: EventRecord has no total), reubicados, valorus, otros, magnitud2, glide and the
sector flags.

The writer writes CSV with the field names, or XML (`<DESINVENTAR><fichas><TR>…`; the lookup
tables eventos, lev0–2 and regiones are not written). Round trip keeps source_id, hazard_name,
region_code (as level codes without dots), location_text, start, end, latitude, longitude,
description, cause, source, verification, the flagged effects exactly, and the unflagged ones
when not zero. Lossy: hazard_code, village_name, start_time, event_count, disaggregation; zeros of
unflagged effects; rice_fields_ha and plantations_ha (written into nhectareas, read back as
other_land_ha); houses heavy/moderate/light and flooded (their heavy+moderate+light sum is written
as vivafec, which is not read back); houses_flooded, worship/office/bridges damage.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, TypeVar
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.saxutils import escape
from xml.sax.xmlreader import AttributesImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from django.utils.translation import gettext as _

from tangguh.core.exporting import guard
from tangguh.core.importing.cells import (
    BadValue,
    clean_inline,
    clean_text,
    code_text,
    make_date,
    to_decimal,
)
from tangguh.core.importing.columns import Columns, Table, map_columns
from tangguh.core.importing.files import Row, Sheet
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.disasters.records import EventRecord, Verification
from tangguh.regions import codes

from . import common
from .common import (
    Target,
    check_dates,
    coordinates,
    format_number,
    row_ignored,
    text_output,
)

FORMAT = "desinventar"
# effect -> (value field, availability flag field); `hay_deasparece` is DesInventar's spelling.
FLAGGED = {
    "deaths": ("muertos", "hay_muertos"),
    "missing": ("desaparece", "hay_deasparece"),
    "injured": ("heridos", "hay_heridos"),
    "affected": ("damnificados", "hay_damnificados"),
    "displaced": ("evacuados", "hay_evacuados"),
    "houses_destroyed": ("vivdest", "hay_vivdest"),
    "houses_damaged": ("vivafec", "hay_vivafec"),  # damaged, grade not recorded
}
UNFLAGGED_COUNTS = {
    "education_damaged": "nescuelas",
    "health_damaged": "nhospitales",
    "livestock": "cabezas",
}
LAND_EFFECTS = ("rice_fields_ha", "plantations_ha", "other_land_ha")
HOUSE_DAMAGE = ("houses_heavy", "houses_moderate", "houses_light")
READ_FIELDS = (
    "serial",
    "uu_id",
    "level0",
    "level1",
    "level2",
    "name0",
    "name1",
    "name2",
    "evento",
    "lugar",
    "fechano",
    "fechames",
    "fechadia",
    "duracion",
    "nescuelas",
    "nhospitales",
    "cabezas",
    "nhectareas",
    "kmvias",
    "valorloc",
    "causa",
    "descausa",
    "fuentes",
    "di_comments",
    "latitude",
    "longitude",
    "approved",
    *(name for pair in FLAGGED.values() for name in pair),
)
SPELLINGS: dict[str, tuple[str, ...]] = {name: (name,) for name in READ_FIELDS}
# DesInventar bookkeeping and flags of unread fields: never listed as ignored.
QUIET = (
    "clave",
    "fechapor",
    "fechafec",
    "defaultab",
    "hay_afectados",
    "hay_reubicados",
    "hay_otros",
)
WRITE_FIELDS = (
    "serial",
    "level0",
    "level1",
    "level2",
    "name0",
    "name1",
    "name2",
    "evento",
    "lugar",
    "fechano",
    "fechames",
    "fechadia",
    "duracion",
    "muertos",
    "hay_muertos",
    "heridos",
    "hay_heridos",
    "desaparece",
    "hay_deasparece",
    "damnificados",
    "hay_damnificados",
    "evacuados",
    "hay_evacuados",
    "vivdest",
    "hay_vivdest",
    "vivafec",
    "hay_vivafec",
    "nescuelas",
    "nhospitales",
    "nhectareas",
    "cabezas",
    "kmvias",
    "valorloc",
    "causa",
    "descausa",
    "fuentes",
    "di_comments",
    "latitude",
    "longitude",
    "approved",
)
APPROVED = {"0": Verification.VERIFIED, "3": Verification.REJECTED}
APPROVED_CODES = {Verification.VERIFIED: "0", Verification.REJECTED: "3"}
N = TypeVar("N", int, Decimal)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def recognise(keys: set[str]) -> bool:
    """True for a header with the datacard fields serial, evento and fechano."""
    return {"serial", "evento", "fechano"} <= keys


# ---------------------------------------------------------------------------------------------
# Reading


def read_rows(table: Table, ctx: ReadContext) -> list[EventRecord]:
    """The records of a DesInventar CSV table."""
    records = []
    for row in table.rows:
        fields = ctx.reader(table, row)
        records.append(_finish(ctx, fields, row_ignored(table.columns, row)))
    ctx.flush_notes()
    return records


def read_xml(path: Path, ctx: ReadContext) -> list[EventRecord]:
    """The datacards of a DesInventar XML export (.xml, .xml.gz, or a .zip holding the .xml)."""
    records: list[EventRecord] = []
    layouts: dict[tuple[str, ...], Columns] = {}  # rows nearly always share one set of fields
    sheet = Sheet(file=ctx.file, title="", rows=[])

    def on_row(line: int, values: dict[str, str]) -> None:
        """Turn one <TR> of <fichas> into a record."""
        labels = tuple(values)
        if labels not in layouts:
            header = Row(line=line, cells=list(labels))
            layouts[labels] = map_columns(sheet, header, SPELLINGS, quiet=QUIET)
        row = Row(line=line, cells=list(values.values()))
        fields = ctx.row_reader(layouts[labels], row)
        records.append(_finish(ctx, fields, row_ignored(layouts[labels], row)))

    with _xml_stream(path, ctx) as stream:
        if stream is not None:
            _parse(stream, on_row, ctx)
    ctx.flush_notes()
    return records


def _finish(ctx: ReadContext, fields: RowReader, ignored: list[str]) -> EventRecord:
    """The record of a datacard, with its ignored columns and date checks."""
    record = _record(fields)
    record.ignored_columns = ignored
    if not record.hazard_name:
        fields.fail("evento", _("the event type (evento) is missing"))
    check_dates(ctx, record, fields.label("fechano"), fields.label("duracion"))
    return record


def _record(f: RowReader) -> EventRecord:
    """One datacard as a record."""
    start, end = _dates(f)
    region, level = _region(f)
    latitude, longitude = coordinates(f, "latitude", "longitude")
    return EventRecord(
        source_format=FORMAT,
        source_id=" ".join((f.text("serial") or f.text("uu_id")).split()),
        line=f.line,
        hazard_name=clean_inline(f.text("evento")) or None,
        region_code=region,
        location_text=_location(f, level),
        start=start,
        end=end,
        latitude=latitude,
        longitude=longitude,
        description=clean_text(f.text("di_comments")),
        cause=_cause(f),
        source=clean_text(f.text("fuentes")),
        verification=_verification(f),
        effects=_effects(f),
    )


def _dates(f: RowReader) -> tuple[dt.date | None, dt.date | None]:
    """Start from fechano/fechames/fechadia (0 = unknown part), end from duracion."""
    year = f.count("fechano")
    if not year:
        if year == 0 or not f.text("fechano"):
            f.fail("fechano", _("the year is missing"))
        return None, None
    month, day = f.count("fechames"), f.count("fechadia")
    if (month is None and f.text("fechames")) or (day is None and f.text("fechadia")):
        return None, None  # the bad value is already a problem
    month, day = month or 0, day or 0
    if not (month and day):
        f.ctx.note(
            _("the date gives no day or no month; the first day (of January) was assumed"),
            f.line,
        )
    try:
        start = make_date(year, month or 1, day if month and day else 1, f"{day}/{month}/{year}")
    except ValueError as exc:
        f.fail("fechadia", str(exc))
        return None, None
    duration = f.count("duracion")
    end = start + dt.timedelta(days=duration - 1) if duration else None
    return start, end


def _region(f: RowReader) -> tuple[str | None, int]:
    """The most specific level code that is a Kemendagri code, and its level (−1 for none)."""
    for level in (2, 1, 0):
        name = f"level{level}"
        text = code_text(f.raw(name))
        if not text:
            continue
        if not re.fullmatch(r"[0-9.]+", text):
            f.fail(name, _("“%(value)s” is not a region code: use digits") % {"value": text})
            continue
        try:
            return codes.normalize(text), level
        except codes.BadRegionCode:
            continue  # e.g. a 7-digit BPS sub-district code: try the coarser level
    return None, -1


def _location(f: RowReader, level: int) -> str:
    """lugar, then the names of the levels finer than the level the region code came from."""
    parts = [clean_inline(f.text("lugar"))]
    parts += [clean_inline(f.text(f"name{n}")) for n in (2, 1, 0) if n > level]
    return ", ".join(part for part in parts if part)


def _cause(f: RowReader) -> str:
    """causa and its description descausa."""
    cause, detail = clean_inline(f.text("causa")), clean_text(f.text("descausa"))
    return f"{cause}: {detail}" if cause and detail else cause or detail


def _verification(f: RowReader) -> str:
    """The datacard status: 0 approved, 1 draft, 2 review, 3 rejected, 4 support."""
    text = code_text(f.raw("approved"))
    if text in APPROVED:
        return APPROVED[text]
    if text not in ("", "1", "2", "4"):
        f.fail("approved", _("“%(value)s” is not a DesInventar status (0 to 4)") % {"value": text})
    return Verification.UNVERIFIED


def _effects(f: RowReader) -> dict[str, int | Decimal | None]:
    """The effects the datacard reports, honouring the availability flags."""
    effects: dict[str, int | Decimal | None] = {}
    for effect, (value_field, flag_field) in FLAGGED.items():
        value = _flagged(f, value_field, flag_field)
        if value is not None:
            effects[effect] = value
    for effect, name in UNFLAGGED_COUNTS.items():
        if count := _unflagged(f, name, f.count):
            effects[effect] = count
    if hectares := _unflagged(f, "nhectareas", f.amount):
        effects["other_land_ha"] = hectares
    if metres := _unflagged(f, "kmvias", f.amount):
        effects["roads_km"] = Decimal(metres) / 1000
    if loss := _unflagged(f, "valorloc", f.amount):
        effects["economic_loss"] = loss
    return effects


def _flagged(f: RowReader, value_field: str, flag_field: str) -> int | None:
    """A count with its flag: a positive figure, 0 when the flag says "reported zero", else None."""
    flag = _flag(f, flag_field)
    if code_text(f.raw(value_field)) == "-1":
        return None
    value = f.count(value_field)
    if value:
        return value
    return 0 if flag == 1 else None


def _unflagged(f: RowReader, name: str, parse: Callable[[str], N | None]) -> N | None:
    """A value without a flag: zero and DesInventar's −1 ("some") are unknown."""
    if code_text(f.raw(name)) == "-1":
        return None
    return parse(name) or None


def _flag(f: RowReader, name: str) -> int:
    """An availability flag: −1 there were some, 1 reported zero, 0 not recorded."""
    try:
        number = to_decimal(f.raw(name))
    except BadValue:
        number = Decimal(99)  # reported below
    if number is None:
        return 0
    if number not in (-1, 0, 1):
        f.fail(
            name, _("“%(value)s” is not a DesInventar flag (−1, 0 or 1)") % {"value": f.text(name)}
        )
        return 0
    return int(number)


@contextmanager
def _xml_stream(path: Path, ctx: ReadContext) -> Iterator[_Limited | None]:
    """The XML bytes of a .xml, .xml.gz or .zip file, limited to MAX_INPUT_BYTES."""
    name = path.name.lower()
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                member = _xml_member(archive, ctx)
                if member is None:
                    yield None
                    return
                with archive.open(member) as stream:
                    yield _Limited(stream)
        elif name.endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                yield _Limited(stream)
        else:
            with path.open("rb") as stream:
                yield _Limited(stream)
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        ctx.problem(_("cannot be read: %(error)s") % {"error": exc})


def _xml_member(archive: zipfile.ZipFile, ctx: ReadContext) -> zipfile.ZipInfo | None:
    """The archive's XML file (DI_export_*.xml preferred), or None with a problem."""
    members = [info for info in archive.infolist() if info.filename.lower().endswith(".xml")]
    members.sort(key=lambda info: not Path(info.filename).name.lower().startswith("di_export"))
    if not members:
        ctx.problem(_("the ZIP file holds no .xml file (a DesInventar export was expected)"))
        return None
    if members[0].file_size > common.MAX_INPUT_BYTES:
        ctx.problem(
            _("%(name)s unpacks to more than %(limit)d MB")
            % {"name": members[0].filename, "limit": common.MAX_INPUT_BYTES // 2**20}
        )
        return None
    return members[0]


class _TooLarge(Exception):
    """The input went past MAX_INPUT_BYTES while being read."""


class _NotDesInventar(Exception):
    """The XML's root element is not <DESINVENTAR>."""


class _Limited(io.RawIOBase):
    """A byte stream that fails once more than MAX_INPUT_BYTES have been read from it."""

    def __init__(self, stream: IO[bytes] | io.BufferedIOBase) -> None:
        """Wrap `stream`."""
        super().__init__()
        self.stream = stream
        self.count = 0

    def readable(self) -> bool:
        """The stream is read, never written."""
        return True

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes; _TooLarge past the limit."""
        data = self.stream.read(size if size >= 0 else common.MAX_INPUT_BYTES + 1)
        self.count += len(data)
        if self.count > common.MAX_INPUT_BYTES:
            raise _TooLarge
        return data


class _FichasHandler(ContentHandler):
    """Streams the <TR> rows of the <fichas> table of a <DESINVENTAR> document to a callback."""

    def __init__(self, on_row: Callable[[int, dict[str, str]], None]) -> None:
        """Call `on_row(line, fields)` for every datacard."""
        super().__init__()
        self.on_row = on_row
        self.depth = 0
        self.table = ""
        self.saw_fichas = False
        self.row: dict[str, str] | None = None
        self.field = ""
        self.text: list[str] = []
        self.line = 0
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 - SAX API
        """Keep the locator to know each row's line."""
        self.locator = locator

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 - SAX API
        """Track the document > table > TR > field nesting."""
        self.depth += 1
        if self.depth == 1 and name.lower() != "desinventar":
            raise _NotDesInventar(name)
        if self.depth == 2:
            self.table = name.lower()
            self.saw_fichas = self.saw_fichas or self.table == "fichas"
        elif self.depth == 3 and self.table == "fichas":
            self.row = {}
            line = self.locator.getLineNumber() if self.locator else None
            self.line = line or 0
        elif self.depth == 4 and self.row is not None:
            self.field = name.lower()
            self.text = []

    def characters(self, content: str) -> None:
        """Collect a field's text."""
        if self.depth == 4 and self.row is not None:
            self.text.append(content)

    def endElement(self, name: str) -> None:  # noqa: N802 - SAX API
        """Store a field, or hand a finished row on."""
        if self.depth == 4 and self.row is not None:
            self.row[self.field] = "".join(self.text)
        elif self.depth == 3 and self.row is not None:
            self.on_row(self.line, self.row)
            self.row = None
        self.depth -= 1


def _parse(
    stream: _Limited, on_row: Callable[[int, dict[str, str]], None], ctx: ReadContext
) -> None:
    """Parse a DesInventar export safely, reporting why a file is not one."""
    handler = _FichasHandler(on_row)
    parser = DefusedExpatParser(forbid_dtd=True)
    parser.setContentHandler(handler)
    try:
        parser.parse(stream)
    except _NotDesInventar as exc:
        ctx.problem(
            _("is not a DesInventar export: its root element is <%(root)s>, not <DESINVENTAR>")
            % {"root": exc}
        )
        return
    except _TooLarge:
        ctx.problem(_("is larger than %(limit)d MB") % {"limit": common.MAX_INPUT_BYTES // 2**20})
        return
    except DefusedXmlException as exc:
        ctx.problem(
            _("holds a DTD or entity declarations, which are refused: %(error)s")
            % {"error": type(exc).__name__}
        )
        return
    except SAXParseException as exc:
        ctx.problem(
            _("is not well-formed XML: %(error)s") % {"error": exc.getMessage()},
            line=exc.getLineNumber(),
        )
        return
    except LookupError as exc:  # an XML declaration naming an encoding Python does not know
        ctx.problem(_("is not well-formed XML: %(error)s") % {"error": exc})
        return
    if not handler.saw_fichas:
        ctx.problem(_("is a DesInventar export without a <fichas> table (no datacards)"))


# ---------------------------------------------------------------------------------------------
# Writing


def write_csv(records: Sequence[EventRecord], target: Target) -> None:
    """Records as CSV with DesInventar's field names (see the module docstring for losses)."""
    with text_output(target) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(WRITE_FIELDS)
        for record in records:
            writer.writerow([guard(value) for value in _values(record).values()])


def write_xml(records: Sequence[EventRecord], target: Target) -> None:
    """Records as a DesInventar XML export holding only the <fichas> table."""
    with text_output(target) as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<DESINVENTAR>\n<fichas>\n')
        for record in records:
            stream.write("<TR>")
            for name, value in _values(record).items():
                stream.write(f"<{name}>{escape(_XML_INVALID.sub('', value))}</{name}>\n")
            stream.write("</TR>\n")
        stream.write("</fichas>\n</DESINVENTAR>\n")


def _values(record: EventRecord) -> dict[str, str]:
    """A record as datacard fields, in WRITE_FIELDS order."""
    values = dict.fromkeys(WRITE_FIELDS, "")
    values.update(serial=record.source_id, evento=record.hazard_name or "")
    values.update(lugar=record.location_text, causa="", descausa=record.cause)
    values.update(fuentes=record.source, di_comments=record.description)
    values.update(_levels(record.region_code))
    values.update(_date_fields(record))
    values.update(_effect_fields(record))
    values["latitude"] = format_number(record.latitude)
    values["longitude"] = format_number(record.longitude)
    values["approved"] = APPROVED_CODES.get(record.verification, "1")
    return values


def _levels(code: str | None) -> dict[str, str]:
    """level0–level2 from a region code: province, regency, then the finest code (no dots)."""
    if not code:
        return {}
    try:
        parts = codes.normalize(code).split(".")
    except codes.BadRegionCode:
        return {"level0": code}
    levels = {"level0": parts[0]}
    if len(parts) > 1:
        levels["level1"] = "".join(parts[:2])
    if len(parts) > 2:
        levels["level2"] = "".join(parts)
    return levels


def _date_fields(record: EventRecord) -> dict[str, str]:
    """fechano/fechames/fechadia and duracion (days, the first and last day included)."""
    if not record.start:
        return {}
    start = record.start
    duration = (record.end - start).days + 1 if record.end else None
    return {
        "fechano": str(start.year),
        "fechames": str(start.month),
        "fechadia": str(start.day),
        "duracion": format_number(duration),
    }


def _effect_fields(record: EventRecord) -> dict[str, str]:
    """The effect fields with their availability flags."""
    effects = record.effects
    values: dict[str, str] = {}
    for effect, (value_field, flag_field) in FLAGGED.items():
        values[value_field], values[flag_field] = _with_flag(effects.get(effect))
    damaged = [effects.get(name) for name in (*HOUSE_DAMAGE, "houses_damaged")]
    values["vivafec"], values["hay_vivafec"] = _with_flag(_total(damaged))
    for effect, name in UNFLAGGED_COUNTS.items():
        values[name] = format_number(effects.get(effect))
    values["nhectareas"] = format_number(_total([effects.get(name) for name in LAND_EFFECTS]))
    roads = effects.get("roads_km")
    values["kmvias"] = format_number(None if roads is None else Decimal(roads) * 1000)
    values["valorloc"] = format_number(effects.get("economic_loss"))
    return values


def _with_flag(value: int | Decimal | None) -> tuple[str, str]:
    """A count and its flag: −1 for a figure, 1 for a reported zero, 0 for unknown."""
    if value is None:
        return "", "0"
    return format_number(value), "-1" if value else "1"


def _total(values: Sequence[int | Decimal | None]) -> int | Decimal | None:
    """The sum of the known values (None when none is known)."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None
