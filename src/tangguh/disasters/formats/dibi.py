"""BNPB DIBI event tables, older and current layout, as CSV, .xlsx or .xls.

Columns are matched by name, without regard to case, spaces or underscores, so both layouts go
through one table of spellings:

- the older layout (BNPB's sample `Data_Bencana.xls`, 94 columns: `id_prov, id_kab, …, tahun,
  bulan, tanggal, jam, meninggal, …, kib`): the date comes from `tahun`/`bulan`/`tanggal` (+ `jam`);
- the current layout (dibi.bnpb.go.id downloads: `id, Tanggal / Waktu Kejadian, Minggu, Bulan,
  Tahun, Kode Provinsi, Provinsi, Kode Kabupaten, …, Jembatan Rusak`): the date and time come from
  `Tanggal / Waktu Kejadian`.

Mapping: `id_kab`/`Kode Kabupaten` → region_code (dots optional; `id_prov`/`Kode Provinsi` when
the regency is blank), `id_jenis_bencana`/`Kode Jenis Kejadian` → hazard_code, `nama_kejadian`/
`Nama Kejadian` (else `kejadian`/`Jenis Bencana`) → hazard_name, `kib`/`id` → source_id (spaces
normalised), `lokasi` (+ `alamat_lengkap`) → location_text, `desa` → village_name,
`kronologis` + `keterangan` → description, `penyebab` → cause, `sumber` → source,
`jumlah_kejadian` → event_count (kept as a Decimal: 0.5 = an event shared by two regencies).
Effects: `meninggal, hilang, terluka`/`Luka / Sakit`, `menderita, mengungsi`, houses heavy /
moderate / light / flooded (`terendam`), facilities (`*_rusak` totals, else the sum of their
`_berat/_sedang/_ringan` parts), `jalan` → roads_km, `sawah` → rice_fields_ha, `kebun` →
plantations_ha, `lahan + hutan` → other_land_ha (when either is given), `kerugian_juta` × 10⁶ →
economic_loss (rupiah). DIBI's 0 is a reported zero; a blank cell is unknown. Coordinates of
exactly 0, 0 are "not recorded". A time of exactly 00:00:00 is read as "no time given".

The writer writes the current layout as CSV (UTF-8). Round trip keeps source_id, start,
start_time (to the second), region_code, hazard_code, hazard_name, event_count and the effects
the layout has columns for. Lossy: location_text, village_name, end, latitude, longitude,
description, cause, source, verification, disaggregation, houses_destroyed, roads_km,
rice_fields_ha, plantations_ha, other_land_ha, livestock, economic_loss, a start_time of
midnight; the province and regency names and `Jenis Bencana` are left blank.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from tangguh.core.exporting import guard
from tangguh.core.importing.cells import (
    Cell,
    cell_text,
    clean_inline,
    clean_text,
    code_text,
    make_date,
)
from tangguh.core.importing.columns import Columns, Table, header_key, loose_key, report_missing
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.text import is_number
from tangguh.disasters.records import EFFECTS, EventRecord
from tangguh.regions import codes

from .common import (
    Target,
    check_dates,
    coordinates,
    format_number,
    parse_hazard_code,
    row_ignored,
    text_output,
)

FORMAT = "dibi"
EFFECT_COLUMNS: dict[str, tuple[str, ...]] = {
    "deaths": ("meninggal", "death", "korban meninggal"),
    "missing": ("hilang", "missing_person", "korban hilang"),
    "injured": ("terluka", "luka / sakit", "luka-luka", "luka", "injured_person"),
    "affected": ("menderita", "terdampak"),
    "displaced": ("mengungsi",),
    "houses_heavy": ("rumah_rusak_berat",),
    "houses_moderate": ("rumah_rusak_sedang",),
    "houses_light": ("rumah_rusak_ringan",),
    "houses_damaged": ("rumah_rusak", "rumah rusak", "damaged_house"),
    "houses_flooded": ("terendam", "rumah terendam", "flooded_house"),
    "education_damaged": ("pendidikan_rusak", "satuan pendidikan rusak", "pendidikan"),
    "worship_damaged": ("peribadatan_rusak", "rumah ibadat rusak", "peribadatan"),
    "health_damaged": ("kesehatan_rusak", "fasilitas pelayanan kesehatan rusak", "kesehatan"),
    "office_damaged": ("kantor_rusak",),
    "bridges_damaged": ("jembatan_rusak",),
    "roads_km": ("jalan",),
    "rice_fields_ha": ("sawah",),
    "plantations_ha": ("kebun",),
}
# Facility totals that may be left blank while their parts (berat/sedang/ringan) are filled.
FACILITY_PARTS = {
    "education_damaged": "pendidikan",
    "worship_damaged": "peribadatan",
    "health_damaged": "kesehatan",
    "office_damaged": "kantor",
    "bridges_damaged": "jembatan",
}
GRADES = ("berat", "sedang", "ringan")
GRADED_HOUSES = ("houses_heavy", "houses_moderate", "houses_light")
COLUMNS: dict[str, tuple[str, ...]] = {
    "source_id": ("kib", "id", "id kejadian", "identitas"),
    "datetime": ("tanggal / waktu kejadian", "tanggal kejadian", "waktu kejadian", "date"),
    "year": ("tahun",),
    "month": ("bulan",),
    "day": ("tanggal",),
    "time": ("jam",),
    "province_code": ("id_prov", "kode provinsi", "kodeprov"),
    # Kemendagri regency codes; DIBI's own regency codes (KodeKab, id_kab) are BPS codes.
    "region_code": (
        "kode_kemendagri",
        "kode kabupaten",
        "kode kabupaten/kota",
        "kode kab/kota",
        "kode wilayah",
    ),
    "region_bps": ("kode_bps", "kodekab", "id_kab", "id kabupaten", "kode bps"),
    "regency_name": (
        "kabupaten",
        "kabupaten/kota",
        "kab/kota",
        "kabkot",
        "kabupaten kota",
        "city",
        "nama_kabkota_kemendagri",
    ),
    "hazard_code": ("id_jenis_bencana", "kode jenis kejadian", "kode jenis bencana", "kodekat"),
    "hazard_subtype": ("nama_kejadian",),
    "hazard_family": ("kejadian", "jenis bencana", "kategori", "disaster_type", "bencana"),
    "location": ("lokasi", "lokasi kejadian"),
    "address": ("alamat_lengkap",),
    "village": ("desa",),
    "chronology": ("kronologis", "kronologi & dokumentasi", "kronologi"),
    "remarks": ("keterangan",),
    "cause": ("penyebab", "cause"),
    "source": ("sumber",),
    "latitude": ("latitude", "lintang"),
    "longitude": ("longitude", "bujur"),
    "event_count": ("jumlah_kejadian",),
    "loss_million": ("kerugian_juta",),
    "land": ("lahan",),
    "forest": ("hutan",),
    **EFFECT_COLUMNS,
    **{
        f"{effect}:{grade}": (f"{prefix}_rusak_{grade}",)
        for effect, prefix in FACILITY_PARTS.items()
        for grade in GRADES
    },
}
# Columns that restate what is read (names of coded regions, totals, date parts) or are DIBI's
# own bookkeeping: never listed as ignored.
QUIET = (
    "provinsi",
    "province",
    "no",
    "city_id",
    "city_id_jenis",
    "nilai_dikosongkan",
    "md_hlg",
    "menderita_mengungsi",
    "minggu",
    "is_bencana",
    "lng_prov",
    "lat_prov",
    "jml_bencana",
    "jml_bcn_prov",
    "jml_bcn_kabkot",
    "input_oleh",
    "tanggal_input",
    "tanggal_status",
    "tanggal_update",
    "data_update",
    "flag",
    "flag_kab",
    "flag_prop",
    "flag_nas",
    "tgl",
)
# The current layout as dibi.bnpb.go.id exports it (w-ainun/ABD dibi.csv), for the writer.
CURRENT_HEADER = (
    "id",
    "Tanggal / Waktu Kejadian",
    "Minggu",
    "Bulan",
    "Tahun",
    "Kode Provinsi",
    "Provinsi",
    "Kode Kabupaten",
    "Kabupaten",
    "Kode Jenis Kejadian",
    "Nama Kejadian",
    "Jenis Bencana",
    "is_bencana",
    "Jumlah Kejadian",
    "Meninggal",
    "Hilang",
    "Luka / Sakit",
    "Menderita",
    "Mengungsi",
    "Rumah Rusak Berat",
    "Rumah Rusak Sedang",
    "Rumah Rusak Ringan",
    "Rumah Terendam",
    "Satuan Pendidikan Rusak",
    "Rumah Ibadat Rusak",
    "Fasilitas Pelayanan Kesehatan Rusak",
    "Kantor Rusak",
    "Jembatan Rusak",
)
CURRENT_EFFECTS = (
    "deaths",
    "missing",
    "injured",
    "affected",
    "displaced",
    "houses_heavy",
    "houses_moderate",
    "houses_light",
    "houses_flooded",
    "education_damaged",
    "worship_damaged",
    "health_damaged",
    "office_damaged",
    "bridges_damaged",
)


DATE_COLUMNS = ("datetime", "year", "day")
REGION_COLUMNS = ("region_code", "region_bps", "regency_name", "province_code")
HAZARD_COLUMNS = ("hazard_code", "hazard_subtype", "hazard_family")
_CANONICAL = {
    key: name
    for name, spellings in COLUMNS.items()
    for spelling in (name, *spellings)
    for key in (header_key(spelling), loose_key(spelling))
}


def recognise(keys: set[str]) -> bool:
    """True for a header naming, in any DIBI layout, a date, a region and a hazard column."""
    found = {_CANONICAL[key] for key in keys if key in _CANONICAL}
    return all(found & set(group) for group in (DATE_COLUMNS, REGION_COLUMNS, HAZARD_COLUMNS))


def missing_columns(columns: Columns) -> list[str]:
    """The kinds of column a DIBI table needs but the header lacks (a date, a region)."""
    missing = []
    if not any(columns.has(name) for name in REGION_COLUMNS):
        missing.append(_("Kode Kabupaten (id_kab)"))
    if not any(columns.has(name) for name in DATE_COLUMNS):
        missing.append(_("Tanggal / Waktu Kejadian (tahun, bulan, tanggal)"))
    return missing


def read_rows(table: Table, ctx: ReadContext) -> list[EventRecord]:
    """The records of a DIBI table."""
    columns = table.columns
    missing = missing_columns(columns)
    if missing:
        report_missing(table.sheet, ctx.problems, table.header_row, missing)
        return []
    _second_day_column(table)
    records = []
    for row in table.rows:
        fields = ctx.reader(table, row)
        record = _record(fields)
        record.ignored_columns = row_ignored(columns, row)
        date_column = fields.label(next(n for n in DATE_COLUMNS if fields.has(n)))
        if not record.hazard_code and not record.hazard_name:
            ctx.problem(
                _("the hazard is missing (give its code or its name)"),
                line=row.line,
                column=fields.label("hazard_code"),
            )
        check_dates(ctx, record, date_column)
        records.append(record)
    ctx.flush_notes()
    return records


def _second_day_column(table: Table) -> None:
    """The 2018 export has an ISO `tanggal` and the day `Tanggal`: the second is `day_part`."""
    columns = table.columns
    if "day" not in columns.index or not any(d[0] == "day" for d in columns.doubled):
        return
    for position, cell in enumerate(table.header_row.cells):
        if header_key(cell) == "tanggal" and position != columns.index["day"]:
            columns.index["day_part"] = position
            columns.labels["day_part"] = table.sheet.column_label(position, cell_text(cell))
            return


def _record(f: RowReader) -> EventRecord:
    """One DIBI row as a record."""
    start, start_time = _when(f)
    latitude, longitude = coordinates(f, "latitude", "longitude")
    region, bps, province = _region(f)
    return EventRecord(
        source_format=FORMAT,
        source_id=" ".join(f.text("source_id").split()),
        line=f.line,
        hazard_code=f.get("hazard_code", parse_hazard_code),
        hazard_name=clean_inline(f.text("hazard_subtype") or f.text("hazard_family")) or None,
        region_code=region,
        region_code_bps=bps,
        regency_name=clean_inline(f.text("regency_name")),
        province_code=province,
        location_text=_location(f),
        village_name=clean_inline(f.text("village")),
        start=start,
        start_time=start_time,
        latitude=latitude,
        longitude=longitude,
        event_count=f.amount("event_count"),
        description=_description(f),
        cause=clean_text(f.text("cause")),
        source=clean_text(f.text("source")),
        effects=_effects(f),
    )


def _region(f: RowReader) -> tuple[str | None, str | None, str | None]:
    """The Kemendagri regency code, the BPS regency code and the province code the row gives
    (the province alone when the regency is blank).

    A regency outside the row's province is a warning, not a problem: the importer checks the
    region, and BNPB's own sample has such a row (id_prov 63, id_kab 3304).
    """
    province = f.region("province_code")
    region = f.region("region_code") if f.text("region_code") else None
    bps = code_text(f.raw("region_bps")) or None
    if bps is not None and not is_number(bps):
        f.fail("region_bps", _("“%(value)s” is not a BPS regency code") % {"value": bps})
        bps = None
    given = region or (f"{bps[:2]}.{bps[2:]}" if bps and len(bps) == 4 else None)
    if given and province and not given.startswith(province + "."):
        f.ctx.warn(
            _("regency %(region)s does not lie in province %(province)s; the regency counts")
            % {"region": region or bps, "province": province},
            line=f.line,
            column=f.label("region_code" if region else "region_bps"),
        )
    if region is None and bps is None and not f.text("regency_name"):
        region = province
    return region, bps, province or (bps[:2] if bps else None)


def _when(f: RowReader) -> tuple[dt.date | None, dt.time | None]:
    """The start date and time: the date column, an ISO `tanggal`, or tahun/bulan/tanggal."""
    if f.has("datetime"):
        if not f.text("datetime"):
            f.fail("datetime", _("the date is missing"))
            return None, None
        return f.when("datetime")
    if _full_date(f.raw("day")):
        return f.when("day")
    day = "day_part" if f.has("day_part") else "day"
    if not f.has("year"):
        f.fail(day, _("the date is missing"))
        return None, None
    given = [bool(f.text(name)) for name in ("year", "month", day)]
    if not all(given):
        message = _("the date is incomplete (tahun, bulan and tanggal are all needed)")
        f.fail("year", message if any(given) else _("the date is missing"))
        return None, None
    year, month, number = f.count("year"), f.count("month"), f.count(day)
    if year is None or month is None or number is None:
        return None, None
    if not (month and number):
        f.ctx.note(
            _("the date gives no day or no month; the first day (of January) was assumed"),
            f.line,
        )
    try:
        date = make_date(
            year, month or 1, number if month and number else 1, f"{number}/{month}/{year}"
        )
    except ValueError as exc:
        f.fail(day, str(exc))
        return None, None
    return date, f.time("time")


def _full_date(cell: Cell) -> bool:
    """True for a cell holding a whole date (a date cell, or text such as 2018-01-09)."""
    if isinstance(cell, dt.date):
        return True
    return isinstance(cell, str) and bool(re.search(r"\d[-/.]\d", cell.strip()))


def _location(f: RowReader) -> str:
    """`lokasi` on one line, followed by `alamat_lengkap` when given."""
    parts = [clean_inline(f.text("location")), clean_inline(f.text("address"))]
    return "; ".join(part for part in parts if part)


def _description(f: RowReader) -> str:
    """The chronology followed by the remarks."""
    parts = [clean_text(f.text("chronology")), clean_text(f.text("remarks"))]
    return "\n\n".join(part for part in parts if part)


def _effects(f: RowReader) -> dict[str, int | Decimal | None]:
    """The effects the row reports (blank cells are unknown and left out)."""
    effects: dict[str, int | Decimal | None] = {}
    for name in EFFECT_COLUMNS:
        value: int | Decimal | None = (
            f.count(name) if EFFECTS[name][0] == "count" else f.amount(name)
        )
        if value is None and name in FACILITY_PARTS and not f.text(name):
            parts = [f.count(f"{name}:{grade}") for grade in GRADES]
            known = [part for part in parts if part is not None]
            value = sum(known) if known else None
        if value is not None:
            effects[name] = value
    if any(effects.get(name) is not None for name in GRADED_HOUSES):
        effects.pop("houses_damaged", None)  # DIBI's rumah_rusak is then the graded total
    land = [value for value in (f.amount("land"), f.amount("forest")) if value is not None]
    if land:
        effects["other_land_ha"] = sum(land, Decimal(0))
    loss = f.amount("loss_million")
    if loss is not None:
        effects["economic_loss"] = loss * 1_000_000
    return effects


def write_rows(records: Sequence[EventRecord], target: Target) -> None:
    """Records in the current DIBI layout as CSV (see the module docstring for what is lost)."""
    with text_output(target) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CURRENT_HEADER)
        for record in records:
            writer.writerow([guard(value) for value in _row(record)])


def _row(record: EventRecord) -> list[str]:
    """A record as the cells of the current layout."""
    region = _dotted(record.region_code)
    start = record.start
    when = ""
    if start:
        when = start.isoformat()
        if record.start_time:
            when += " " + record.start_time.strftime("%H:%M:%S")
    head = [
        record.source_id,
        when,
        str(start.isocalendar().week) if start else "",
        str(start.month) if start else "",
        str(start.year) if start else "",
        region.split(".", 1)[0] if region else "",
        "",
        region if "." in region else "",
        "",
        record.hazard_code or "",
        record.hazard_name or "",
        "",
        "",
        format_number(record.event_count),
    ]
    return head + [format_number(record.effects.get(name)) for name in CURRENT_EFFECTS]


def _dotted(code: str | None) -> str:
    """A region code in dotted form when it is one ('' for None)."""
    if not code:
        return ""
    try:
        return codes.normalize(code)
    except codes.BadRegionCode:
        return code
