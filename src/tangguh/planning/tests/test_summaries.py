"""What the planning app publishes: a region's key figures, the search over proposals, work-plan
items and programmes, and what partner programmes' practices became, as each user may see them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from tangguh.accounts.models import Agency, User
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.registry import region_summaries, search_providers, summary_providers
from tangguh.nomenclature.models import Item
from tangguh.planning import services, summaries
from tangguh.planning.models import Outcome, PartnerProgramme

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"
KRB = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota


@pytest.fixture
def year(planning_calendar: Callable[..., int]) -> int:
    return planning_calendar("53.01")


@pytest.fixture
def programme(db: Any) -> PartnerProgramme:
    return services.create_programme(
        actor=None, region_id="53.01", name="Tangguh Fatuleu", partner="YPK", first_year=2024
    )


@pytest.fixture
def bpbd(db: Any) -> Agency:
    agency: Agency = AgencyFactory(region_id="53.01", short_name="BPBD", bidang_codes=["1.05"])
    return agency


@pytest.fixture
def decided(year: int, bpbd: Agency, programme: PartnerProgramme) -> dict[str, Any]:
    sub = Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=KRB
    )
    item = services.create_item(
        actor=None, agency=bpbd, year=year, sub_activity=sub, budget=Decimal(90_000_000)
    )
    made = [
        services.create_proposal(
            actor=None,
            region_id=NUATAUS,
            year=year,
            source_kind="partner",
            title=title,
            partner_programme=programme,
        )
        for title in ("Kajian risiko desa Nuataus", "Embung dusun 2")
    ]
    services.decide(
        made[0],
        actor=None,
        outcome=Outcome.ACCOMMODATED,
        links=[services.LinkSpec(item, Decimal(40_000_000))],
    )
    return {"item": item, "proposals": made}


def test_a_region_page_shows_the_proposals_and_work_plans_of_the_year(
    decided: dict[str, Any], kupang_editor: User, kota_editor: User
) -> None:
    facts = {str(f.label): f for f in summaries.region_facts(kupang_editor, "53.01")}
    year = decided["item"].year

    assert facts[f"Proposals for {year}"].value == 2
    assert f"region=53.01&year={year}" in facts[f"Proposals for {year}"].url
    assert facts["Proposals accommodated (fully or partly)"].value == 1
    assert facts[f"Work-plan items for {year}"].value == 1
    assert facts[f"Work-plan budget for {year} (Rp)"].value == Decimal(90_000_000)
    assert summaries.region_facts(kota_editor, "53.01") == []
    assert any(label == "Planning" for label, _facts in region_summaries(kupang_editor, "53.01"))


def test_the_region_figures_follow_a_decision_and_a_budget_change_at_once(
    decided: dict[str, Any], kupang_editor: User
) -> None:
    year = decided["item"].year

    def facts() -> dict[str, Any]:
        return {str(f.label): f.value for f in summaries.region_facts(kupang_editor, "53.01")}

    assert facts()["Proposals accommodated (fully or partly)"] == 1  # kept from here on
    services.decide(
        decided["proposals"][1],
        actor=None,
        outcome=Outcome.PARTLY,
        links=[services.LinkSpec(decided["item"], Decimal(10_000_000))],
    )
    assert facts()["Proposals accommodated (fully or partly)"] == 2
    services.update_item(decided["item"], actor=None, budget=Decimal(100_000_000))
    assert facts()[f"Work-plan budget for {year} (Rp)"] == Decimal(100_000_000)


def test_search_finds_proposals_items_and_programmes_in_one_s_regions(
    decided: dict[str, Any], kupang_editor: User, kota_editor: User, village_officer: User
) -> None:
    assert [h.title for h in summaries.search(kupang_editor, "embung", 8)] == ["Embung dusun 2"]
    assert summaries.search(kupang_editor, "Kajian Risiko Bencana Kabupaten", 8)[0].url == (
        decided["item"].get_absolute_url()
    )
    assert [h.title for h in summaries.search(village_officer, "fatuleu", 8)] == ["Tangguh Fatuleu"]
    assert summaries.search(kota_editor, "embung", 8) == []
    assert summaries.search(kota_editor, "fatuleu", 8) == []
    assert "planning" in {p.name for p in search_providers()}
    assert "planning" in {p.name for p in summary_providers()}


def test_partner_uptake_counts_what_the_user_may_see(
    decided: dict[str, Any], kupang_editor: User, kota_editor: User
) -> None:
    year = decided["item"].year
    [uptake] = summaries.partner_uptake(kupang_editor, year, "53.01")

    assert (uptake.proposals, uptake.accommodated) == (2, 1)
    assert uptake.items == [decided["item"]]
    assert uptake.budget == Decimal(90_000_000)
    assert summaries.partner_uptake(kota_editor, year, "53.01") == []


def test_partner_uptake_asks_the_same_number_of_queries_however_many_programmes(
    decided: dict[str, Any], kupang_editor: User, bpbd: Agency
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    year = decided["item"].year
    summaries.partner_uptake(kupang_editor, year, "53.01")  # the user's scope, read once
    cache.clear()  # computed, not kept
    with CaptureQueriesContext(connection) as one:
        summaries.partner_uptake(kupang_editor, year, "53.01")
    for n in range(3):
        more = services.create_programme(
            actor=None, region_id="53.01", name=f"Programme {n}", partner="P", first_year=2024
        )
        services.create_proposal(
            actor=None,
            region_id=NUATAUS,
            year=year,
            source_kind="partner",
            title=f"Usulan {n}",
            partner_programme=more,
        )
    summaries.partner_uptake(kupang_editor, year, "53.01")  # the user's scope, read again
    cache.clear()
    with CaptureQueriesContext(connection) as four:
        uptakes = summaries.partner_uptake(kupang_editor, year, "53.01")
    assert len(uptakes) == 4
    assert len(four.captured_queries) == len(one.captured_queries)
    assert [u.proposals for u in uptakes if u.programme.name.startswith("Programme")] == [1, 1, 1]


def test_kept_uptake_and_matrix_follow_every_kind_of_write(
    decided: dict[str, Any], kupang_editor: User, programme: PartnerProgramme
) -> None:
    from tangguh.planning.models import Proposal

    year = decided["item"].year
    proposals = Proposal.objects.restrict(kupang_editor, "view").filter(year=year)

    def both() -> tuple[Any, Any]:
        [uptake] = summaries.partner_uptake(kupang_editor, year, "53.01")
        [row] = summaries.sync_matrix(proposals, "source")
        return uptake, row

    uptake, row = both()  # kept from here on
    assert (uptake.budget, row.allocated) == (Decimal(90_000_000), Decimal(40_000_000))
    services.update_item(decided["item"], actor=None, budget=Decimal(120_000_000))
    assert both()[0].budget == Decimal(120_000_000)
    services.decide(
        decided["proposals"][0],
        actor=None,
        outcome=Outcome.ACCOMMODATED,
        links=[services.LinkSpec(decided["item"], Decimal(50_000_000))],
    )
    assert both()[1].allocated == Decimal(50_000_000)
    services.update_programme(programme, actor=None, name="Tangguh Fatuleu II")
    assert both()[0].programme.name == "Tangguh Fatuleu II"
    cache.clear()
    direct_uptake, direct_row = both()
    assert (direct_uptake.budget, direct_row.allocated) == (
        Decimal(120_000_000),
        Decimal(50_000_000),
    )
