"""SPM import: the workbook round trip, the template, and every kind of bad input named by row
and column with nothing written."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tangguh.spm.exporting import QUARTER_COLUMNS, RECORD_COLUMNS, data_book, template_book
from tangguh.spm.importers import import_spm
from tangguh.spm.models import QuarterReport, ServiceRecord

from .conftest import quarter

pytestmark = pytest.mark.django_db

RECORD = [
    "53.71",
    "Kota Kupang",
    2025,
    "1",
    12000,
    "",
    "KRB 2024",
    "ya",
    "ya",
    "tidak",
    "tidak",
    "2",
    "",
]
QUARTER = ["53.71", "Kota Kupang", 2025, "1", 1, 9000, dt.date(2025, 4, 10), "", ""]


def workbook(path: Path, records: list[list[Any]], quarters: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Layanan"
    sheet.append(RECORD_COLUMNS)
    for row in records:
        sheet.append(row)
    other = book.create_sheet("Triwulan")
    other.append(QUARTER_COLUMNS)
    for row in quarters:
        other.append(row)
    book.save(path)
    return path


def problems(report: Any) -> list[tuple[int | None, str | None, str]]:
    return [(p.line, p.column, p.message) for p in report.errors]


def test_a_workbook_is_imported_and_a_second_import_changes_nothing(tmp_path: Path) -> None:
    path = workbook(tmp_path / "spm.xlsx", [RECORD], [QUARTER])
    report = import_spm(path, actor=None)
    assert report.ok, problems(report)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    record = ServiceRecord.objects.get()
    assert (record.service, record.target, record.stage_data, record.stage_planning) == (
        "information",
        12_000,
        True,
        False,
    )
    assert record.quality_met == ["kie"]
    assert QuarterReport.objects.get().served == 9_000
    again = import_spm(path, actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_the_export_reads_back_and_the_template_is_empty(tmp_path: Path) -> None:
    path = workbook(tmp_path / "spm.xlsx", [RECORD], [QUARTER])
    assert import_spm(path, actor=None).ok
    exported = tmp_path / "export.xlsx"
    data_book(ServiceRecord.objects.all(), QuarterReport.objects.all()).save(exported)
    report = import_spm(exported, actor=None)
    assert report.ok, problems(report)
    assert report.unchanged == 2
    template = tmp_path / "template.xlsx"
    template_book().save(template)
    book = load_workbook(template)
    assert book.sheetnames == ["Layanan", "Triwulan", "Petunjuk"]
    assert [c.value for c in book["Layanan"][1]] == RECORD_COLUMNS
    assert book["Petunjuk"].max_row == 1 + 2 + 6 + 4


def test_served_above_the_target_without_a_reason(tmp_path: Path) -> None:
    second = [*QUARTER[:4], 2, 4000, dt.date(2025, 7, 10), "", ""]
    path = workbook(tmp_path / "spm.xlsx", [RECORD], [QUARTER, second])
    report = import_spm(path, actor=None)
    assert problems(report) == [
        (
            3,
            "alasan (H)",
            "the people served in 2025 (13,000) exceed the target (12,000): give the reason "
            "(alasan)",
        )
    ]
    assert not ServiceRecord.objects.exists()
    second[7] = "Pengungsi Seroja"
    assert import_spm(workbook(tmp_path / "ok.xlsx", [RECORD], [QUARTER, second]), actor=None).ok


def test_a_quarter_in_the_future(tmp_path: Path) -> None:
    year = timezone.localdate().year + 1
    record = [*RECORD[:2], year, *RECORD[3:]]
    future = [*QUARTER[:2], year, "1", 1, 10, dt.date(2025, 4, 10), "", ""]
    report = import_spm(workbook(tmp_path / "spm.xlsx", [record], [future]), actor=None)
    assert (2, "triwulan (E)", f"Quarter 1 of {year} has not begun yet.") in problems(report)
    assert not ServiceRecord.objects.exists()


def test_unknown_region_codes_and_regions_that_are_not_regencies(tmp_path: Path) -> None:
    rows = [["53.99", *RECORD[1:]], ["53", *RECORD[1:]], ["53.71.01", *RECORD[1:]]]
    report = import_spm(workbook(tmp_path / "spm.xlsx", rows, []), actor=None)
    found = problems(report)
    assert found[0] == (2, "kode_wilayah (A)", "unknown region code 53.99")
    assert found[1][:2] == (3, "kode_wilayah (A)")
    assert "is a province" in found[1][2]
    assert found[2][:2] == (4, "kode_wilayah (A)")
    assert "is not a regency/city" in found[2][2]
    assert not ServiceRecord.objects.exists()


def test_out_of_range_numbers_and_unknown_values(tmp_path: Path) -> None:
    rows = [
        [*RECORD[:3], "4", *RECORD[4:]],
        [*RECORD[:3], "2", -5, *RECORD[5:]],
        [*RECORD[:3], "3", 900_000, *RECORD[5:]],
        [*RECORD[:3], "1", 10, *RECORD[5:11], "7", ""],
    ]
    quarters = [[*QUARTER[:4], 5, 10, dt.date(2025, 4, 10), "", ""]]
    report = import_spm(workbook(tmp_path / "spm.xlsx", rows, quarters), actor=None)
    found = {(line, column) for line, column, _m in problems(report)}
    assert (2, "layanan (D)") in found  # service 4
    assert (3, "sasaran (E)") in found  # negative target
    assert (4, "sasaran (E)") in found  # above the population of Kota Kupang
    assert (5, "standar_mutu (L)") in found  # the information checklist has 2 standards
    assert any(p.sheet == "Triwulan" and p.column == "triwulan (E)" for p in report.errors)
    messages = " ".join(m for _l, _c, m in problems(report))
    assert "more than the population of Kota Kupang" in messages
    assert not ServiceRecord.objects.exists()


def test_a_quarter_without_its_record(tmp_path: Path) -> None:
    report = import_spm(workbook(tmp_path / "spm.xlsx", [], [QUARTER]), actor=None)
    assert problems(report)[0][:2] == (2, "layanan (D)")
    assert "add it in the Layanan sheet" in problems(report)[0][2]


def test_wrong_encoding_and_a_file_that_is_not_spm(tmp_path: Path) -> None:
    latin = tmp_path / "spm.csv"
    latin.write_bytes(
        (
            "kode_wilayah;tahun;layanan;sasaran;catatan\n"
            "53.71;2025;1;100;Pelayanan Pemadam Kebakaran Ñ\n"
        ).encode("cp1252")
    )
    report = import_spm(latin, actor=None)
    assert report.errors
    assert "UTF-8" in report.errors[0].message
    other = tmp_path / "other.csv"
    other.write_text("nama,umur\nA,3\n", encoding="utf-8")
    report = import_spm(other, actor=None)
    assert "has no Layanan or Triwulan sheet" in report.errors[0].message
    assert not ServiceRecord.objects.exists()


def test_a_csv_of_records_in_utf8_is_read(tmp_path: Path) -> None:
    path = tmp_path / "layanan.csv"
    path.write_text(
        'kode_wilayah,tahun,layanan,sasaran,standar_mutu\n53.71,2025,pencegahan,60000,"1, 4"\n',
        encoding="utf-8",
    )
    report = import_spm(path, actor=None)
    assert report.ok, problems(report)
    record = ServiceRecord.objects.get()
    assert record.quality_met == ["disaster_plan", "exercise"]


def test_the_import_keeps_to_the_actors_regions(tmp_path: Path, kupang_editor: Any) -> None:
    report = import_spm(workbook(tmp_path / "spm.xlsx", [RECORD], []), actor=kupang_editor)
    assert "outside the regions you may change" in problems(report)[0][2]
    assert not ServiceRecord.objects.exists()


def test_the_command_checks_and_writes(tmp_path: Path, kota_record: Any) -> None:
    quarter(kota_record, 1, 100)
    path = workbook(tmp_path / "spm.xlsx", [RECORD], [QUARTER])
    out = StringIO()
    call_command("import_spm", str(path), "--dry-run", stdout=out)
    assert "[dry run] created 0 / updated 2" in out.getvalue()
    assert QuarterReport.objects.get().served == 100
    call_command("import_spm", str(path), stdout=StringIO())
    assert QuarterReport.objects.get().served == 9_000
    bad = workbook(tmp_path / "bad.xlsx", [["53.99", *RECORD[1:]]], [])
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_spm", str(bad), stdout=StringIO(), stderr=StringIO())


def test_the_export_command_writes_csv_and_the_workbook(tmp_path: Path, kota_record: Any) -> None:
    quarter(kota_record, 1, 9_000)
    target = tmp_path / "spm.csv"
    call_command("export_spm", "-o", str(target), stdout=StringIO())
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,kode_wilayah,nama_wilayah,tahun,layanan")
    assert ",9000,70.00" in text  # 0.8 × 75 + 0.2 × 50
    book = tmp_path / "spm.xlsx"
    call_command("export_spm", "-o", str(book), "--format", "xlsx", stdout=StringIO())
    assert load_workbook(book)["Triwulan"].max_row == 2


def test_a_csv_of_quarters_adds_to_stored_records(tmp_path: Path, kota_record: Any) -> None:
    path = tmp_path / "triwulan.csv"
    path.write_text(
        "kode_wilayah,tahun,layanan,triwulan,terlayani,tanggal_lapor\n"
        "53.71,2025,information,1,4000,2025-04-09\n"
        "53.71,2025,information,2,3000,10/07/2025\n",
        encoding="utf-8",
    )
    report = import_spm(path, actor=None)
    assert report.ok, problems(report)
    assert list(kota_record.quarters.values_list("quarter", "served")) == [(1, 4000), (2, 3000)]


def test_a_year_out_of_range_and_a_repeated_row(tmp_path: Path) -> None:
    rows = [[*RECORD[:2], 1800, *RECORD[3:]], RECORD, RECORD]
    report = import_spm(workbook(tmp_path / "spm.xlsx", rows, []), actor=None)
    found = problems(report)
    assert found[0][:2] == (2, "tahun (C)")
    assert found[1] == (4, "layanan (D)", "repeats the record of row 3")
    assert not ServiceRecord.objects.exists()


def test_formula_text_is_exported_as_text(tmp_path: Path, kota_record: Any) -> None:
    from tangguh.spm import services

    services.update_record(kota_record, actor=None, notes='=HYPERLINK("http://x")')
    target = tmp_path / "spm.csv"
    call_command("export_spm", "-o", str(target), stdout=StringIO())
    assert "'=HYPERLINK" in target.read_text(encoding="utf-8")


def test_a_sheet_without_a_required_column_is_named(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Triwulan"
    sheet.append(["kode_wilayah", "tahun", "triwulan", "terlayani"])
    sheet.append(["53.71", 2025, 1, 100])
    path = tmp_path / "spm.xlsx"
    book.save(path)
    report = import_spm(path, actor=None)
    [problem] = report.errors
    assert problem.sheet == "Triwulan"
    assert "missing column(s)" in problem.message
    assert "layanan" in problem.message


def test_a_year_far_from_the_present_is_refused_by_row(tmp_path: Path) -> None:
    rows = [[*RECORD[:2], 2090, *RECORD[3:]]]
    report = import_spm(workbook(tmp_path / "spm.xlsx", rows, []), actor=None)
    found = problems(report)
    assert found[0][:2] == (2, "tahun (C)")
    assert "2090 is not a plausible year" in found[0][2]
    assert not ServiceRecord.objects.exists()
