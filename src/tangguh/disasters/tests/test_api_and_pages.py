"""Events through the API and pages: scope, unknown vs zero, Sendai figures by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tangguh.catalogues.models import HazardType
from tangguh.disasters import services
from tangguh.disasters.models import Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db


def event(code: str, day: dt.date, hazard: str = "flood", **effects) -> Event:
    return services.create_event(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard),
        start_date=day,
        **effects,
    )


@pytest.fixture
def kupang_2024():
    return [
        event("53.01.27.2002", dt.date(2024, 1, 10), deaths=2, missing=1, injured=4, affected=100),
        event("53.01.05", dt.date(2024, 3, 2), "drought", affected=900, deaths=None),
        event(
            "53.01",
            dt.date(2024, 11, 5),
            "tropical_cyclone",
            deaths=1,
            houses_heavy=10,
            houses_light=5,
            health_damaged=1,
            economic_loss=Decimal("250000000"),
        ),
        event("53.01", dt.date(2023, 5, 5), deaths=7),
        event("53.71.01", dt.date(2024, 2, 1), deaths=3),
    ]


def test_the_events_api_lists_only_the_member_s_regions(api, kupang_editor, kupang_2024) -> None:
    body = api(kupang_editor).get("/api/v1/events/", {"year": 2024}).json()
    assert body["count"] == 3
    assert {row["region"][:5] for row in body["results"]} == {"53.01"}


def test_the_events_api_keeps_unknown_as_null(api, kupang_editor, kupang_2024) -> None:
    row = api(kupang_editor).get(f"/api/v1/events/{kupang_2024[1].pk}/").json()
    assert row["deaths"] is None
    assert row["affected"] == 900


def test_another_regency_s_event_is_403(api, kupang_editor, kupang_2024) -> None:
    client = api(kupang_editor)
    url = f"/api/v1/events/{kupang_2024[4].pk}/"
    assert client.get(url).status_code == 403
    assert client.patch(url, {"deaths": 0}, format="json").status_code == 403
    assert client.delete(url).status_code == 403


def test_an_event_is_created_through_the_api(api, kupang_editor) -> None:
    response = api(kupang_editor).post(
        "/api/v1/events/",
        {
            "region": "5301272002",
            "hazard": "flash_flood",
            "start_date": "2025-02-03",
            "deaths": 0,
            "affected": None,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = Event.objects.get(pk=response.json()["id"])
    assert (created.region_id, created.deaths, created.affected) == ("53.01.27.2002", 0, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_date": "2999-01-01"}, "start_date"),
        ({"deaths": -3}, "deaths"),
        ({"hazard": "meteor"}, "hazard"),
        ({"region": "99.99"}, "region"),
        ({"start_date": "2024-02-30"}, "start_date"),
    ],
)
def test_bad_event_values_are_400_with_the_field(api, kupang_editor, body, field) -> None:
    data = {"region": "53.01", "hazard": "flood", "start_date": "2024-01-01", **body}
    response = api(kupang_editor).post("/api/v1/events/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_sendai_figures_match_a_hand_computation(api, kupang_editor, kupang_2024) -> None:
    body = api(kupang_editor).get("/api/v1/sendai/", {"region": "53.01", "year": 2024}).json()
    rows = {row["code"]: row for row in body["indicators"]}
    assert body["events"] == 3
    # Rates use the BPS-based estimate of Kabupaten Kupang for 2024 (90.34 thousand poor at
    # 21.37 % → 422,700), not Dukcapil's December 2024 register.
    assert (rows["A-2"]["population"], rows["A-2"]["population_year"]) == (422_700, 2024)
    # Deaths known in two events: 2 + 1 = 3 (the drought's unknown deaths are not a zero).
    assert Decimal(rows["A-2"]["value"]) == 3
    assert rows["A-2"]["events_unknown"] == 1
    # 3 / 422,700 × 100,000 = 0.7097…
    assert rows["A-2"]["per_100k"] == "0.71"
    # A-1 = deaths + missing = 3 + 1
    assert Decimal(rows["A-1"]["value"]) == 4
    # B-4: 10 heavily damaged houses × 4 people = 40; B-3: 5 lightly damaged × 4 = 20
    assert Decimal(rows["B-4"]["value"]) == Decimal(40)
    assert Decimal(rows["B-3"]["value"]) == Decimal(20)
    # B-1 = injured 4 + 20 + 40 (no livelihoods given) = 64; menderita 100 + 900 is apart
    assert Decimal(rows["B-1"]["value"]) == Decimal(64)
    assert (rows["menderita"]["scheme"], Decimal(rows["menderita"]["value"])) == ("national", 1000)
    assert Decimal(rows["C-1"]["value"]) == Decimal("250000000")
    assert Decimal(rows["D-2"]["value"]) == 1
    assert rows["B-5"]["value"] is None


def test_sendai_states_the_year_of_the_population_it_falls_back_on(
    web, kupang_editor, kupang_2024
) -> None:
    html = (
        web(kupang_editor)
        .get(reverse("disasters:sendai"), {"region": "53.01", "year": 2030})
        .content.decode()
    )
    assert 'data-testid="population-year"' in html
    assert "2025" in html.split('data-testid="population-year"')[1][:200]


def test_sendai_needs_a_known_region_in_scope_and_a_year(api, kupang_editor) -> None:
    client = api(kupang_editor)
    assert client.get("/api/v1/sendai/", {"region": "99", "year": 2024}).status_code == 404
    assert client.get("/api/v1/sendai/", {"region": "53.71", "year": 2024}).status_code == 403
    assert client.get("/api/v1/sendai/", {"region": "53.01", "year": "x"}).status_code == 400
    assert client.get("/api/v1/sendai/", {"region": "53.01"}).status_code == 400


def test_the_events_page_shows_unknown_figures_as_unknown(web, kupang_editor, kupang_2024) -> None:
    html = (
        web(kupang_editor)
        .get(reverse("disasters:event-detail", args=[kupang_2024[1].pk]))
        .content.decode()
    )
    assert "unknown" in html
    listing = (
        web(kupang_editor).get(reverse("disasters:event-list"), {"year": 2024}).content.decode()
    )
    assert "Nuataus" in listing
    assert "Kota Kupang" not in listing


def test_an_editor_records_an_event_in_the_form(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("disasters:event-add"),
        {
            "region": "53.01.27.2002",
            "hazard": "flood",
            "start_date": "2025-01-20",
            "verification": "unverified",
            "event_count": "1",
            "deaths": "0",
            "affected": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Event.objects.get()
    assert (saved.deaths, saved.affected) == (0, None)


def test_the_form_explains_bad_values(web, kupang_editor) -> None:
    html = (
        web(kupang_editor)
        .post(
            reverse("disasters:event-add"),
            {
                "region": "53.71",
                "hazard": "flood",
                "start_date": "2999-01-20",
                "verification": "unverified",
                "event_count": "1",
                "deaths": "-1",
            },
        )
        .content.decode()
    )
    assert "future" in html
    assert not Event.objects.exists()


def test_the_sendai_page_shows_definitions(web, kupang_editor, kupang_2024) -> None:
    html = (
        web(kupang_editor)
        .get(reverse("disasters:sendai"), {"region": "53.01", "year": 2024})
        .content.decode()
    )
    assert "A-1" in html
    assert "per 100,000 population" in html
    assert (
        web(kupang_editor).get(reverse("disasters:sendai"), {"region": "53.71"}).status_code == 403
    )


def test_events_are_downloaded_in_each_format(web, kupang_editor, kupang_2024) -> None:
    client = web(kupang_editor)
    for fmt in ("csv", "dibi", "desinventar"):
        response = client.get(reverse("disasters:event-list"), {"year": 2024, "export": fmt})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"53.71" not in response.content


def test_the_form_records_people_by_sex_and_disability(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("disasters:event-add"),
        {
            "region": "53.01.27.2002",
            "hazard": "flood",
            "start_date": "2025-01-20",
            "verification": "unverified",
            "event_count": "1",
            "affected": "40",
            "dis__affected__female": "22",
            "dis__affected__with_disability": "2",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get().disaggregation == {"affected": {"female": 22, "with_disability": 2}}
    refused = web(kupang_editor).post(
        reverse("disasters:event-add"),
        {
            "region": "53.01",
            "hazard": "flood",
            "start_date": "2025-01-21",
            "verification": "unverified",
            "event_count": "1",
            "deaths": "1",
            "dis__deaths__male": "5",
        },
    )
    assert "Deaths among men (5) exceed the total deaths (1)." in refused.content.decode()
    assert Event.objects.count() == 1
