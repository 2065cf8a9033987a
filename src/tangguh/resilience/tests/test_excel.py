"""Assessments in Excel: the template, the export that imports back, bad rows refused by row and
column with nothing written."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tangguh.regions.models import Region
from tangguh.resilience import services
from tangguh.resilience.excel import HEADER, import_workbook
from tangguh.resilience.models import Assessment
from tangguh.resilience.tests.conftest import destana_example, instrument

pytestmark = pytest.mark.django_db
NUATAUS = "53.01.27.2002"


def book(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "answers"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_template_fill_and_import(web, kupang_editor, tmp_path) -> None:
    response = web(kupang_editor).get(
        "/resilience/instruments/destana-2012/template.xlsx?region=53.01.27.2002&year=2026"
    )
    template = load_workbook(BytesIO(response.content))
    sheet = template["answers"]
    answers = destana_example()
    for row in sheet.iter_rows(min_row=2):
        row[5].value = answers[str(row[3].value)]
    path = tmp_path / "filled.xlsx"
    template.save(path)
    report = import_workbook(path, actor=kupang_editor)
    assert report.errors == []
    assessment = Assessment.objects.get(region_id=NUATAUS, year=2026)
    assert assessment.score == 45
    assert assessment.source == "excel"


def test_export_imports_back(kupang_editor, tmp_path) -> None:
    assessment = services.create_assessment(
        actor=None,
        instrument=instrument("destana-2012"),
        region=Region.objects.get(code=NUATAUS),
        year=2025,
    )
    entries = {k: {"answer": v} for k, v in destana_example().items()}
    entries["1"]["evidence"] = "Perdes 3/2025"
    services.save_answers(assessment, entries, actor=None)
    out = tmp_path / "export.xlsx"
    call_command("export_assessments", "-o", str(out), "--region", "53.01", stdout=StringIO())
    assessment.delete()
    report = import_workbook(out, actor=kupang_editor)
    assert report.errors == []
    again = Assessment.objects.get(region_id=NUATAUS, year=2025)
    assert again.score == 45
    assert again.answers.get(question__key="1").evidence == "Perdes 3/2025"


def test_bad_rows_write_nothing(kupang_editor, tmp_path) -> None:
    path = book(
        tmp_path / "bad.xlsx",
        [
            ["destana-2012", NUATAUS, 2026, "1", "", "ya"],
            ["destana-2012", NUATAUS, 2026, "2", "", "mungkin"],
            ["destana-2012", "53.71.01.1001", 2026, "1", "", "ya"],
            ["destana-2012", "53.01", 2026, "1", "", "ya"],
            ["nope", NUATAUS, 2026, "1", "", "ya"],
            ["destana-2012", NUATAUS, 2026, "77", "", "ya"],
            ["destana-2012", NUATAUS, 1850, "3", "", "ya"],
            ["destana-2012", NUATAUS, 2026, "1", "", "tidak"],
            ["destana-2012", NUATAUS, 2026, "4", "", "<script>alert(1)</script>"],
        ],
    )
    report = import_workbook(path, actor=kupang_editor)
    text = "\n".join(str(p) for p in report.errors)
    assert "'mungkin' is not an answer to 2" in text
    assert "you may not add assessments in 53.71.01.1001" in text
    assert "answers:5 [region_code (B)]" in text
    assert "no instrument in use with code nope" in text
    assert "77 is not a question of destana-2012" in text
    assert "question 1 is answered twice" in text
    assert "1850 is not a plausible year for an assessment (from 2000 to" in text
    assert len({p.line for p in report.errors}) == 8
    assert all(p.column for p in report.errors)
    assert not Assessment.objects.exists()


def test_missing_columns_and_the_command(kupang_editor, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("region_code,answer\n53.01.27.2002,ya\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_assessments",
            str(path),
            "--actor",
            kupang_editor.username,
            stdout=StringIO(),
            stderr=err,
        )
    assert "instrument" in err.getvalue()
    assert not Assessment.objects.exists()


def test_a_final_assessment_is_not_overwritten(kupang_editor, tmp_path) -> None:
    assessment = services.create_assessment(
        actor=None,
        instrument=instrument("destana-2012"),
        region=Region.objects.get(code=NUATAUS),
        year=2026,
    )
    services.save_answers(
        assessment, {k: {"answer": v} for k, v in destana_example().items()}, actor=None
    )
    services.submit(assessment, actor=None)
    report = import_workbook(
        book(tmp_path / "b.xlsx", [["destana-2012", NUATAUS, 2026, "1", "", "ya"]]),
        actor=kupang_editor,
    )
    assert "must be returned or reopened first" in str(report.errors[0])


def test_list_page_export_and_upload(web, kupang_editor, tmp_path) -> None:
    response = web(kupang_editor).get("/resilience/?export=xlsx")
    assert response.status_code == 200
    path = book(tmp_path / "u.xlsx", [["destana-2012", NUATAUS, 2026, "1", "", "ya"]])
    with path.open("rb") as upload:
        response = web(kupang_editor).post("/resilience/assessments/upload/", {"upload": upload})
    assert "/jobs/" in response["Location"]
