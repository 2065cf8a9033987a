"""Hostile files give a message in the user's language, never a traceback (issue 14, item 5)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tangguh.core.importing.files import read_file
from tangguh.core.importing.problems import Problems

pytestmark = pytest.mark.django_db


def _problems(path: Path) -> list[str]:
    problems = Problems()
    assert read_file(path, problems) is None
    return [str(problem) for problem in problems.items]


def test_a_csv_field_over_the_limit_is_named_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "wilayah.csv"
    path.write_text('kode,nama\n53.99,"' + "x" * (3 * 2**19) + '"\n', encoding="utf-8")
    with translation.override("id"):
        found = _problems(path)
    assert len(found) == 1
    assert "1.048.576" in found[0]
    assert "field larger" not in found[0]  # Python's English words are not shown
    for command in ("load_regions", "load_nomenclature"):
        args = ["--edition", "2099"] if command == "load_nomenclature" else []
        with translation.override("id"), pytest.raises(CommandError):
            call_command(command, str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_a_40_digit_population_is_refused_with_a_message(tmp_path: Path, capsys) -> None:
    from tangguh.regions.models import Region

    path = tmp_path / "wilayah.csv"
    path.write_text("kode,nama,penduduk_total\n53,Nusa Tenggara Timur," + "9" * 40 + "\n")
    before = Region.objects.get(code="53").population
    with pytest.raises(CommandError):
        call_command("load_regions", str(path), stdout=io.StringIO())
    out = capsys.readouterr()
    assert "larger than any count tangguh stores" in out.out + out.err
    assert Region.objects.get(code="53").population == before


def test_a_truncated_zip_given_to_import_events_is_named(tmp_path: Path, capsys) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "x" * 100_000)
    path = tmp_path / "kejadian.xlsx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=io.StringIO())
    out = capsys.readouterr()
    assert "internal error" not in out.out + out.err
    assert "Traceback" not in out.out + out.err


def _gzip_bomb(path: Path, unpacked_mb: int) -> Path:
    import gzip

    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"kode,nama\n")
        block = b"53.01,Kupang\n" * 80_000
        for _ in range(unpacked_mb):
            out.write(block)
    return path


def test_a_gzip_bomb_is_refused_naming_the_limit(tmp_path: Path) -> None:
    found = _problems(_gzip_bomb(tmp_path / "x.csv.gz", 100))
    assert found == ["x.csv.gz: unpacks to more than 64 MB"]


def test_a_line_of_millions_of_fields_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "lebar.csv"
    path.write_text("a" + ",a" * 1_500_000 + "\n", encoding="utf-8")
    found = _problems(path)
    assert found == ["lebar.csv:1: has a line longer than 2.097.152 characters"]


def test_too_many_cells_are_refused_naming_the_limit(tmp_path: Path, settings) -> None:
    settings.IMPORT_MAX_CELLS = 1000
    path = tmp_path / "banyak.csv"
    path.write_text("a,b,c,d\n" + "1,2,3,4\n" * 300, encoding="utf-8")
    assert _problems(path) == ["banyak.csv: has more than 1000 cells"]


def test_a_workbook_of_millions_of_empty_rows_is_refused_quickly(tmp_path: Path, settings) -> None:
    import openpyxl

    settings.IMPORT_MAX_ROWS = 10
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kode", "nama"])
    sheet.cell(row=500, column=1, value="53.01")
    path = tmp_path / "kosong.xlsx"
    book.save(path)
    assert _problems(path) == ["kosong.xlsx: has more than 10 rows"]


def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path: Path, settings) -> None:
    settings.IMPORT_MAX_UNPACKED_BYTES = 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<x/>" * 2**19)
    path = tmp_path / "bom.xlsx"
    path.write_bytes(buffer.getvalue())
    assert _problems(path) == ["bom.xlsx: unpacks to more than 1 MB"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bom.csv", b"\xef\xbb\xbf"),
        ("utf16.csv", b"\xff\xfe \x00\n\x00"),
        ("sheets.xlsx", None),
    ],
)
def test_a_file_of_nothing_but_a_mark_or_empty_sheets_is_empty_not_an_internal_error(
    tmp_path: Path, capsys, name: str, content: bytes | None
) -> None:
    """Found by bench/import_fuzz.py: import-events failed on a row list of no rows."""
    import openpyxl

    path = tmp_path / name
    if content is None:
        book = openpyxl.Workbook()
        book.create_sheet("Kosong")
        book.save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=io.StringIO())
    err = capsys.readouterr().err
    assert "is empty" in err
    assert "internal error" not in err


def _xls(path: Path, rows: int, columns: int) -> Path:
    """A legacy Excel 97–2003 workbook of numbers (written with xlwt)."""
    import xlwt  # type: ignore[import-untyped]  # development only

    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    for row in range(rows):
        for column in range(columns):
            sheet.write(row, column, row * columns + column + 1)
    book.save(str(path))
    return path


@pytest.mark.parametrize(
    ("limits", "shape", "expected"),
    [
        ({"IMPORT_MAX_CELLS": 100}, (30, 10), "has more than 100 cells"),
        ({"IMPORT_MAX_ROWS": 10}, (30, 2), "has more than 10 rows"),
        ({"IMPORT_MAX_XLS_BYTES": 2**20}, (1500, 120), "is larger than 1 MB"),
    ],
)
def test_a_legacy_xls_workbook_is_bounded_like_an_xlsx_one(
    tmp_path: Path, settings, limits: dict[str, int], shape: tuple[int, int], expected: str
) -> None:
    """Issue 14, item 1: .xls files get the same cell, row and size limits as .xlsx ones."""
    for name, value in limits.items():
        setattr(settings, name, value)
    found = _problems(_xls(tmp_path / "kejadian.xls", *shape))
    assert len(found) == 1
    assert expected in found[0]


def test_a_legacy_xls_workbook_keeps_at_most_the_column_limit(tmp_path: Path, settings) -> None:
    settings.IMPORT_MAX_COLUMNS = 5
    reading = read_file(_xls(tmp_path / "lebar.xls", 3, 200), Problems())
    assert reading is not None
    assert [len(row.cells) for row in reading.sheets[0].rows] == [5, 5, 5]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "kejadian.csv",
            "Tanggal / Waktu Kejadian,Kode Kabupaten,Kabupaten,Kode Jenis Kejadian,Nama Kejadian,"
            "Jumlah Kejadian,Meninggal\n2024-01-15,53.01,Kupang,1010,Banjir," + "9" * 40 + ",1\n",
            "[event_count]: Ensure that there are no more than 12 digits",
        ),
        (
            "desinventar.xml",
            '<?xml version="1.0" encoding="UhF-8"?><DESINVENTAR></DESINVENTAR>',
            "is not well-formed XML",
        ),
    ],
)
def test_what_the_import_fuzzer_found_in_import_events_is_a_message(
    tmp_path: Path, capsys, name: str, content: str, expected: str
) -> None:
    """Found by bench/import_fuzz.py: a 40-digit number of events (decimal.InvalidOperation
    while rounding) and an XML declaration naming an unknown encoding (LookupError)."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=io.StringIO())
    err = capsys.readouterr().err
    assert expected in err
    assert "internal error" not in err
