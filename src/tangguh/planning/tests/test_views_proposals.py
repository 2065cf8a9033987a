"""Proposal pages: the list with its calendar, the form, a proposal with its trail, suggestions,
coding and decision, the village's page and the sync matrix — scope, escaping and bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tangguh.accounts.models import Agency, User
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import Item
from tangguh.planning import services
from tangguh.planning.apps import register_navigation
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    Proposal,
    Recommendation,
    SourceKind,
    TrailLevel,
    WorkPlanItem,
)
from tangguh.planning.views.common import optional_url
from tangguh.planning.views.proposal_page import highlight
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"
POTO = "53.01.27.2001"
GLADI = "1.05.03.2.02.0018"  # Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota
KRB = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota
HOSTILE = '<script>alert("x")</script>'


def html(response: Any) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.content.decode()


def sub(code: str) -> Item:
    return Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=code
    )


def make_proposal(year: int, **extra: Any) -> Proposal:
    values: dict[str, Any] = {
        "region": Region.objects.get(code=NUATAUS),
        "year": year,
        "source_kind": SourceKind.RISK_PLAN,
        "title": "Gladi kesiapsiagaan banjir untuk warga Dusun 2",
        "description": "Latihan evakuasi warga bersama BPBD sebelum musim hujan.",
        "estimated_cost": Decimal("25000000"),
        "women": 40,
        "men": 38,
        **extra,
    }
    return services.create_proposal(actor=None, **values)


def dinsos() -> Agency:
    return Agency.objects.create(
        region_id="53.01",
        code="1.06.0.00",
        name="Dinas Sosial",
        short_name="Dinsos",
        bidang_codes=["1.06"],
    )


@pytest.fixture(autouse=True)
def _navigation() -> None:
    """The planning pages' menu entries and region section (PlanningConfig.ready registers
    them in the app; registering twice changes nothing)."""
    register_navigation()


@pytest.fixture
def year(planning_calendar: Callable[..., int]) -> int:
    return planning_calendar("53.01", state="open")


@pytest.fixture
def proposal(year: int) -> Proposal:
    return make_proposal(year)


@pytest.fixture
def bpbd(db: Any) -> Agency:
    agency: Agency = AgencyFactory(
        region_id="53.01", short_name="BPBD", name="BPBD Kabupaten Kupang", bidang_codes=["1.05"]
    )
    return agency


@pytest.fixture
def item(bpbd: Agency, year: int) -> WorkPlanItem:
    return services.create_item(
        actor=None,
        agency=bpbd,
        year=year,
        sub_activity=sub(GLADI),
        budget=Decimal("60000000"),
        locations=[Region.objects.get(code=NUATAUS)],
    )


@pytest.fixture
def programme(db: Any) -> PartnerProgramme:
    return services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.01"),
        name="Desa Tangguh Fatuleu",
        partner="Yayasan Contoh",
        first_year=2024,
        practices="Kajian risiko desa\nGladi evakuasi tahunan",
    )


# -- every page answers ----------------------------------------------------------------------


def test_every_page_answers_a_planner(
    web: Any, kupang_editor: User, proposal: Proposal, item: WorkPlanItem
) -> None:
    client = web(kupang_editor)
    pages = [
        reverse("planning:proposals"),
        reverse("planning:proposal-add"),
        reverse("planning:proposal-detail", args=[proposal.pk]),
        reverse("planning:proposal-edit", args=[proposal.pk]),
        reverse("planning:proposal-delete", args=[proposal.pk]),
        reverse("planning:proposal-suggestions", args=[proposal.pk]),
        reverse("planning:proposal-location-search") + "?location_q=Nuataus",
        reverse("planning:proposal-location") + "?region=" + NUATAUS,
        reverse("planning:village-proposals", args=[NUATAUS]),
        reverse("planning:village-proposals-section", args=[NUATAUS]),
        reverse("planning:village-proposals-section", args=["53.01"]),
        reverse("planning:sync"),
    ]
    pages += [
        reverse("planning:sync") + f"?year={proposal.year}&by={by}"
        for by in ("village", "district", "agency", "source", "tag")
    ]
    for url in pages:
        html(client.get(url))


def test_every_page_answers_a_village_officer(
    web: Any, village_officer: User, proposal: Proposal
) -> None:
    client = web(village_officer)
    for url in (
        reverse("planning:proposals"),
        reverse("planning:proposal-add"),
        reverse("planning:proposal-detail", args=[proposal.pk]),
        reverse("planning:proposal-edit", args=[proposal.pk]),
        reverse("planning:proposal-suggestions", args=[proposal.pk]),
        reverse("planning:village-proposals", args=[NUATAUS]),
        reverse("planning:sync") + f"?year={proposal.year}&by=village",
    ):
        html(client.get(url))


def test_the_menu_and_the_region_page_lead_to_the_proposals(
    web: Any, village_officer: User, proposal: Proposal
) -> None:
    client = web(village_officer)
    home = html(client.get(reverse("home")))
    assert reverse("planning:proposals") in home
    assert reverse("planning:sync") in home
    region_page = html(client.get(reverse("regions:detail", args=[NUATAUS])))
    assert reverse("planning:village-proposals-section", args=[NUATAUS]) in region_page
    section = html(client.get(reverse("planning:village-proposals-section", args=[NUATAUS])))
    assert "Gladi kesiapsiagaan banjir" in section
    assert reverse("planning:village-proposals", args=[NUATAUS]) in section


def test_the_pages_link_to_the_spreadsheets_and_the_calendar(
    web: Any, kupang_editor: User, proposal: Proposal
) -> None:
    client = web(kupang_editor)
    listing = html(client.get(reverse("planning:proposals")))
    assert reverse("planning:proposal-import") in listing
    assert reverse("planning:proposal-template") in listing
    assert reverse("planning:calendar", args=["53.01", proposal.year]) in listing
    sync = html(client.get(reverse("planning:sync"), {"year": proposal.year, "by": "agency"}))
    assert reverse("planning:sync-export") + f"?year={proposal.year}&amp;by=agency" in sync


def test_links_to_pages_not_installed_are_left_out() -> None:
    assert optional_url("planning:no-such-page") is None
    assert optional_url("planning:proposals") == reverse("planning:proposals")


# -- scope -----------------------------------------------------------------------------------


def test_a_proposal_of_another_region_answers_403_in_the_user_s_language(
    web: Any, kota_editor: User, proposal: Proposal, settings: Any
) -> None:
    client = web(kota_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    refused = client.get(reverse("planning:proposal-detail", args=[proposal.pk]))
    missing = client.get(reverse("planning:proposal-detail", args=[999999]))

    assert refused.status_code == 403
    assert "Data ini milik wilayah di luar wilayah Anda." in refused.content.decode()
    assert missing.status_code == 404
    assert "Data ini tidak ada." in missing.content.decode()
    assert "matches the given query" not in missing.content.decode()


def test_a_kota_editor_may_not_open_a_kupang_proposal(
    web: Any, kota_editor: User, proposal: Proposal, item: WorkPlanItem
) -> None:
    client = web(kota_editor)
    for name in (
        "planning:proposal-detail",
        "planning:proposal-edit",
        "planning:proposal-delete",
        "planning:proposal-suggestions",
    ):
        assert client.get(reverse(name, args=[proposal.pk])).status_code == 403, name
    for name, data in (
        ("planning:proposal-code", {"sub_activity": GLADI}),
        ("planning:proposal-recommend", {"level": "bappeda", "verdict": "recommended"}),
        ("planning:proposal-decide", {"outcome": "rejected", "reason": "x"}),
        ("planning:proposal-edit", {"title": "x"}),
        ("planning:proposal-delete", {}),
    ):
        assert client.post(reverse(name, args=[proposal.pk]), data).status_code == 403, name
    assert proposal.outcome == Outcome.UNDECIDED
    assert Proposal.objects.get(pk=proposal.pk).title == proposal.title
    listing = html(client.get(reverse("planning:proposals")))
    assert "Gladi kesiapsiagaan banjir" not in listing
    assert client.get(reverse("planning:village-proposals", args=[NUATAUS])).status_code == 403
    assert client.get(reverse("planning:village-proposals-section", args=[NUATAUS])).content == b""
    sync = html(client.get(reverse("planning:sync"), {"year": proposal.year, "by": "village"}))
    assert "Nuataus" not in sync
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.UNDECIDED
    assert proposal.sub_activity is None


def test_a_village_officer_can_neither_decide_nor_code(
    web: Any,
    village_officer: User,
    proposal: Proposal,
    item: WorkPlanItem,
    bpbd: Agency,
) -> None:
    client = web(village_officer)
    page = html(client.get(proposal.get_absolute_url()))
    assert 'data-testid="decide"' not in page
    assert "Decisions and coding are made by the planners of Kabupaten Kupang" in page
    response = client.post(
        reverse("planning:proposal-decide", args=[proposal.pk]),
        {
            "outcome": "accommodated",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-item": item.pk,
            "links-0-budget": "1000",
        },
    )
    assert response.status_code == 403
    assert "Decisions and coding are made by the planners" in response.content.decode()
    response = client.post(
        reverse("planning:proposal-code", args=[proposal.pk]),
        {"sub_activity": GLADI, "agency": bpbd.pk},
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.UNDECIDED
    assert proposal.sub_activity is None
    assert not proposal.links.exists()


def test_a_village_officer_recommends_only_at_village_level(
    web: Any, village_officer: User, proposal: Proposal
) -> None:
    client = web(village_officer)
    page = html(client.get(proposal.get_absolute_url()))
    offered = re.findall(
        r'<option value="(\w+)"', page.split('id="recommend-level"')[1].split("</select>")[0]
    )
    assert offered == ["village"]
    response = client.post(
        reverse("planning:proposal-recommend", args=[proposal.pk]),
        {"level": "bappeda", "verdict": "recommended"},
    )
    assert "Select a valid choice" in html(response)
    assert not Recommendation.objects.exists()
    response = client.post(
        reverse("planning:proposal-recommend", args=[proposal.pk]),
        {"level": "village", "verdict": "recommended", "note": "Prioritas 1 Musdes"},
    )
    assert response.status_code == 302
    assert Recommendation.objects.get().level == TrailLevel.VILLAGE


def test_a_viewer_sees_a_proposal_without_forms(
    web: Any, make_user: Callable[..., User], proposal: Proposal
) -> None:
    viewer = make_user("viewer", {"53.01": "viewer"})
    page = html(web(viewer).get(proposal.get_absolute_url()))
    assert reverse("planning:proposal-edit", args=[proposal.pk]) not in page
    assert 'data-testid="recommend"' not in page
    assert 'data-testid="decide"' not in page
    assert web(viewer).get(reverse("planning:proposal-edit", args=[proposal.pk])).status_code == 403
    assert web(viewer).get(reverse("planning:proposal-add")).status_code == 403


def test_the_location_search_offers_only_places_in_the_user_s_regions(
    web: Any, village_officer: User
) -> None:
    client = web(village_officer)
    url = reverse("planning:proposal-location-search")
    found = html(client.get(url, {"location_q": "Nuataus"}))
    assert NUATAUS in found
    assert POTO not in html(client.get(url, {"location_q": "Poto"}))
    assert "No village or sub-district in your regions matches" in html(
        client.get(url, {"location_q": "Poto"})
    )


# -- escaping --------------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere(
    web: Any, kupang_editor: User, year: int, programme: PartnerProgramme
) -> None:
    hostile = make_proposal(
        year,
        title=HOSTILE,
        description=HOSTILE,
        problem=HOSTILE,
        reference="<b>R1</b>",
        unit="<i>unit</i>",
        partner_programme=programme,
    )
    services.recommend(
        hostile, actor=None, level=TrailLevel.VILLAGE, verdict="recommended", note=HOSTILE
    )
    client = web(kupang_editor)
    for url in (
        reverse("planning:proposals"),
        hostile.get_absolute_url(),
        reverse("planning:proposal-edit", args=[hostile.pk]),
        reverse("planning:proposal-suggestions", args=[hostile.pk]),
        reverse("planning:village-proposals", args=[NUATAUS]),
        reverse("planning:village-proposals-section", args=[NUATAUS]),
        reverse("planning:sync") + f"?year={year}&by=village",
    ):
        page = html(client.get(url))
        assert "<script>alert" not in page, url
        assert "<b>R1</b>" not in page, url
    assert "&lt;script&gt;" in html(client.get(hostile.get_absolute_url()))


def test_matched_words_are_cut_out_without_trusting_the_text() -> None:
    pieces = highlight("Gladi <b>kesiapsiagaan</b> bencana", ("gladi", "kesiapsiagaan (krb)"))
    assert pieces == [
        ("Gladi", True),
        (" <b>", False),
        ("kesiapsiagaan", True),
        ("</b> bencana", False),
    ]
    assert highlight("Air bersih", ()) == [("Air bersih", False)]


# -- the form --------------------------------------------------------------------------------


def form_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "region": NUATAUS,
        "source_kind": SourceKind.MUSRENBANG_DESA,
        "title": "Embung desa untuk musim kemarau",
        "description": "Embung 1 unit di Dusun 3",
        "volume": "1",
        "unit": "unit",
        "estimated_cost": "150000000",
        "priority": "1",
        "women": "120",
        "men": "",
        "hazards": ["drought"],
        "phases": ["pra"],
        "climate_adaptation": "on",
    }
    return {**data, **extra}


def test_a_village_officer_adds_a_proposal_through_the_form(
    web: Any, village_officer: User, year: int, programme: PartnerProgramme
) -> None:
    client = web(village_officer)
    page = html(client.get(reverse("planning:proposal-add")))
    assert f'value="{NUATAUS}"' in page  # the officer's village is filled in
    assert "Desa Tangguh Fatuleu" in page
    response = client.post(
        reverse("planning:proposal-add"),
        form_data(year=str(year), partner_programme=programme.pk),
    )
    assert response.status_code == 302
    made = Proposal.objects.get()
    assert response["Location"] == made.get_absolute_url()
    assert made.regency_id == "53.01"
    assert made.men is None
    assert made.women == 120
    assert made.phases == ["pra"]
    assert made.climate_adaptation
    assert [h.key for h in made.hazards.all()] == ["drought"]
    assert made.partner_programme == programme
    assert ChangeRecord.objects.filter(model="planning.proposal", object_id=str(made.pk)).exists()

    response = client.post(
        reverse("planning:proposal-edit", args=[made.pk]),
        form_data(year=str(year), title="Embung desa 2 unit", hazards=[], phases=[]),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.title == "Embung desa 2 unit"
    assert not made.hazards.exists()
    assert made.phases == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"estimated_cost": "-5"}, "greater than or equal to 0"),
        ({"women": "banyak"}, "Enter a whole number."),
        ({"region": "5x"}, "is not a region code"),
        ({"region": "53.99"}, "Region 53.99 does not exist."),
        ({"region": POTO}, "You may not add records in region 53.01.27.2001"),
        ({"region": "53.01"}, "You may not add records in region 53.01"),
        ({"year": "1899"}, "greater than or equal to 1900"),
        ({"year": "1999"}, "1999 is not a plausible year for a plan (from 2000 to"),
        ({"hazards": ["no-such-hazard"]}, "Select a valid choice"),
    ],
)
def test_bad_proposal_input_is_explained(
    web: Any,
    village_officer: User,
    year: int,
    changes: dict[str, Any],
    message: str,
) -> None:
    data = {**form_data(year=str(year)), **changes}
    page = html(web(village_officer).post(reverse("planning:proposal-add"), data))
    assert message in page
    assert not Proposal.objects.exists()


def test_a_village_proposal_needs_its_village(web: Any, kupang_editor: User, year: int) -> None:
    data = form_data(year=str(year), region="53.01")
    page = html(web(kupang_editor).post(reverse("planning:proposal-add"), data))
    assert "needs its village or sub-district" in page
    assert not Proposal.objects.exists()


def test_a_programme_of_another_regency_is_refused(
    web: Any, kupang_editor: User, year: int
) -> None:
    elsewhere = services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.71"),
        name="Kota Tangguh",
        partner="Mitra Kota",
        first_year=2024,
    )
    client = web(kupang_editor)
    fragment = html(client.get(reverse("planning:proposal-location"), {"region": NUATAUS}))
    assert "Kota Tangguh" not in fragment
    assert "Nuataus" in fragment
    data = form_data(year=str(year), partner_programme=elsewhere.pk)
    page = html(client.post(reverse("planning:proposal-add"), data))
    assert "Select a valid choice" in page
    assert not Proposal.objects.exists()


def test_a_closed_calendar_is_shown_and_refuses_the_proposal(
    web: Any, village_officer: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="decisions")
    client = web(village_officer)
    form = html(client.get(reverse("planning:proposal-add"), {"year": year}))
    assert "villages can no longer add or change proposals" in form
    page = html(client.post(reverse("planning:proposal-add"), form_data(year=str(year))))
    assert "Sub-district forum (Musrenbang kecamatan) for" in page
    assert "villages can no longer add or change proposals" in page
    assert not Proposal.objects.exists()


def test_without_a_calendar_the_reason_is_given(web: Any, village_officer: User) -> None:
    page = html(web(village_officer).post(reverse("planning:proposal-add"), form_data(year="2035")))
    assert "There is no planning calendar for Kabupaten Kupang, budget year 2035" in page


def test_a_proposal_is_withdrawn_only_while_undecided(
    web: Any, village_officer: User, proposal: Proposal
) -> None:
    client = web(village_officer)
    response = client.post(reverse("planning:proposal-delete", args=[proposal.pk]))
    assert response.status_code == 302
    assert not Proposal.objects.exists()


# -- the list and its calendar ---------------------------------------------------------------


def test_the_list_shows_the_calendar_of_the_regency(
    web: Any, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="decisions")
    page = html(web(kupang_editor).get(reverse("planning:proposals"), {"year": year}))
    calendar = page.split('data-testid="calendar"')[1].split("</section>")[0]
    assert "Planning calendar of Kabupaten Kupang for" in calendar
    current = calendar.split('data-testid="current-stage">')[1].split("<")[0]
    assert current == "Regency/city forum (Musrenbang kabupaten/kota)"
    assert "villages can no longer add or change proposals" in calendar
    assert calendar.count('badge create">open') == 3


def test_the_list_says_when_no_calendar_is_set(web: Any, kupang_editor: User) -> None:
    page = html(web(kupang_editor).get(reverse("planning:proposals"), {"year": 2040}))
    assert "There is no planning calendar for Kabupaten Kupang, budget year 2040" in page


def test_a_province_manager_is_asked_to_choose_a_regency(web: Any, province_manager: User) -> None:
    page = html(web(province_manager).get(reverse("planning:proposals")))
    assert 'data-testid="calendar-choose"' in page
    chosen = html(web(province_manager).get(reverse("planning:proposals"), {"region": "53.01"}))
    assert 'data-testid="calendar"' in chosen


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({}, {"gladi", "embung", "jalan"}),
        ({"tag": "poverty"}, {"embung"}),
        ({"tag": "phase:pra"}, {"gladi"}),
        ({"tag": "hazard:flood"}, {"gladi"}),
        ({"tag": "livelihood"}, set()),
        ({"source_kind": "pokir"}, {"jalan"}),
        ({"outcome": "rejected"}, {"jalan"}),
        ({"stage": "district"}, {"embung"}),
        ({"q": "embung"}, {"embung"}),
        ({"region": POTO}, {"embung"}),
    ],
)
def test_the_list_filters(
    web: Any,
    kupang_editor: User,
    year: int,
    query: dict[str, str],
    found: set[str],
) -> None:
    gladi = make_proposal(year, phases=["pra"])
    gladi.hazards.set(HazardType.objects.filter(key="flash_flood"))
    embung = make_proposal(
        year, title="Embung kering", region=Region.objects.get(code=POTO), poverty=True
    )
    services.recommend(embung, actor=None, level=TrailLevel.DISTRICT, verdict="recommended")
    road = make_proposal(year, title="Jalan usaha tani", source_kind=SourceKind.POKIR)
    services.decide(road, actor=None, outcome=Outcome.REJECTED, reason="Bukan kewenangan")
    page = html(web(kupang_editor).get(reverse("planning:proposals"), query)).lower()
    rows = page.split('data-testid="proposals"')[1]
    shown = {w for w in ("gladi", "embung", "jalan") if f">{w}" in rows}
    assert shown == found


def test_the_list_filters_by_agency(
    web: Any, kupang_editor: User, proposal: Proposal, bpbd: Agency
) -> None:
    services.code_proposal(proposal, actor=None, sub_activity=sub(GLADI), agency=bpbd)
    other = dinsos()
    client = web(kupang_editor)
    assert "Gladi kesiapsiagaan" in html(
        client.get(reverse("planning:proposals"), {"agency": bpbd.pk})
    )
    page = html(client.get(reverse("planning:proposals"), {"agency": other.pk}))
    assert "No proposals." in page
    assert "BPBD (53.01)" in page


# -- a proposal: suggestions, coding, trail, decision -------------------------------------


def test_suggestions_name_the_sub_activity_the_words_and_the_agency(
    web: Any, kupang_editor: User, proposal: Proposal, bpbd: Agency
) -> None:
    fragment = html(
        web(kupang_editor).get(reverse("planning:proposal-suggestions", args=[proposal.pk]))
    )
    assert GLADI in fragment
    assert "<mark>" in fragment
    assert "BPBD" in fragment
    assert 'data-testid="code-suggestion"' in fragment
    assert f'name="agency" value="{bpbd.pk}"' in fragment


def test_one_click_codes_the_proposal(
    web: Any, kupang_editor: User, proposal: Proposal, bpbd: Agency
) -> None:
    response = web(kupang_editor).post(
        reverse("planning:proposal-code", args=[proposal.pk]),
        {"sub_activity": GLADI, "agency": bpbd.pk},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.sub_activity.code == GLADI
    assert proposal.agency == bpbd


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sub_activity": "9.99.99.2.99.9999"}, "There is no sub-activity 9.99.99.2.99.9999"),
        ({"sub_activity": ""}, "This field is required."),
        ({"sub_activity": KRB, "agency": "dinsos"}, "does not hold the field of affairs 1.05"),
    ],
)
def test_bad_coding_is_explained(
    web: Any, kupang_editor: User, proposal: Proposal, data: dict[str, Any], message: str
) -> None:
    if data.get("agency") == "dinsos":
        data["agency"] = dinsos().pk
    page = html(
        web(kupang_editor).post(reverse("planning:proposal-code", args=[proposal.pk]), data)
    )
    assert message in page
    proposal.refresh_from_db()
    assert proposal.sub_activity is None


def decision(outcome: str, *links: tuple[Any, str, str], **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "outcome": outcome,
        "links-TOTAL_FORMS": str(max(len(links), 1)),
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
        **extra,
    }
    for number, (item_pk, budget, location) in enumerate(links):
        data[f"links-{number}-item"] = item_pk
        data[f"links-{number}-budget"] = budget
        data[f"links-{number}-location"] = location
    return data


def test_a_planner_accommodates_a_proposal_and_the_village_sees_it(
    web: Any,
    kupang_editor: User,
    village_officer: User,
    proposal: Proposal,
    item: WorkPlanItem,
) -> None:
    client = web(kupang_editor)
    page = html(client.get(proposal.get_absolute_url()))
    assert "BPBD · " + GLADI in page  # the item is offered
    response = client.post(
        reverse("planning:proposal-decide", args=[proposal.pk]),
        decision("accommodated", (item.pk, "25000000", "")),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.ACCOMMODATED
    link = proposal.links.get()
    assert link.budget == Decimal("25000000")
    assert link.location_id == NUATAUS
    village = html(web(village_officer).get(reverse("planning:village-proposals", args=[NUATAUS])))
    card = village.split('data-testid="village-proposal"')[1]
    assert "Accommodated" in card
    assert "BPBD" in card
    assert "Gladi Kesiapsiagaan Terhadap Bencana" in card
    assert re.search(r"Rp 25[.,]000[.,]000", card)
    assert "Nuataus" in card


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (decision("rejected"), "Give the reason for rejecting the proposal."),
        (decision("accommodated"), "An accommodated proposal is linked to the work-plan items"),
        (decision("deferred", deferred_to="2020"), "needs the later year it is deferred to"),
        (decision("accommodated", ("", "500", "")), "Choose the work-plan item"),
        (decision("accommodated", ("ITEM", "-1", "")), "greater than or equal to 0"),
        (decision("accommodated", ("ITEM", "999999999", "")), "must lie between 0 and"),
        (decision("accommodated", ("ITEM", "1000", "53.71")), "is not in this regency/city"),
        (decision("accommodated", ("ITEM", "1000", "xx")), "is not a region code"),
        (decision("maybe"), "Select a valid choice"),
    ],
)
def test_bad_decisions_are_explained(
    web: Any,
    kupang_editor: User,
    proposal: Proposal,
    item: WorkPlanItem,
    data: dict[str, Any],
    message: str,
) -> None:
    data = {k: (item.pk if v == "ITEM" else v) for k, v in data.items()}
    page = html(
        web(kupang_editor).post(reverse("planning:proposal-decide", args=[proposal.pk]), data)
    )
    assert message in page
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.UNDECIDED
    assert not proposal.links.exists()


def test_a_rejection_with_its_reason_reaches_the_village(
    web: Any, kupang_editor: User, village_officer: User, proposal: Proposal
) -> None:
    response = web(kupang_editor).post(
        reverse("planning:proposal-decide", args=[proposal.pk]),
        decision("rejected", reason="Sudah dianggarkan lewat Dana Desa"),
    )
    assert response.status_code == 302
    village = html(web(village_officer).get(reverse("planning:village-proposals", args=[NUATAUS])))
    assert "Rejected" in village
    assert "Sudah dianggarkan lewat Dana Desa" in village


def test_frozen_decisions_are_explained_on_the_page(
    web: Any,
    kupang_editor: User,
    proposal: Proposal,
    planning_calendar: Callable[..., int],
) -> None:
    planning_calendar("53.01", state="closed", year=proposal.year)
    client = web(kupang_editor)
    page = html(client.get(proposal.get_absolute_url()))
    assert "decisions on its proposals are frozen" in page
    assert 'data-testid="decide"' not in page
    assert 'data-testid="recommend"' not in page
    response = client.post(
        reverse("planning:proposal-decide", args=[proposal.pk]),
        decision("rejected", reason="Terlambat"),
    )
    assert "decisions on its proposals are frozen" in html(response)
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.UNDECIDED


def test_the_planner_recommends_at_bappeda_level(
    web: Any, kupang_editor: User, proposal: Proposal
) -> None:
    response = web(kupang_editor).post(
        reverse("planning:proposal-recommend", args=[proposal.pk]),
        {"level": "bappeda", "verdict": "revised", "cost": "20000000", "note": "Volume dikurangi"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == TrailLevel.BAPPEDA
    page = html(web(kupang_editor).get(proposal.get_absolute_url()))
    trail = page.split('data-testid="trail"')[1].split("</table>")[0]
    assert "Recommended with changes" in trail
    assert "Volume dikurangi" in trail


def test_a_bad_recommendation_is_explained(
    web: Any, kupang_editor: User, proposal: Proposal
) -> None:
    page = html(
        web(kupang_editor).post(
            reverse("planning:proposal-recommend", args=[proposal.pk]),
            {"level": "agency", "verdict": "recommended", "cost": "-3"},
        )
    )
    assert "greater than or equal to 0" in page
    assert not Recommendation.objects.exists()


# -- the sync matrix -------------------------------------------------------------------------


def test_the_sync_matrix_counts_and_charts(
    web: Any,
    kupang_editor: User,
    year: int,
    item: WorkPlanItem,
    programme: PartnerProgramme,
) -> None:
    taken = make_proposal(year, partner_programme=programme)
    services.decide(
        taken,
        actor=None,
        outcome=Outcome.ACCOMMODATED,
        links=[services.LinkSpec(item=item, budget=Decimal("20000000"))],
    )
    refused = make_proposal(year, title="Jalan", region=Region.objects.get(code=POTO))
    services.decide(refused, actor=None, outcome=Outcome.REJECTED, reason="Bukan prioritas")
    make_proposal(year, title="Masih ditimbang")
    page = html(
        web(kupang_editor).get(
            reverse("planning:sync"), {"year": year, "by": "village", "region": "53.01"}
        )
    )
    table = page.split('data-testid="matrix"')[1].split("</table>")[0]
    nuataus = table.split("Nuataus")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', nuataus)
    assert cells[:6] == ["2", "1", "0", "0", "0", "1"]
    total = table.split('data-testid="matrix-total"')[1]
    assert re.findall(r'<th class="num">([^<]*)</th>', total)[:6] == ["3", "1", "0", "0", "1", "1"]
    assert "33%" in total
    outcomes = json.loads(
        page.split('id="sync-outcomes-data" type="application/json">')[1].split("</script>")[0]
    )
    assert outcomes["labels"] == ["Nuataus", "Poto"]
    assert outcomes["datasets"][1]["data"] == [1, 0]  # accommodated
    budget = json.loads(
        page.split('id="sync-budget-data" type="application/json">')[1].split("</script>")[0]
    )
    assert budget["datasets"][1]["data"] == [20000000.0, 0.0]
    assert 'data-testid="outcomes-chart"' in page
    assert "planning-sync.js" in page
    uptake = page.split('data-testid="uptake"')[1].split("</table>")[0]
    assert "Desa Tangguh Fatuleu" in uptake
    assert "Gladi evakuasi tahunan" in uptake
    assert GLADI in uptake
    assert f"?year={year}&amp;region={NUATAUS}" in table


def test_a_village_officer_sees_the_matrix_of_their_village_only(
    web: Any,
    village_officer: User,
    year: int,
    item: WorkPlanItem,
    programme: PartnerProgramme,
) -> None:
    make_proposal(year)
    make_proposal(year, title="Jalan", region=Region.objects.get(code=POTO))
    query = {"year": year, "by": "village", "region": "53.01"}
    page = html(web(village_officer).get(reverse("planning:sync"), query))
    table = page.split('data-testid="matrix"')[1].split("</table>")[0]
    assert "Nuataus" in table
    assert "Poto" not in table
    assert "shown to those who work for the whole regency/city" in page
    assert GLADI not in page


def test_the_sync_matrix_refuses_bad_choices(web: Any, kupang_editor: User) -> None:
    client = web(kupang_editor)
    for query, message in (
        ({"region": "53.71"}, "You have no access to region 53.71"),
        ({"region": NUATAUS}, "Choose a regency/city or a sub-district."),
        ({"region": "abc"}, "is not a region code"),
        ({"year": "dua ribu"}, "Enter a whole number."),
        ({"by": "colour"}, "Select a valid choice"),
    ):
        page = html(client.get(reverse("planning:sync"), query))
        assert message in page, query
        assert 'data-testid="matrix"' not in page


def test_a_deferred_proposal_is_carried_over_from_its_page(
    web: Callable[[User], Any],
    village_officer: User,
    kupang_editor: User,
    planning_calendar: Callable[..., int],
    proposal: Proposal,
) -> None:
    services.decide(proposal, actor=None, outcome=Outcome.DEFERRED, deferred_to=proposal.year + 1)
    planning_calendar("53.01", year=proposal.year + 1)
    client = web(village_officer)
    page = html(client.get(proposal.get_absolute_url()))
    assert 'data-testid="carry-forward"' in page
    url = reverse("planning:proposal-carry-forward", args=[proposal.pk])
    response = client.post(url)
    carried = Proposal.objects.get(carried_from=proposal)
    assert response.status_code == 302
    assert response["Location"] == carried.get_absolute_url()
    assert 'data-testid="carried-from"' in html(client.get(carried.get_absolute_url()))
    page = html(client.get(proposal.get_absolute_url()))
    assert 'data-testid="carried-to"' in page
    assert 'data-testid="carry-forward"' not in page
    village = html(client.get(reverse("planning:village-proposals", args=[NUATAUS])))
    assert f"taken up again in {proposal.year + 1}" in village
    again = client.post(url, follow=True)
    assert "already carried over" in html(again)
    assert Proposal.objects.filter(carried_from=proposal).count() == 1


# -- odd input and what a fragment may show ----------------------------------------------------

BIG = "9" * 25


def test_odd_query_input_is_answered_without_a_crash(
    web: Any, api: Any, kupang_editor: User
) -> None:
    client = web(kupang_editor)
    for url, query in [
        (reverse("planning:village-proposals", args=[NUATAUS]), {"year": "²"}),
        (reverse("planning:proposal-add"), {"year": "²"}),
        (reverse("planning:proposals"), {"q": " ".join(f"w{i}" for i in range(2000))}),
    ]:
        assert client.get(url, query).status_code == 200
    token_client = api(kupang_editor)
    words = " ".join(f"w{i}" for i in range(2000))
    assert token_client.get("/api/v1/proposals/", {"q": words}).status_code == 200
    for url in ("/api/v1/proposals/", "/api/v1/work-plan-items/"):
        assert token_client.get(url, {"agency": BIG}).status_code == 400
    assert token_client.get("/api/v1/proposals/", {"partner_programme": BIG}).status_code == 400


def test_the_location_fragment_names_no_programme_outside_one_s_regions(
    web: Any, kota_editor: User
) -> None:
    PartnerProgramme.objects.create(
        region_id="53.01", name="PROGRAM-RAHASIA-KUPANG", partner="LSM", first_year=2024
    )
    page = web(kota_editor).get(reverse("planning:proposal-location"), {"region": NUATAUS})
    assert "PROGRAM-RAHASIA-KUPANG" not in page.content.decode()


def test_the_proposal_form_defaults_to_a_year_still_open(
    web: Any, village_officer: User, planning_calendar: Callable[..., int]
) -> None:
    closed = planning_calendar("53.01", state="closed")
    planning_calendar("53.01", state="open", year=closed + 1)
    client = web(village_officer)

    offered = client.get(reverse("planning:proposal-add")).context["form"]
    asked = client.get(reverse("planning:proposal-add"), {"year": closed}).context["form"]

    assert offered.initial["year"] == closed + 1
    assert offered.initial["region"] == NUATAUS
    assert asked.initial["year"] == closed


def test_without_an_open_calendar_the_form_offers_the_budget_year(
    web: Any, village_officer: User, planning_calendar: Callable[..., int]
) -> None:
    closed = planning_calendar("53.01", state="closed")

    form = web(village_officer).get(reverse("planning:proposal-add")).context["form"]

    assert form.initial["year"] == closed


def test_the_programme_list_counts_the_proposals_and_items_that_carry_each(
    web: Any, kupang_editor: User, programme: PartnerProgramme, item: WorkPlanItem, year: int
) -> None:
    other = services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.01"),
        name="Air Bersih",
        partner="Mitra",
        first_year=2024,
    )
    carried = [make_proposal(year, title=f"Usulan {n}") for n in range(3)]
    Proposal.objects.filter(pk__in=[p.pk for p in carried[:2]]).update(partner_programme=programme)
    Proposal.objects.filter(pk=carried[2].pk).update(partner_programme=other)
    WorkPlanItem.objects.filter(pk=item.pk).update(partner_programme=programme)
    page = html(web(kupang_editor).get(reverse("planning:programmes")))
    cells = re.findall(r'<td class="num">(\d+)</td><td class="num">(\d+)</td>', page)
    names = re.findall(r'">(Air Bersih|Desa Tangguh Fatuleu)</a>', page)
    rows = dict(zip(names, cells, strict=True))
    assert rows == {"Air Bersih": ("1", "0"), "Desa Tangguh Fatuleu": ("2", "1")}
