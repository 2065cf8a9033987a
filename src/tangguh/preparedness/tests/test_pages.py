"""Preparedness pages: lists, filters, records with their items, forms, overview and downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.core.testing import text_of
from tangguh.preparedness import services
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)

from .conftest import hazard, plan_values, region

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def exercise(kota_plan) -> Exercise:
    return services.create_exercise(
        actor=None,
        plan=kota_plan,
        date=dt.date(2025, 3, 4),
        kind=Exercise.Kind.FIELD,
        participants_women=18,
        participants_men=None,
    )


@pytest.fixture
def team_items(nuataus_team) -> dict[str, object]:
    return {
        "training": services.create_training(
            actor=None, team=nuataus_team, date=dt.date(2024, 9, 12), topic="Evakuasi"
        ),
        "equipment": services.create_equipment(
            actor=None, team=nuataus_team, item="Tandu lipat", quantity=2, condition="good"
        ),
        "activation": services.create_activation(
            actor=None,
            team=nuataus_team,
            date=dt.date(2025, 2, 12),
            hazard=hazard("flood"),
            actions="Evakuasi lansia ke gereja",
        ),
    }


# Plans


def test_the_plan_list_shows_only_the_user_s_regions(web, kota_editor, kota_plan, kupang_plan):
    page = html(web(kota_editor).get(reverse("preparedness:plan-list")))
    assert "Rencana Kontinjensi Banjir Kota Kupang" in page
    assert "Kekeringan" not in page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"region": "53.71"}, {"banjir"}),
        ({"region": "53.01"}, {"kekeringan"}),
        ({"hazard": "flood"}, {"banjir"}),
        ({"status": "draft"}, {"kekeringan"}),
        ({"year": "2026"}, {"banjir"}),
        ({"year": "2025"}, {"banjir", "kekeringan"}),
        ({"year": "2025", "in_force": "true"}, {"banjir"}),
        ({"year": "2025", "in_force": "false"}, {"kekeringan"}),
        ({"q": "188.45"}, {"banjir"}),
    ],
)
def test_the_plan_list_filters(web, province_manager, kota_plan, kupang_plan, query, found):
    page = html(web(province_manager).get(reverse("preparedness:plan-list"), query)).lower()
    assert {word for word in ("banjir", "kekeringan") if f"kontinjensi {word}" in page} == found


def test_a_plan_page_shows_its_exercises_and_unknown_counts(web, kota_editor, exercise):
    page = html(web(kota_editor).get(exercise.plan.get_absolute_url()))
    assert "In force in" in page
    assert "Field (gladi lapang)" in page
    assert 'class="unknown"' in page
    assert reverse("preparedness:exercise-edit", args=[exercise.pk]) in page
    assert 'data-testid="add-exercise"' in page


def test_a_viewer_sees_a_plan_without_edit_links(web, make_user, exercise):
    viewer = make_user("viewer", {"53.71": "viewer"})
    page = html(web(viewer).get(exercise.plan.get_absolute_url()))
    assert "add-exercise" not in page
    assert reverse("preparedness:plan-edit", args=[exercise.plan_id]) not in page


def test_a_53_01_member_can_neither_read_nor_change_a_53_71_plan(web, kupang_editor, exercise):
    client = web(kupang_editor)
    plan = exercise.plan
    for name, args in (
        ("preparedness:plan-detail", [plan.pk]),
        ("preparedness:plan-edit", [plan.pk]),
        ("preparedness:plan-delete", [plan.pk]),
        ("preparedness:exercise-add", [plan.pk]),
        ("preparedness:exercise-edit", [exercise.pk]),
        ("preparedness:exercise-delete", [exercise.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
        assert client.post(reverse(name, args=args), {"title": "x"}).status_code == 403, name
    assert ContingencyPlan.objects.filter(pk=plan.pk).exists()
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_an_editor_records_a_plan_with_its_agencies(web, kota_editor, kota_agency):
    client = web(kota_editor)
    form = html(client.get(reverse("preparedness:plan-add")))
    assert kota_agency.name in form
    response = client.post(
        reverse("preparedness:plan-add"),
        {
            "region": "5371",
            "hazard": "settlement_fire",
            "title": "Renkon Kebakaran",
            "year": "2025",
            "status": "legalised",
            "legal_basis": "SK 12/2025",
            "legalised_on": "2025-03-10",
            "valid_from": "2025-03-10",
            "valid_until": "",
            "agencies": [str(kota_agency.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ContingencyPlan.objects.get()
    assert (plan.region_id, plan.valid_until, list(plan.agencies.all())) == (
        "53.71",
        None,
        [kota_agency],
    )
    assert ChangeRecord.objects.get(model="preparedness.contingencyplan").source == "web"


def test_the_plan_form_explains_bad_values(web, kota_editor):
    page = html(
        web(kota_editor).post(
            reverse("preparedness:plan-add"),
            {
                "region": "53",
                "hazard": "flood",
                "title": "X",
                "year": "2025",
                "status": "legalised",
                "valid_from": "2025-05-01",
                "valid_until": "2025-01-01",
            },
        )
    )
    assert "The end of validity is before its start." in page
    assert "needs the date it was legalised" in page
    assert "not to a province" in page
    assert not ContingencyPlan.objects.exists()


def test_a_plan_outside_the_editor_s_regions_is_refused_in_the_form(web, kota_editor):
    page = html(
        web(kota_editor).post(
            reverse("preparedness:plan-add"),
            {"region": "53.01", "hazard": "flood", "title": "X", "year": "2025", "status": "draft"},
        )
    )
    assert "You may not add records in region 53.01" in page
    assert not ContingencyPlan.objects.exists()


def test_a_viewer_cannot_open_the_new_plan_form(web, make_user):
    viewer = make_user("viewer", {"53.71": "viewer"})
    assert web(viewer).get(reverse("preparedness:plan-add")).status_code == 403


def test_an_editor_changes_and_deletes_a_plan(web, kota_editor, exercise):
    client = web(kota_editor)
    plan = exercise.plan
    edit = reverse("preparedness:plan-edit", args=[plan.pk])
    assert "Rencana Kontinjensi Banjir" in html(client.get(edit))
    data = {**plan_values(), "region": "53.71", "hazard": "flood", "title": "Renkon Banjir 2"}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    update = ChangeRecord.objects.get(model="preparedness.contingencyplan", action="update")
    assert update.changes == {
        "title": ["Rencana Kontinjensi Banjir Kota Kupang", "Renkon Banjir 2"]
    }
    delete = reverse("preparedness:plan-delete", args=[plan.pk])
    assert "Renkon Banjir 2" in html(client.get(delete))
    assert client.post(delete).status_code == 302
    assert not ContingencyPlan.objects.exists()
    assert not Exercise.objects.exists()


def test_exercises_are_added_edited_and_deleted_on_small_pages(web, kota_editor, kota_plan):
    client = web(kota_editor)
    add = reverse("preparedness:exercise-add", args=[kota_plan.pk])
    assert "Record an exercise" in html(client.get(add))
    bad = html(client.post(add, {"date": "2023-01-05", "kind": "tabletop"}))
    assert "outside the plan&#x27;s years" in bad
    response = client.post(
        add, {"date": "2025-03-04", "kind": "both", "participants_women": "5", "notes": ""}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#exercises")
    exercise = Exercise.objects.get()
    assert (exercise.participants_women, exercise.participants_men) == (5, None)
    edit = reverse("preparedness:exercise-edit", args=[exercise.pk])
    assert client.post(edit, {"date": "2025-03-04", "kind": "field"}).status_code == 302
    exercise.refresh_from_db()
    assert (exercise.kind, exercise.participants_women) == ("field", None)
    delete = reverse("preparedness:exercise-delete", args=[exercise.pk])
    assert "Delete the exercise" in html(client.get(delete))
    assert client.post(delete).status_code == 302
    assert not Exercise.objects.exists()
    assert ChangeRecord.objects.filter(model="preparedness.exercise").count() == 3


def test_plans_are_downloaded_as_csv(web, kota_editor, exercise, kupang_plan):
    response = web(kota_editor).get(reverse("preparedness:plan-list"), {"export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="contingency-plans.csv"'
    rows = list(csv.DictReader(io.StringIO(text_of(response))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["region_code"], row["hazard"], row["status"], row["valid_until"]) == (
        "53.71",
        "flood",
        "legalised",
        "2026-12-31",
    )
    assert (row["exercises"], row["last_exercise"]) == ("1", "2025-03-04")


def test_a_formula_in_a_title_is_guarded_in_the_csv(web, kota_editor):
    services.create_plan(actor=None, **plan_values(title="=HYPERLINK(1)"))
    response = web(kota_editor).get(reverse("preparedness:plan-list"), {"export": "csv"})
    assert "'=HYPERLINK(1)" in text_of(response)


# Teams


def test_the_team_list_filters_by_region_and_kind(web, kupang_editor, nuataus_team, poto_team):
    client = web(kupang_editor)
    page = html(client.get(reverse("preparedness:team-list")))
    assert "KSB Nuataus" in page
    assert "Forum PRB Poto" in page
    page = html(client.get(reverse("preparedness:team-list"), {"kind": "destana"}))
    assert "KSB Nuataus" not in page
    page = html(client.get(reverse("preparedness:team-list"), {"region": "53.01.27.2002"}))
    assert "Forum PRB Poto" not in page
    assert client.get(reverse("preparedness:team-list"), {"region": "53.71"}).status_code == 403


def test_a_village_officer_sees_only_their_team(web, village_officer, nuataus_team, poto_team):
    client = web(village_officer)
    page = html(client.get(reverse("preparedness:team-list")))
    assert "KSB Nuataus" in page
    assert "Forum PRB Poto" not in page
    assert client.get(poto_team.get_absolute_url()).status_code == 403
    edit = reverse("preparedness:team-edit", args=[poto_team.pk])
    assert client.post(edit, {"name": "Mine"}).status_code == 403
    add = reverse("preparedness:training-add", args=[poto_team.pk])
    assert client.post(add, {"date": "2025-01-01", "topic": "x"}).status_code == 403
    assert not Training.objects.exists()


def test_a_team_page_shows_members_and_items(web, village_officer, nuataus_team, team_items):
    page = html(web(village_officer).get(nuataus_team.get_absolute_url()))
    for text in ("Tim Kampung Siaga Bencana", "Evakuasi", "Tandu lipat", "Evakuasi lansia"):
        assert text in page
    assert "add-training" in page
    assert "add-equipment" in page
    assert "add-activation" in page
    assert 'data-testid="members"' in page
    assert "unknown" in page  # members with disabilities


def test_a_village_officer_records_a_team_only_in_their_village(web, village_officer):
    client = web(village_officer)
    data = {"region": "53.01.27.2001", "kind": "ksb", "name": "KSB Poto"}
    page = html(client.post(reverse("preparedness:team-add"), data))
    assert "You may not add records in region 53.01.27.2001" in page
    page = html(client.post(reverse("preparedness:team-add"), {**data, "region": "53.01.27"}))
    assert "belongs to a village" in page
    response = client.post(
        reverse("preparedness:team-add"),
        {**data, "region": "5301272002", "members_women": "4", "members_men": ""},
    )
    assert response.status_code == 302
    team = PreparednessTeam.objects.get()
    assert (team.region_id, team.members_women, team.members_men) == ("53.01.27.2002", 4, None)


def test_team_items_are_added_edited_and_deleted(web, village_officer, nuataus_team):
    client = web(village_officer)
    for kind, data in (
        ("training", {"date": "2024-09-12", "topic": "P3K", "organiser": "Dinsos"}),
        ("equipment", {"item": "Megafon", "quantity": "1", "condition": "good"}),
        ("activation", {"date": "2025-02-12", "hazard": "flood", "actions": "Evakuasi"}),
    ):
        add = reverse(f"preparedness:{kind}-add", args=[nuataus_team.pk])
        assert html(client.get(add))
        response = client.post(add, data)
        assert response.status_code == 302, (kind, response.content.decode()[:2000])
    training, equipment, activation = (
        Training.objects.get(),
        Equipment.objects.get(),
        Activation.objects.get(),
    )
    edit = reverse("preparedness:equipment-edit", args=[equipment.pk])
    response = client.post(edit, {"item": "Megafon", "quantity": "", "condition": "broken"})
    assert response.status_code == 302
    equipment.refresh_from_db()
    assert (equipment.quantity, equipment.condition) == (None, "broken")
    bad = html(
        client.post(
            reverse("preparedness:activation-edit", args=[activation.pk]),
            {"date": "2999-01-01", "hazard": "flood", "actions": "x", "people_helped": "-1"},
        )
    )
    assert "The activation date is in the future." in bad
    assert "greater than or equal to 0" in bad
    for kind, item in (
        ("training", training),
        ("equipment", equipment),
        ("activation", activation),
    ):
        assert (
            client.post(reverse(f"preparedness:{kind}-delete", args=[item.pk])).status_code == 302
        )
    assert not Training.objects.exists()
    assert not Activation.objects.exists()
    assert (
        ChangeRecord.objects.filter(actor=village_officer, region_code="53.01.27.2002").count() == 7
    )


def test_the_activation_form_offers_only_visible_events_around_the_village(
    web, kupang_editor, nuataus_team
):
    from tangguh.disasters import services as disaster_services

    def event(code):
        return disaster_services.create_event(
            actor=None, region=region(code), hazard=hazard("flood"), start_date=dt.date(2025, 2, 1)
        )

    near, far, other = event("53.01.27"), event("53.01.27.2001"), event("53.71")
    page = html(
        web(kupang_editor).get(reverse("preparedness:activation-add", args=[nuataus_team.pk]))
    )
    assert f'value="{near.pk}"' in page
    assert f'value="{far.pk}"' not in page
    assert f'value="{other.pk}"' not in page


def test_teams_are_downloaded_as_csv(web, kupang_editor, nuataus_team, poto_team, team_items):
    response = web(kupang_editor).get(
        reverse("preparedness:team-list"), {"export": "csv", "kind": "ksb"}
    )
    rows = list(csv.DictReader(io.StringIO(text_of(response))))
    assert [row["name"] for row in rows] == ["KSB Nuataus"]
    row = rows[0]
    assert (row["members_women"], row["members_with_disability"], row["members_total"]) == (
        "12",
        "",
        "30",
    )
    assert (row["trainings"], row["equipment_items"], row["last_activation"]) == (
        "1",
        "1",
        "2025-02-12",
    )


# Overview


def test_the_overview_shows_plans_in_force_and_teams(
    web, province_manager, exercise, nuataus_team, team_items
):
    client = web(province_manager)
    page = html(client.get(reverse("preparedness:overview"), {"region": "53.71", "year": 2025}))
    assert "Rencana Kontinjensi Banjir Kota Kupang" in page
    assert "2025-03-04" in page  # last exercise
    assert "1 of 13 hazards have a contingency plan in force in 2025." in page
    page = html(client.get(reverse("preparedness:overview"), {"region": "53.71", "year": 2027}))
    assert "0 of 13 hazards" in page
    page = html(
        client.get(reverse("preparedness:overview"), {"region": "53.01.27.2002", "year": 2025})
    )
    assert "Preparedness of Kabupaten Kupang" in page
    assert "KSB Nuataus" in page
    assert "2024-09-12" in page  # last training
    assert "1 of 177 villages" in page


def test_the_overview_of_a_province_member_asks_for_a_regency(web, province_manager):
    page = html(web(province_manager).get(reverse("preparedness:overview")))
    assert page.count('href="?region=53.') == 22


def test_the_overview_defaults_to_the_member_s_regency(web, village_officer, nuataus_team):
    page = html(web(village_officer).get(reverse("preparedness:overview")))
    assert "Preparedness of Kabupaten Kupang" in page
    assert "KSB Nuataus" in page


def test_the_overview_of_another_regency_is_forbidden(web, kupang_editor, kota_plan):
    response = web(kupang_editor).get(reverse("preparedness:overview"), {"region": "53.71"})
    assert response.status_code == 403
    response = web(kupang_editor).get(reverse("preparedness:overview"), {"region": "99.99"})
    assert response.status_code == 404


def test_the_index_leads_to_the_overview_whose_tabs_list_the_pages(web, kupang_editor):
    client = web(kupang_editor)
    response = client.get("/preparedness/")
    assert response["Location"] == reverse("preparedness:overview")
    assert f'href="{reverse("preparedness:overview")}"' in html(client.get("/"))
    tabs = html(client.get(reverse("preparedness:plan-list")))
    for name in ("preparedness:overview", "preparedness:plan-list", "preparedness:team-list"):
        assert f'href="{reverse(name)}"' in tabs


def test_pages_need_a_sign_in(client):
    for name in ("preparedness:plan-list", "preparedness:team-list", "preparedness:overview"):
        assert client.get(reverse(name)).status_code == 302


def test_editing_a_plan_keeps_agencies_the_editor_cannot_see(web, kota_editor):
    from tangguh.accounts.models import Agency

    province = Agency.objects.create(region_id="53", code="1.05.P", name="BPBD Provinsi NTT")
    plan = services.create_plan(actor=None, agencies=[province], **plan_values())
    client = web(kota_editor)
    edit = reverse("preparedness:plan-edit", args=[plan.pk])
    assert "BPBD Provinsi NTT" in html(client.get(edit))
    data = {**plan_values(), "region": "53.71", "hazard": "flood", "agencies": [province.pk]}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    assert client.post(edit, data).status_code == 302
    assert list(plan.agencies.all()) == [province]


def test_kept_region_facts_follow_new_and_deleted_records(kupang_editor, nuataus_team) -> None:
    from tangguh.preparedness.summaries import region_facts

    def values() -> list[object]:
        return [f.value for f in region_facts(kupang_editor, "53.01")]

    assert values() == [0, 0, 1]
    plan = services.create_plan(actor=None, **plan_values(region=region("53.01")))
    assert values()[1:] == [1, 1]
    services.delete_team(nuataus_team, actor=None)
    assert values()[1:] == [1, 0]
    services.delete_plan(plan, actor=None)
    assert values() == []
