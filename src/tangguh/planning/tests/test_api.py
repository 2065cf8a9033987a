"""The planning API: calendar, partner programmes, proposals (with recommendations, coding and
decisions), matches, work-plan items and the sync matrix — region scope, the calendar's
windows, bad input and the one error format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tangguh.accounts.models import Agency
from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import Item
from tangguh.planning import rules, services
from tangguh.planning.models import (
    MAX_MONEY,
    PartnerProgramme,
    PlanningStage,
    Proposal,
    Recommendation,
    WorkPlanItem,
)
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

STAGES = "/api/v1/planning-stages/"
CALENDAR = "/api/v1/planning-calendar/"
PROGRAMMES = "/api/v1/partner-programmes/"
PROPOSALS = "/api/v1/proposals/"
MATCHES = "/api/v1/matches/"
ITEMS = "/api/v1/work-plan-items/"
MATRIX = "/api/v1/sync-matrix/"

NUATAUS = "53.01.27.2002"
POTO = "53.01.27.2001"
GLADI = "1.05.03.2.02.0018"  # Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota
RISK_STUDY = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota
SPAM = "1.03.03.2.01.0022"  # Pembangunan SPAM Bukan Jaringan Perpipaan (public works)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def sub_activity(code: str, government: str = "kabkota") -> Item:
    return Item.objects.get(
        edition__name="2027", government=government, level="sub_kegiatan", code=code
    )


def error(response) -> dict:
    return response.json()["error"]


@pytest.fixture
def year(planning_calendar) -> int:
    """Kabupaten Kupang's calendar for next year, every stage still ahead."""
    return planning_calendar("53.01", state="open")


def proposal_values(year: int, **extra) -> dict:
    base = {
        "region": region(NUATAUS),
        "year": year,
        "source_kind": "musrenbang_desa",
        "title": "Gladi evakuasi banjir dan kekeringan untuk warga Nuataus",
        "description": "Simulasi evakuasi bersama KSB, sekolah dan posyandu",
        "estimated_cost": Decimal("75000000"),
        "women": 120,
        "men": 110,
        "poverty": True,
        "phases": ["pra"],
    }
    return {**base, **extra}


@pytest.fixture
def proposal(year) -> Proposal:
    """A village forum proposal of Nuataus (Kabupaten Kupang)."""
    return services.create_proposal(
        actor=None,
        hazards=[HazardType.objects.get(key="flood")],
        **proposal_values(year),
    )


@pytest.fixture
def poto_proposal(year) -> Proposal:
    """A proposal of Poto, the village next to Nuataus, from a village livelihood plan."""
    return services.create_proposal(
        actor=None,
        **proposal_values(
            year,
            region=region(POTO),
            source_kind="livelihood_plan",
            title="Pelatihan pengolahan pangan lokal",
            description="Kelompok wanita tani mengolah jagung dan pisang",
            estimated_cost=Decimal("20000000"),
            poverty=False,
            livelihood=True,
            phases=[],
        ),
    )


@pytest.fixture
def item(year, kupang_agency) -> WorkPlanItem:
    """The BPBD of Kabupaten Kupang plans preparedness drills, in Nuataus among others."""
    return services.create_item(
        actor=None,
        agency=kupang_agency,
        year=year,
        sub_activity=sub_activity(GLADI),
        budget=Decimal("250000000"),
        locations=[region(NUATAUS)],
    )


# ---------------------------------------------------------------------------------------------
# Authentication and the schema


def test_anonymous_clients_are_refused(api):
    client = api(None)
    for url in (STAGES, PROGRAMMES, PROPOSALS, ITEMS, f"{MATRIX}?year=2027"):
        assert client.get(url).status_code in (401, 403), url
    response = client.post(MATCHES, {"text": "embung"}, format="json")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_token_authentication_works_and_a_bad_token_is_401(api, kupang_editor, proposal):
    assert api(kupang_editor).get(PROPOSALS).json()["count"] == 1
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(PROPOSALS)
    assert response.status_code == 401
    assert error(response)["code"] == "authentication_failed"


def test_the_openapi_schema_documents_the_planning_endpoints(api, kupang_editor):
    paths = api(kupang_editor).get("/api/schema/", {"format": "json"}).json()["paths"]
    for url in (STAGES, PROGRAMMES, PROPOSALS, ITEMS):
        assert url in paths
        assert f"{url}{{id}}/" in paths
    for url in (
        CALENDAR,
        MATCHES,
        MATRIX,
        f"{PROPOSALS}{{id}}/matches/",
        f"{PROPOSALS}{{id}}/recommendations/",
        f"{PROPOSALS}{{id}}/code/",
        f"{PROPOSALS}{{id}}/decision/",
        f"{ITEMS}copy-forward/",
        f"{ITEMS}finalise/",
    ):
        assert url in paths, url
    parameters = {p["name"] for p in paths[PROPOSALS]["get"]["parameters"]}
    assert {"region", "year", "source_kind", "outcome", "agency", "stage", "q"} <= parameters
    parameters = {p["name"] for p in paths[ITEMS]["get"]["parameters"]}
    assert {"agency", "region", "year", "status", "sub_activity"} <= parameters


# ---------------------------------------------------------------------------------------------
# Calendar


def test_a_planner_sets_a_stage_by_post_and_changes_it_by_put(api, kupang_editor):
    client = api(kupang_editor)
    body = {
        "region": "5301",
        "year": 2028,
        "stage": "musrenbang_desa",
        "starts": "2027-01-05",
        "ends": "2027-01-31",
    }
    response = client.post(STAGES, body, format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    assert (row["region"], row["stage"], row["stage_label"]) == (
        "53.01",
        "musrenbang_desa",
        "Village forum (Musrenbang desa/kelurahan)",
    )
    response = client.post(STAGES, {**body, "ends": "2027-02-07"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == row["id"]
    url = f"{STAGES}{row['id']}/"
    response = client.put(url, {**body, "starts": "2027-01-10", "note": "Jadwal Bappeda"})
    assert response.status_code == 200, response.json()
    stage = PlanningStage.objects.get()
    assert (stage.starts, stage.ends, stage.note) == (
        dt.date(2027, 1, 10),
        dt.date(2027, 1, 31),
        "Jadwal Bappeda",
    )
    response = client.patch(url, {"stage": "forum_pd"}, format="json")
    assert response.status_code == 400
    assert "stage" in error(response)["details"]
    assert client.delete(url).status_code == 204
    changes = ChangeRecord.objects.filter(model="planning.planningstage")
    assert sorted(changes.values_list("action", "source")) == [
        ("create", "api"),
        ("delete", "api"),
        ("update", "api"),
        ("update", "api"),
    ]


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"region": NUATAUS}, "region", "belongs to a regency or city"),
        ({"starts": 30}, "starts", "ends before it starts"),
        ({"stage": "forum_pd", "starts": -30, "ends": -20}, "starts", "starts before"),
        ({"stage": "someday"}, "stage", ""),
        ({"region": "99.99"}, "region", ""),
        ({"year": 1899}, "year", ""),
        ({"year": 2099}, "year", "2099 is not a plausible year for a plan"),
        ({"ends": "soon"}, "ends", ""),
    ],
)
def test_bad_stages_are_400_with_the_field(api, kupang_editor, year, body, field, text):
    village_forum = PlanningStage.objects.get(region_id="53.01", year=year, stage="musrenbang_desa")
    data = {
        "region": "53.01",
        "year": year,
        "stage": "musrenbang_desa",
        "starts": village_forum.starts.isoformat(),
        "ends": village_forum.ends.isoformat(),
    }
    for name, value in body.items():  # whole numbers: days from the village forum's start
        if isinstance(value, int) and name in ("starts", "ends"):
            value = (village_forum.starts + dt.timedelta(days=value)).isoformat()
        data[name] = value
    response = api(kupang_editor).post(STAGES, data, format="json")
    assert response.status_code == 400, response.json()
    details = error(response)["details"]
    assert field in details, details
    assert text in str(details[field])
    before = (village_forum.starts, village_forum.ends)
    village_forum.refresh_from_db()
    assert (village_forum.starts, village_forum.ends) == before
    assert PlanningStage.objects.filter(year=year).count() == 6


def test_the_calendar_is_read_from_below_but_set_only_in_the_regency(
    api, village_officer, kota_editor, year
):
    officer = api(village_officer)
    body = officer.get(STAGES, {"year": year}).json()
    assert body["count"] == 6
    stage = PlanningStage.objects.get(region_id="53.01", year=year, stage="forum_pd")
    assert officer.get(f"{STAGES}{stage.pk}/").status_code == 200
    response = officer.patch(f"{STAGES}{stage.pk}/", {"note": "x"}, format="json")
    assert response.status_code == 403
    assert "53.01" in error(response)["message"]
    data = {
        "region": "53.01",
        "year": year + 1,
        "stage": "musrenbang_desa",
        "starts": "2028-01-05",
        "ends": "2028-01-30",
    }
    assert officer.post(STAGES, data, format="json").status_code == 403
    kota = api(kota_editor)
    assert kota.get(STAGES).json()["count"] == 0
    assert kota.get(f"{STAGES}{stage.pk}/").status_code == 403
    assert kota.get(STAGES, {"region": "53.01"}).status_code == 403
    assert not PlanningStage.objects.filter(year=year + 1).exists()


def test_the_calendar_endpoint_says_what_is_open(api, village_officer, planning_calendar):
    year = planning_calendar("53.01", state="decisions")
    response = api(village_officer).get(CALENDAR, {"region": NUATAUS, "year": year})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["region"], body["year"], body["is_set"]) == ("53.01", year, True)
    assert [s["stage"] for s in body["stages"]][:2] == ["musrenbang_desa", "musrenbang_kecamatan"]
    assert body["current_stage"] == rules.Calendar.of("53.01", year).current()
    assert "villages can no longer add or change proposals" in body["closed"]["village_proposals"]
    assert body["closed"]["other_proposals"] is None
    assert body["closed"]["decisions"] is None
    assert body["closed"]["work_plans"] is None


def test_the_calendar_endpoint_refuses_bad_queries(api, kota_editor, kupang_editor):
    assert api(kota_editor).get(CALENDAR, {"region": "53.01", "year": 2027}).status_code == 403
    client = api(kupang_editor)
    assert client.get(CALENDAR, {"region": "99.99", "year": 2027}).status_code == 404
    response = client.get(CALENDAR, {"region": "53", "year": 2027})
    assert response.status_code == 400
    assert "region" in error(response)["details"]
    response = client.get(CALENDAR, {"region": "53.01", "year": "next"})
    assert response.status_code == 400
    assert "year" in error(response)["details"]
    body = client.get(CALENDAR, {"region": "53.01", "year": 2035}).json()
    assert body["is_set"] is False
    assert "no planning calendar" in body["closed"]["decisions"]


# ---------------------------------------------------------------------------------------------
# Partner programmes


def test_partner_programmes_are_registered_in_the_regency_and_seen_by_its_villages(
    api, kupang_editor, village_officer, kota_editor
):
    body = {
        "region": "53.01",
        "name": "Program Ketangguhan Desa Fatuleu",
        "partner": "Yayasan Mitra Tangguh",
        "first_year": 2023,
        "last_year": 2025,
        "practices": "Rencana aksi komunitas\nLumbung pangan desa",
    }
    response = api(kupang_editor).post(PROGRAMMES, body, format="json")
    assert response.status_code == 201, response.json()
    programme_id = response.json()["id"]
    officer = api(village_officer)
    assert officer.get(PROGRAMMES).json()["count"] == 1
    assert officer.get(PROGRAMMES, {"year": 2024}).json()["count"] == 1
    assert officer.get(PROGRAMMES, {"year": 2026}).json()["count"] == 0
    assert officer.get(PROGRAMMES, {"q": "mitra"}).json()["count"] == 1
    response = officer.patch(f"{PROGRAMMES}{programme_id}/", {"partner": "x"}, format="json")
    assert response.status_code == 403
    assert officer.post(PROGRAMMES, {**body, "name": "Lain"}, format="json").status_code == 403
    assert api(kota_editor).get(f"{PROGRAMMES}{programme_id}/").status_code == 403
    response = api(kupang_editor).patch(
        f"{PROGRAMMES}{programme_id}/", {"last_year": 2022}, format="json"
    )
    assert response.status_code == 400
    assert "last_year" in error(response)["details"]
    assert api(kupang_editor).delete(f"{PROGRAMMES}{programme_id}/").status_code == 405
    assert PartnerProgramme.objects.get().last_year == 2025


# ---------------------------------------------------------------------------------------------
# Proposals


def test_a_village_officer_enters_changes_and_withdraws_a_proposal(api, village_officer, year):
    client = api(village_officer)
    body = {
        "region": "5301272002",
        "year": year,
        "source_kind": "risk_plan",
        "title": "Pembangunan embung untuk cadangan air musim kemarau",
        "problem": "Kekeringan setiap tahun, warga membeli air tangki",
        "volume": "1",
        "unit": "unit",
        "estimated_cost": "350000000",
        "priority": 1,
        "women": 210,
        "men": 190,
        "disabled": 4,
        "hazards": ["drought"],
        "phases": ["pra"],
        "climate_adaptation": True,
    }
    response = client.post(PROPOSALS, body, format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    assert (row["region"], row["regency"], row["outcome"], row["stage"]) == (
        NUATAUS,
        "53.01",
        "undecided",
        "village",
    )
    assert (row["hazards"], row["beneficiaries"], row["elderly"]) == (["drought"], 400, None)
    assert (row["sub_activity"], row["recommendations"], row["links"]) == (None, [], [])
    url = f"{PROPOSALS}{row['id']}/"
    response = client.patch(url, {"priority": 2, "hazards": ["drought", "flood"]}, format="json")
    assert response.status_code == 200, response.json()
    assert sorted(response.json()["hazards"]) == ["drought", "flood"]
    assert client.get(PROPOSALS).json()["count"] == 1
    assert client.delete(url).status_code == 204
    assert not Proposal.objects.exists()
    changes = ChangeRecord.objects.filter(model="planning.proposal", actor=village_officer)
    assert sorted(changes.values_list("action", "source")) == [
        ("create", "api"),
        ("delete", "api"),
        ("update", "api"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"region": "53"}, "region"),
        ({"region": "53.01", "source_kind": "musrenbang_desa"}, "region"),
        ({"region": "99.99.99.9999"}, "region"),
        ({"year": 1800}, "year"),
        ({"year": 1999}, "year"),  # not a plausible year for a plan (issue 14, item 8)
        ({"source_kind": "rumour"}, "source_kind"),
        ({"hazards": ["meteor"]}, "hazards"),
        ({"phases": ["sometime"]}, "phases"),
        ({"estimated_cost": "-5"}, "estimated_cost"),
        ({"estimated_cost": "banyak"}, "estimated_cost"),
        ({"women": -1}, "women"),
        ({"priority": 0}, "priority"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_proposals_are_400_with_the_field(api, province_manager, year, body, field):
    data = {
        "region": NUATAUS,
        "year": year,
        "source_kind": "musrenbang_desa",
        "title": "Perbaikan jalan desa",
        **body,
    }
    response = api(province_manager).post(PROPOSALS, data, format="json")
    assert response.status_code == 400, response.json()
    assert field in error(response)["details"], response.json()
    assert not Proposal.objects.exists()


def test_a_proposal_for_a_year_without_calendar_is_refused_with_the_reason(
    api, kupang_editor, year
):
    data = {
        "region": NUATAUS,
        "year": year + 5,
        "source_kind": "musrenbang_desa",
        "title": "Perbaikan jalan desa",
    }
    response = api(kupang_editor).post(PROPOSALS, data, format="json")
    assert response.status_code == 400
    assert "no planning calendar for Kabupaten Kupang" in error(response)["message"]


def test_villages_cannot_add_proposals_after_the_sub_district_forum(
    api, village_officer, planning_calendar
):
    year = planning_calendar("53.01", state="decisions")
    data = {
        "region": NUATAUS,
        "year": year,
        "source_kind": "musrenbang_desa",
        "title": "Perbaikan jalan desa",
    }
    response = api(village_officer).post(PROPOSALS, data, format="json")
    assert response.status_code == 400
    message = error(response)["message"]
    assert "Sub-district forum (Musrenbang kecamatan)" in message
    assert "villages can no longer add or change proposals" in message
    assert not Proposal.objects.exists()


def test_a_village_officer_acts_only_in_their_village(api, village_officer, poto_proposal, year):
    client = api(village_officer)
    assert client.get(PROPOSALS).json()["count"] == 0
    assert client.get(f"{PROPOSALS}{poto_proposal.pk}/").status_code == 403
    data = {"region": POTO, "year": year, "source_kind": "musrenbang_desa", "title": "Jalan"}
    response = client.post(PROPOSALS, data, format="json")
    assert response.status_code == 403
    assert error(response)["code"] == "permission_denied"
    assert Proposal.objects.count() == 1


def test_a_kota_editor_cannot_see_or_touch_kupang_s_proposals(api, kota_editor, proposal):
    client = api(kota_editor)
    url = f"{PROPOSALS}{proposal.pk}/"
    assert client.get(PROPOSALS).json()["count"] == 0
    assert client.get(PROPOSALS, {"region": "53.01"}).status_code == 403
    for response in (
        client.get(url),
        client.patch(url, {"title": "x"}, format="json"),
        client.delete(url),
        client.get(f"{url}matches/"),
        client.post(f"{url}decision/", {"outcome": "rejected", "reason": "x"}, format="json"),
        client.post(f"{url}code/", {"sub_activity": GLADI}, format="json"),
        client.post(
            f"{url}recommendations/", {"level": "bappeda", "verdict": "recommended"}, format="json"
        ),
    ):
        assert response.status_code == 403
        assert error(response)["message"] == "This record belongs to a region outside yours."
    proposal.refresh_from_db()
    assert (proposal.title, proposal.outcome) == (proposal_values(0)["title"], "undecided")


def test_refusals_come_in_the_request_s_language(api, kota_editor, proposal, year):
    client = api(kota_editor)
    response = client.get(f"{PROPOSALS}{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 403
    assert error(response)["message"] == "Data ini milik wilayah di luar wilayah Anda."
    data = {"region": NUATAUS, "year": year, "source_kind": "musrenbang_desa", "title": "Jalan"}
    response = client.post(PROPOSALS, data, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 403
    assert error(response)["message"] == (
        "Anda tidak berwenang untuk menambah data di wilayah 53.01.27.2002."
    )


@pytest.mark.parametrize(
    ("query", "villages"),
    [
        ({}, [POTO, NUATAUS]),
        ({"region": NUATAUS}, [NUATAUS]),
        ({"region": "5301272002"}, [NUATAUS]),
        ({"region": "53.01.27"}, [POTO, NUATAUS]),
        ({"region": "53.01.04"}, []),
        ({"source_kind": "livelihood_plan"}, [POTO]),
        ({"outcome": "undecided"}, [POTO, NUATAUS]),
        ({"outcome": "rejected"}, []),
        ({"stage": "village"}, [POTO, NUATAUS]),
        ({"stage": "bappeda"}, []),
        ({"q": "evakuasi KSB"}, [NUATAUS]),
        ({"q": "PANGAN"}, [POTO]),
        ({"q": "evakuasi pangan"}, []),
    ],
)
def test_proposals_are_filtered(api, kupang_editor, proposal, poto_proposal, year, query, villages):
    response = api(kupang_editor).get(PROPOSALS, {"year": year, **query})
    assert response.status_code == 200, response.json()
    assert sorted(row["region"] for row in response.json()["results"]) == villages


def test_a_proposal_carries_a_livelihood_tag_of_its_location(api, web, kupang_editor, year) -> None:
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from tangguh.poverty import demo_ledger

    demo_ledger.load_livelihoods()  # kunyit and jahe in Fatuleu (53.01.27), report 000
    tagged = services.create_proposal(
        actor=None, **proposal_values(year, livelihood=True, livelihood_commodity=" Kunyit ")
    )
    assert tagged.livelihood_commodity == "Kunyit"
    client = api(kupang_editor)
    found = client.get(PROPOSALS, {"year": year, "livelihood": "kunyit"}).json()["results"]
    assert [(row["id"], row["livelihood_commodity"]) for row in found] == [(tagged.pk, "Kunyit")]
    assert client.get(PROPOSALS, {"year": year, "livelihood": "jahe"}).json()["count"] == 0
    page = web(kupang_editor).get(tagged.get_absolute_url()).content.decode()
    assert "?livelihood=Kunyit" in page
    assert 'data-testid="livelihood-tag"' in page
    form = web(kupang_editor).get(reverse("planning:proposal-edit", args=[tagged.pk]))
    assert 'name="livelihood_commodity" value="Kunyit"' in form.content.decode()
    with pytest.raises(ValidationError, match="No livelihood potential vanili"):
        services.create_proposal(actor=None, **proposal_values(year, livelihood_commodity="vanili"))
    response = client.patch(f"{PROPOSALS}{tagged.pk}/", {"livelihood_commodity": "vanili"})
    assert response.status_code == 400
    assert "livelihood_commodity" in str(response.json())
    assert Proposal.objects.get(pk=tagged.pk).livelihood_commodity == "Kunyit"


def test_proposals_are_filtered_by_year_and_agency(api, kupang_editor, proposal, kupang_agency):
    client = api(kupang_editor)
    assert client.get(PROPOSALS, {"year": proposal.year + 1}).json()["count"] == 0
    assert client.get(PROPOSALS, {"agency": kupang_agency.pk}).json()["count"] == 0
    services.code_proposal(
        proposal, actor=None, sub_activity=sub_activity(GLADI), agency=kupang_agency
    )
    assert client.get(PROPOSALS, {"agency": kupang_agency.pk}).json()["count"] == 1
    for bad in ({"year": "2027x"}, {"outcome": "maybe"}, {"agency": "bpbd"}):
        assert client.get(PROPOSALS, bad).status_code == 400, bad
    assert client.get(PROPOSALS, {"region": "99.99"}).status_code == 404


# ---------------------------------------------------------------------------------------------
# Recommendations, coding, decisions


def test_each_level_recommends_in_its_own_region(
    api, village_officer, kupang_editor, kupang_agency, proposal
):
    url = f"{PROPOSALS}{proposal.pk}/recommendations/"
    response = api(village_officer).post(
        url, {"level": "village", "verdict": "recommended", "note": "Prioritas 1"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["by"], response.json()["level"]) == ("nuataus.officer", "village")
    response = api(village_officer).post(
        url, {"level": "bappeda", "verdict": "recommended"}, format="json"
    )
    assert response.status_code == 403
    assert "53.01" in error(response)["message"]
    response = api(kupang_editor).post(
        url,
        {"level": "agency", "verdict": "revised", "cost": "60000000", "agency": kupang_agency.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    detail = api(kupang_editor).get(f"{PROPOSALS}{proposal.pk}/").json()
    assert detail["stage"] == "agency"
    assert [(r["level"], r["verdict"]) for r in detail["recommendations"]] == [
        ("village", "recommended"),
        ("agency", "revised"),
    ]
    assert detail["recommendations"][1]["agency_name"] == kupang_agency.name
    for bad in ({"level": "dprd", "verdict": "recommended"}, {"level": "village"}):
        response = api(kupang_editor).post(url, bad, format="json")
        assert response.status_code == 400
    assert Recommendation.objects.count() == 2


def test_a_proposal_is_coded_by_sub_activity_code(
    api, kupang_editor, village_officer, kupang_agency, proposal
):
    url = f"{PROPOSALS}{proposal.pk}/code/"
    client = api(kupang_editor)
    response = client.post(url, {"sub_activity": GLADI, "agency": kupang_agency.pk}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["sub_activity"], body["sub_activity_edition"], body["agency"]) == (
        GLADI,
        "2027",
        kupang_agency.pk,
    )
    assert body["sub_activity_name"].startswith("Gladi Kesiapsiagaan")
    response = client.post(url, {"sub_activity": RISK_STUDY}, format="json")
    assert response.status_code == 200
    assert (response.json()["sub_activity"], response.json()["agency"]) == (
        RISK_STUDY,
        kupang_agency.pk,
    )
    response = api(village_officer).post(url, {"sub_activity": GLADI}, format="json")
    assert response.status_code == 403
    response = client.post(url, {"sub_activity": None, "agency": None}, format="json")
    assert (response.json()["sub_activity"], response.json()["agency"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"sub_activity": "9.99.99.2.99.9999"}, "sub_activity", "edition 2027"),
        ({"sub_activity": "1.05.03.2.02"}, "sub_activity", "is not a sub-activity"),
        ({"sub_activity": "1.05.03.1.01.0003"}, "sub_activity", "is not a sub-activity"),
        ({"sub_activity": 42}, "sub_activity", "as text"),
        ({"sub_activity": SPAM, "agency": "AGENCY"}, "agency", "does not hold"),
        ({"agency": 987654}, "agency", ""),
    ],
)
def test_bad_coding_is_400_with_the_reason(
    api, kupang_editor, kupang_agency, proposal, body, field, text
):
    body = {k: kupang_agency.pk if v == "AGENCY" else v for k, v in body.items()}
    response = api(kupang_editor).post(f"{PROPOSALS}{proposal.pk}/code/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in error(response)["details"]
    assert text in str(error(response)["details"][field])
    proposal.refresh_from_db()
    assert proposal.sub_activity is None


def test_a_proposal_is_decided_with_the_items_that_answer_it(
    api, kupang_editor, village_officer, proposal, item
):
    client = api(kupang_editor)
    url = f"{PROPOSALS}{proposal.pk}/decision/"
    response = client.post(
        url,
        {
            "outcome": "accommodated",
            "links": [{"item": item.pk, "budget": "60000000", "location": "5301272002"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["outcome"], body["decided_by"], body["sub_activity"], body["agency"]) == (
        "accommodated",
        "kupang.editor",
        GLADI,
        item.agency_id,
    )
    assert body["links"] == [
        {
            "item": item.pk,
            "sub_activity": GLADI,
            "sub_activity_name": item.sub_activity.name,
            "agency": item.agency_id,
            "agency_name": item.agency.name,
            "budget": "60000000.00",
            "location": NUATAUS,
            "location_name": "Nuataus",
        }
    ]
    village_view = api(village_officer).get(f"{PROPOSALS}{proposal.pk}/").json()
    assert (village_view["outcome"], len(village_view["links"])) == ("accommodated", 1)
    item_view = client.get(f"{ITEMS}{item.pk}/").json()
    assert item_view["links"][0]["proposal"] == proposal.pk
    response = client.post(url, {"outcome": "deferred", "deferred_to": proposal.year + 1})
    assert response.status_code == 200, response.json()
    assert (response.json()["deferred_to"], response.json()["links"]) == (proposal.year + 1, [])
    changes = ChangeRecord.objects.filter(model="planning.proposal", actor=kupang_editor)
    assert set(changes.values_list("action", "source")) == {("update", "api")}
    assert ChangeRecord.objects.filter(model="planning.proposallink", action="delete").exists()


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"outcome": "rejected"}, "reason", "Give the reason"),
        ({"outcome": "deferred"}, "deferred_to", "later year"),
        ({"outcome": "deferred", "deferred_to": 2000}, "deferred_to", "later year"),
        ({"outcome": "accommodated"}, "links", "linked to the work-plan items"),
        ({"outcome": "accommodated", "links": [{"item": "ITEM"}]}, "links", "budget"),
        (
            {"outcome": "partly", "links": [{"item": "ITEM", "budget": "999999999999"}]},
            "links",
            "between 0 and the item's budget",
        ),
        (
            {"outcome": "partly", "links": [{"item": "ITEM", "budget": "1", "location": "53.71"}]},
            "links",
            "is not in this regency/city",
        ),
        ({"outcome": "rejected", "reason": "x", "links": [{"item": "ITEM"}]}, "links", "Only"),
        ({"outcome": "approved"}, "outcome", ""),
        ({"outcome": "partly", "links": [{"item": 987654}]}, "links", ""),
        ({"outcome": "partly", "links": "all"}, "links", ""),
    ],
)
def test_bad_decisions_are_400_with_the_reason(
    api, kupang_editor, proposal, item, body, field, text
):
    if "links" in body and isinstance(body["links"], list):
        body["links"] = [
            {**link, "item": item.pk} if link["item"] == "ITEM" else link for link in body["links"]
        ]
    response = api(kupang_editor).post(f"{PROPOSALS}{proposal.pk}/decision/", body, format="json")
    assert response.status_code == 400, response.json()
    details = error(response)["details"]
    assert field in details, details
    assert text in str(details[field])
    proposal.refresh_from_db()
    assert proposal.outcome == "undecided"


def test_another_regencys_work_plan_item_is_refused_as_if_it_did_not_exist(
    api, kota_editor, planning_calendar, item
):
    kota_year = planning_calendar("53.71", state="open")
    kota_proposal = services.create_proposal(
        actor=None, **proposal_values(kota_year, region=region("53.71.01.1001"))
    )
    body = {"outcome": "partly", "links": [{"item": item.pk, "budget": "999999999999"}]}

    response = api(kota_editor).post(
        f"{PROPOSALS}{kota_proposal.pk}/decision/", body, format="json"
    )

    assert response.status_code == 400
    assert "does not exist" in str(error(response)["details"]["links"])
    for secret in ("250000000", item.sub_activity.name):  # the item's budget and what it is
        assert secret not in response.content.decode()
    assert not kota_proposal.links.exists()


def test_another_regencys_partner_programme_is_refused_as_if_it_did_not_exist(
    api, kupang_editor, proposal, item
):
    kota_programme = services.create_programme(
        actor=None,
        region=region("53.71"),
        name="Sekolah Lapang Kota",
        partner="Yayasan Kota",
        first_year=2025,
    )
    client = api(kupang_editor)
    for url in (f"{PROPOSALS}{proposal.pk}/", f"{ITEMS}{item.pk}/"):
        response = client.patch(url, {"partner_programme": kota_programme.pk}, format="json")

        assert response.status_code == 400, url
        assert "does not exist" in error(response)["message"]
        assert "Sekolah Lapang Kota" not in response.content.decode()
    assert not kota_programme.proposals.exists()
    assert not kota_programme.work_plan_items.exists()


def test_a_village_officer_cannot_decide(api, village_officer, proposal):
    response = api(village_officer).post(
        f"{PROPOSALS}{proposal.pk}/decision/",
        {"outcome": "rejected", "reason": "Tidak ada anggaran"},
        format="json",
    )
    assert response.status_code == 403
    assert error(response)["message"] == "You may not change planning records of 53.01."
    proposal.refresh_from_db()
    assert proposal.outcome == "undecided"


def test_a_decision_after_the_rkpd_is_adopted_is_refused_with_the_reason(
    api, kupang_editor, proposal, planning_calendar
):
    planning_calendar("53.01", state="closed", year=proposal.year)
    response = api(kupang_editor).post(
        f"{PROPOSALS}{proposal.pk}/decision/",
        {"outcome": "rejected", "reason": "Tidak ada anggaran"},
        format="json",
    )
    assert response.status_code == 400
    message = error(response)["message"]
    assert f"The RKPD for {proposal.year} was adopted on" in message
    assert "decisions on its proposals are frozen" in message
    proposal.refresh_from_db()
    assert proposal.outcome == "undecided"


# ---------------------------------------------------------------------------------------------
# Work-plan items


def test_an_agency_s_work_plan_item_is_entered_changed_and_removed(
    api, kupang_editor, kupang_agency, year
):
    client = api(kupang_editor)
    response = client.post(
        ITEMS,
        {
            "agency": kupang_agency.pk,
            "year": year,
            "sub_activity": RISK_STUDY,
            "locations": ["5301", "53.01.27"],
            "budget": "180000000",
            "funding_source": "apbd",
            "phases": ["pra"],
            "climate": "adaptation",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    wanted = sub_activity(RISK_STUDY)
    assert (body["region"], body["sub_activity_edition"], body["status"]) == (
        "53.01",
        "2027",
        "draft",
    )
    assert (body["indicator"], body["unit"]) == (wanted.indicator, wanted.unit[:255])
    assert body["locations"] == ["53.01", "53.01.27"]
    url = f"{ITEMS}{body['id']}/"
    response = client.patch(url, {"target": "1", "locations": [NUATAUS]}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["target"], response.json()["locations"]) == ("1.00", [NUATAUS])
    response = client.patch(url, {"year": year + 1}, format="json")
    assert response.status_code == 400
    assert "year" in error(response)["details"]
    assert client.delete(url).status_code == 204
    changes = ChangeRecord.objects.filter(model="planning.workplanitem", actor=kupang_editor)
    assert sorted(changes.values_list("action", flat=True)) == ["create", "delete", "update"]


@pytest.mark.parametrize(
    ("body", "status", "field", "text"),
    [
        ({"sub_activity": SPAM}, 400, "sub_activity", "does not hold"),
        ({"sub_activity": "1.05.03.2.99.0001"}, 400, "sub_activity", "edition 2027"),
        ({"locations": ["53.71"]}, 400, "locations", "Not in"),
        ({"locations": ["99.99"]}, 400, "locations", ""),
        ({"budget": "-1"}, 400, "budget", ""),
        ({"status": "approved"}, 400, "status", ""),
        ({"climate": "hot"}, 400, "climate", ""),
        ({"agency": 987654}, 400, "agency", ""),
        ({"year": 1899}, 400, "year", ""),
    ],
)
def test_bad_work_plan_items_are_refused_with_the_reason(
    api, kupang_editor, kupang_agency, year, body, status, field, text
):
    data = {"agency": kupang_agency.pk, "year": year, "sub_activity": GLADI, **body}
    response = api(kupang_editor).post(ITEMS, data, format="json")
    assert response.status_code == status, response.json()
    details = error(response)["details"]
    assert field in details, details
    assert text in str(details[field])
    assert not WorkPlanItem.objects.exists()


def test_work_plans_are_region_scoped(
    api, kota_editor, village_officer, kupang_agency, kota_agency, item, planning_calendar
):
    planning_calendar("53.71", state="open")
    kota = api(kota_editor)
    assert kota.get(ITEMS).json()["count"] == 0
    assert kota.get(f"{ITEMS}{item.pk}/").status_code == 403
    data = {"agency": kupang_agency.pk, "year": item.year, "sub_activity": GLADI}
    response = kota.post(ITEMS, data, format="json")
    # Another regency's agency is answered as one that does not exist (nothing of it told).
    assert response.status_code == 400
    assert "does not exist" in error(response)["message"]
    assert "53.01" not in error(response)["message"]
    response = kota.post(ITEMS, {**data, "agency": kota_agency.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert api(village_officer).get(ITEMS).json()["count"] == 0
    assert WorkPlanItem.objects.count() == 2


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({}, 2),
        ({"agency": "OTHER"}, 1),
        ({"region": "53.01"}, 2),
        ({"region": NUATAUS}, 1),
        ({"region": "53.01.27"}, 1),
        ({"region": "53.01.04"}, 0),
        ({"status": "final"}, 0),
        ({"status": "draft"}, 2),
        ({"sub_activity": GLADI}, 1),
        ({"sub_activity": "1.05.03"}, 2),
        ({"sub_activity": "1.03"}, 0),
        ({"year": 2001}, 0),
    ],
)
def test_work_plan_items_are_filtered(api, kupang_editor, item, year, query, count):
    from tangguh.accounts.tests.factories import AgencyFactory

    other: Agency = AgencyFactory(region_id="53.01", short_name="Dinsos")
    services.create_item(
        actor=None, agency=other, year=year, sub_activity=sub_activity(RISK_STUDY), budget=1
    )
    query = {k: other.pk if v == "OTHER" else v for k, v in query.items()}
    response = api(kupang_editor).get(ITEMS, query)
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == count


def test_a_work_plan_is_copied_forward_and_finalised(
    api, kupang_editor, kota_editor, kupang_agency, item, planning_calendar
):
    next_year = planning_calendar("53.01", state="open", year=item.year + 1)
    client = api(kupang_editor)
    body = {"agency": kupang_agency.pk, "from_year": item.year, "to_year": next_year}
    response = client.post(f"{ITEMS}copy-forward/", body, format="json")
    assert response.status_code == 200, response.json()
    report = response.json()
    assert [(r["sub_activity"], r["year"], r["copied_from"]) for r in report["created"]] == [
        (GLADI, next_year, item.pk)
    ]
    assert report["skipped"] == []
    again = client.post(f"{ITEMS}copy-forward/", body, format="json").json()
    assert again["created"] == []
    assert again["skipped"][0]["item"] == item.pk
    assert f"already in the {next_year} work plan" in again["skipped"][0]["reason"]
    response = client.post(f"{ITEMS}copy-forward/", {**body, "to_year": item.year}, format="json")
    assert response.status_code == 400
    assert "later year" in error(response)["message"]
    assert api(kota_editor).post(f"{ITEMS}copy-forward/", body, format="json").status_code == 400
    response = client.post(
        f"{ITEMS}finalise/", {"agency": kupang_agency.pk, "year": next_year}, format="json"
    )
    assert response.json() == {"finalised": 1}
    assert client.get(ITEMS, {"status": "final"}).json()["count"] == 1


def test_a_final_renja_cannot_be_changed(api, kupang_editor, item, planning_calendar):
    planning_calendar("53.01", state="closed", year=item.year)
    response = api(kupang_editor).patch(f"{ITEMS}{item.pk}/", {"budget": "1"}, format="json")
    assert response.status_code == 400
    assert "can no longer be changed" in error(response)["message"]


# ---------------------------------------------------------------------------------------------
# Sync matrix


def test_the_sync_matrix_counts_proposals_and_budgets(
    api, kupang_editor, proposal, poto_proposal, item
):
    services.decide(
        proposal,
        actor=None,
        outcome="accommodated",
        links=[services.LinkSpec(item=item, budget=Decimal("60000000"))],
    )
    client = api(kupang_editor)
    response = client.get(MATRIX, {"year": proposal.year, "region": "53.01"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["by"], body["region"]) == ("village", "53.01")
    rows = {row["key"]: row for row in body["rows"]}
    assert set(rows) == {NUATAUS, POTO}
    assert (rows[NUATAUS]["label"], rows[NUATAUS]["accommodated"]) == ("Nuataus", 1)
    assert rows[NUATAUS]["budget_allocated"] == "60000000.00"
    assert rows[NUATAUS]["share_accommodated"] == 1.0
    assert (rows[POTO]["undecided"], rows[POTO]["share_accommodated"]) == (1, 0.0)
    total = body["total"]
    assert (total["received"], total["accommodated"], total["undecided"]) == (2, 1, 1)
    assert total["budget_asked"] == "95000000.00"
    tags = client.get(MATRIX, {"year": proposal.year, "by": "tag"}).json()
    keys = {row["key"] for row in tags["rows"]}
    assert {"poverty", "livelihood", "phase:pra", "hazard:flood"} <= keys
    assert tags["total"]["received"] == 2
    agencies = client.get(MATRIX, {"year": proposal.year, "by": "agency"}).json()
    assert {row["key"] for row in agencies["rows"]} == {str(item.agency_id), "none"}


def test_the_sync_matrix_shows_what_partner_programmes_became(
    api, kupang_editor, village_officer, year, item
):
    programme = services.create_programme(
        actor=None,
        region=region("53.01"),
        name="Program Ketangguhan Desa Fatuleu",
        partner="Yayasan Mitra Tangguh",
        first_year=2023,
    )
    proposal = services.create_proposal(
        actor=None,
        **proposal_values(year, source_kind="partner", partner_programme=programme),
    )
    services.decide(
        proposal,
        actor=None,
        outcome="partly",
        links=[services.LinkSpec(item=item, budget=Decimal("30000000"))],
    )
    body = api(kupang_editor).get(MATRIX, {"year": year, "by": "source"}).json()
    [uptake] = body["partner_programmes"]
    assert (uptake["name"], uptake["proposals"], uptake["accommodated"]) == (
        programme.name,
        1,
        1,
    )
    assert [i["sub_activity"] for i in uptake["items"]] == [GLADI]
    assert uptake["budget"] == "250000000.00"
    # The village sees its proposal's fate, but not the agencies' work plans.
    village = api(village_officer).get(MATRIX, {"year": year}).json()
    assert village["total"]["partly"] == 1
    assert village["partner_programmes"][0]["items"] == []


def test_the_sync_matrix_refuses_bad_queries(api, kota_editor, kupang_editor, proposal):
    kota = api(kota_editor)
    assert kota.get(MATRIX, {"year": proposal.year}).json()["total"]["received"] == 0
    assert kota.get(MATRIX, {"year": proposal.year, "region": "53.01"}).status_code == 403
    client = api(kupang_editor)
    assert client.get(MATRIX, {"year": proposal.year, "region": "99.99"}).status_code == 404
    for query, field in (
        ({}, "year"),
        ({"year": "last"}, "year"),
        ({"year": proposal.year, "by": "colour"}, "by"),
    ):
        response = client.get(MATRIX, query)
        assert response.status_code == 400, query
        assert field in error(response)["details"]


def test_list_queries_do_not_grow_with_the_rows(
    api, province_manager, year, item, django_assert_max_num_queries
):
    for number in range(6):
        proposal = services.create_proposal(
            actor=None,
            hazards=[HazardType.objects.get(key="flood")],
            **proposal_values(year, title=f"Usulan {number}"),
        )
        services.recommend(proposal, actor=None, level="village", verdict="recommended")
        services.decide(
            proposal,
            actor=None,
            outcome="partly",
            links=[services.LinkSpec(item=item, budget=Decimal(1000))],
        )
    client = api(province_manager)
    for url in (PROPOSALS, ITEMS, STAGES):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------
# Matching (tangguh.measures.matching)


def test_a_proposal_s_matches_name_sub_activities_and_the_agencies_that_hold_them(
    api, village_officer, kupang_agency, proposal
):
    response = api(village_officer).get(f"{PROPOSALS}{proposal.pk}/matches/", {"top": 3})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["proposal"], body["edition"]) == (proposal.pk, "2027")
    suggestions = body["suggestions"]
    assert [s["rank"] for s in suggestions] == [1, 2, 3]
    scores = [s["score"] for s in suggestions]
    assert all(0 <= score <= 1 for score in scores)  # calibrated confidences, ranked by the matcher
    assert set(suggestions[0]) == {
        "rank",
        "sub_activity_code",
        "sub_activity_name",
        "score",
        "explanation",
        "matched",
        "examples",
        "route",
        "agency_hint",
        "agencies",
    }
    assert (body["status"], body["message"], body["places"]) == ("ok", "", [])
    assert body["context"] == {"place_kind": "desa", "region_kind": "regency", "region": "53.01"}
    codes = [s["sub_activity_code"] for s in suggestions]
    assert any(code.startswith("1.05.03.") for code in codes), suggestions
    disaster = next(s for s in suggestions if s["sub_activity_code"].startswith("1.05."))
    assert disaster["agencies"] == [kupang_agency.pk]
    assert disaster["agency_hint"] == "BPBD"
    assert disaster["matched"]
    assert disaster["explanation"]


def test_a_proposal_s_matches_refuse_a_bad_top(api, kupang_editor, proposal):
    url = f"{PROPOSALS}{proposal.pk}/matches/"
    for top in ("0", "21", "lima"):
        response = api(kupang_editor).get(url, {"top": top})
        assert response.status_code == 400, top
        assert "top" in error(response)["details"]


def test_free_texts_are_matched_one_list_per_text(api, kupang_editor, kupang_agency):
    response = api(kupang_editor).post(
        MATCHES,
        {
            "texts": [
                "Pembangunan SPAM perpipaan untuk dusun yang kesulitan air bersih",
                "Pelatihan relawan desa tangguh bencana dan gladi evakuasi",
            ],
            "top": 2,
            "edition": "2027",
            "government": "kabkota",
            "region": NUATAUS,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["edition"], body["government"]) == ("2027", "kabkota")
    first, second = body["results"]
    assert first["text"].startswith("Pembangunan SPAM")
    assert [len(first["suggestions"]), len(second["suggestions"])] == [2, 2]
    assert first["suggestions"][0]["sub_activity_code"].startswith("1.03.")
    assert first["suggestions"][0]["agencies"] == []  # no agency of 53.01 holds public works
    assert second["suggestions"][0]["sub_activity_code"].startswith("1.05.")
    assert second["suggestions"][0]["agencies"] == [kupang_agency.pk]
    single = api(kupang_editor).post(MATCHES, {"text": "gladi evakuasi"}, format="json").json()
    assert len(single["results"]) == 1
    assert len(single["results"][0]["suggestions"]) == 5


def test_the_province_s_list_is_matched_for_the_province(api, province_manager):
    response = api(province_manager).post(
        MATCHES, {"text": "kajian risiko bencana", "region": "53"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["government"] == "provinsi"
    assert all(
        s["sub_activity_code"].split(".")[3] == "1" for s in body["results"][0]["suggestions"]
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 400, "texts"),
        ({"text": "a", "texts": ["b"]}, 400, "texts"),
        ({"texts": []}, 400, "texts"),
        ({"texts": "embung"}, 400, "texts"),
        ({"text": ""}, 400, "text"),
        ({"text": "x" * 10_001}, 400, "text"),
        ({"text": "embung", "top": 0}, 400, "top"),
        ({"text": "embung", "edition": "1999"}, 400, "edition"),
        ({"text": "embung", "government": "papua"}, 400, "government"),
        ({"text": "embung", "region": "99.99"}, 400, "region"),
        ({"text": "embung", "region": "53.71"}, 403, None),
    ],
)
def test_bad_match_requests_are_refused(api, kupang_editor, body, status, field):
    response = api(kupang_editor).post(MATCHES, body, format="json")
    assert response.status_code == status, response.json()
    if field:
        assert field in error(response)["details"], response.json()


def test_too_many_texts_are_refused(api, kupang_editor):
    response = api(kupang_editor).post(MATCHES, {"texts": ["embung"] * 501}, format="json")
    assert response.status_code == 400
    assert "texts" in error(response)["details"]


def test_matching_a_proposal_counts_as_reading_it(api, kota_editor, proposal):
    assert api(kota_editor).get(f"{PROPOSALS}{proposal.pk}/matches/").status_code == 403


def test_an_unknown_proposal_is_404(api, kupang_editor):
    for url in (f"{PROPOSALS}987654/", f"{PROPOSALS}987654/matches/", f"{PROPOSALS}abc/"):
        assert api(kupang_editor).get(url).status_code == 404, url


def test_stage_dates_around_today_decide_the_window(api, kupang_editor, proposal):
    # Setting the RKPD adoption to today closes decisions at once.
    today = rules.today()
    PlanningStage.objects.filter(region_id="53.01", year=proposal.year).delete()
    for offset, stage in enumerate(
        ["musrenbang_desa", "musrenbang_kecamatan", "forum_pd", "musrenbang_kabkota"]
    ):
        PlanningStage.objects.create(
            region_id="53.01",
            year=proposal.year,
            stage=stage,
            starts=today - dt.timedelta(days=100 - 20 * offset),
            ends=today - dt.timedelta(days=90 - 20 * offset),
        )
    client = api(kupang_editor)
    url = f"{PROPOSALS}{proposal.pk}/decision/"
    assert client.post(url, {"outcome": "rejected", "reason": "x"}).status_code == 200
    body = {"region": "53.01", "year": proposal.year, "stage": "rkpd_adopted"}
    response = client.post(
        STAGES, {**body, "starts": today.isoformat(), "ends": today.isoformat()}, format="json"
    )
    assert response.status_code == 201, response.json()
    response = client.post(url, {"outcome": "undecided"}, format="json")
    assert response.status_code == 400
    assert "frozen" in error(response)["message"]


def test_a_deferred_proposal_is_carried_over_by_api(
    api, village_officer, kupang_editor, kota_editor, proposal, planning_calendar
):
    url = f"{PROPOSALS}{proposal.pk}/carry-forward/"
    refused = api(village_officer).post(url)
    assert refused.status_code == 400
    assert "Only a proposal deferred" in error(refused)["message"]
    services.decide(proposal, actor=None, outcome="deferred", deferred_to=proposal.year + 1)
    planning_calendar("53.01", year=proposal.year + 1)
    assert api(kota_editor).post(url).status_code in (403, 404)
    response = api(village_officer).post(url)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["year"] == proposal.year + 1
    assert body["carried_from"] == proposal.pk
    assert body["outcome"] == "undecided"
    assert api(village_officer).post(url).status_code == 400


def test_the_sync_matrix_api_handles_very_large_sums(api, kupang_editor):
    Proposal.objects.bulk_create(
        Proposal(
            region_id=NUATAUS,
            regency_id="53.01",
            year=2027,
            source_kind="risk_plan",
            title=f"t{n}",
            estimated_cost=MAX_MONEY,
        )
        for n in range(1001)
    )
    response = api(kupang_editor).get("/api/v1/sync-matrix/", {"year": 2027, "region": "53.01"})
    assert response.status_code == 200, response.content[:300]


def test_listed_locations_of_items_come_without_their_boundaries(item) -> None:
    from tangguh.core.querysets import listed, related_rows

    found = WorkPlanItem.objects.filter(pk=item.pk).prefetch_related(listed("locations")).get()
    (location,) = related_rows(found, "locations")
    assert location.code == NUATAUS
    assert {"boundary", "bbox"} <= location.get_deferred_fields()
