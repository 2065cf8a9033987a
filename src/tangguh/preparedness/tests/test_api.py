"""The preparedness API: region scope, filters, audited writes through services, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from tangguh.core.models import ChangeRecord
from tangguh.preparedness import services
from tangguh.preparedness.models import ContingencyPlan, Exercise, PreparednessTeam, Training

from .conftest import hazard

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/contingency-plans/"
EXERCISES = "/api/v1/contingency-plan-exercises/"
TEAMS = "/api/v1/preparedness-teams/"
TRAININGS = "/api/v1/preparedness-team-trainings/"
EQUIPMENT = "/api/v1/preparedness-team-equipment/"
ACTIVATIONS = "/api/v1/preparedness-team-activations/"


@pytest.fixture
def exercise(kota_plan) -> Exercise:
    return services.create_exercise(
        actor=None, plan=kota_plan, date=dt.date(2025, 3, 4), kind="tabletop"
    )


def test_plans_are_listed_within_the_member_s_regions(api, kota_editor, exercise, kupang_plan):
    body = api(kota_editor).get(PLANS).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["region"], row["hazard"], row["status"]) == ("53.71", "flood", "legalised")
    assert [e["date"] for e in row["exercises"]] == ["2025-03-04"]
    assert row["exercises"][0]["participants_women"] is None


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"region": "53.01"}, 1),
        ({"region": "53.71.01"}, 0),
        ({"year": 2026}, 1),
        ({"year": 2025, "in_force": "true"}, 1),
        ({"hazard": "drought"}, 1),
        ({"status": "legalised"}, 1),
    ],
)
def test_plans_are_filtered(api, province_manager, kota_plan, kupang_plan, query, count):
    assert api(province_manager).get(PLANS, query).json()["count"] == count


def test_bad_filters_answer_400_403_404(api, kota_editor):
    client = api(kota_editor)
    assert client.get(PLANS, {"year": "x"}).status_code == 400
    assert client.get(PLANS, {"region": "53.01"}).status_code == 403
    assert client.get(PLANS, {"region": "99.99"}).status_code == 404


def test_a_53_01_member_can_neither_read_nor_change_a_53_71_plan(api, kupang_editor, exercise):
    client = api(kupang_editor)
    plan_url = f"{PLANS}{exercise.plan_id}/"
    assert client.get(plan_url).status_code == 403
    assert client.patch(plan_url, {"title": "x"}, format="json").status_code == 403
    assert client.delete(plan_url).status_code == 403
    exercise_url = f"{EXERCISES}{exercise.pk}/"
    assert client.get(exercise_url).status_code == 403
    assert client.patch(exercise_url, {"notes": "x"}, format="json").status_code == 403
    body = {"plan": exercise.plan_id, "date": "2025-04-01", "kind": "field"}
    response = client.post(EXERCISES, body, format="json")
    # A plan of another regency is answered as a plan that does not exist.
    assert response.status_code == 400
    assert "does not exist" in response.json()["error"]["message"]
    assert Exercise.objects.count() == 1
    assert client.get(EXERCISES).json()["count"] == 0


def test_a_plan_is_created_updated_and_deleted_through_the_api(api, kota_editor, kota_agency):
    client = api(kota_editor)
    response = client.post(
        PLANS,
        {
            "region": "5371",
            "hazard": "landslide",
            "title": "Renkon Longsor",
            "year": 2025,
            "status": "consultation",
            "agencies": [kota_agency.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["region"], body["agencies"], body["in_force_now"]) == (
        "53.71",
        [kota_agency.pk],
        False,
    )
    url = f"{PLANS}{body['id']}/"
    response = client.patch(url, {"status": "draft"}, format="json")
    assert response.status_code == 200, response.json()
    plan = ContingencyPlan.objects.get()
    assert list(plan.agencies.all()) == [kota_agency]
    assert client.delete(url).status_code == 204
    changes = ChangeRecord.objects.filter(model="preparedness.contingencyplan")
    assert sorted(changes.values_list("action", "source")) == [
        ("create", "api"),
        ("delete", "api"),
        ("update", "api"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"region": "53"}, "region"),
        ({"valid_from": "2025-05-01", "valid_until": "2025-01-01"}, "valid_until"),
        ({"status": "legalised"}, "legalised_on"),
        ({"hazard": "meteor"}, "hazard"),
        ({"region": "99.99"}, "region"),
        ({"year": 1800}, "year"),
    ],
)
def test_bad_plans_are_400_with_the_field(api, kota_editor, body, field):
    data = {"region": "53.71", "hazard": "flood", "title": "X", "year": 2025, **body}
    response = api(kota_editor).post(PLANS, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"], response.json()


def test_an_exercise_is_added_through_the_api_and_validated(api, kota_editor, kota_plan):
    client = api(kota_editor)
    body = {"plan": kota_plan.pk, "date": "2023-01-10", "kind": "tabletop"}
    response = client.post(EXERCISES, body, format="json")
    assert response.status_code == 400
    assert "outside the plan's years" in response.json()["error"]["message"]
    response = client.post(EXERCISES, {**body, "date": "2025-01-10"}, format="json")
    assert response.status_code == 201, response.json()
    change = ChangeRecord.objects.get(model="preparedness.exercise")
    assert (change.region_code, change.actor) == ("53.71", kota_editor)
    assert client.get(EXERCISES, {"plan": kota_plan.pk}).json()["count"] == 1
    assert client.get(EXERCISES, {"year": 2024}).json()["count"] == 0


def test_teams_are_listed_and_filtered(api, kupang_editor, nuataus_team, poto_team):
    client = api(kupang_editor)
    assert client.get(TEAMS).json()["count"] == 2
    body = client.get(TEAMS, {"kind": "ksb"}).json()
    assert [t["name"] for t in body["results"]] == ["KSB Nuataus"]
    row = body["results"][0]
    assert (row["members_total"], row["members_with_disability"]) == (30, None)
    poto = client.get(f"{TEAMS}{poto_team.pk}/").json()
    assert (poto["members_women"], poto["members_total"]) == (None, None)
    assert client.get(TEAMS, {"year": 2022}).json()["count"] == 0


def test_a_village_officer_manages_only_their_village_s_team_through_the_api(
    api, village_officer, nuataus_team, poto_team
):
    client = api(village_officer)
    assert client.get(TEAMS).json()["count"] == 1
    assert client.get(f"{TEAMS}{poto_team.pk}/").status_code == 403
    response = client.patch(f"{TEAMS}{nuataus_team.pk}/", {"members_men": 19}, format="json")
    assert response.status_code == 200, response.json()
    response = client.post(
        TRAININGS, {"team": poto_team.pk, "date": "2025-01-01", "topic": "P3K"}, format="json"
    )
    # Another village's team is answered as a team that does not exist.
    assert response.status_code == 400
    assert "does not exist" in response.json()["error"]["message"]
    body = {"region": "53.01.27.2001", "kind": "ksb", "name": "KSB Poto"}
    assert client.post(TEAMS, body, format="json").status_code == 403
    response = client.post(TEAMS, {**body, "region": "53.01.27"}, format="json")
    assert response.status_code == 400
    assert "region" in response.json()["error"]["details"]


def test_team_items_are_written_through_their_endpoints(api, village_officer, nuataus_team):
    client = api(village_officer)
    for url, body in (
        (TRAININGS, {"date": "2024-09-12", "topic": "Evakuasi", "participants": 30}),
        (EQUIPMENT, {"item": "Tandu", "quantity": 2, "condition": "good", "year_acquired": 2024}),
        (ACTIVATIONS, {"date": "2025-02-12", "hazard": "flood", "actions": "Evakuasi"}),
    ):
        response = client.post(url, {"team": nuataus_team.pk, **body}, format="json")
        assert response.status_code == 201, (url, response.json())
        assert client.get(url, {"team": nuataus_team.pk}).json()["count"] == 1
    team = client.get(f"{TEAMS}{nuataus_team.pk}/").json()
    assert [len(team[k]) for k in ("trainings", "equipment", "activations")] == [1, 1, 1]
    assert team["activations"][0]["event"] is None
    training = Training.objects.get()
    response = client.patch(f"{TRAININGS}{training.pk}/", {"participants": -1}, format="json")
    assert response.status_code == 400
    assert client.delete(f"{TRAININGS}{training.pk}/").status_code == 204
    changes = ChangeRecord.objects.filter(actor=village_officer)
    assert set(changes.values_list("region_code", flat=True)) == {"53.01.27.2002"}
    assert changes.count() == 4


def test_an_activation_links_only_an_event_the_user_can_see(api, village_officer, nuataus_team):
    from tangguh.disasters import services as disaster_services
    from tangguh.regions.models import Region

    event = disaster_services.create_event(
        actor=None,
        region=Region.objects.get(code="53.01"),
        hazard=hazard("flood"),
        start_date=dt.date(2025, 2, 11),
    )
    body = {
        "team": nuataus_team.pk,
        "date": "2025-02-12",
        "hazard": "flood",
        "actions": "Evakuasi",
        "event": event.pk,
    }
    response = api(village_officer).post(ACTIVATIONS, body, format="json")
    assert response.status_code == 400
    # An event outside the user's regions is answered as one that does not exist.
    assert response.json()["error"]["details"]["event"] == [
        f'Invalid pk "{event.pk}" - object does not exist.'
    ]


def test_the_team_api_deletes_a_team_with_its_items(api, village_officer, nuataus_team):
    services.create_training(
        actor=None, team=nuataus_team, date=dt.date(2024, 9, 12), topic="Evakuasi"
    )
    assert api(village_officer).delete(f"{TEAMS}{nuataus_team.pk}/").status_code == 204
    assert not PreparednessTeam.objects.exists()
    assert not Training.objects.exists()


def test_anonymous_clients_are_refused(api):
    assert api(None).get(PLANS).status_code in (401, 403)
    assert api(None).get(TEAMS).status_code in (401, 403)


def test_the_openapi_schema_documents_every_endpoint(api, kota_editor):
    response = api(kota_editor).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for url in (PLANS, EXERCISES, TEAMS, TRAININGS, EQUIPMENT, ACTIVATIONS):
        assert url in paths
        assert f"{url}{{id}}/" in paths
    parameters = {p["name"] for p in paths[PLANS]["get"]["parameters"]}
    assert {"region", "year", "hazard", "status", "in_force"} <= parameters


def test_list_queries_do_not_grow_with_the_rows(
    api, province_manager, nuataus_team, django_assert_max_num_queries
):
    from .conftest import plan_values

    for number in range(6):
        plan = services.create_plan(actor=None, **plan_values(title=f"Plan {number}"))
        services.create_exercise(actor=None, plan=plan, date=dt.date(2025, 3, 4), kind="field")
        services.create_activation(
            actor=None,
            team=nuataus_team,
            date=dt.date(2025, 2, number + 1),
            hazard=hazard("flood"),
            actions="Evakuasi",
        )
    client = api(province_manager)
    for url in (PLANS, TEAMS, EXERCISES, ACTIVATIONS):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [EXERCISES, TRAININGS, EQUIPMENT, ACTIVATIONS])
@pytest.mark.parametrize("value", ["-4.14e+89", "1e400", "9223372036854775808", "0"])
def test_a_plan_or_team_id_out_of_range_is_400_not_500(api, province_manager, url, value):
    name = "plan" if url == EXERCISES else "team"
    response = api(province_manager).get(url, {name: value})
    assert response.status_code == 400
    assert name in response.json()["error"]["details"]
