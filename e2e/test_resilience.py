"""Walk the resilience pages in a real browser: a village officer fills and submits Destana,
the regency verifies it; a BPBD officer starts IKD; the province sets the uncertain rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import go_to, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def instruments(geography: None) -> None:
    from tangguh.resilience.instruments import install_shipped
    from tangguh.resilience.services import MODELS

    install_shipped(MODELS)


def _pk(code: str) -> int:
    from tangguh.resilience.models import Instrument

    return int(Instrument.objects.get(code=code).pk)


def _destana_answers(page: Any) -> None:
    for i in range(1, 21):
        yes = 3 if i <= 10 else 2 if i <= 15 else 1
        for k in range(1, 4):
            key = 3 * (i - 1) + k
            page.check(f"input[name='a-{key}'][value={'ya' if k <= yes else 'tidak'}]")


def test_a_village_fills_destana_and_the_regency_verifies_it(
    page: Any, user_factory: Any, instruments: None
) -> None:
    user_factory("desa", {"53.01.27.2002": "editor"})
    user_factory("bpbd", {"53.01": "editor"})
    sign_in(page, "desa")
    page.click("[data-testid=lang-en]")
    go_to(page, "Resilience assessments")
    page.wait_for_url(re.compile(r"/resilience/$"))
    page.click("a.button:has-text('Start an assessment')")
    page.select_option("select[name=instrument]", str(_pk("destana-2012")))
    page.fill("input[name=region]", "53.01.27.2002")
    page.fill("input[name=year]", "2026")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/resilience/assessments/\d+/$"))
    page.locator("#answers details").evaluate_all("els => els.forEach(e => { e.open = true; })")
    page.check("input[name='a-1'][value=tidak]")
    assert "skipped" in (page.get_attribute("[data-testid='q-2']", "class") or "")
    _destana_answers(page)
    assert "skipped" not in (page.get_attribute("[data-testid='q-2']", "class") or "")
    assert "skipped" in (page.get_attribute("[data-testid='q-48']", "class") or "")
    page.fill("input[name=e-1]", "Perdes Nuataus 3/2025")
    page.check("input[name='a-60'][value=ya]")  # a yes after a no: kept, flagged
    page.click("[data-testid=save-answers]")
    main = page.inner_text("main")
    assert "Answers saved." in main
    assert "Kept but not counted" in main
    assert page.inner_text("[data-testid=class]") == "madya"
    assert "45" in page.inner_text("[data-testid=score]")
    assert "unverified" in page.inner_text("[data-testid=rules]")
    shot(page, "resilience-destana-filled")
    page.click("[data-testid=submit]")
    assert "Submitted for verification" in page.inner_text("[data-testid=status]")
    assert page.locator("[data-testid=verify]").count() == 0

    page.context.clear_cookies()
    sign_in(page, "bpbd")
    page.click("[data-testid=lang-en]")
    page.goto("/resilience/?instrument=destana-2012")
    page.click("table[data-testid=assessments] a:has-text('destana-2012')")
    page.fill("[data-testid=verify-comment]", "")
    page.click("[data-testid=return]")
    assert "Say what needs correcting." in page.inner_text("main")
    page.fill("[data-testid=verify-comment]", "Bukti sesuai")
    page.click("[data-testid=verify]")
    assert "Verified (final)" in page.inner_text("[data-testid=status]")
    assert "Bukti sesuai" in page.inner_text("[data-testid=reviews]")
    assert page.locator("[data-testid=save-answers]").count() == 0
    shot(page, "resilience-destana-verified")
    assert page.js_errors == []


def test_the_province_sets_the_ikd_rules_and_a_regency_starts_ikd(
    page: Any, user_factory: Any, instruments: None
) -> None:
    user_factory("prov", {"53": "manager"})
    user_factory("bpbd", {"53.71": "editor"})
    sign_in(page, "prov")
    page.click("[data-testid=lang-en]")
    page.goto("/resilience/instruments/")
    assert "destana-2025" in page.inner_text("[data-testid=instruments]")
    with page.expect_download() as loss_form:
        page.click("[data-testid=loss-form]")
    assert loss_form.value.suggested_filename == "loss-report-xlsform.xlsx"
    shot(page, "resilience-instruments")
    page.click("a:has-text('ikd-2016')")
    assert page.locator("[data-testid=questions] tbody tr").count() == 284
    with page.expect_download() as download:
        page.click("[data-testid=xlsform]")
    assert download.value.suggested_filename == "ikd-2016-xlsform.xlsx"
    page.select_option("select[name=mapping]", "level/5")
    page.fill("input[name=class_sedang]", "0.4")
    page.fill("input[name=class_tinggi]", "0.8")
    page.uncheck("input[name=above_tinggi]")  # high from 0.8 inclusive
    page.click("[data-testid=rules-form] button.primary")
    assert "Rules saved" in page.inner_text("main")
    assert "level / 5" in page.inner_text("[data-testid=mapping]")
    shot(page, "resilience-ikd-instrument")
    page.click("[data-testid=edit-66]")
    page.fill("input[name=title]", "Tsunami: rencana kontinjensi")
    page.check("input[name=hazards][value=tsunami]")
    page.locator("textarea").first.fill("Apakah telah ada upaya awal menyusun renkon tsunami?")
    shot(page, "resilience-indicator-edit")
    page.click("button.primary")
    assert "Indicator saved." in page.inner_text("main")
    assert "Tsunami: rencana kontinjensi" in page.inner_text("[data-testid=questions]")

    page.context.clear_cookies()
    sign_in(page, "bpbd")
    page.click("[data-testid=lang-en]")
    page.goto("/resilience/assessments/new/")
    page.select_option("select[name=instrument]", str(_pk("ikd-2016")))
    page.fill("input[name=region]", "53.71")
    page.fill("input[name=year]", "2026")
    page.check("input[name=hazards][value=flood]")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/resilience/assessments/\d+/$"))
    rules = page.inner_text("[data-testid=rules]")
    assert "level/5" in rules
    assert "sedang ≥ 0.4" in rules
    assert "tinggi ≥ 0.8" in rules
    assert page.locator("[data-testid='q-1.1']").count() == 1
    shot(page, "resilience-ikd-new")
    assert page.js_errors == []


def test_the_province_sees_the_roll_up(page: Any, user_factory: Any, instruments: None) -> None:
    from tangguh.resilience.demo import load_demo

    load_demo()
    user_factory("prov", {"53": "viewer"})
    sign_in(page, "prov")
    page.click("[data-testid=lang-en]")
    page.goto("/resilience/")
    page.click('nav.tabs >> text="Province roll-up"')
    page.wait_for_url(re.compile(r"/resilience/overview/$"))
    page.wait_for_selector("[data-testid=ikd-map][data-loaded]")
    assert page.get_attribute("[data-testid=ikd-map]", "data-loaded") == "22"
    assert page.get_attribute("[data-testid=ikd-map]", "data-coloured") == "22"
    page.wait_for_selector("[data-testid=ikd-chart][data-drawn]")
    assert page.get_attribute("[data-testid=ikd-chart]", "data-drawn") == "2"
    assert page.locator("[data-testid=ikd-table] tbody tr").count() == 22
    assert "Fatuleu" not in page.inner_text("[data-testid=ikd-table]")
    coverage = page.inner_text("[data-testid=destana-coverage]")
    assert "Kabupaten Kupang" in coverage
    shot(page, "resilience-overview")
    page.click("[data-testid=ikd-table] a >> nth=0")
    page.wait_for_url(re.compile(r"/resilience/assessments/\d+/$"))
    assert page.locator("[data-testid=demo]").count() == 1
    assert page.locator("[data-testid=recommendations] li").count() == 5
    shot(page, "resilience-ikd-demo")
    page.click("[data-testid=lang-id]")
    main = page.inner_text("main")
    assert "Indikator terlemah: langkah berikutnya" in main
    assert "Data demo, bukan penilaian sebenarnya." in main
    page.goto("/resilience/overview/")
    assert "Cakupan Destana per kabupaten/kota" in page.inner_text("main")
    page.wait_for_selector("[data-testid=ikd-map][data-loaded]")
    shot(page, "resilience-overview-id")
    assert page.js_errors == []
