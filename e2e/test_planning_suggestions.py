"""Walk the suggestions in a real browser: a planner opens a proposal, reads why a suggestion is
made (the regency's own coding decided it), marks one wrong, codes with another and reads the
accuracy page; a kelurahan's proposal shows the sub-district route."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import shot
from test_planning_proposals import console_errors, nomenclature, set_calendar, switch_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUATAUS = "53.01.27.2002"
POTO = "53.01.27.2001"
FATUFETO = "53.71.01.1001"  # a kelurahan of Kota Kupang
PSU_REPAIR = "1.04.05.2.01.0011"  # Perbaikan PSU di Perumahan
ROAD_REHAB = "1.03.10.2.01.0055"  # Rehabilitasi Jalan
KELURAHAN_WORKS = "7.01.03.2.02.0002"  # Pembangunan Sarana dan Prasarana Kelurahan


def propose(year: int, title: str, where: str) -> Any:
    from tangguh.planning import services
    from tangguh.regions.models import Region

    return services.create_proposal(
        actor=None,
        region=Region.objects.get(code=where),
        year=year,
        source_kind="musrenbang_desa",
        title=title,
    )


def coded_earlier(year: int) -> None:
    """Last month the planners coded a village lane to road rehabilitation (not to housing
    estates' utilities, the matcher's first idea)."""
    from tangguh.nomenclature.models import Item
    from tangguh.planning import services

    earlier = propose(year, "Perbaikan jalan setapak menuju kebun warga", POTO)
    rehab = Item.objects.get(edition__name="2027", government="kabkota", code=ROAD_REHAB)
    services.code_proposal(earlier, actor=None, sub_activity=rehab, agency=None)


def to_top(page: Any, selector: str) -> None:
    """Scroll so that the element is at the top of the window (for the screenshot)."""
    page.locator(selector).evaluate("element => element.scrollIntoView()")


def test_a_planner_reads_why_marks_one_wrong_codes_and_sees_the_accuracy(
    page: Any, user_factory: Any
) -> None:
    nomenclature()
    year = set_calendar("53.01", "open")
    coded_earlier(year)
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3, rusak saat musim hujan", NUATAUS)
    user_factory("perencana", {"53.01": "editor"})
    errors = console_errors(page)

    switch_user(page, "perencana")
    page.goto(f"/planning/proposals/{proposal.pk}/")
    page.wait_for_selector("[data-testid=suggestion]")
    context = page.inner_text("[data-testid=suggestion-context]")
    assert "Read as a proposal of a village (desa) in Kabupaten Kupang" in context
    first = page.locator("[data-testid=suggestion]").first
    assert ROAD_REHAB in first.inner_text()
    assert re.search(r"\d+% confidence", first.inner_text())
    why = first.locator("[data-testid=why-region]").inner_text()
    assert "Coded so by the planners of Kabupaten Kupang" in why
    assert "Perbaikan jalan setapak menuju kebun warga" in why
    to_top(page, "[data-testid=suggestion-context]")
    shot(page, "proposal-suggestions-why")

    housing = page.locator("[data-testid=suggestion]", has_text=PSU_REPAIR)
    housing.locator("[data-testid=mark-wrong]").click()
    page.wait_for_url(re.compile(r"#coding$"))
    assert "is marked wrong" in page.inner_text(".messages")
    page.wait_for_selector("[data-testid=marks]")
    codes = page.locator("[data-testid=suggestion]").evaluate_all(
        "cards => cards.map(c => c.dataset.code)"
    )
    assert PSU_REPAIR not in codes
    assert PSU_REPAIR in page.inner_text("[data-testid=marks]")
    to_top(page, "[data-testid=marks]")
    shot(page, "proposal-suggestion-marked-wrong")

    road = page.locator("[data-testid=suggestion]", has_text=ROAD_REHAB)
    road.locator("[data-testid=code-suggestion]").click()
    page.wait_for_url(re.compile(r"#coding$"))
    assert f"{ROAD_REHAB} Rehabilitasi Jalan" in page.inner_text("[data-testid=coding]")

    page.wait_for_selector("[data-testid=accuracy-link]")
    page.click("[data-testid=accuracy-link]")
    page.wait_for_url(re.compile(r"/planning/accuracy/53\.01/$"))
    total = page.inner_text("[data-testid=accuracy-total]")
    assert re.search(r"Total\s+2\s+1 · 50%", total), total  # the earlier coding was not first
    recent = page.inner_text("[data-testid=recent]")
    assert "Perbaikan jalan setapak di dusun 3" in recent
    assert "perencana" in recent
    page.click("[data-testid=by-year]")
    page.wait_for_url(re.compile(r"by=year$"))
    assert str(year) in page.inner_text("[data-testid=accuracy]")
    shot(page, "match-accuracy")
    assert errors == []
    assert page.js_errors == []


def test_a_kelurahan_proposal_offers_the_sub_district_route(page: Any, user_factory: Any) -> None:
    nomenclature()
    year = set_calendar("53.71", "open")
    proposal = propose(year, "Pembangunan drainase lingkungan RT 05", FATUFETO)
    user_factory("perencana.kota", {"53.71": "editor"})

    switch_user(page, "perencana.kota")
    page.goto(f"/planning/proposals/{proposal.pk}/")
    page.wait_for_selector("[data-testid=suggestion]")
    assert "urban village (kelurahan)" in page.inner_text("[data-testid=suggestion-context]")
    routed = page.locator("[data-testid=suggestion]").nth(0)  # a building work: first
    assert KELURAHAN_WORKS in routed.inner_text()
    assert "Sub-district route" in routed.locator("[data-testid=route-note]").inner_text()
    to_top(page, "[data-testid=suggestion-context]")
    shot(page, "proposal-suggestion-kelurahan-route")
    assert page.js_errors == []
