"""Walk every SPM page in a real browser: a city's achievement with its chart, a service record
with its quarterly figures (served above the target refused without a reason), reporting, the
quarterly report downloads, the import with its template and a refused file, and the province's
roll-up with the region that reported late."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import go_to, shot, sign_in
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo() -> None:
    from tangguh.spm.demo import load_demo

    assert load_demo() == 30


def test_a_bpbd_officer_reports_spm_for_kota_kupang(
    page: Any, user_factory: Any, tmp_path: Path
) -> None:
    _demo()
    user_factory("bpbd", {"53.71": "editor"})
    sign_in(page, "bpbd")
    page.click("[data-testid=lang-en]")
    go_to(page, "SPM")
    page.wait_for_url(re.compile(r"/spm/$"))
    page.wait_for_selector("canvas[data-testid=spm-chart][data-drawn]")
    services = page.locator("[data-testid=services]")
    assert "Information on disaster-prone areas" in services.inner_text()
    assert "88.33" in services.inner_text()
    assert "81.89" in page.inner_text("[data-testid=subaffair]")
    assert "unverified" in page.inner_text("[data-testid=unverified]")
    shot(page, "spm-overview")

    with page.expect_download() as xlsx:
        page.click("[data-testid=report-xlsx]")
    assert xlsx.value.suggested_filename == "spm-53.71-2025-q4.xlsx"
    with page.expect_download() as pdf:
        page.click("[data-testid=report-pdf]")
    assert pdf.value.suggested_filename == "spm-53.71-2025-q4.pdf"

    page.click('nav.tabs >> text="Service records"')
    page.wait_for_url(re.compile(r"/spm/services/$"))
    assert page.locator("[data-testid=records] tbody tr").count() == 3
    page.click("a.button:has-text('Record an SPM service')")
    page.fill("input[name=region]", "53.71")
    page.fill("input[name=year]", "2026")
    assert page.locator("input[name=quality_met]").count() == 12  # every service's checklist
    page.select_option("select[name=service]", "information")
    expect(page.locator("input[name=quality_met]")).to_have_count(2, timeout=30_000)
    page.fill("input[name=target]", "9999999")
    page.check("input[name=quality_met][value=kie]")
    page.check("input[name=stage_data]")
    page.click("button.primary")
    assert "is more than the population of Kota Kupang" in page.inner_text("main")
    page.locator("input[name=target]").scroll_into_view_if_needed()
    shot(page, "spm-record-form")
    page.fill("input[name=target]", "10000")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/spm/services/\d+/$"))
    checklist = page.inner_text("[data-testid=checklist]")
    assert "met" in checklist
    assert "not met" in checklist

    block = page.locator("[data-testid=add-quarter]")
    block.locator("summary").click()
    block.locator("input[name=quarter]").fill("1")
    block.locator("input[name=served]").fill("9000")
    block.locator("input[name=reported_on]").fill("2026-04-10")
    block.locator("button.primary").click()
    page.wait_for_url(re.compile(r"#quarters$"))
    block = page.locator("[data-testid=add-quarter]")
    block.locator("summary").click()
    block.locator("input[name=quarter]").fill("2")
    block.locator("input[name=served]").fill("3000")
    block.locator("input[name=reported_on]").fill("2026-07-10")
    block.locator("button.primary").click()
    assert "exceed the target (10,000): give the reason." in page.inner_text("main")
    page.fill("textarea[name=reason]", "Pengungsi banjir dari Kabupaten Kupang")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#quarters$"))
    quarters = page.locator("[data-testid=quarters]")
    assert "Pengungsi banjir" in quarters.inner_text()
    # 12,000 served of 10,000 count as 100 %, 1 of 2 standards: 0.8 × 100 + 0.2 × 50
    assert "90.00" in page.inner_text("[data-testid=achievement]")
    shot(page, "spm-record")

    go_to(page, "SPM")
    page.click('nav.tabs >> text="Reporting"')
    page.wait_for_url(re.compile(r"/spm/reporting/"))
    assert page.locator("[data-testid=completeness] tbody tr").count() == 1
    shot(page, "spm-reporting-city")

    page.click('nav.tabs >> text="Import"')
    with page.expect_download() as template:
        page.click("[data-testid=template]")
    assert template.value.suggested_filename == "spm-template.xlsx"
    bad = tmp_path / "layanan.csv"
    bad.write_text(
        "kode_wilayah,tahun,layanan,sasaran\n53.71,2026,2,60000\n53.01,2026,9,100\n",
        encoding="utf-8",
    )
    page.set_input_files("input[name=upload]", str(bad))
    page.click("button.primary")
    page.wait_for_selector("#job-status[data-status=failed]")
    problems = page.inner_text("#job-status table.problems")
    assert "outside the regions you may change" in problems
    assert "is not an SPM service" in problems
    shot(page, "spm-import-refused")
    assert not page.js_errors


def test_the_province_sees_the_roll_up_and_who_reported_late(page: Any, user_factory: Any) -> None:
    _demo()
    user_factory("bpbd.ntt", {"53": "manager"})
    sign_in(page, "bpbd.ntt")
    page.goto("/spm/?region=53&year=2025&quarter=3")
    page.wait_for_selector("canvas[data-testid=rollup-chart][data-drawn]")
    rollup = page.locator("[data-testid=rollup] tbody tr")
    assert rollup.count() == 22
    assert "Terlambat" in page.inner_text("main") or "terlambat" in page.inner_text("main")
    shot(page, "spm-rollup")
    page.click('nav.tabs >> text="Pelaporan"')
    page.wait_for_url(re.compile(r"/spm/reporting/"))
    late = page.locator("tr[data-region='53.01'] [data-status]")
    assert late.get_attribute("data-status") == "late"
    assert (
        page.locator("tr[data-region='53.71'] [data-status]").get_attribute("data-status")
        == "on_time"
    )
    assert page.locator("[data-testid=completeness] [data-status=missing]").count() == 20
    shot(page, "spm-reporting")
    page.click("tr[data-region='53.01'] a")
    page.wait_for_selector("canvas[data-testid=spm-chart][data-drawn]")
    assert "Kabupaten Kupang" in page.inner_text("h1")
    shot(page, "spm-regency")
    assert not page.js_errors
