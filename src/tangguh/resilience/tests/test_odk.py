"""XLSForms with skip logic; ODK Central / KoboToolbox submissions imported as drafts, matched by
region code; every problem by row, nothing written."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tangguh.regions.models import Region
from tangguh.resilience import services
from tangguh.resilience.models import Assessment, Status
from tangguh.resilience.odk import field_name, form_version, import_submissions, xlsform_rows
from tangguh.resilience.tests.conftest import destana_example, instrument

pytestmark = pytest.mark.django_db
NUATAUS = "53.01.27.2002"


def kobo_rows(
    answers: dict[str, str],
    *,
    region: str = NUATAUS,
    year: str = "2026",
    version: str | None = None,
    sep: str = "/",
) -> tuple[list[str], list[str]]:
    destana = instrument("destana-2012")
    header = ["start", "region_code", "year", "form_version"]
    row = ["2026-03-01T09:00:00", region, year, version or form_version(destana)]
    for q in destana.questions.select_related("indicator__section").order_by("position"):
        group = "s_" + q.indicator.section.key
        header.append(f"{group}{sep}{field_name(q.key)}")
        row.append(answers.get(q.key, ""))
        header.append(f"{group}{sep}e_{field_name(q.key)[2:]}")
        row.append("Perdes" if q.key == "1" else "")
    header += ["_uuid", "__version__"]
    row += ["abc-123", "vKobo"]
    return header, row


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def odk_answers() -> dict[str, str]:
    # skipped questions are empty in an export, as ODK leaves them
    answers = {}
    for i in range(1, 21):
        yes = 3 if i <= 10 else 2 if i <= 15 else 1
        for k in range(1, 4):
            key = str(3 * (i - 1) + k)
            answers[key] = "ya" if k <= yes else ("tidak" if k == yes + 1 else "")
    return answers


def test_the_xlsform_carries_the_cascade() -> None:
    rows = xlsform_rows(instrument("destana-2012"))
    by_name = {r[1]: r for r in rows}
    assert by_name["q_1"][0] == "select_one yesno"
    assert by_name["q_1"][5] == ""
    assert by_name["q_2"][5] == "${q_1} = 'ya'"
    assert by_name["q_3"][5] == "${q_2} = 'ya'"
    assert by_name["q_4"][5] == ""  # the next indicator starts again
    assert by_name["e_1"][5] == "${q_1} = 'ya'"
    assert by_name["form_version"][8] == f"'{form_version(instrument('destana-2012'))}'"
    city = {r[1]: r for r in xlsform_rows(instrument("kota-tangguh-2026"))}
    assert city["q_L1_1"][0] == "decimal"


def test_the_xlsform_downloads_and_exports_from_the_cli(web, kupang_editor, tmp_path) -> None:
    response = web(kupang_editor).get("/resilience/instruments/ikd-2016/xlsform.xlsx")
    assert response.status_code == 200
    out = tmp_path / "ikd.xlsx"
    call_command("export_xlsform", "ikd-2016", "-o", str(out), stdout=StringIO())
    book = load_workbook(out)
    assert book.sheetnames == ["survey", "choices", "settings"]
    names = [row[1] for row in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert "q_71_4" in names
    assert book["settings"]["B2"].value == "ikd_2016"


def test_kobo_csv_round_trip_as_a_draft(tmp_path, kupang_editor) -> None:
    header, row = kobo_rows(odk_answers())
    report = import_submissions(
        write_csv(tmp_path / "kobo.csv", header, [row]),
        instrument("destana-2012"),
        actor=kupang_editor,
    )
    assert report.errors == []
    assert report.created == 1
    assessment = Assessment.objects.get(region_id=NUATAUS, year=2026)
    assert assessment.status == Status.DRAFT
    assert assessment.source == "odk"
    assert assessment.score == 45
    assert assessment.klass == "madya"
    assert assessment.answers.get(question__key="1").evidence == "Perdes"
    # again: updated while still a draft
    report = import_submissions(
        write_csv(tmp_path / "kobo.csv", header, [row]),
        instrument("destana-2012"),
        actor=kupang_editor,
    )
    assert report.updated == 1


def test_odk_central_xlsx_with_dash_groups(tmp_path, kupang_editor) -> None:
    header, row = kobo_rows(odk_answers(), sep="-")
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append(row)
    path = tmp_path / "central.xlsx"
    book.save(path)
    report = import_submissions(path, instrument("destana-2012"), actor=kupang_editor)
    assert report.errors == []
    assert Assessment.objects.get(region_id=NUATAUS, year=2026).score == 45


def test_bad_submissions_are_listed_by_row_and_nothing_is_written(tmp_path, kupang_editor) -> None:
    good_header, good = kobo_rows(odk_answers())
    _, other_version = kobo_rows(odk_answers(), region="53.01.27.2001", version="destana-2012:0000")
    _, unknown = kobo_rows(odk_answers(), region="53.01.99.9999")
    _, regency = kobo_rows(odk_answers(), region="53.01")
    _, outside = kobo_rows(odk_answers(), region="53.71.01.1001")
    bad_answer = dict(odk_answers(), **{"5": "mungkin"})
    _, bad = kobo_rows(bad_answer, region="53.01.27.2003")
    _, twice = kobo_rows(odk_answers())
    _, no_year = kobo_rows(odk_answers(), region="53.01.27.2004", year="kemarin")
    path = write_csv(
        tmp_path / "bad.csv",
        good_header,
        [good, other_version, unknown, regency, outside, bad, twice, no_year],
    )
    report = import_submissions(path, instrument("destana-2012"), actor=kupang_editor)
    messages = "\n".join(str(p) for p in report.errors)
    assert "bad.csv:3 [form_version]: a submission of another form version" in messages
    assert "bad.csv:4 [region_code]: unknown region code 53.01.99.9999" in messages
    assert "bad.csv:5 [region_code]" in messages
    assert "bad.csv:6 [region_code]: you may not add assessments in 53.71.01.1001" in messages
    assert "bad.csv:7 [q_5]: 'mungkin' is not an answer to 5" in messages
    assert "bad.csv:8 [region_code]: 53.01.27.2002 2026 is also on line 2" in messages
    assert "bad.csv:9 [year]: 'kemarin' is not a year" in messages
    assert not Assessment.objects.exists()


def test_a_final_assessment_is_not_overwritten(tmp_path, kupang_editor) -> None:
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
    header, row = kobo_rows(odk_answers())
    report = import_submissions(
        write_csv(tmp_path / "k.csv", header, [row]),
        instrument("destana-2012"),
        actor=kupang_editor,
    )
    assert "must be returned or reopened first" in str(report.errors[0])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("a,b\n1,2\n", "no column region_code"),
        ("region_code,year\n53.01.27.2002,2026\n", "no column form_version"),
    ],
)
def test_malformed_exports(tmp_path, kupang_editor, content, message) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_submissions",
            str(path),
            "--instrument",
            "destana-2012",
            "--actor",
            kupang_editor.username,
            stdout=StringIO(),
            stderr=err,
        )
    assert message in err.getvalue()
    assert not Assessment.objects.exists()


def test_the_upload_checks_in_the_background(web, kupang_editor, tmp_path) -> None:
    header, row = kobo_rows(odk_answers())
    path = write_csv(tmp_path / "kobo.csv", header, [row])
    with path.open("rb") as upload:
        response = web(kupang_editor).post(
            "/resilience/instruments/destana-2012/submissions/", {"upload": upload}
        )
    assert response.status_code == 302
    assert "/jobs/" in response["Location"]
    assert not Assessment.objects.exists()  # a check first
