"""Walk the proposal pages in a real browser: a village officer adds a proposal, a planner codes
it from the suggestions, recommends and decides it, the village sees the decision; the sync
matrix draws its charts; a closed calendar says why."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import go_to, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUATAUS = "53.01.27.2002"
GLADI = "1.05.03.2.02.0018"  # Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota


def set_calendar(region: str, state: str, year: int | None = None) -> int:
    """Every stage ahead ("open"), the two forums over ("decisions") or all over ("closed")."""
    from tangguh.planning.models import PlanningStage, Stage
    from tangguh.planning.rules import today

    now = today()
    year = year or now.year + 1
    start = now + {"open": dt.timedelta(days=10), "closed": dt.timedelta(days=-400)}[state]
    for number, stage in enumerate(Stage):
        starts = start + dt.timedelta(days=20 * number)
        PlanningStage.objects.update_or_create(
            region_id=region,
            year=year,
            stage=stage,
            defaults={"starts": starts, "ends": starts + dt.timedelta(days=14)},
        )
    return year


def nomenclature() -> None:
    """The 2027 edition (transactional tests start from an empty database)."""
    from tangguh.nomenclature.loading import load_shipped
    from tangguh.nomenclature.models import Edition

    if not Edition.objects.filter(name="2027").exists():
        load_shipped(with_definitions=False)


def bpbd_with_item(year: int) -> Any:
    """BPBD Kabupaten Kupang with a drill (gladi) in its work plan for Nuataus."""
    from tangguh.accounts.models import Agency
    from tangguh.nomenclature.models import Item
    from tangguh.planning import services
    from tangguh.regions.models import Region

    bpbd = Agency.objects.create(
        region_id="53.01",
        code="1.05.0.00.0.00.01.0000",
        name="Badan Penanggulangan Bencana Daerah",
        short_name="BPBD",
        bidang_codes=["1.05"],
    )
    return services.create_item(
        actor=None,
        agency=bpbd,
        year=year,
        sub_activity=Item.objects.get(
            edition__name="2027", government="kabkota", level="sub_kegiatan", code=GLADI
        ),
        budget=Decimal("60000000"),
        locations=[Region.objects.get(code=NUATAUS)],
    )


def console_errors(page: Any) -> list[str]:
    """Errors the pages log to the console (the browser's own favicon request aside)."""
    errors: list[str] = []

    def collect(message: Any) -> None:
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", collect)
    return errors


@pytest.fixture(autouse=True)
def _navigation() -> None:
    """The menu entries and the region section (PlanningConfig.ready registers them in the
    app; registering twice changes nothing)."""
    from tangguh.planning.apps import register_navigation

    register_navigation()


def switch_user(page: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)
    page.click("[data-testid=lang-en]")


def test_a_proposal_goes_from_the_village_to_a_decision_and_back(
    page: Any, user_factory: Any
) -> None:
    nomenclature()
    year = set_calendar("53.01", "open")
    item = bpbd_with_item(year)
    user_factory("desa.nuataus", {NUATAUS: "editor"})
    user_factory("perencana", {"53.01": "editor"})
    errors = console_errors(page)

    switch_user(page, "desa.nuataus")
    go_to(page, "Proposals")
    page.wait_for_url(re.compile(r"/planning/proposals/$"))
    page.click("text=Stages and their dates")
    assert "Village forum (Musrenbang desa/kelurahan)" in page.inner_text(
        "[data-testid=calendar-stages]"
    )
    page.click("[data-testid=add-proposal]")
    page.fill("[data-testid=location-search]", "Nuat")
    page.locator("[data-testid=location-results] button", has_text="Nuataus").click()
    page.wait_for_selector("[data-testid=location-chosen]")
    assert page.input_value("input[name=region]") == NUATAUS
    assert "Fatuleu Barat" in page.inner_text("[data-testid=location-chosen]")
    page.fill("input[name=year]", str(year))
    page.select_option("select[name=source_kind]", "risk_plan")
    page.fill("input[name=title]", "Gladi kesiapsiagaan banjir untuk warga Dusun 2")
    page.fill("textarea[name=description]", "Latihan evakuasi warga sebelum musim hujan")
    page.fill("input[name=estimated_cost]", "-1")
    page.fill("input[name=women]", "40")
    page.check("input[name=phases][value=pra]")
    page.click("text=Hazards addressed")
    page.check("input[name=hazards][value=flood]")
    page.click("form[data-testid=proposal-form] button.primary")
    assert "greater than or equal to 0" in page.inner_text("main")
    page.fill("input[name=estimated_cost]", "25000000")
    page.click("form[data-testid=proposal-form] button.primary")
    page.wait_for_url(re.compile(r"/planning/proposals/\d+/$"))
    assert "Proposal saved." in page.inner_text(".messages")
    assert "Flood" in page.inner_text("[data-testid=tags]")
    assert page.locator("[data-testid=decide]").count() == 0
    assert "Decisions and coding are made by the planners of Kabupaten Kupang" in page.inner_text(
        "[data-testid=decision-closed]"
    )
    page.click("text=Proposals of Nuataus")
    page.wait_for_url(re.compile(r"/planning/villages/53.01.27.2002/proposals/$"))
    card = page.inner_text("[data-testid=village-proposal]")
    assert "Gladi kesiapsiagaan banjir" in card
    assert "Not decided yet" in card

    switch_user(page, "perencana")
    page.goto("/planning/proposals/")
    page.click("text=Gladi kesiapsiagaan banjir untuk warga Dusun 2")
    page.wait_for_selector("[data-testid=suggestion]")
    suggestion = page.locator("[data-testid=suggestion]", has_text=GLADI)
    assert suggestion.locator("mark").count() >= 1
    suggestion.scroll_into_view_if_needed()
    shot(page, "proposal-suggestions")
    assert "BPBD" in suggestion.inner_text()
    suggestion.locator("[data-testid=code-suggestion]").click()
    page.wait_for_url(re.compile(r"#coding$"))
    assert f"{GLADI} Gladi Kesiapsiagaan" in page.inner_text("[data-testid=coding]")
    assert "BPBD" in page.inner_text("[data-testid=coding]")

    page.click("[data-testid=recommend] summary")
    page.select_option("#recommend-level", "bappeda")
    page.select_option("#recommend-verdict", "recommended")
    page.fill("#recommend-note", "Sesuai kajian risiko desa")
    page.click("[data-testid=recommend] button.primary")
    page.wait_for_url(re.compile(r"#trail$"))
    assert "Sesuai kajian risiko desa" in page.inner_text("[data-testid=trail]")

    page.click("[data-testid=decide] summary")
    page.select_option("#decision-outcome", "accommodated")
    page.click("[data-testid=decide] button.primary")
    assert "linked to the work-plan items that answer it" in page.inner_text("main")
    page.select_option("select[name=links-0-item]", str(item.pk))
    page.fill("input[name=links-0-budget]", "25000000")
    page.click("[data-testid=decide] button.primary")
    page.wait_for_url(re.compile(r"#decision$"))
    assert "Accommodated" in page.inner_text("[data-testid=decision]")
    assert "25,000,000" in page.inner_text("[data-testid=links]")
    page.click("text=History")
    page.wait_for_selector(".history-body table")
    history = page.text_content(".history-body") or ""
    assert "Accommodated" in history, "the history names the outcome by its label"
    assert "perencana" in history

    switch_user(page, "desa.nuataus")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/planning/villages/{NUATAUS}/proposals/")
    card = page.inner_text("[data-testid=village-proposal]")
    assert "Accommodated" in card
    assert "BPBD" in card
    assert "Rp 25,000,000" in page.inner_text("[data-testid=answer]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the village page is {width}px wide on a 375px screen"
    page.goto(f"/regions/{NUATAUS}/")
    page.wait_for_selector("[data-testid=proposals-section]")
    assert "Gladi kesiapsiagaan banjir" in page.inner_text("[data-testid=proposals-section]")
    assert not page.js_errors
    assert not errors


def test_the_sync_matrix_draws_its_charts(page: Any, user_factory: Any) -> None:
    from tangguh.planning import services
    from tangguh.planning.models import Outcome, SourceKind
    from tangguh.regions.models import Region

    nomenclature()
    year = set_calendar("53.01", "open")
    item = bpbd_with_item(year)
    programme = services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.01"),
        name="Desa Tangguh Fatuleu",
        partner="Yayasan Mitra",
        first_year=2024,
        practices="Gladi evakuasi tahunan",
    )
    for number, code in enumerate((NUATAUS, NUATAUS, "53.01.27.2001")):
        made = services.create_proposal(
            actor=None,
            region=Region.objects.get(code=code),
            year=year,
            source_kind=SourceKind.PARTNER if number == 0 else SourceKind.MUSRENBANG_DESA,
            title=f"Usulan {number}",
            estimated_cost=Decimal("30000000"),
            partner_programme=programme if number == 0 else None,
        )
        if number == 0:
            services.decide(
                made,
                actor=None,
                outcome=Outcome.ACCOMMODATED,
                links=[services.LinkSpec(item=item, budget=Decimal("30000000"))],
            )
    user_factory("perencana", {"53.01": "editor"})
    errors = console_errors(page)
    switch_user(page, "perencana")
    go_to(page, "Sync matrix")
    page.wait_for_url(re.compile(r"/planning/sync/$"))
    page.select_option("#sync-by", "village")
    page.fill("#sync-region", "53.01")
    page.click("[data-testid=sync-filters] button")
    page.wait_for_selector("[data-testid=outcomes-chart][data-drawn]")
    assert page.get_attribute("[data-testid=outcomes-chart]", "data-drawn") == "2"
    assert page.get_attribute("[data-testid=budget-chart]", "data-drawn") == "2"
    shot(page, "sync-matrix")
    total = page.inner_text("[data-testid=matrix-total]")
    assert "3" in total
    assert "33%" in total
    assert "Gladi evakuasi tahunan" in page.inner_text("[data-testid=uptake]")
    page.select_option("#sync-by", "tag")
    page.click("[data-testid=sync-filters] button")
    page.wait_for_selector("[data-testid=outcomes-chart][data-drawn]")
    assert "No tag" in page.inner_text("[data-testid=matrix]")
    page.select_option("#sync-by", "source")
    page.click("[data-testid=sync-filters] button")
    page.locator("[data-testid=matrix] a", has_text="Partner programme").click()
    page.wait_for_url(re.compile(r"/planning/proposals/\?year=\d+&source_kind=partner$"))
    assert page.locator("[data-testid=proposals] tbody tr").count() == 1
    assert not page.js_errors
    assert not errors


def test_a_closed_calendar_says_why(page: Any, user_factory: Any) -> None:
    year = set_calendar("53.01", "closed")
    user_factory("desa.nuataus", {NUATAUS: "editor"})
    switch_user(page, "desa.nuataus")
    page.goto(f"/planning/proposals/?year={year}")
    state = page.inner_text("[data-testid=calendar-state]")
    assert "villages can no longer add or change proposals" in state
    assert "decisions on its proposals are frozen" in state
    page.goto(f"/planning/proposals/new/?year={year}")
    assert "villages can no longer add or change proposals" in page.inner_text(
        "[data-testid=closed]"
    )
    page.fill("input[name=title]", "Sumur bor")
    page.click("form[data-testid=proposal-form] button.primary")
    assert "closed on" in page.inner_text(".errorbox")
    assert not page.js_errors
