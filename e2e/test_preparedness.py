"""Walk every preparedness page in a real browser: plans with exercises, teams with their
trainings, equipment and activations, the overview and the downloads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import go_to, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_add_form(page: Any, testid: str) -> Any:
    block = page.locator(f"[data-testid={testid}]")
    block.locator("summary").click()
    return block


def test_a_bpbd_officer_records_a_contingency_plan_and_its_exercise(
    page: Any, user_factory: Any
) -> None:
    from tangguh.accounts.models import Agency

    agency = Agency.objects.create(
        region_id="53.71", code="1.05", short_name="BPBD", name="BPBD Kota Kupang"
    )
    user_factory("bpbd", {"53.71": "editor"})
    sign_in(page, "bpbd")
    page.click("[data-testid=lang-en]")
    go_to(page, "Preparedness")
    page.click('nav.tabs >> text="Contingency plans"')
    page.wait_for_url(re.compile(r"/preparedness/plans/$"))
    page.click("a.button:has-text('Record a plan')")
    page.fill("input[name=region]", "53.71")
    page.select_option("select[name=hazard]", "settlement_fire")
    page.fill("input[name=title]", "Rencana Kontinjensi Kebakaran Permukiman")
    page.fill("input[name=year]", "2025")
    page.select_option("select[name=status]", "legalised")
    page.fill("input[name=legal_basis]", "SK Wali Kota 188.45/2025")
    page.fill("input[name=valid_from]", "2025-03-10")
    page.fill("input[name=valid_until]", "2024-12-31")
    page.check(f"input[name=agencies][value='{agency.pk}']")
    page.click("button.primary")
    main = page.inner_text("main")
    assert "The end of validity is before its start." in main
    assert "needs the date it was legalised" in main
    page.fill("input[name=legalised_on]", "2025-03-10")
    page.fill("input[name=valid_until]", "")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/preparedness/plans/\d+/$"))
    assert "BPBD Kota Kupang" in page.inner_text("main")
    assert page.locator("[data-testid=in-force]").count() == 1

    block = _open_add_form(page, "add-exercise")
    block.locator("input[name=date]").fill("2024-06-01")
    block.locator("select[name=kind]").select_option("field")
    block.locator("button.primary").click()
    assert "outside the plan's years" in page.inner_text("main")
    page.fill("input[name=date]", "2025-08-14")
    page.fill("input[name=participants_women]", "18")
    page.fill("input[name=participants_men]", "46")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/preparedness/plans/\d+/#exercises$"))
    exercises = page.locator("[data-testid=exercises]")
    assert "2025-08-14" in exercises.inner_text()
    assert "64" in exercises.inner_text()
    shot(page, "contingency-plan")
    exercises.locator("a:has-text('Edit')").click()
    page.fill("input[name=participants_men]", "")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#exercises$"))
    assert page.locator("[data-testid=exercises] .unknown").count() == 2
    page.locator("[data-testid=exercises] a:has-text('Delete')").click()
    page.click("button.danger")
    page.wait_for_url(re.compile(r"#exercises$"))
    assert "No exercises recorded." in page.inner_text("[data-testid=exercises]")

    page.click("a.button:has-text('Edit')")
    page.fill("input[name=title]", "Renkon Kebakaran Permukiman Kota Kupang")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/preparedness/plans/\d+/$"))
    page.click("text=History")
    page.wait_for_selector(".history-body table")
    assert "Renkon Kebakaran" in page.inner_text(".history-body")

    page.goto("/preparedness/plans/")
    page.select_option("select[name=hazard]", "settlement_fire")
    page.select_option("select[name=in_force]", "true")
    page.click("form.filters button")
    assert page.locator("[data-testid=plans] tbody tr").count() == 1
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    assert download.value.suggested_filename == "contingency-plans.csv"

    go_to(page, "Preparedness")
    page.wait_for_url(re.compile(r"/preparedness/overview/$"))
    hazards = page.inner_text("[data-testid=hazard-plans]")
    assert "Renkon Kebakaran Permukiman Kota Kupang" in hazards
    assert "Flood" in hazards
    shot(page, "preparedness-overview")

    page.goto("/preparedness/plans/")
    page.click("text=Renkon Kebakaran Permukiman Kota Kupang")
    page.click("a.button.danger")
    page.click("button.danger")
    page.wait_for_url(re.compile(r"/preparedness/plans/$"))
    assert "deleted" in page.inner_text(".messages")
    assert not page.js_errors


def test_a_village_officer_keeps_the_record_of_the_nuataus_team(
    page: Any, user_factory: Any
) -> None:
    user_factory("desa.nuataus", {"53.01.27.2002": "editor"})
    sign_in(page, "desa.nuataus")
    page.click("[data-testid=lang-en]")
    page.goto("/preparedness/teams/")
    page.click("a.button:has-text('Record a team')")
    page.fill("input[name=region]", "53.01.27.2001")
    page.select_option("select[name=kind]", "ksb")
    page.fill("input[name=name]", "Tim Kampung Siaga Bencana Nuataus")
    page.fill("input[name=members_women]", "12")
    page.fill("input[name=members_men]", "18")
    page.click("button.primary")
    assert "You may not add records in region 53.01.27.2001" in page.inner_text("main")
    page.fill("input[name=region]", "53.01.27.2002")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/preparedness/teams/\d+/$"))
    members = page.inner_text("[data-testid=members]")
    assert "30" in members
    assert "unknown" in members

    block = _open_add_form(page, "add-training")
    block.locator("input[name=date]").fill("2024-09-12")
    block.locator("input[name=topic]").fill("Pertolongan pertama dan evakuasi")
    block.locator("input[name=organiser]").fill("Dinas Sosial")
    block.locator("button.primary").click()
    page.wait_for_url(re.compile(r"#trainings$"))
    block = _open_add_form(page, "add-equipment")
    block.locator("input[name=item]").fill("Tandu lipat")
    block.locator("input[name=quantity]").fill("2")
    block.locator("select[name=condition]").select_option("good")
    block.locator("button.primary").click()
    page.wait_for_url(re.compile(r"#equipment$"))
    block = _open_add_form(page, "add-activation")
    block.locator("input[name=date]").fill("2025-02-12")
    block.locator("select[name=hazard]").select_option("flood")
    block.locator("textarea[name=actions]").fill("Evakuasi lansia dan anak ke gereja")
    block.locator("button.primary").click()
    page.wait_for_url(re.compile(r"#activations$"))
    assert "Pertolongan pertama" in page.inner_text("[data-testid=trainings]")
    assert "Tandu lipat" in page.inner_text("[data-testid=equipment]")
    assert "Evakuasi lansia" in page.inner_text("[data-testid=activations]")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "preparedness-team")
    assert page.locator("label[for=activation-date]").count() == 1

    page.locator("[data-testid=equipment] a:has-text('Edit')").click()
    page.select_option("select[name=condition]", "repair")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#equipment$"))
    assert "Needs repair" in page.inner_text("[data-testid=equipment]")
    page.locator("[data-testid=activations] a:has-text('Edit')").click()
    page.fill("input[name=people_helped]", "-4")
    page.click("button.primary")
    assert "greater than or equal to 0" in page.inner_text("main")
    page.fill("input[name=people_helped]", "85")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#activations$"))
    page.locator("[data-testid=trainings] a:has-text('Delete')").click()
    page.click("button.danger")
    page.wait_for_url(re.compile(r"#trainings$"))
    assert "No trainings recorded." in page.inner_text("[data-testid=trainings]")

    page.click("a.button:has-text('Edit')")
    page.fill("input[name=legal_basis]", "SK Kepala Desa Nuataus 5/2023")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/preparedness/teams/\d+/$"))

    page.goto("/preparedness/teams/?kind=ksb")
    assert page.locator("[data-testid=teams] tbody tr").count() == 1
    page.goto("/preparedness/overview/")
    assert "Kabupaten Kupang" in page.inner_text("h1")
    teams = page.inner_text("[data-testid=village-teams]")
    assert "Tim Kampung Siaga Bencana Nuataus" in teams
    assert "2025-02-12" in teams

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/preparedness/teams/")
    page.click("text=Tim Kampung Siaga Bencana Nuataus")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the team page is {width}px wide on a 375px screen"
    page.set_viewport_size({"width": 1280, "height": 860})

    page.click("a.button.danger")
    page.click("button.danger")
    page.wait_for_url(re.compile(r"/preparedness/teams/$"))
    assert "No preparedness teams." in page.inner_text("[data-testid=teams]")
    assert not page.js_errors
