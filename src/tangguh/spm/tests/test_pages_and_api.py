"""SPM pages, downloads and API: they render the demo's figures, keep to the user's regions,
give the quarterly report as Excel and PDF, and run uploads as background jobs."""

from __future__ import annotations

import io
import json
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tangguh.core.models import Job
from tangguh.spm.demo import load_demo
from tangguh.spm.exporting import template_book
from tangguh.spm.models import QuarterReport, ServiceRecord

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF's (deflated) content streams."""
    texts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            texts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(re.findall(r"\((.*?)\)\s*Tj", "".join(texts)))


@pytest.fixture
def demo(db: Any) -> None:
    load_demo()


def test_a_regency_sees_its_services_chart_and_subaffair(
    web: Any, kota_editor: Any, demo: None
) -> None:
    page = web(kota_editor).get("/spm/?year=2025&quarter=4").content.decode()
    assert "SPM disaster services of Kota Kupang" in page
    chart = re.search(r'<script id="spm-chart" type="application/json">(.*?)</script>', page)
    assert chart is not None
    data = json.loads(chart.group(1))
    assert data["years"][0] == "Information on disaster-prone areas"
    # Kota Kupang, information: 102,500 of 120,000 served, 2 of 2 standards → 88.33
    assert data["series"][0]["values"][0] == pytest.approx(88.33)
    assert 'data-testid="subaffair"' in page
    assert "unverified" in page
    assert "<script>" not in page.replace('type="application/json">', "")


def test_the_province_sees_the_roll_up_and_who_reported_late(
    web: Any, province_manager: Any, demo: None
) -> None:
    page = web(province_manager).get("/spm/?region=53&year=2025&quarter=3").content.decode()
    assert page.count('data-status="') == 22
    assert "1 reported on time, 1 late" in page
    reporting = web(province_manager).get("/spm/reporting/?year=2025&quarter=3").content.decode()
    row = re.search(r'<tr data-region="53.01">(.*?)</tr>', reporting, re.S)
    assert row is not None
    assert 'data-status="late"' in row.group(1)
    assert "2025-11-03" in row.group(1)
    row = re.search(r'<tr data-region="53.02">(.*?)</tr>', reporting, re.S)
    assert row is not None
    assert 'data-status="missing"' in row.group(1)


def test_a_regency_sees_only_itself_in_the_reporting(
    web: Any, kota_editor: Any, demo: None
) -> None:
    reporting = web(kota_editor).get("/spm/reporting/?year=2025&quarter=3").content.decode()
    assert 'data-region="53.71"' in reporting
    assert 'data-region="53.01"' not in reporting
    assert web(kota_editor).get("/spm/?region=53.01").status_code == 403


def test_the_quarterly_report_as_excel_and_pdf(web: Any, kota_editor: Any, demo: None) -> None:
    client = web(kota_editor)
    xlsx = client.get("/spm/report/?region=53.71&year=2025&quarter=2&format=xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="spm-53.71-2025-q2.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "No",
        "Basic service",
        "People entitled (target)",
        "Q1 served",
        "Q2 served",
    )
    assert rows[1][:5] == (1, "Information on disaster-prone areas", 120000, 18000, 26000)
    assert rows[-1][1] == "Sub-affair (mean of the services, unverified)"
    pdf = client.get("/spm/report/?region=53.71&year=2025&quarter=2&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "[DEMO] SPM disaster sub-affair: quarterly report" in text
    assert "Rescue and" in text  # the cell wraps its name
    assert "120,000" in text
    assert "0.8 x served / target x 100" in text


def test_the_province_report_is_the_roll_up(web: Any, province_manager: Any, demo: None) -> None:
    xlsx = web(province_manager).get("/spm/report/?region=53&year=2025&quarter=3&format=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 23
    kupang = next(r for r in rows if r[0] == "53.01")
    assert kupang[-2] == "Reported late"
    pdf = web(province_manager).get("/spm/report/?region=53&year=2025&quarter=3&format=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_record_pages_and_downloads(web: Any, kota_editor: Any, demo: None) -> None:
    client = web(kota_editor)
    listing = client.get("/spm/services/?year=2025").content.decode()
    assert listing.count("/spm/services/") >= 3
    record = ServiceRecord.objects.get(region_id="53.71", year=2025, service="rescue")
    detail = client.get(f"/spm/services/{record.pk}/").content.decode()
    assert 'data-testid="add-quarter"' in detail
    assert "Evacuation of victims" in detail
    csv = b"".join(client.get("/spm/services/?export=csv").streaming_content).decode()
    assert csv.count("\n") == 4  # header and Kota Kupang's three services
    xlsx = client.get("/spm/services/?export=xlsx")
    assert load_workbook(io.BytesIO(xlsx.content))["Triwulan"].max_row == 13
    template = client.get("/spm/import/template/")
    assert load_workbook(io.BytesIO(template.content)).sheetnames == [
        "Layanan",
        "Triwulan",
        "Petunjuk",
    ]


def test_the_import_page_runs_a_background_job(
    web: Any,
    kota_editor: Any,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = web(kota_editor)
    assert client.get("/spm/import/").status_code == 200
    upload = SimpleUploadedFile(
        "layanan.csv",
        b'kode_wilayah,tahun,layanan,sasaran,standar_mutu\n53.71,2025,3,1500,"1,2"\n',
        content_type="text/csv",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/spm/import/", {"upload": upload})
    job = Job.objects.get(kind="spm.import")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done", job.message
    assert ServiceRecord.objects.get().quality_met == ["rapid_assessment", "search"]
    template = tmp_path / "t.xlsx"
    template_book().save(template)


def test_viewers_may_not_import(web: Any, make_user: Any) -> None:
    viewer = make_user("viewer", {"53.71": "viewer"})
    assert web(viewer).get("/spm/import/").status_code == 403


def test_the_api_report_and_records(
    api: Any, kota_editor: Any, province_manager: Any, demo: None
) -> None:
    found = api(kota_editor).get("/api/v1/spm/report/?region=53.71&year=2025&quarter=4").json()
    assert [s["achievement"] for s in found["services"]] == ["88.33", "62.67", "94.67"]
    assert found["subaffair_verified"] is False
    # (88.333 + 62.667 + 94.667) / 3
    assert found["subaffair"] == "81.89"
    assert (
        api(kota_editor).get("/api/v1/spm/report/?region=53.01&year=2025&quarter=4").status_code
        == 403
    )
    rollup = api(province_manager).get("/api/v1/spm/report/?region=53&year=2025&quarter=3").json()
    statuses = {r["region"]: r["status"] for r in rollup["regencies"]}
    assert (statuses["53.71"], statuses["53.01"], statuses["53.02"]) == (
        "on_time",
        "late",
        "missing",
    )
    records = api(kota_editor).get("/api/v1/spm/services/?year=2025&service=rescue").json()
    [rescue] = records["results"]
    assert rescue["served_in_year"] == 1400
    assert rescue["achievement"] == "94.67"
    created = api(kota_editor).post(
        "/api/v1/spm/quarters/",
        {"record": rescue["id"], "quarter": 4, "served": 100, "reported_on": "2026-01-20"},
        format="json",
    )
    assert created.status_code == 400
    assert "already reported" in json.dumps(created.json())
    assert QuarterReport.objects.filter(record_id=rescue["id"]).count() == 4


def test_the_demo_loads_once_and_one_region_is_late() -> None:
    assert load_demo() == 6 + 24  # six records, four quarters each
    assert load_demo() == 0
    assert all(r.notes.startswith("[DEMO]") for r in ServiceRecord.objects.all())
    late = [q for q in QuarterReport.objects.select_related("record") if q.status() == "late"]
    assert {(q.record.region_id, q.quarter) for q in late} == {("53.01", 3)}


def test_the_region_page_and_search_show_the_spm(web: Any, kota_editor: Any, demo: None) -> None:
    page = web(kota_editor).get("/regions/53.71/").content.decode()
    assert "SPM disaster sub-affair 2025 (unverified mean)" in page
    assert "81.89" in page or "81,89" in page
    found = web(kota_editor).get("/search/?q=Kota+Kupang").content.decode()
    assert "SPM · Rescue and evacuation of victims" in found


def test_the_region_page_s_spm_figure_follows_a_new_quarter(
    web: Any, kota_editor: Any, demo: None
) -> None:
    from tangguh.spm.summaries import _region_facts, region_facts

    kept = region_facts(kota_editor, "53.71")
    assert [f.value for f in kept] == ["81.89"]
    record = ServiceRecord.objects.filter(region_id="53.71", year=2025).order_by("pk").first()
    QuarterReport.objects.filter(record=record).order_by("-quarter").first().delete()
    visible = ServiceRecord.objects.restrict(kota_editor, "view").filter(region_id="53.71")
    fresh = [(f.label, f.value, f.note) for f in _region_facts(visible, "53.71")]
    assert [(f.label, f.value, f.note) for f in region_facts(kota_editor, "53.71")] == fresh
    assert fresh != [(f.label, f.value, f.note) for f in kept]


def test_the_form_shows_the_checklist_of_the_service_chosen(web: Any, kota_editor: Any) -> None:
    form = web(kota_editor).get("/spm/services/new/").content.decode()
    assert 'hx-get="/spm/services/quality-field/"' in form
    assert form.count('name="quality_met"') == 12
    fragment = web(kota_editor).get("/spm/services/quality-field/?service=rescue").content.decode()
    assert fragment.count('name="quality_met"') == 4
    assert 'id="id_quality_met"' in fragment
    assert "Evacuation of victims" in fragment
