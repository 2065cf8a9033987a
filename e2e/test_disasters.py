"""Walk the event form in a real browser: it fits a phone, finds its place by name, asks before it
saves a count of people above the place's population; and an events file of an unknown layout
goes through the column mapping on its job page to an import."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import shot, sign_in
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_event_form_fits_a_phone_screen(
    browser: Any, live_server: Any, geography: None, user_factory: Any
) -> None:
    user_factory("bpbd.hp", {"53.71": "editor"})
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, "bpbd.hp")
    page.goto("/disasters/events/new/")
    page.wait_for_selector("[data-testid=disaggregation]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the event form is {width}px wide on a 390px screen"
    # On a phone every disaggregation input shows its own label.
    female_deaths = page.locator("label[for=id_dis__deaths__female]")
    assert female_deaths.is_visible()
    assert female_deaths.inner_text().strip() != ""
    page.locator("[data-testid=disaggregation]").scroll_into_view_if_needed()
    shot(page, "event-form-phone")
    context.close()


def test_an_officer_finds_the_place_by_name_and_confirms_a_large_count(
    page: Any, user_factory: Any
) -> None:
    from tangguh.disasters.models import Event

    user_factory("bpbd.kupang", {"53.01": "editor"})
    sign_in(page, "bpbd.kupang")
    page.click("[data-testid=lang-en]")
    page.goto("/disasters/events/new/")
    page.fill("[data-testid=region-search]", "Nuat")
    page.locator("[data-testid=region-pick-results] button", has_text="Nuataus").click()
    # Locator assertions poll without evaluating a string in the page (the CSP forbids eval).
    expect(page.locator("input[name=region]")).to_have_value("53.01.27.2002", timeout=30_000)
    expect(page.locator("[data-testid=region-chosen]")).to_contain_text("Nuataus", timeout=30_000)
    assert "Fatuleu Barat" in page.inner_text("[data-testid=region-chosen]")
    # A place outside the officer's regions is not offered.
    page.fill("[data-testid=region-search]", "Oebobo")
    page.wait_for_selector("text=No place in your regions matches")
    page.select_option("select[name=hazard]", "flood")
    page.fill("input[name=start_date]", "2025-01-14")
    page.fill("input[name=affected]", "400000")  # Kabupaten Kupang has 391,539 inhabitants
    page.click("button.primary")
    page.wait_for_selector("[data-testid=confirm-counts]")
    assert "391,539" in page.inner_text("[data-testid=confirm-counts]")
    assert not Event.objects.exists()
    shot(page, "event-form-confirm")
    page.check("[data-testid=confirm-counts-box]")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/disasters/events/\d+/$"))
    assert Event.objects.get().affected == 400000
    assert not page.js_errors


def test_an_officer_maps_the_columns_of_an_unknown_layout_and_imports_it(
    page: Any, user_factory: Any, tmp_path: Any
) -> None:
    from tangguh.disasters.models import ColumnMapping, Event

    user_factory("bpbd.data", {"53.01": "editor"})
    sign_in(page, "bpbd.data")
    page.click("[data-testid=lang-en]")
    upload = tmp_path / "rekap-bencana.csv"
    upload.write_text(
        "Tgl,Wilayah,Jenis,Korban,Tempat\n"
        "2024-01-10,Kupang,Banjir,1,Kec. Fatuleu Barat\n"
        "2024-02-03,Kupang,Kekeringan,0,\n",
        encoding="utf-8",
    )
    page.goto("/disasters/events/import/")
    page.set_input_files("input[name=upload]", str(upload))
    page.click("button.primary")
    page.wait_for_selector("[data-testid=column-mapping]")
    mapping = page.inner_text("[data-testid=column-mapping]")
    assert "Tgl, Wilayah, Jenis, Korban, Tempat" in mapping
    assert "Date (and time) of the event" in mapping  # fields named for people, code beside
    assert not Event.objects.exists()
    for field, column in [
        ("datetime", "Tgl"),
        ("regency_name", "Wilayah"),
        ("hazard_family", "Jenis"),
        ("deaths", "Korban"),
        ("location", "Tempat"),
    ]:
        page.select_option(f"select[name='map:{field}']", column)
    page.locator("[data-testid=column-mapping]").scroll_into_view_if_needed()
    shot(page, "event-import-mapping")
    page.click("[data-testid=column-mapping] button.primary")
    page.wait_for_selector("#job-status[data-status=done] [data-testid=import-report]")
    report = page.inner_text("[data-testid=import-report]")
    assert "What the import would do" in report  # a check first
    assert not Event.objects.exists()
    page.click("button:has-text('Import now')")
    page.wait_for_selector("#job-status[data-status=done] [data-testid=import-report]")
    assert Event.objects.count() == 2
    flood = Event.objects.get(hazard__key="flood")
    assert (flood.region_id, flood.deaths) == ("53.01.27", 1)
    assert ColumnMapping.objects.filter(owner__username="bpbd.data").exists()
    shot(page, "event-import-mapped")
    assert not page.js_errors
