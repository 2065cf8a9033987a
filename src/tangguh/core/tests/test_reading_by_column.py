"""The kit's reader by column (`read_file(by_column=True)`): the same cells, lines, header and
problems as reading by row, without a row object per line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tangguh.core.importing.cells import Cell
from tangguh.core.importing.columns import find_column_table, find_table
from tangguh.core.importing.files import read_file
from tangguh.core.importing.problems import Problems

SPELLINGS = {"code": ("kode desa",), "name": ("nama",), "count": ("jumlah",)}
TEXT = (
    "Daftar desa\n"  # a title row above the header
    "\n"
    "Kode Desa;Nama;Jumlah\n"
    '53.71.01.1001;"Fatufeto\nbaris dua";4\n'  # a cell over two lines
    "   ;  ;  \n"  # blank: skipped
    "53.71.01.1002;Nunhila\n"  # short
    "53.71.01.1003;Oeba;7;extra\n"  # wider
)


def _by_row_and_column(path: Path) -> tuple[list[list[Cell]], list[int], object]:
    by_row = read_file(path, Problems())
    by_column = read_file(path, Problems(), by_column=True)
    assert by_row is not None
    assert by_column is not None
    table = find_table(by_row.sheets[0], Problems(), SPELLINGS, required=["code"])
    turned = find_column_table(by_column.sheets[0], Problems(), SPELLINGS, required=["code"])
    assert table is not None
    assert turned is not None
    assert turned.lines == [row.line for row in table.rows]
    for name in SPELLINGS:
        assert turned.column(name) == [table.cell(row, name) for row in table.rows]
    assert turned.label("count") == table.label("count")
    return [turned.column(name) for name in SPELLINGS], turned.lines, turned


def test_a_csv_file_read_by_column_gives_the_cells_and_lines_of_its_rows(tmp_path) -> None:
    path = tmp_path / "desa.csv"
    path.write_text(TEXT, encoding="utf-8")
    columns, lines, _table = _by_row_and_column(path)
    assert lines == [4, 7, 8]
    assert columns[0] == ["53.71.01.1001", "53.71.01.1002", "53.71.01.1003"]
    assert columns[1][0] == "Fatufeto\nbaris dua"
    assert columns[2] == ["4", None, "7"]


def test_a_workbook_read_by_column_gives_the_cells_and_lines_of_its_rows(tmp_path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Kode Desa", "Nama", "Jumlah"], ["53.71.01.1001", "Fatufeto", 4], [], ["x"]):
        sheet.append(row)
    path = tmp_path / "desa.xlsx"
    book.save(path)
    columns, lines, _table = _by_row_and_column(path)
    assert lines == [2, 4]
    assert columns[2] == [4, None]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a,b\n" * 5, "more than 3 rows"),
        ("a,b\n" + "x" * 50 + "\n", "longer than 20 characters"),
    ],
)
def test_reading_by_column_keeps_the_limits_and_problems(tmp_path, settings, text, found) -> None:
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_LINE_CHARS = 3, 20
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert read_file(path, problems, by_column=True) is None
    assert found in str(problems.items[0])
