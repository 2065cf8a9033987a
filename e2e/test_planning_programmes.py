"""Walk the remaining planning pages in a real browser: a planner registers and edits a partner
programme, finds it on its page, sees on an agency's page the sub-activities it may carry, and
carries a deferred proposal over to the year it was deferred to."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import sign_in
from test_planning_proposals import _navigation, nomenclature, set_calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["_navigation"]

NUATAUS = "53.01.27.2002"


def test_a_planner_registers_a_programme_and_carries_a_proposal_over(
    page: Any, user_factory: Any
) -> None:
    from tangguh.accounts.models import Agency
    from tangguh.planning import services
    from tangguh.planning.models import Outcome, Proposal, SourceKind
    from tangguh.regions.models import Region

    nomenclature()
    year = set_calendar("53.01", "open")
    set_calendar("53.01", "open", year=year + 1)
    bpbd = Agency.objects.create(
        region_id="53.01",
        code="1.05.0.00.0.00.01.0000",
        name="Badan Penanggulangan Bencana Daerah",
        short_name="BPBD",
        bidang_codes=["1.05"],
    )
    deferred = services.create_proposal(
        actor=None,
        region=Region.objects.get(code=NUATAUS),
        year=year,
        source_kind=SourceKind.RISK_PLAN,
        title="Embung desa untuk musim kemarau",
        estimated_cost=Decimal("150000000"),
    )
    services.decide(deferred, actor=None, outcome=Outcome.DEFERRED, deferred_to=year + 1)
    user_factory("perencana", {"53.01": "editor"})
    sign_in(page, "perencana")
    page.click("[data-testid=lang-en]")

    # Partner programmes: register, find, edit.
    page.goto("/planning/programmes/")
    page.click("text=Register a programme")
    page.fill("input[name=region]", "53.01")
    page.fill("input[name=name]", "Desa Tangguh Fatuleu")
    page.fill("input[name=partner]", "Yayasan Mitra Timor")
    page.fill("input[name=first_year]", "2024")
    page.fill("input[name=last_year]", "2020")
    page.click("form[data-testid=programme-form] button.primary")
    assert "programme-form" in page.content()  # years in the wrong order are refused
    page.fill("input[name=last_year]", "2026")
    page.fill("textarea[name=practices]", "Kajian risiko desa\nGladi evakuasi tahunan")
    page.click("form[data-testid=programme-form] button.primary")
    page.wait_for_url(re.compile(r"/planning/programmes/\d+/$"))
    assert "Gladi evakuasi tahunan" in page.inner_text("main")
    page.click("text=Edit")
    page.fill("input[name=partner]", "Yayasan Mitra Timor & CIS")
    page.click("form[data-testid=programme-form] button.primary")
    page.wait_for_url(re.compile(r"/planning/programmes/\d+/$"))
    assert "Yayasan Mitra Timor & CIS" in page.inner_text("main")
    page.goto("/planning/programmes/")
    assert "Desa Tangguh Fatuleu" in page.inner_text("[data-testid=programmes]")

    # An agency's page lists the sub-activities its bidang lets it carry.
    page.goto(f"/agencies/{bpbd.pk}/")
    page.wait_for_selector("[data-testid=agency-bidang]")
    assert "1.05" in page.inner_text("[data-testid=agency-bidang]")

    # A deferred proposal is carried over to its year.
    page.goto(f"/planning/proposals/{deferred.pk}/")
    page.click("[data-testid=carry-forward]")
    page.wait_for_url(re.compile(r"/planning/proposals/\d+/$"))
    carried = Proposal.objects.get(carried_from=deferred)
    assert page.url.endswith(f"/planning/proposals/{carried.pk}/")
    assert f"carried over to {year + 1}" in page.inner_text(".messages")
    page.click("[data-testid=carried-from]")
    page.wait_for_url(re.compile(rf"/planning/proposals/{deferred.pk}/$"))
    assert f"taken up again in {year + 1}" in page.inner_text("[data-testid=decision]")
    assert not page.js_errors
