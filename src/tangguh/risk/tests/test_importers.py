"""Importing risk profiles and climate classes: good files, every kind of bad row, idempotence,
scope, the commands, and export → import round trips."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tangguh.core.models import ChangeRecord
from tangguh.risk.exporting import write_climate, write_profiles
from tangguh.risk.importers import (
    detect_kind,
    import_climate_vulnerability,
    import_file,
    import_risk_profiles,
)
from tangguh.risk.models import ClimateVulnerability, RiskProfile

pytestmark = pytest.mark.django_db

INARISK = (
    "Kode Desa,Desa,Bahaya,Indeks Bahaya,Kelas Bahaya,Indeks Kerentanan,Indeks Kapasitas,"
    "Tahun,Sumber\n"
    "53.01.27.2002,Nuataus,Kekeringan,0.7,Tinggi,0.5,0.2,2023,InaRISK\n"
    '5301272001,Poto,Banjir,"0,3",,0.4,0.5,2023,InaRISK\n'
    "53.01,Kabupaten Kupang,1060,0.8,,0.5,0.4,2023,InaRISK\n"
)
CLASSES_ONLY = (
    "kode_desa;jenis_bahaya;kelas_bahaya;kelas_kerentanan;kelas_kapasitas;kelas_risiko\n"
    "5301272003;Kekeringan;Tinggi;Sedang;Rendah;Tinggi\n"
    "5301272004;Banjir;rendah;SEDANG;Sedang;\n"
)
BAD = (
    "Kode Desa,Bahaya,Indeks Bahaya,Indeks Kerentanan,Indeks Kapasitas,Kelas Risiko\n"
    "53.01.27.9999,Kekeringan,0.5,0.5,0.5,\n"
    "53.01.27.2002,Hujan Meteor,0.5,0.5,0.5,\n"
    "53.01.27.2002,Banjir,1.5,0.5,0.5,\n"
    "53.01.27.2002,Kekeringan,0.5,0.5,0.5,Parah\n"
    "53.71.01.1001,Banjir,0.5,0.5,0.5,\n"
    "53.01.27.2001,Banjir,0.5,0.5,0.5,\n"
    "53.01.27.2001,Banjir,0.6,0.5,0.5,\n"
)
SIDIK = (
    "Kode Desa,Nama Desa,Kelas Kerentanan Iklim,Indeks Kerentanan,Tahun\n"
    "53.01.27.2002,Nuataus,Sedang,0.45,2021\n"
    "53.01.27.2001,Poto,Sangat Tinggi,0.91,2021\n"
    "53.01.27.2003,Kalali,sangat_rendah,,2021\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_inarisk_table_with_indices_is_imported(tmp_path: Path, kupang_editor) -> None:
    report = import_risk_profiles(write(tmp_path, "inarisk.csv", INARISK), actor=kupang_editor)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.ignored_columns == []  # "Desa" names the village: read by people only
    nuataus = RiskProfile.objects.get(region_id="53.01.27.2002")
    assert (nuataus.hazard_id, nuataus.year, nuataus.source) == ("drought", 2023, "InaRISK")
    assert (nuataus.risk_ratio, nuataus.risk_class, nuataus.basis) == (
        Decimal("1.75"),
        "high",
        "indices",
    )
    poto = RiskProfile.objects.get(region_id="53.01.27.2001")
    # "0,3" is a decimal comma. H 0.3 low, V 0.4 medium, C 0.5 medium;
    # R_norm = (0.3 × 0.4 × 0.5)^(1/3) = 0.06^(1/3) = 0.391487 (medium); matrix low × medium → low,
    # low with C medium → low.
    assert poto.hazard_index == Decimal("0.3")
    assert (poto.risk_normalised, poto.risk_class_by_index) == (Decimal("0.391487"), "medium")
    assert poto.risk_class == "low"
    assert RiskProfile.objects.get(region_id="53.01").hazard_id == "drought"  # DIBI code 1060
    assert ChangeRecord.objects.filter(model="risk.riskprofile", actor=kupang_editor).count() == 3


def test_a_table_of_classes_only_is_imported(tmp_path: Path, kupang_editor) -> None:
    report = import_risk_profiles(
        write(tmp_path, "kelas.csv", CLASSES_ONLY), actor=kupang_editor, year=2022, source="BPBD"
    )
    assert report.errors == []
    kalali = RiskProfile.objects.get(region_id="53.01.27.2003")
    assert kalali.hazard_index is None
    assert (kalali.risk_class, kalali.basis, kalali.risk_class_by_matrix) == (
        "high",
        "given",
        "high",
    )
    assert (kalali.year, kalali.source) == (2022, "BPBD")
    tuakau = RiskProfile.objects.get(region_id="53.01.27.2004")
    assert (tuakau.risk_class, tuakau.basis) == ("low", "classes")


def test_an_xlsx_export_with_a_title_row_is_imported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kajian Risiko Bencana Kabupaten Kupang"])
    sheet.append(["Kode Desa", "Bahaya", "Kelas Risiko", "Indeks Risiko", "Tahun"])
    sheet.append([5301272002, "Cuaca Ekstrem", "Sedang", 0.5, 2023])
    sheet.append(["53.01.27.2005", "Kebakaran Hutan dan Lahan", "Rendah", None, 2023.0])
    path = tmp_path / "inarisk.xlsx"
    book.save(path)
    report = import_risk_profiles(path, actor=None)
    assert report.errors == []
    assert report.created == 2
    weather = RiskProfile.objects.get(hazard_id="extreme_weather")
    assert (weather.region_id, weather.risk_index_given, weather.risk_class) == (
        "53.01.27.2002",
        Decimal("0.5"),
        "medium",
    )
    assert RiskProfile.objects.get(hazard_id="forest_fire").year == 2023


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path, kupang_editor) -> None:
    path = write(tmp_path, "inarisk.csv", INARISK)
    import_risk_profiles(path, actor=kupang_editor)
    again = import_risk_profiles(path, actor=kupang_editor)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert RiskProfile.objects.count() == 3
    assert ChangeRecord.objects.filter(model="risk.riskprofile").count() == 3
    changed = write(tmp_path, "changed.csv", INARISK.replace("0.7,Tinggi", "0.2,Rendah"))
    report = import_risk_profiles(changed, actor=kupang_editor)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    nuataus = RiskProfile.objects.get(region_id="53.01.27.2002")
    # H low × V medium → low; low with C low (0.2) → medium
    assert (nuataus.hazard_class, nuataus.risk_class) == ("low", "medium")
    update = ChangeRecord.objects.get(model="risk.riskprofile", action="update")
    assert update.changes["hazard_index"] == ["0.700000", "0.200000"]


def test_a_dry_run_counts_and_writes_nothing(tmp_path: Path) -> None:
    report = import_risk_profiles(write(tmp_path, "x.csv", INARISK), actor=None, dry_run=True)
    assert report.created == 3
    assert not RiskProfile.objects.exists()
    assert not ChangeRecord.objects.filter(model="risk.riskprofile").exists()


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    tmp_path: Path, kupang_editor
) -> None:
    report = import_risk_profiles(write(tmp_path, "bad.csv", BAD), actor=kupang_editor)
    assert report.created == 0
    problems = {(p.line, p.column): p.message for p in report.errors}
    assert "unknown region code 53.01.27.9999" in problems[(2, "Kode Desa")]
    assert "Hujan Meteor" in problems[(3, "Bahaya")]
    assert "outside 0–1" in problems[(4, "Indeks Bahaya")]
    assert "'Parah' is not a class" in problems[(5, "Kelas Risiko")]
    assert "Rendah, Sedang, Tinggi" in problems[(5, "Kelas Risiko")]
    assert "53.71.01.1001 is outside the regions you may change" in problems[(6, "Kode Desa")]
    assert "as line 7" in problems[(8, "Kode Desa")]
    assert len(report.errors) == 6
    assert report.rejected == 6
    assert not RiskProfile.objects.exists()
    assert not ChangeRecord.objects.filter(model="risk.riskprofile").exists()


def test_a_system_import_may_write_anywhere(tmp_path: Path) -> None:
    text = "Kode Desa,Bahaya,Kelas Risiko\n53.71.01.1001,Banjir,Tinggi\n"
    assert import_risk_profiles(write(tmp_path, "x.csv", text), actor=None).created == 1


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("Kode Desa,Indeks Bahaya\n53.01.27.2002,0.5\n", "bahaya"),
        ("Desa,Bahaya,Kelas Risiko\nNuataus,Banjir,Tinggi\n", "kode desa"),
    ],
)
def test_missing_columns_are_named(tmp_path: Path, header: str, missing: str) -> None:
    report = import_risk_profiles(write(tmp_path, "x.csv", header), actor=None)
    [problem] = report.errors
    assert "missing column" in problem.message
    assert missing in problem.message.lower()


def test_rows_that_give_no_risk_are_refused(tmp_path: Path) -> None:
    text = "Kode Desa,Bahaya,Indeks Bahaya\n53.01.27.2002,Banjir,0.5\n"
    [problem] = import_risk_profiles(write(tmp_path, "x.csv", text), actor=None).errors
    assert problem.line == 2
    assert "cannot be worked out" in problem.message


def test_a_class_that_contradicts_its_index_is_a_problem(tmp_path: Path) -> None:
    text = (
        "Kode Desa,Bahaya,Indeks Bahaya,Kelas Bahaya,Kelas Risiko\n"
        "53.01.27.2002,Banjir,0.2,Tinggi,Sedang\n"
    )
    [problem] = import_risk_profiles(write(tmp_path, "x.csv", text), actor=None).errors
    assert (problem.line, problem.column) == (2, "Kelas Bahaya")


def test_empty_and_unreadable_files_are_reported(tmp_path: Path) -> None:
    assert import_risk_profiles(write(tmp_path, "empty.csv", ""), actor=None).errors
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    [problem] = import_risk_profiles(fake, actor=None).errors
    assert "spreadsheet" in problem.message
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "Kode Desa,Bahaya,Kelas Risiko\n53.01.27.2002,Banjir \xe9,Tinggi\n".encode("latin-1")
    )
    [problem] = import_risk_profiles(latin, actor=None).errors
    assert "UTF-8" in problem.message


def test_sidik_classes_are_imported_idempotently(tmp_path: Path, kupang_editor) -> None:
    path = write(tmp_path, "sidik.csv", SIDIK)
    report = import_climate_vulnerability(path, actor=kupang_editor, source="SIDIK KLHK")
    assert report.errors == []
    assert report.created == 3
    poto = ClimateVulnerability.objects.get(region_id="53.01.27.2001")
    assert (poto.vulnerability_class, poto.index, poto.year, poto.source) == (
        "very_high",
        Decimal("0.91"),
        2021,
        "SIDIK KLHK",
    )
    assert ClimateVulnerability.objects.get(region_id="53.01.27.2003").vulnerability_class == (
        "very_low"
    )
    again = import_climate_vulnerability(path, actor=kupang_editor, source="SIDIK KLHK")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_bad_sidik_rows_are_reported(tmp_path: Path, kupang_editor) -> None:
    text = (
        "Kode Desa,Kelas Kerentanan Iklim,Tahun\n"
        "53.01.27.2002,Agak Tinggi,2021\n"
        "53.71.01.1001,Tinggi,2021\n"
        "53.01.27.2001,,2021\n"
        "53.01.27.2003,Tinggi,21\n"
        "53.01.27.2004,Tinggi,2021\n"
        "5301272004,Rendah,2021\n"
    )
    report = import_climate_vulnerability(write(tmp_path, "x.csv", text), actor=kupang_editor)
    problems = {(p.line, p.column): p.message for p in report.errors}
    assert "Sangat Rendah" in problems[(2, "Kelas Kerentanan Iklim")]
    assert "outside the regions" in problems[(3, "Kode Desa")]
    assert "missing" in problems[(4, "Kelas Kerentanan Iklim")]
    assert "not a year" in problems[(5, "Tahun")]
    assert "as line 6" in problems[(7, "Kode Desa")]
    assert not ClimateVulnerability.objects.exists()


def test_the_kind_of_table_is_recognised(tmp_path: Path) -> None:
    risk, climate = write(tmp_path, "r.csv", INARISK), write(tmp_path, "c.csv", SIDIK)
    assert (detect_kind(risk), detect_kind(climate)) == ("risk", "climate")
    assert import_file(climate, actor=None).as_dict()["kind"] == "climate"
    assert ClimateVulnerability.objects.count() == 3


def test_exported_profiles_and_classes_import_back_unchanged(tmp_path: Path) -> None:
    import_risk_profiles(write(tmp_path, "a.csv", INARISK), actor=None)
    import_risk_profiles(write(tmp_path, "b.csv", CLASSES_ONLY), actor=None, year=2022)
    import_climate_vulnerability(write(tmp_path, "c.csv", SIDIK), actor=None)
    profiles = tmp_path / "profiles.csv"
    with profiles.open("w", encoding="utf-8", newline="") as out:
        assert write_profiles(RiskProfile.objects.all(), out) == 5
    climate = tmp_path / "climate.csv"
    with climate.open("w", encoding="utf-8", newline="") as out:
        write_climate(ClimateVulnerability.objects.all(), out)
    report = import_risk_profiles(profiles, actor=None)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert report.ignored_columns == []
    again = import_climate_vulnerability(climate, actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_formula_in_a_source_is_guarded_in_the_export(tmp_path: Path) -> None:
    text = "Kode Desa,Bahaya,Kelas Risiko,Sumber\n53.01.27.2002,Banjir,Tinggi,=HYPERLINK(1)\n"
    import_risk_profiles(write(tmp_path, "x.csv", text), actor=None)
    buffer = io.StringIO()
    write_profiles(RiskProfile.objects.all(), buffer)
    assert "'=HYPERLINK(1)" in buffer.getvalue()
    path = write(tmp_path, "back.csv", buffer.getvalue())
    assert import_risk_profiles(path, actor=None).unchanged == 1


def test_the_import_risk_command_prints_json_and_acts_as_the_actor(
    tmp_path: Path, kupang_editor
) -> None:
    out = io.StringIO()
    path = write(tmp_path, "inarisk.csv", INARISK)
    call_command("import_risk", str(path), "--json", "--actor", kupang_editor.username, stdout=out)
    body = json.loads(out.getvalue())
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (3, 0, 0, 0)
    assert body["errors"] == []
    change = ChangeRecord.objects.filter(model="risk.riskprofile").first()
    assert (change.actor, change.source) == (kupang_editor, "cli")
    out = io.StringIO()
    call_command("import_risk", str(path), stdout=out)
    assert "created 0 / updated 0 / unchanged 3 / rejected 0" in out.getvalue()


def test_the_command_refuses_a_file_outside_the_actor_s_regions(
    tmp_path: Path, kupang_editor
) -> None:
    path = write(
        tmp_path, "kota.csv", "Kode Desa,Bahaya,Kelas Risiko\n53.71.01.1001,Banjir,Tinggi\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_risk", str(path), "--actor", kupang_editor.username, stderr=err)
    assert "kota.csv:2 [Kode Desa]" in err.getvalue()
    assert not RiskProfile.objects.exists()


def test_the_command_checks_its_options(tmp_path: Path) -> None:
    path = write(tmp_path, "inarisk.csv", INARISK)
    with pytest.raises(CommandError, match="unknown method version"):
        call_command("import_risk", str(path), "--method", "nope")
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_risk", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="not a year"):
        call_command("import_climate", str(path), "--year", "12")


def test_the_import_climate_command_with_a_dry_run(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_climate", str(write(tmp_path, "s.csv", SIDIK)), "--dry-run", stdout=out)
    assert "[dry run] created 3" in out.getvalue()
    assert not ClimateVulnerability.objects.exists()


def test_rows_without_a_year_are_matched_again_on_a_second_import(tmp_path: Path) -> None:
    profiles = write(
        tmp_path, "p.csv", "Kode Desa,Bahaya,Kelas Risiko\n53.01.27.2002,Banjir,Tinggi\n"
    )
    climate = write(tmp_path, "c.csv", "Kode Desa,Kelas Kerentanan Iklim\n53.01.27.2002,Tinggi\n")
    assert import_risk_profiles(profiles, actor=None).created == 1
    assert import_climate_vulnerability(climate, actor=None).created == 1
    again = import_risk_profiles(profiles, actor=None)
    assert (again.errors, again.created, again.unchanged) == ([], 0, 1)
    changed = write(tmp_path, "c2.csv", "Kode Desa,Kelas Kerentanan Iklim\n53.01.27.2002,Sedang\n")
    report = import_climate_vulnerability(changed, actor=None)
    assert (report.errors, report.created, report.updated) == ([], 0, 1)
    assert ClimateVulnerability.objects.get().vulnerability_class == "medium"
    assert RiskProfile.objects.get().year is None


def test_hostile_cells_are_problems_and_nothing_is_written(tmp_path: Path) -> None:
    text = (
        "Kode Desa,Bahaya,Kelas Risiko,Sumber,Tahun\n"
        "53.01.27.2002,Banjir,Tinggi,BPBD\x07,2023\n"
        f"53.01.27.2001,Banjir,Tinggi,{'x' * 300},2023\n"
        "53.01.27.2003,Banjir,Tinggi,BPBD,2023.5\n"
        "53.01.27.2004,Banjir,Tinggi,BPBD,=1+1\n"
    )
    report = import_risk_profiles(write(tmp_path, "x.csv", text), actor=None)
    problems = {(p.line, p.column): p.message for p in report.errors}
    assert "control character" in problems[(2, "Sumber")]
    assert "longer than 255 characters" in problems[(3, "Sumber")]
    assert "not a year" in problems[(4, "Tahun")]
    assert "not a year" in problems[(5, "Tahun")]
    assert report.rejected == 4
    assert not RiskProfile.objects.exists()


def test_a_workbook_s_problems_name_the_sheet_and_the_column_letter(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kajian"
    sheet.append(["Kode Desa", "Bahaya", "Indeks Bahaya", "Kelas Risiko"])
    sheet.append(["53.01.27.2002", "Banjir", 7, "Tinggi"])
    path = tmp_path / "kajian.xlsx"
    book.save(path)
    [problem] = import_risk_profiles(path, actor=None).errors
    assert (problem.sheet, problem.line, problem.column) == ("Kajian", 2, "Indeks Bahaya (C)")
    assert "outside 0–1" in problem.message


def test_a_semicolon_file_with_decimal_commas_is_read(tmp_path: Path) -> None:
    text = "Kode Desa;Bahaya;Indeks Bahaya;Indeks Kerentanan;Indeks Kapasitas\n"
    text += "53.01.27.2002;Kekeringan;0,7;0,5;0,2\n"
    report = import_risk_profiles(write(tmp_path, "x.csv", text), actor=None)
    assert report.errors == []
    assert RiskProfile.objects.get().risk_ratio == Decimal("1.75")
