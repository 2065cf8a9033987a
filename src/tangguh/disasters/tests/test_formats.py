"""Readers and writers of disaster event files: DIBI, DesInventar and the tangguh template."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tangguh.core.exporting import guard, unguard
from tangguh.core.importing.cells import BadValue, parse_count, parse_datetime, parse_time
from tangguh.disasters.formats import (
    TEMPLATE_COLUMNS,
    ReadResult,
    read_events,
    write_events,
    write_template,
)
from tangguh.disasters.records import EventRecord, Verification

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parents[1] / "data" / "bnpb_sample_Data_Bencana.xls"
TODAY = dt.date(2025, 6, 1)
# Spreadsheet date cells carry no time zone.
EXCEL_MOMENT = dt.datetime(2021, 4, 5, 3, 15)  # noqa: DTZ001
EXCEL_MORNING = dt.datetime(2021, 11, 9, 8, 0)  # noqa: DTZ001
DIBI_HEADER = [
    "id", "Tanggal / Waktu Kejadian", "Kode Provinsi", "Kode Kabupaten", "Kode Jenis Kejadian",
    "Nama Kejadian", "Jumlah Kejadian", "Meninggal", "Hilang", "Luka / Sakit", "Menderita",
]  # fmt: skip


def read(path: Path, fmt: str | None = None) -> ReadResult:
    """Read a file as of TODAY."""
    return read_events(path, fmt, today=TODAY)


def by_id(result: ReadResult) -> dict[str, EventRecord]:
    """The records of a result by source id."""
    return {record.source_id: record for record in result.records}


def where(result: ReadResult) -> list[tuple[int | None, str | None]]:
    """The (line, column) of every problem."""
    return [(problem.line, problem.column) for problem in result.problems]


def messages(result: ReadResult) -> str:
    """All problem messages in one text."""
    return "\n".join(str(problem) for problem in result.problems)


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """A text file with the given content."""
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A one-sheet workbook with these rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# DIBI, older layout: BNPB's sample


def test_bnpb_sample_reads_every_row_without_problems():
    """All 34 events of BNPB's sample are read as DIBI, with no problem."""
    result = read(SAMPLE)
    assert result.format == "dibi"
    assert result.problems == []
    assert len(result.records) == 34
    assert [r.line for r in result.records] == list(range(2, 36))
    # BNPB's row 14 codes Kab. Banjarnegara (33.04) in Kalimantan Selatan (63): a warning.
    assert [(w.line, w.column) for w in result.warnings] == [(14, "id_kab (B)")]


def test_bnpb_sample_forest_fire_row():
    """The Aceh Jaya forest fire of 2020-02-07 is read exactly."""
    record = by_id(read(SAMPLE))["1116 107 2020 02 07 1"]
    assert record.source_format == "dibi"
    assert record.hazard_code == "107"
    assert record.hazard_name == "KEBAKARAN HUTAN DAN LAHAN"
    assert (record.region_code, record.region_code_bps) == (None, "1116")  # id_kab: BPS
    assert record.start == dt.date(2020, 2, 7)
    assert record.start_time is None
    assert record.location_text == "Kec. Sampoiniet, Ds. Kuala Ligan"
    assert record.cause == "Masih dalam penyelidikan"  # the '•' bullet is gone
    assert record.source.startswith("BPBA Prov. Aceh\nIbu Henni")
    assert record.latitude == pytest.approx(4.83218)
    assert record.longitude == pytest.approx(95.6787)
    assert record.event_count == Decimal("1")
    assert record.effects["other_land_ha"] == Decimal("0.015")  # lahan 0.015 + hutan 0
    assert record.effects["deaths"] == 0  # DIBI's 0 is a reported zero
    assert "economic_loss" not in record.effects  # kerugian_juta is blank: unknown


def test_bnpb_sample_other_rows():
    """A fractional event count, a sub-type name and large counts come through unchanged."""
    records = by_id(read(SAMPLE))
    shared = records["3171 101 2020 02 16 1"]
    assert shared.event_count == Decimal("0.333333")
    assert shared.region_code_bps == "3171"
    combined = records["3602 101 2020 012 6 1"]
    assert combined.hazard_name == "BANJIR DAN TANAH LONGSOR"  # nama_kejadian, not kejadian
    assert combined.hazard_code == "101"
    assert combined.start == dt.date(2020, 12, 6)
    assert combined.description.startswith("Korban Jiwa :\n112 KK/ 488 Jiwa mengungsi")
    assert records["6208 101 2020 09 7 1"].effects["affected"] == 31237
    assert records["7314 101 2020 07 18 1"].effects["rice_fields_ha"] == Decimal("3782")


def test_bnpb_sample_lists_unread_columns_holding_data():
    """Columns with data that are not read are listed; bookkeeping and totals are not."""
    result = read(SAMPLE)
    assert "fasum_rusak" in result.ignored_columns
    assert "bantuan_pemprov_pemda" in result.ignored_columns
    for quiet in ("input_oleh", "tanggal_input", "rumah_rusak", "provinsi", "kolam"):
        assert quiet not in result.ignored_columns
    record = by_id(result)["6107 101 2020 07 12 1"]
    assert "fasum_rusak" in record.ignored_columns


def test_xls_named_xlsx_is_read_by_its_content(tmp_path):
    """A workbook is recognised by its bytes, not by the name it was given."""
    renamed = tmp_path / "Data_Bencana.xlsx"
    renamed.write_bytes(SAMPLE.read_bytes())
    result = read(renamed)
    assert result.problems == []
    assert len(result.records) == 34


def test_older_layout_csv_dates_money_land_and_facility_parts(tmp_path):
    """tahun/bulan/tanggal/jam, kerugian_juta in millions, lahan+hutan and facility parts."""
    path = write_csv(
        tmp_path / "lama.csv",
        "id_prov,id_kab,id_jenis_bencana,kejadian,nama_kejadian,tahun,bulan,tanggal,jam,"
        "kerugian_juta,lahan,hutan,kebun,jalan,pendidikan_rusak_berat,pendidikan_rusak_ringan,"
        "pendidikan_rusak,desa,lokasi,kib\n"
        "53,5301,101,BANJIR,BANJIR ROB,2021,3,5,14.30,1.5,2,3.5,,0.8,1,2,,Oesao,"
        '"Kec. Kupang Timur\n• Ds. Oesao",5301 101 2021 03 05 1\n'
        "53,,105,PUTING BELIUNG,,2021,2,31,,,,,,,,,,,,x\n",
    )
    result = read(path)
    first, second = result.records
    assert first.start == dt.date(2021, 3, 5)
    assert first.start_time == dt.time(14, 30)
    assert first.hazard_name == "BANJIR ROB"
    assert first.village_name == "Oesao"
    assert first.location_text == "Kec. Kupang Timur, Ds. Oesao"
    assert first.effects["economic_loss"] == Decimal("1500000")
    assert first.effects["other_land_ha"] == Decimal("5.5")
    assert first.effects["roads_km"] == Decimal("0.8")
    assert first.effects["education_damaged"] == 3  # total blank: sum of the parts
    assert "plantations_ha" not in first.effects
    assert second.region_code == "53"  # the province when the regency is blank
    assert second.hazard_name == "PUTING BELIUNG"
    assert where(result) == [(4, "tanggal")]  # the quoted lokasi above spans two lines
    assert "31/2/2021" in messages(result)


# ---------------------------------------------------------------------------------------------
# DIBI, current layout


def test_current_layout_csv():
    """Codes with and without dots, the date forms people get, fractions, blanks and extras."""
    result = read(DATA / "dibi_current.csv")
    assert result.format == "dibi"
    assert result.problems == []
    assert result.ignored_columns == ["Catatan Petugas"]
    records = by_id(result)
    first = records["6f1c2a40-0001"]
    assert (first.region_code, first.hazard_code) == ("53.01", "1013")
    assert first.hazard_name == "Banjir dan Tanah Longsor"
    assert first.start == dt.date(2021, 11, 9)
    assert first.start_time is None  # 00:00:00 means no time given
    assert first.effects["houses_moderate"] == 5
    assert first.effects["bridges_damaged"] == 1
    second = records["6f1c2a40-0002"]
    assert second.region_code == "53.02"
    assert second.start_time == dt.time(14, 30)
    assert second.event_count == Decimal("0.5")
    assert "houses_moderate" not in second.effects  # blank: unknown
    assert second.ignored_columns == ["Catatan Petugas"]
    assert records["6f1c2a40-0003"].start == dt.date(2021, 11, 9)  # 09/11/2021
    fourth = records["6f1c2a40-0004"]
    assert fourth.start == dt.date(2021, 11, 9)  # 9-11-2021
    assert fourth.region_code == "53"
    assert fourth.effects == {"affected": 25, "houses_flooded": 12}


def test_current_layout_bad_values_are_all_reported_with_row_and_column():
    """Every bad cell in the file is a problem located by line and column."""
    result = read(DATA / "dibi_current_bad.csv")
    assert where(result) == [
        (2, "Meninggal"),
        (3, "Hilang"),
        (4, "Luka / Sakit"),
        (5, "Tanggal / Waktu Kejadian"),
        (6, "Tanggal / Waktu Kejadian"),
        (7, "Kode Kabupaten"),
        (7, "Kode Jenis Kejadian"),
        (8, "Tanggal / Waktu Kejadian"),
        (8, "Kode Kabupaten"),
        (8, "Jumlah Kejadian"),
        (8, "Menderita"),
    ]
    text = messages(result)
    assert "-2 is negative" in text
    assert "“banyak” is not a number" in text
    assert "2.5 is not a whole number" in text
    assert "“31/02/2021” is not a valid date" in text
    assert "2099-01-01 is in the future" in text
    assert "“53.AB” is not a region code" in text
    assert "“BJR” is not a hazard code" in text
    assert "1.234 is not a whole number" in text
    assert len(result.records) == 7  # the rows are still read, for a preview


def test_current_layout_xlsx_with_title_row_excel_cells_and_loose_headers(tmp_path):
    """Title rows above the header, date cells, numbers as floats, headers in any case."""
    path = write_xlsx(
        tmp_path / "dibi.xlsx",
        [
            ["Data Kejadian Bencana Provinsi NTT 2021"],
            [],
            ["ID", "TANGGAL / WAKTU KEJADIAN", "kode  provinsi", "Kode_Kabupaten",
             "kode jenis kejadian", "Nama Kejadian", "Jumlah Kejadian", "Meninggal", "Mengungsi"],
            ["x-1", EXCEL_MOMENT, 53, 5301, 1012, "Banjir Bandang", 0.5, 3.0, 120],
            ["x-2", dt.date(2021, 4, 6), 53.0, "53.10", "1020", "Tanah Longsor", 1, None, 0],
        ],
    )  # fmt: skip
    result = read(path)
    assert result.problems == []
    assert "the header is on line 3" in str(result.warnings[0])
    first, second = result.records
    assert first.line == 4
    assert (first.region_code, first.hazard_code) == ("53.01", "1012")
    assert (first.start, first.start_time) == (dt.date(2021, 4, 5), dt.time(3, 15))
    assert first.event_count == Decimal("0.5")
    assert first.effects == {"deaths": 3, "displaced": 120}
    assert second.region_code == "53.10"
    assert second.effects == {"displaced": 0}


def test_merged_header_cells_are_reported(tmp_path):
    """A header spanning two rows leaves nameless columns over data: that is a problem."""
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        [
            ["id", "Tanggal / Waktu Kejadian", "Kode Kabupaten", "Kode Jenis Kejadian",
             "Rumah Rusak", None, None],
            [None, None, None, None, "Berat", "Sedang", "Ringan"],
            ["m-1", "2021-01-02", "53.01", "1010", 1, 2, 3],
        ],
    )  # fmt: skip
    result = read(path)
    assert [(p.line, p.column) for p in result.problems[:2]] == [(1, "F"), (1, "G")]
    assert "no name in the header row" in messages(result)


def test_title_only_and_merged_first_rows_without_a_header(tmp_path):
    """Without a recognisable header the first row is described: a title, or merged cells."""
    title = write_xlsx(tmp_path / "title.xlsx", [["Laporan Bencana"], ["a", "b"], [1, 2]])
    assert "single cell (“Laporan Bencana”)" in messages(read(title))
    merged = write_xlsx(tmp_path / "gaps.xlsx", [["Waktu", None, "Korban"], [1, 2, 3]])
    assert "empty cells between filled ones" in messages(read(merged))


def test_regency_outside_its_province_and_gzipped_csv(tmp_path):
    """A regency code outside the row's province is a warning; .csv.gz is read."""
    text = "\n".join(
        [
            ",".join(DIBI_HEADER),
            "p-1,2021-01-02,53,32.01,1010,Banjir,1,0,0,0,5",
            "p-2,2021-01-03,53,53.01,1010,Banjir,1,0,0,0,5",
        ]
    )
    path = tmp_path / "dibi.csv.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    result = read(path)
    assert len(result.records) == 2
    assert result.problems == []
    warning = result.warnings[0]
    assert (warning.line, warning.column) == (2, "Kode Kabupaten")
    assert "does not lie in province 53" in warning.message


def test_semicolons_and_decimal_commas(tmp_path):
    """CSV saved by an Indonesian Excel: semicolons between cells, commas in decimals."""
    text = ";".join(DIBI_HEADER) + "\n" + "s-1;09/11/2021;53;5301.0;1010;Banjir;0,5;1;0;0;12\n"
    record = read(write_csv(tmp_path / "excel.csv", text)).records[0]
    assert (record.region_code, record.event_count) == ("53.01", Decimal("0.5"))
    assert record.effects["affected"] == 12


def test_header_without_rows_is_a_warning(tmp_path):
    """A file with only a header reads as no records, with a warning."""
    result = read(write_csv(tmp_path / "kosong.csv", ",".join(DIBI_HEADER) + "\n"))
    assert (result.records, result.problems) == ([], [])
    assert "no event rows" in str(result.warnings[0])


# ---------------------------------------------------------------------------------------------
# Files that are not what they claim


def test_unknown_header_is_a_problem(tmp_path):
    """A CSV whose header belongs to no known format says so and names its columns."""
    result = read(write_csv(tmp_path / "x.csv", "nama,umur\nAni,12\n"))
    assert result.records == []
    assert "unknown format" in messages(result)
    assert "nama, umur" in messages(result)


def test_empty_files(tmp_path):
    """Empty CSV, spreadsheet and XML files are problems, not crashes."""
    for name in ("empty.csv", "empty.xlsx", "empty.xml"):
        (tmp_path / name).write_bytes(b"")
        result = read(tmp_path / name)
        assert result.records == []
        assert result.problems, name
    assert "is empty" in messages(read(tmp_path / "empty.csv"))


def test_text_named_xlsx_is_not_a_spreadsheet(tmp_path):
    """A CSV file named .xlsx is reported as not being a spreadsheet."""
    path = write_csv(tmp_path / "data.xlsx", "id,Tanggal / Waktu Kejadian\n1,2021-01-01\n")
    assert "is not a spreadsheet although its name ends in .xlsx" in messages(read(path))


def test_damaged_xlsx_is_a_problem(tmp_path):
    """A ZIP that is not a workbook is reported, not raised."""
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert "cannot be read as a spreadsheet" in messages(read(path))


def test_windows_1252_csv_is_read_with_a_warning(tmp_path):
    """Text that is not UTF-8 is read as Windows-1252 and the warning says so."""
    text = "source_id,hazard_name,start\nA-1,Banjir,2021-01-01\n".replace("A-1", "Dé-1")
    result = read(write_csv(tmp_path / "legacy.csv", text, "cp1252"))
    assert result.problems == []
    assert result.records[0].source_id == "Dé-1"
    assert "was read as Windows-1252" in str(result.warnings[0])
    assert result.warnings[0].line == 2


def test_binary_named_csv_is_a_problem(tmp_path):
    """Bytes with NUL characters are not taken for text."""
    (tmp_path / "image.csv").write_bytes(b"\x89PNG\x00\x00\xff\xfe\x00")
    assert "is not a text file" in messages(read(tmp_path / "image.csv"))


def test_format_given_must_match_the_header():
    """Asking for DIBI but giving a template is a problem."""
    result = read(DATA / "template.csv", "dibi")
    assert result.records == []
    assert "does not look like a DIBI file" in messages(result)


def test_unknown_format_name_is_a_programming_error():
    """A format name outside FORMATS raises (it is not user data)."""
    with pytest.raises(ValueError, match="unknown event file format"):
        read_events(DATA / "template.csv", "excel")
    with pytest.raises(ValueError, match="unknown event file format"):
        write_events([], "excel", io.StringIO())


def test_format_detected_from_content_without_a_known_suffix(tmp_path):
    """A file with an odd name is sniffed: XML by its '<', tables by their header."""
    xml = tmp_path / "export.dat"
    xml.write_bytes((DATA / "desinventar.xml").read_bytes())
    assert read(xml).format == "desinventar"
    text = tmp_path / "events.txt"
    text.write_bytes((DATA / "template.csv").read_bytes())
    assert read(text).format == "csv"


# ---------------------------------------------------------------------------------------------
# DesInventar


def test_desinventar_xml_datacards_and_flags():
    """Flags: −1 real figure, 1 reported zero, 0 unknown; −1 as figure is unknown too."""
    result = read(DATA / "desinventar.xml")
    assert result.format == "desinventar"
    assert result.problems == []
    flood, quake, eruption = result.records
    assert flood.line == 26
    assert flood.source_id == "2019-0001"
    assert flood.hazard_name == "BANJIR"
    assert flood.hazard_code is None
    assert flood.region_code == "53.01"  # level2 is a 7-digit BPS code: level1 is used
    assert flood.location_text == "Desa Tesabela, KUPANG BARAT"
    assert (flood.start, flood.end) == (dt.date(2019, 2, 14), dt.date(2019, 2, 15))
    assert (flood.latitude, flood.longitude) == (None, None)  # 0, 0 = not recorded
    assert flood.cause == "HUJAN: Hujan deras & angin selama 3 hari"
    assert flood.description == "Banjir setinggi 1 m\n120 jiwa mengungsi"
    assert flood.verification == Verification.VERIFIED
    assert flood.effects == {
        "deaths": 3,  # hay_muertos −1
        "injured": 0,  # 0 with hay_heridos 1: a reported zero
        "displaced": 120,
        "houses_destroyed": 2,
        "houses_damaged": 15,  # vivafec: damaged, grade not recorded
        "education_damaged": 1,
        "other_land_ha": Decimal("12.5"),
        "roads_km": Decimal("1.5"),  # kmvias is in metres
        "economic_loss": Decimal("250000000"),
    }  # desaparece and damnificados are 0 with flag 0: unknown; nhospitales 0: unknown
    assert quake.region_code == "53.10"
    assert quake.verification == Verification.REJECTED
    assert quake.effects == {"injured": 25, "affected": 0}  # muertos −1: some, number unknown
    assert (quake.latitude, quake.longitude) == (-8.48, 121.9)
    assert quake.end is None  # duracion 0
    assert eruption.start == dt.date(1815, 4, 1)
    assert eruption.region_code == "52"
    assert "no day or no month" in str(result.warnings[0])
    assert result.ignored_columns == ["afectados", "glide"]  # vivafec is now read


def test_desinventar_csv_matches_the_xml():
    """The same datacards as tab-separated CSV give the same records (but for lines)."""
    from_csv = read(DATA / "desinventar.csv")
    from_xml = read(DATA / "desinventar.xml")
    assert from_csv.problems == []
    assert [r.line for r in from_csv.records] == [2, 4, 5]
    assert [dataclasses.replace(r, line=0) for r in from_csv.records] == [
        dataclasses.replace(r, line=0) for r in from_xml.records
    ]


def test_desinventar_zip_and_gzip(tmp_path):
    """The .zip desinventar.net serves (XML plus shapefiles) and a gzipped XML are read."""
    xml = (DATA / "desinventar.xml").read_bytes()
    archive = tmp_path / "DI_export_idn.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("id0.dbf", b"\x03")
        bundle.writestr("DI_export_idn.xml", xml)
    assert len(read(archive).records) == 3
    packed = tmp_path / "DI_export_idn.xml.gz"
    packed.write_bytes(gzip.compress(xml))
    assert len(read(packed).records) == 3
    empty = tmp_path / "maps.zip"
    with zipfile.ZipFile(empty, "w") as bundle:
        bundle.writestr("id0.dbf", b"\x03")
    assert "holds no .xml file" in messages(read(empty))


def test_files_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    """CSV, spreadsheets and XML (also inside a ZIP) larger than the limit are not read."""
    from tangguh.disasters.formats import common

    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 200)
    assert "is larger than" in messages(read(DATA / "dibi_current.csv"))
    assert "is larger than" in messages(read(DATA / "desinventar.xml"))
    archive = tmp_path / "DI_export_idn.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("DI_export_idn.xml", (DATA / "desinventar.xml").read_bytes())
    assert "unpacks to more than" in messages(read(archive))
    packed = tmp_path / "DI_export_idn.xml.gz"
    packed.write_bytes(gzip.compress((DATA / "desinventar.xml").read_bytes()))
    assert "is larger than" in messages(read(packed))


def test_xml_that_is_not_desinventar():
    """Another XML document is refused with its root element named."""
    result = read(DATA / "not_desinventar.xml")
    assert result.records == []
    assert "its root element is <kml>, not <DESINVENTAR>" in messages(result)


def test_xml_bomb_is_refused():
    """Entity declarations (billion laughs) are refused by defusedxml, never expanded."""
    result = read(DATA / "desinventar_bomb.xml")
    assert result.records == []
    assert "DTD" in messages(result)


def test_malformed_xml_and_export_without_datacards(tmp_path):
    """Broken XML names its line; an export without <fichas> is not accepted silently."""
    broken = write_csv(tmp_path / "broken.xml", "<DESINVENTAR>\n<fichas><TR>\n</fichas>")
    result = read(broken)
    assert "is not well-formed XML" in messages(result)
    assert result.problems[0].line == 3
    bare = write_csv(tmp_path / "bare.xml", "<DESINVENTAR><eventos></eventos></DESINVENTAR>")
    assert "without a <fichas> table" in messages(read(bare))


def test_desinventar_bad_values(tmp_path):
    """Negative figures, bad flags, unknown statuses, missing years and odd level codes."""
    path = write_csv(
        tmp_path / "bad.csv",
        "serial,level0,level1,evento,fechano,fechames,fechadia,muertos,hay_muertos,approved\n"
        "1,53,5301,BANJIR,2020,1,1,-5,-1,0\n"
        "2,53,5301,BANJIR,2020,1,1,1,yes,9\n"
        "3,53,53AB,BANJIR,,1,1,1,-1,0\n"
        "4,53,5301,,2020,2,30,1,-1,0\n",
    )
    result = read(path)
    assert where(result) == [
        (2, "muertos"),
        (3, "approved"),
        (3, "hay_muertos"),
        (4, "fechano"),
        (4, "level1"),
        (5, "fechadia"),
        (5, "evento"),
    ]
    assert by_id(result)["3"].region_code == "53"  # the coarser level still counts


# ---------------------------------------------------------------------------------------------
# Template


def test_template_file():
    """Comment rows are skipped; every field, unknowns and disaggregation are read."""
    result = read(DATA / "template.csv")
    assert result.format == "csv"
    assert result.problems == []
    first, second = result.records
    assert first == EventRecord(
        source_format="csv",
        source_id="TTS-2024-001",
        line=3,
        hazard_code="1010",
        hazard_name="Banjir",
        region_code="53.02",
        location_text="Kec. Amanuban Selatan, Ds. Oebelo",
        village_name="Oebelo",
        start=dt.date(2024, 1, 15),
        start_time=dt.time(14, 30),
        end=dt.date(2024, 1, 16),
        latitude=-10.0512,
        longitude=124.3021,
        event_count=Decimal("1"),
        description="Hujan deras sejak pagi.\nAir setinggi 50 cm.",
        cause="Hujan dengan intensitas tinggi",
        source="BPBD Kab. Timor Tengah Selatan",
        verification=Verification.VERIFIED,
        effects={
            "deaths": 0,
            "injured": 2,
            "affected": 350,
            "displaced": 120,
            "houses_flooded": 85,
            "rice_fields_ha": Decimal("12.5"),
        },
        disaggregation={"injured": {"female": 1, "male": 1}, "displaced": {"with_disability": 3}},
    )
    assert second.line == 5  # the description above spans two lines
    assert second.region_code == "53.02"
    assert second.effects == {"affected": 4200, "economic_loss": Decimal("1500000000")}


def test_template_bad_rows(tmp_path):
    """Unknown status, disaggregation above its total, end before start, missing date/hazard."""
    path = tmp_path / "bad.csv"
    rows = [
        {"source_id": "1", "hazard_code": "1010", "start": "2024-01-02", "verification": "ok"},
        {"source_id": "2", "hazard_code": "1010", "start": "2024-01-02", "deaths": "1",
         "deaths__female": "2"},
        {"source_id": "3", "hazard_code": "1010", "start": "2024-01-05", "end": "2024-01-02"},
        {"source_id": "4", "hazard_code": "1010"},
        {"source_id": "5", "start": "2024-01-02", "start_time": "25:00"},
        {"source_id": "6", "hazard_code": "1010", "start": "2024-01-02", "latitude": "-100"},
    ]  # fmt: skip
    header = ["source_id", "hazard_code", "hazard_name", "start", "start_time", "end",
              "latitude", "verification", "deaths", "deaths__female"]  # fmt: skip
    lines = [",".join(header)] + [",".join(row.get(name, "") for name in header) for row in rows]
    result = read(write_csv(path, "\n".join(lines) + "\n"))
    assert where(result) == [
        (2, "verification"),
        (3, "deaths__female"),
        (4, "end"),
        (5, "start"),
        (6, "start_time"),
        (6, "hazard_code, hazard_name"),
        (7, "latitude"),
    ]


def test_empty_template_has_the_header_and_a_commented_example(tmp_path):
    """The empty template reads back as no records and no problems."""
    path = tmp_path / "template.csv"
    write_template(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == list(TEMPLATE_COLUMNS)
    assert lines[1].startswith("# EXAMPLE")
    result = read(path)
    assert (result.records, result.problems, result.format) == ([], [], "csv")


def test_template_columns():
    """One column per record field and effect, and the people disaggregation columns."""
    assert TEMPLATE_COLUMNS[:4] == ("source_id", "hazard_code", "hazard_name", "region_code")
    assert "economic_loss" in TEMPLATE_COLUMNS
    assert "deaths__female" in TEMPLATE_COLUMNS
    assert "houses_destroyed__female" not in TEMPLATE_COLUMNS
    assert len(TEMPLATE_COLUMNS) == len(set(TEMPLATE_COLUMNS)) == 16 + 23 + 5 * 7


# ---------------------------------------------------------------------------------------------
# Round trips


def full_records() -> list[EventRecord]:
    """Records using every field, with unknowns, zeros, fractions and awkward text."""
    first = EventRecord(
        source_format="csv",
        source_id="TTS-1",
        line=2,
        hazard_code="1012",
        hazard_name="Banjir Bandang",
        region_code="53.02.10",
        location_text="Kec. Amanuban Selatan, Ds. Oebelo",
        village_name="Oebelo",
        start=dt.date(2024, 1, 15),
        start_time=dt.time(14, 30, 5),
        end=dt.date(2024, 1, 17),
        latitude=-10.051234,
        longitude=124.302111,
        event_count=Decimal("0.333333"),
        description='Baris 1, "kutipan"\nBaris 2',
        cause="=SUM(A1) looks like a formula",
        source="BPBD; Pusdalops",
        verification=Verification.VERIFIED,
        effects={
            "deaths": 0,
            "missing": 2,
            "injured": 7,
            "affected": 1200,
            "displaced": 300,
            "houses_destroyed": 4,
            "houses_heavy": 3,
            "houses_moderate": 0,
            "houses_flooded": 85,
            "education_damaged": 1,
            "health_damaged": 2,
            "worship_damaged": 0,
            "office_damaged": 1,
            "bridges_damaged": 3,
            "roads_km": Decimal("1.25"),
            "other_land_ha": Decimal("12.5"),
            "livestock": 40,
            "economic_loss": Decimal("1500000000.50"),
        },
        disaggregation={"injured": {"female": 3, "male": 4, "age_0_4": 1}},
    )
    second = EventRecord(
        source_format="csv",
        source_id="TTS-2",
        line=4,
        hazard_code="1060",
        hazard_name="Kekeringan",
        region_code="53",
        start=dt.date(2023, 8, 1),
        verification=Verification.REJECTED,
        effects={"affected": 0},
    )
    return [first, second]


def test_template_round_trip_is_exact(tmp_path):
    """Every field comes back equal, None stays None and 0 stays 0."""
    path = tmp_path / "out.csv"
    records = full_records()
    write_events(records, "csv", path)
    result = read(path)
    assert result.problems == []
    assert result.records == records


def test_template_round_trip_through_streams():
    """Writing to a text or a binary stream gives the same bytes as writing to a file."""
    text, binary = io.StringIO(), io.BytesIO()
    write_events(full_records(), "csv", text)
    write_events(full_records(), "csv", binary)
    assert binary.getvalue().decode("utf-8") == text.getvalue()
    assert text.getvalue().count("'=SUM(A1)") == 1  # a formula-like text is guarded


def keep(record: EventRecord, fields: tuple[str, ...], effects: tuple[str, ...]) -> dict:
    """The parts of a record a format can hold."""
    kept = {name: getattr(record, name) for name in fields}
    kept["effects"] = {k: v for k, v in record.effects.items() if k in effects}
    return kept


DIBI_FIELDS = (
    "source_id", "hazard_code", "hazard_name", "region_code", "start", "start_time",
    "event_count",
)  # fmt: skip
DIBI_EFFECTS = (
    "deaths", "missing", "injured", "affected", "displaced", "houses_heavy", "houses_moderate",
    "houses_light", "houses_flooded", "education_damaged", "worship_damaged", "health_damaged",
    "office_damaged", "bridges_damaged",
)  # fmt: skip


def test_dibi_round_trip(tmp_path):
    """What the current DIBI layout holds comes back equal."""
    path = tmp_path / "dibi.csv"
    records = full_records()
    write_events(records, "dibi", path)
    result = read(path)
    assert result.format == "dibi"
    assert result.problems == []
    assert [keep(r, DIBI_FIELDS, DIBI_EFFECTS) for r in result.records] == [
        keep(r, DIBI_FIELDS, DIBI_EFFECTS) for r in records
    ]
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,Tanggal / Waktu Kejadian,Minggu,Bulan,Tahun,Kode Provinsi")


def test_dibi_round_trip_of_the_current_fixture(tmp_path):
    """Reading, writing and reading the current-layout fixture changes nothing it holds."""
    original = read(DATA / "dibi_current.csv").records
    path = tmp_path / "again.csv"
    write_events(original, "dibi", path)
    again = read(path).records
    assert [keep(r, DIBI_FIELDS, DIBI_EFFECTS) for r in again] == [
        keep(r, DIBI_FIELDS, DIBI_EFFECTS) for r in original
    ]


DESINVENTAR_FIELDS = (
    "source_id", "hazard_name", "region_code", "location_text", "start", "end", "latitude",
    "longitude", "description", "cause", "source", "verification",
)  # fmt: skip
DESINVENTAR_EFFECTS = (
    "deaths", "missing", "injured", "affected", "displaced", "houses_destroyed",
    "education_damaged", "health_damaged", "livestock", "other_land_ha", "roads_km",
    "economic_loss",
)  # fmt: skip


@pytest.mark.parametrize("name", ["out.csv", "out.xml"])
def test_desinventar_round_trip(tmp_path, name):
    """What a datacard holds comes back equal, as CSV and as XML."""
    path = tmp_path / name
    records = full_records()
    write_events(records, "desinventar", path)
    result = read(path)
    assert result.format == "desinventar"
    assert result.problems == []
    assert [keep(r, DESINVENTAR_FIELDS, DESINVENTAR_EFFECTS) for r in result.records] == [
        keep(r, DESINVENTAR_FIELDS, DESINVENTAR_EFFECTS) for r in records
    ]
    assert result.ignored_columns == []
    for written, back in zip(records, result.records, strict=True):
        graded = [
            written.effects.get(n) for n in ("houses_heavy", "houses_moderate", "houses_light")
        ]
        known = [n for n in graded if n is not None]
        # vivafec (damaged, grade unknown) holds the graded houses: they come back ungraded
        assert back.effects.get("houses_damaged") == (sum(known) if known else None)


def test_desinventar_xml_round_trip_of_the_fixture(tmp_path):
    """Reading, writing and reading the XML fixture changes nothing a datacard holds."""
    original = read(DATA / "desinventar.xml").records
    stream = io.BytesIO()
    write_events(original, "desinventar-xml", stream)
    path = tmp_path / "again.xml"
    path.write_bytes(stream.getvalue())
    again = read(path).records
    assert [keep(r, DESINVENTAR_FIELDS, DESINVENTAR_EFFECTS) for r in again] == [
        keep(r, DESINVENTAR_FIELDS, DESINVENTAR_EFFECTS) for r in original
    ]


# ---------------------------------------------------------------------------------------------
# Small parsers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-11-09 00:00:00", (dt.date(2021, 11, 9), None)),
        ("2021-11-09 15:00:00.177", (dt.date(2021, 11, 9), dt.time(15, 0))),
        ("2021-11-09", (dt.date(2021, 11, 9), None)),
        ("09/11/2021", (dt.date(2021, 11, 9), None)),
        ("9-11-2021", (dt.date(2021, 11, 9), None)),
        ("9 Nopember 2021 14.30 WITA", (dt.date(2021, 11, 9), dt.time(14, 30))),
        (44509.0, (dt.date(2021, 11, 9), None)),
        (EXCEL_MORNING, (dt.date(2021, 11, 9), dt.time(8, 0))),
    ],
)
def test_dates_people_actually_get(text, expected):
    """The date forms of DIBI downloads, Excel and Indonesian writing."""
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "2021-13-01", "kemarin", "09/11/21", "1/1/0021"])
def test_impossible_dates(text):
    """Impossible or unreadable dates raise BadValue."""
    with pytest.raises(BadValue):
        parse_datetime(text)


def test_counts_and_times():
    """Counts accept '5.0' and a decimal comma but no fractions; times accept 14.30 WIB."""
    assert parse_count("5,0") == 5
    assert parse_count(7.0) == 7
    assert parse_count(" ") is None
    for bad in ("1.5", "-1", "banyak", "1.234"):
        with pytest.raises(BadValue):
            parse_count(bad)
    assert parse_time("14.30 WIB") == dt.time(14, 30)
    assert parse_time(0.5) == dt.time(12, 0)


def test_formula_guard():
    """Formula-like text is guarded for spreadsheets and unguarded on reading; numbers are not."""
    assert guard("=1+1") == "'=1+1"
    assert guard("-8.5") == "-8.5"
    assert unguard(guard("@home")) == "@home"
    assert unguard("'plain") == "'plain"
