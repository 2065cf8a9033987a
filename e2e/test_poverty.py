"""Walk every poverty page in a real browser: the dashboard (trend chart, village map, priority
villages), the province view, ranked villages, programmes with their coverage and overlaps,
household search with identifiers masked and a manager's reveal, targets with their trajectory,
and the registry upload with a bad row."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import go_to, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "5371014508900000"


@pytest.fixture
def poverty_data(geography: None, tmp_path: Path) -> None:
    """BPS's statistics, the local estimates, a synthetic Kota Kupang registry (400 households,
    2023, calibrated to 8.61 %) with one known NIK, and the zero-extreme-poverty target."""
    from decimal import Decimal

    from tangguh.core.exporting import write_csv
    from tangguh.poverty import services, synthetic
    from tangguh.poverty.estimates import load_estimates
    from tangguh.regions.models import Region
    from tangguh.regions.statistics import load_statistics

    load_statistics().raise_if_failed()
    load_estimates().raise_if_failed()
    kota = Region.objects.get(code="53.71")
    rows = list(synthetic.rows(synthetic.calibration(kota, 2023), 400, 11))
    rows[0][0], rows[0][10] = "KK-DEMO-1", NIK
    path = tmp_path / "kota.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(out, synthetic.HEADER, rows)
    services.import_households(path, year=2023).raise_if_failed()
    pkh = services.create_programme(
        actor=None,
        region=kota,
        code="PKH",
        name="Program Keluarga Harapan",
        kind="national",
        max_decile=4,
        benefit_per_year=3_000_000,
    )
    listed = tmp_path / "pkh.csv"
    chosen = [r[0] for r in rows if r[5] <= 4][::2] + [r[0] for r in rows if r[5] >= 8][:5]
    listed.write_text(
        "programme,household_id\n" + "".join(f"{pkh.code},{h}\n" for h in chosen), "utf-8"
    )
    services.import_beneficiaries(listed, year=2023).raise_if_failed()
    services.create_target(
        actor=None,
        region=kota,
        measure="extreme",
        target_rate=Decimal("0"),
        target_year=2026,
        basis="Program nol kemiskinan ekstrem Kota Kupang 2026",
    )


def test_a_planner_reads_the_dashboard_villages_and_target(
    page: Any, user_factory: Any, poverty_data: None
) -> None:
    user_factory("planner", {"53.71": "viewer"})
    sign_in(page, "planner")
    page.click("[data-testid=lang-en]")
    page.click('nav.mainnav >> text="Poverty"')
    page.wait_for_url(re.compile(r"/poverty/"))
    page.wait_for_selector("#poverty-trend[data-drawn]")
    assert page.get_attribute("#poverty-trend", "data-drawn") == "11"  # 2015-2025
    page.wait_for_selector("#poverty-map[data-loaded]")
    assert int(page.get_attribute("#poverty-map", "data-loaded")) == 51
    assert int(page.get_attribute("#poverty-map", "data-coloured")) > 20
    assert "8.61" in page.inner_text("[data-testid=registry-p0]")
    assert "INEWS_ALOR_491423" in page.inner_text("[data-testid=local-estimates]")
    assert page.locator("[data-testid=priority-villages] tbody tr").count() == 10
    shot(page, "poverty-dashboard")

    page.select_option("select[name=region]", "53")
    with page.expect_navigation():
        page.click("form.filters button")
    page.wait_for_selector("#poverty-map[data-loaded]")
    assert page.locator("[data-testid=regency-table] tbody tr").count() == 22
    shot(page, "poverty-province")

    page.click('nav.tabs >> text="Priority villages"')
    page.wait_for_url(re.compile(r"/poverty/villages/"))
    page.select_option("select[name=region]", "53.71")
    with page.expect_navigation():
        page.click("form.filters button")
    page.wait_for_selector("[data-testid=priority-villages] tbody tr")
    rows = page.locator("[data-testid=priority-villages] tbody tr")
    assert rows.count() > 20
    assert page.get_attribute("[data-testid=export-xlsx]", "href").endswith("export=xlsx")
    shot(page, "poverty-villages")

    page.click('nav.tabs >> text="Programmes"')
    page.wait_for_url(re.compile(r"/poverty/programmes/"))
    coverage = page.inner_text("[data-testid=coverage]")
    assert "PKH" in coverage
    assert "deciles 1–4" in coverage
    assert "poor households are in no programme" in page.inner_text("[data-testid=overlaps]")
    shot(page, "poverty-programmes")

    page.click('nav.tabs >> text="Targets"')
    page.click("[data-testid=targets] a")
    page.wait_for_selector("#target-chart[data-drawn]")
    assert "0.21" in page.inner_text("[data-testid=needed]")  # 0.64 points over 3 years
    shot(page, "poverty-target")
    assert page.js_errors == []


def test_identifiers_stay_masked_until_a_manager_gives_a_reason(
    page: Any, user_factory: Any, poverty_data: None
) -> None:
    user_factory("viewer", {"53.71": "viewer"})
    user_factory("manager", {"53.71": "manager"})
    sign_in(page, "viewer")
    page.click("[data-testid=lang-en]")
    page.goto("/poverty/households/?q=KK-DEMO")
    assert NIK not in page.content()
    page.click("[data-testid=households] a")
    assert page.locator("[data-testid=reveal]").count() == 0
    assert NIK not in page.content()
    page.context.clear_cookies()

    sign_in(page, "manager")
    page.click("[data-testid=lang-en]")
    page.goto("/poverty/households/?decile_max=2&region=53.71")
    assert page.locator("[data-testid=households] tbody tr").count() > 10
    shot(page, "poverty-households")
    page.goto("/poverty/households/?q=KK-DEMO")
    page.click("[data-testid=households] a")
    assert page.inner_text("[data-testid=nik]").strip() == "•" * 16
    page.fill("input[name=reason]", "cek")
    page.click("[data-testid=reveal] button.primary")
    assert "at least 10 characters" in page.inner_text("main")
    assert NIK not in page.content()
    page.fill("input[name=reason]", "Verifikasi lapangan PKH tahap 2")
    page.click("[data-testid=reveal] button.primary")
    assert page.inner_text("[data-testid=nik-revealed]") == NIK
    assert "Verifikasi lapangan PKH tahap 2" in page.inner_text("[data-testid=reveals]")
    shot(page, "poverty-household-revealed")
    assert page.js_errors == []


def test_an_editor_uploads_a_registry_and_reads_its_problems(
    page: Any, user_factory: Any, poverty_data: None, tmp_path: Path
) -> None:
    user_factory("editor", {"53.71": "editor"})
    sign_in(page, "editor")
    page.click("[data-testid=lang-en]")
    bad = tmp_path / "registri.csv"
    bad.write_text(
        "household_id,region_code,members,expenditure_per_capita,nik\n"
        "R-1,53.71.01.1001,4,450000,\n"
        "R-2,53.71.01.1001,0,450000,5371\n",
        encoding="utf-8",
    )
    page.goto("/poverty/import/")
    shot(page, "poverty-import")
    page.set_input_files("input[name=upload]", str(bad))
    page.fill("input[name=year]", "2024")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/jobs/"))
    page.wait_for_selector("#job-status[data-status=failed]")
    problems = page.locator("#job-status table.problems tbody tr")
    assert problems.count() == 2
    text = page.inner_text("#job-status")
    assert "a household has 1 to 40 members" in text
    assert "a NIK has 16 digits" in text
    assert "5371\n" not in text
    shot(page, "poverty-import-problems")
    assert page.js_errors == []


@pytest.fixture
def ledger_data(poverty_data: None, tmp_path: Path) -> None:
    """The demo's revolving funds of two Kota Kupang kelurahan (one behind on its loans), report
    003's finding, PKH's quarterly outputs, report 000's livelihoods, and a small synthetic
    registry of Kabupaten Kupang to show them beside its priority villages."""
    from tangguh.core.exporting import write_csv
    from tangguh.poverty import demo_ledger, services, synthetic
    from tangguh.regions.models import Region

    demo_ledger.demo_step()
    kupang = Region.objects.get(code="53.01")
    path = tmp_path / "kupang.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(
            out, synthetic.HEADER, synthetic.rows(synthetic.calibration(kupang, 2023), 600, 5)
        )
    services.import_households(path, year=2023).raise_if_failed()


def test_an_editor_keeps_a_kelurahan_fund_ledger_and_follows_up_findings(
    page: Any, user_factory: Any, ledger_data: None
) -> None:
    user_factory("editor", {"53.71": "editor"})
    sign_in(page, "editor")
    page.click("[data-testid=lang-en]")
    go_to(page, "Poverty")
    page.click('nav.tabs >> text="Revolving funds"')
    page.wait_for_url(re.compile(r"/poverty/funds/"))
    ledger = page.locator("[data-testid=fund-ledger] tbody tr")
    assert ledger.count() == 2
    assert "%" in ledger.first.locator("[data-testid=repayment-rate]").inner_text()
    assert "Namosain" in ledger.first.inner_text()  # behind on its loans: the lowest rate first
    shot(page, "poverty-funds")

    page.click("[data-testid=funds] >> text=Namosain")
    page.wait_for_selector("[data-testid=loans]")
    arrears_before = page.inner_text("[data-testid=arrears]")
    page.click("text=Record a loan")
    page.fill("input[name=borrower]", "Kelompok tenun Namosain")
    page.fill("input[name=amount]", "1200000")
    page.fill("input[name=issued_on]", "2025-01-10")
    page.fill("input[name=instalments]", "12")
    page.click("button.primary")
    page.wait_for_selector("[data-testid=loans] >> text=Kelompok tenun Namosain")
    assert page.inner_text("[data-testid=arrears]") != arrears_before  # the new loan is behind
    row = page.locator("[data-testid=loans] tr", has_text="Kelompok tenun Namosain")
    row.locator("text=Record a repayment").click()
    page.fill("input[name=paid_on]", "2025-02-10")
    page.fill("input[name=amount]", "5000000")
    page.click("button.primary")
    assert "More than the 1,200,000 left to repay" in page.inner_text("main")
    page.fill("input[name=amount]", "100000")
    page.click("button.primary")
    row.locator("summary").click()
    page.wait_for_selector("[data-testid=loans] >> text=2025-02-10: 100,000")
    shot(page, "poverty-fund-ledger")

    page.click('nav.tabs >> text="Monitoring"')
    page.wait_for_url(re.compile(r"/poverty/monitoring/"))
    assert "1 follow-up overdue" in page.inner_text("[data-testid=overdue-count]")
    assert "konsumtif" in page.inner_text("[data-testid=findings]")
    shot(page, "poverty-monitoring")
    page.click("[data-testid=findings] a")
    page.wait_for_selector("[data-testid=programme-findings]")
    page.click("#findings >> text=Edit")
    page.select_option("select[name=status]", "done")
    page.click("button.primary")
    assert "needs the day it was done" in page.inner_text("main")
    page.fill("input[name=done_on]", "2024-06-20")
    page.click("button.primary")
    page.wait_for_selector("[data-testid=programme-findings]")
    assert "overdue" not in page.inner_text("[data-testid=programme-findings]")

    page.goto("/poverty/programmes/?region=53.71")
    page.click("[data-testid=programmes] >> text=PKH")
    outputs = page.inner_text("[data-testid=outputs]")
    assert "5,050 / 5,200" in outputs or "5050 / 5200" in outputs
    shot(page, "poverty-programme-outputs")
    assert page.js_errors == []


def test_a_planner_reads_village_livelihoods_beside_the_priority_villages(
    page: Any, user_factory: Any, ledger_data: None
) -> None:
    user_factory("province", {"53": "viewer"})
    sign_in(page, "province")
    page.click("[data-testid=lang-en]")
    go_to(page, "Poverty")
    page.click('nav.tabs >> text="Livelihoods"')
    page.wait_for_url(re.compile(r"/poverty/livelihoods/"))
    rows = page.locator("[data-testid=livelihoods] tbody tr")
    assert rows.count() == 18
    shot(page, "poverty-livelihoods")
    page.click("[data-testid=livelihoods] >> text=kunyit >> nth=0")
    assert "InfoNTT.com" in page.inner_text("[data-testid=livelihood-source]")
    shot(page, "poverty-livelihood")

    page.goto("/poverty/villages/?region=53.01&year=2023")
    cells = page.locator("[data-testid=village-livelihoods]")
    assert cells.count() > 20
    assert any("kunyit" in text for text in cells.all_inner_texts())
    shot(page, "poverty-villages-livelihoods")
    assert page.js_errors == []
