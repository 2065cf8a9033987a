"""Pages the module kit gives every app: a checked import confirmed from its report, the search
page over every kind of record, and a region's key figures."""

from __future__ import annotations

import re
from typing import Any

from conftest import shot, sign_in


def test_a_checked_upload_shows_its_report_and_is_imported_on_confirmation(
    page: Any, user_factory: Any, tmp_path: Any
) -> None:
    from tangguh.regions.models import Region

    user_factory("root", {}, is_superuser=True)
    upload = tmp_path / "ntb.csv"
    upload.write_text("kode,nama\n52,Nusa Tenggara Barat\n52.71,Kota Mataram\n", encoding="utf-8")
    sign_in(page, "root")
    page.click("[data-testid=lang-en]")
    page.goto("/regions/load/")
    page.set_input_files("input[name=uploads]", str(upload))
    page.check("input[name=dry_run]")
    page.click("button.primary")
    page.wait_for_selector("#job-status[data-status=done]")
    report = page.inner_text("[data-testid=import-report]")
    assert re.search(r"Created\s+2", report)
    assert "check only" in report
    assert not Region.objects.filter(code="52.71").exists(), "a check writes nothing"
    shot(page, "import-report")
    page.click("text=Import now")
    page.wait_for_selector("#job-status[data-status=done]")
    assert "Imported" in page.inner_text("#job-status")
    assert Region.objects.filter(code="52.71").exists()


def test_a_bad_upload_lists_its_problems_by_row_and_column(
    page: Any, user_factory: Any, tmp_path: Any
) -> None:
    user_factory("root", {}, is_superuser=True)
    upload = tmp_path / "ntb.csv"
    upload.write_text("kode,nama\n52,Nusa Tenggara Barat\nxx,Bad\n", encoding="utf-8")
    sign_in(page, "root")
    page.goto("/regions/load/")
    page.set_input_files("input[name=uploads]", str(upload))
    page.click("button.primary")
    page.wait_for_selector("#job-status[data-status=failed]")
    row = page.locator("table.problems tbody tr").first.inner_text()
    assert "ntb.csv" in row
    assert "3" in row
    assert "Import now" not in page.inner_text("main")


def test_the_search_page_finds_regions_and_records_within_ones_regions(
    page: Any, user_factory: Any
) -> None:
    user_factory("kota.editor", {"53.71": "editor"})
    sign_in(page, "kota.editor")
    page.click("[data-testid=lang-en]")
    page.click("[data-testid=search-link]")
    page.fill("#q", "Fatu")
    page.wait_for_selector("[data-testid=search-results] a")
    results = page.inner_text("[data-testid=search-results]")
    assert "Fatufeto" in results
    shot(page, "search-everything")
    page.fill("#q", "zzzz-nothing")
    page.wait_for_selector("text=Nothing found")
    assert not page.js_errors


def test_a_region_page_shows_the_key_figures_of_each_module(page: Any, user_factory: Any) -> None:
    from tangguh.accounts.models import Agency
    from tangguh.regions.statistics import load_statistics

    Agency.objects.create(region_id="53.71", code="1.05.0.00.0.00.01.0000", name="BPBD Kota")
    load_statistics()
    user_factory("kota.viewer", {"53.71": "viewer"})
    sign_in(page, "kota.viewer")
    page.click("[data-testid=lang-en]")
    page.goto("/regions/53.71/")
    figures = page.inner_text("main")
    assert "Agencies registered" in figures
    assert "BPBD Kota" in figures
    poverty = page.locator("[data-testid=statistics]")
    poverty.scroll_into_view_if_needed()
    assert "7.57" in poverty.inner_text(), "Kota Kupang's P0 of 2025 (BPS)"
    assert "BPS" in poverty.inner_text()
    shot(page, "region-poverty")
