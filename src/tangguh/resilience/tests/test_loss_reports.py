"""The loss-report form: its submissions import as events through the disasters importer;
bad rows are listed by line and nothing is written."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tangguh.disasters.summaries import events
from tangguh.resilience.odk_events import import_loss_reports

pytestmark = pytest.mark.django_db


def export(path: Path, rows: list[list[str]]) -> Path:
    header = [
        "SubmissionDate",
        "hazard_name",
        "region_code",
        "village_name",
        "start",
        "effects-deaths",
        "effects-affected",
        "effects-houses_heavy",
        "meta-instanceID",
    ]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_form_downloads(tmp_path) -> None:
    out = tmp_path / "loss.xlsx"
    call_command("export_xlsform", "loss-report", "-o", str(out), stdout=StringIO())
    book = load_workbook(out)
    names = [r[1] for r in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert {"hazard_name", "region_code", "start", "deaths", "houses_heavy"} <= set(names)
    hazards = [r[1] for r in book["choices"].iter_rows(min_row=2, values_only=True)]
    assert "flood" in hazards


def test_submissions_become_events(tmp_path, kupang_editor) -> None:
    path = export(
        tmp_path / "central.csv",
        [
            [
                "2026-02-01",
                "flood",
                "53.01.27.2002",
                "Nuataus",
                "2026-01-20",
                "0",
                "120",
                "3",
                "uuid:1111",
            ],
            ["2026-02-02", "drought", "53.01", "", "2025-09-01", "", "", "", "uuid:2222"],
        ],
    )
    report = import_loss_reports(path, actor=kupang_editor)
    assert report.errors == []
    assert report.created == 2
    flood = events().get(source_id="odk-1111")
    assert flood.region_id == "53.01.27.2002"
    # again: nothing new
    assert import_loss_reports(path, actor=kupang_editor).created == 0


def test_bad_reports_write_nothing(tmp_path, kupang_editor) -> None:
    path = export(
        tmp_path / "bad.csv",
        [
            ["2026-02-01", "flood", "53.71.01.1001", "", "2026-01-20", "1", "", "", "uuid:1"],
            ["2026-02-01", "flood", "53.01.27.2002", "", "2099-01-20", "1", "", "", "uuid:2"],
            ["2026-02-01", "flood", "53.01.27.2002", "", "2026-01-20", "-4", "", "", "uuid:3"],
        ],
    )
    report = import_loss_reports(path, actor=kupang_editor)
    lines = {p.line for p in report.errors}
    assert lines == {2, 3, 4}, [str(p) for p in report.errors]
    assert not events().filter(source_id__startswith="odk-").exists()


def test_not_a_loss_report_export(tmp_path, kupang_editor) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    report = import_loss_reports(path, actor=kupang_editor)
    assert "no column region_code" in str(report.errors[0])
