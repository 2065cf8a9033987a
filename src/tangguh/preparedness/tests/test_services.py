"""Plans, teams and their items: validation messages, in-force years, scope and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.models import ChangeRecord
from tangguh.disasters import services as disaster_services
from tangguh.preparedness import services
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)

from .conftest import hazard, plan_values, region, team_values

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# Plans


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"valid_until": dt.date(2024, 1, 1)},
            "valid_until",
            "The end of validity is before its start.",
        ),
        ({"region": "53"}, "region", "not to a province"),
        ({"legalised_on": None}, "legalised_on", "needs the date it was legalised"),
        (
            {"valid_from": None, "valid_until": None},
            "valid_from",
            "needs the start of its validity",
        ),
        ({"legalised_on": TOMORROW}, "legalised_on", "The date legalised is in the future."),
        ({"year": 1850}, "year", "greater than or equal to 1900"),
        ({"year": 1999}, "year", "1999 is not a plausible year for a plan (from 2000 to"),
    ],
)
def test_impossible_plans_are_refused_with_a_clear_message(extra, field, message) -> None:
    if "region" in extra:
        extra = {"region": region(extra["region"])}
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor=None, **plan_values(**extra))
    assert any(message in text for text in messages_of(error)[field])
    assert not ContingencyPlan.objects.exists()


def test_a_draft_needs_neither_legal_basis_nor_validity() -> None:
    plan = services.create_plan(
        actor=None,
        **plan_values(status="draft", legalised_on=None, valid_from=None, valid_until=None),
    )
    assert not plan.in_force(2025)


def test_a_plan_may_belong_to_a_village_or_sub_district() -> None:
    for code in ("53.01.27", "53.01.27.2002"):
        services.create_plan(actor=None, **plan_values(region=region(code), title=code))
    assert ContingencyPlan.objects.within("53.01.27").count() == 2


def test_a_legalised_plan_is_in_force_only_within_its_validity(kota_plan) -> None:
    assert [kota_plan.in_force(y) for y in (2023, 2024, 2025, 2026, 2027)] == [
        False,
        True,
        True,
        True,
        False,
    ]
    in_2025 = ContingencyPlan.objects.filter(ContingencyPlan.in_force_q(2025))
    in_2027 = ContingencyPlan.objects.filter(ContingencyPlan.in_force_q(2027))
    assert list(in_2025) == [kota_plan]
    assert not in_2027.exists()


def test_an_open_ended_plan_stays_in_force_and_an_expired_one_does_not(kota_plan) -> None:
    services.update_plan(kota_plan, actor=None, valid_until=None)
    kota_plan.refresh_from_db()
    assert kota_plan.in_force(2040)
    services.update_plan(kota_plan, actor=None, status=ContingencyPlan.Status.EXPIRED)
    kota_plan.refresh_from_db()
    assert not kota_plan.in_force(2025)


def test_a_plan_s_year_filter_finds_plans_drawn_up_or_in_force(kota_plan, kupang_plan) -> None:
    assert set(ContingencyPlan.objects.get_queryset().for_year(2025)) == {kota_plan, kupang_plan}
    assert set(ContingencyPlan.objects.get_queryset().for_year(2026)) == {kota_plan}
    assert not ContingencyPlan.objects.get_queryset().for_year(2023).exists()


def test_a_53_01_member_cannot_create_or_change_a_53_71_plan(kupang_editor, kota_plan) -> None:
    with pytest.raises(PermissionDenied):
        services.create_plan(actor=kupang_editor, **plan_values(title="Other"))
    with pytest.raises(PermissionDenied):
        services.update_plan(kota_plan, actor=kupang_editor, title="Taken over")
    with pytest.raises(PermissionDenied):
        services.delete_plan(kota_plan, actor=kupang_editor)
    kota_plan.refresh_from_db()
    assert kota_plan.title == "Rencana Kontinjensi Banjir Kota Kupang"


def test_an_editor_cannot_move_a_plan_out_of_their_regions(kota_editor, kota_plan) -> None:
    with pytest.raises(PermissionDenied):
        services.update_plan(kota_plan, actor=kota_editor, region=region("53.01"))
    kota_plan.refresh_from_db()
    assert kota_plan.region_id == "53.71"


def test_agencies_are_recorded_and_audited(kota_editor, kota_agency) -> None:
    plan = services.create_plan(actor=kota_editor, agencies=[kota_agency], **plan_values())
    assert list(plan.agencies.all()) == [kota_agency]
    created = ChangeRecord.objects.get(model="preparedness.contingencyplan", action="create")
    assert created.changes["agencies"] == [None, [kota_agency.pk]]
    services.update_plan(plan, actor=kota_editor, agencies=[])
    updated = ChangeRecord.objects.get(model="preparedness.contingencyplan", action="update")
    assert updated.changes == {"agencies": [[kota_agency.pk], []]}
    assert not plan.agencies.exists()


def test_an_agency_of_another_government_is_refused(kota_editor, kupang_agency) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor=kota_editor, agencies=[kupang_agency], **plan_values())
    assert messages_of(error)["agencies"] == [
        "Not an agency of the province or of the regency/city of 53.71: BPBD (53.01)."
    ]
    province = AgencyFactory(region_id="53", code="1.05.P", short_name="BPBD NTT")
    plan = services.create_plan(actor=kota_editor, agencies=[province], **plan_values())
    assert list(plan.agencies.all()) == [province]


def test_an_update_without_agencies_keeps_them(kota_editor, kota_agency) -> None:
    plan = services.create_plan(actor=kota_editor, agencies=[kota_agency], **plan_values())
    services.update_plan(plan, actor=kota_editor, title="Revised")
    assert list(plan.agencies.all()) == [kota_agency]


def test_an_unchanged_update_writes_no_change_record(kota_plan) -> None:
    services.update_plan(kota_plan, actor=None, title=kota_plan.title)
    assert not ChangeRecord.objects.filter(action="update").exists()


# Exercises


def exercise_values(plan, **extra):
    base = {"plan": plan, "date": dt.date(2025, 3, 4), "kind": Exercise.Kind.TABLETOP}
    return {**base, **extra}


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"date": dt.date(2023, 6, 1)}, "date", "outside the plan's years (2024 to 2026)"),
        ({"date": TOMORROW}, "date", "The exercise date is in the future."),
        ({"participants_women": -1}, "participants_women", "greater than or equal to 0"),
        (
            {"participants_women": 10, "participants_men": 20, "participants_total": 25},
            "participants_total",
            "less than the women and men together",
        ),
        ({"kind": "party"}, "kind", "not a valid choice"),
    ],
)
def test_impossible_exercises_are_refused(kota_plan, extra, field, message) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_exercise(actor=None, **exercise_values(kota_plan, **extra))
    assert any(message in text for text in messages_of(error)[field]), messages_of(error)


def test_an_exercise_after_the_plan_s_validity_is_refused(kota_plan) -> None:
    services.update_plan(kota_plan, actor=None, valid_until=dt.date(2024, 12, 31))
    kota_plan.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.create_exercise(actor=None, **exercise_values(kota_plan))
    assert messages_of(error)["date"] == [
        "The exercise date lies outside the plan's years (2024 to 2024)."
    ]


def test_an_exercise_of_an_open_ended_plan_may_be_held_any_later_year(kupang_plan) -> None:
    exercise = services.create_exercise(actor=None, **exercise_values(kupang_plan))
    assert exercise.participants is None
    with pytest.raises(ValidationError) as error:
        services.create_exercise(
            actor=None, **exercise_values(kupang_plan, date=dt.date(2024, 12, 1))
        )
    assert "open-ended" in messages_of(error)["date"][0]


def test_an_exercise_keeps_unknown_counts_unknown(kota_plan) -> None:
    exercise = services.create_exercise(
        actor=None, **exercise_values(kota_plan, participants_women=0, participants_men=None)
    )
    exercise.refresh_from_db()
    assert (exercise.participants_women, exercise.participants_men) == (0, None)
    assert exercise.participants is None
    exercise = services.update_exercise(exercise, actor=None, participants_men=7)
    assert exercise.participants == 7


def test_exercises_are_audited_in_the_plan_s_region(kota_editor, kota_plan) -> None:
    exercise = services.create_exercise(actor=kota_editor, **exercise_values(kota_plan))
    services.update_exercise(exercise, actor=kota_editor, participants_total=40)
    services.delete_exercise(exercise, actor=kota_editor)
    changes = ChangeRecord.objects.filter(model="preparedness.exercise").order_by("at", "pk")
    assert [(c.action, c.region_code, c.actor) for c in changes] == [
        ("create", "53.71", kota_editor),
        ("update", "53.71", kota_editor),
        ("delete", "53.71", kota_editor),
    ]
    assert changes[1].changes == {"participants_total": [None, 40]}


def test_a_53_01_member_cannot_add_an_exercise_to_a_53_71_plan(kupang_editor, kota_plan) -> None:
    with pytest.raises(PermissionDenied):
        services.create_exercise(actor=kupang_editor, **exercise_values(kota_plan))
    exercise = services.create_exercise(actor=None, **exercise_values(kota_plan))
    with pytest.raises(PermissionDenied):
        services.update_exercise(exercise, actor=kupang_editor, notes="x")
    with pytest.raises(PermissionDenied):
        services.delete_exercise(exercise, actor=kupang_editor)


def test_deleting_a_plan_deletes_and_logs_its_exercises(kota_editor, kota_plan) -> None:
    services.create_exercise(actor=kota_editor, **exercise_values(kota_plan))
    services.delete_plan(kota_plan, actor=kota_editor)
    assert not Exercise.objects.exists()
    deleted = ChangeRecord.objects.filter(action="delete").values_list("model", "region_code")
    assert sorted(deleted) == [
        ("preparedness.contingencyplan", "53.71"),
        ("preparedness.exercise", "53.71"),
    ]


# Teams


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"region": "53.01.27"}, "region", "belongs to a village (desa/kelurahan)"),
        ({"region": "53.01"}, "region", "53.01 is a regency/city"),
        ({"members_women": -2}, "members_women", "greater than or equal to 0"),
        ({"members_with_disability": 31}, "members_with_disability", "than members (30)"),
        ({"established_on": TOMORROW}, "established_on", "in the future"),
        ({"kind": "army"}, "kind", "not a valid choice"),
    ],
)
def test_impossible_teams_are_refused(extra, field, message) -> None:
    if "region" in extra:
        extra = {"region": region(extra["region"])}
    with pytest.raises(ValidationError) as error:
        services.create_team(actor=None, **team_values(**extra))
    assert any(message in text for text in messages_of(error)[field]), messages_of(error)


def test_unknown_members_stay_unknown(nuataus_team) -> None:
    team = services.create_team(
        actor=None, **team_values(name="Relawan", members_women=None, members_men=4)
    )
    team.refresh_from_db()
    assert team.members_women is None
    assert team.members_total is None
    assert nuataus_team.members_total == 30


def test_a_village_has_one_team_of_a_name(nuataus_team) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_team(actor=None, **team_values())
    assert "already exists" in str(error.value)


def test_a_village_officer_manages_only_their_village_s_team(
    village_officer, nuataus_team, poto_team
) -> None:
    services.update_team(nuataus_team, actor=village_officer, members_women=13)
    services.create_training(
        actor=village_officer, team=nuataus_team, date=dt.date(2025, 1, 8), topic="P3K"
    )
    with pytest.raises(PermissionDenied):
        services.update_team(poto_team, actor=village_officer, members_women=1)
    with pytest.raises(PermissionDenied):
        services.create_training(
            actor=village_officer, team=poto_team, date=dt.date(2025, 1, 8), topic="P3K"
        )
    with pytest.raises(PermissionDenied):
        services.create_team(
            actor=village_officer, **team_values(region=region("53.01.27.2001"), name="New")
        )
    with pytest.raises(PermissionDenied):
        services.update_team(nuataus_team, actor=village_officer, region=region("53.01.27.2001"))


def test_team_items_are_audited_in_the_team_s_village(village_officer, nuataus_team) -> None:
    training = services.create_training(
        actor=village_officer, team=nuataus_team, date=dt.date(2024, 9, 12), topic="Evakuasi"
    )
    equipment = services.create_equipment(
        actor=village_officer, team=nuataus_team, item="Tandu", quantity=2
    )
    activation = services.create_activation(
        actor=village_officer,
        team=nuataus_team,
        date=dt.date(2025, 2, 12),
        hazard=hazard("flood"),
        actions="Evakuasi warga",
    )
    services.update_equipment(equipment, actor=village_officer, condition="repair")
    for item, delete in (
        (training, services.delete_training),
        (equipment, services.delete_equipment),
        (activation, services.delete_activation),
    ):
        delete(item, actor=village_officer)
    changes = ChangeRecord.objects.filter(
        model__in=["preparedness.training", "preparedness.equipment", "preparedness.activation"]
    )
    assert changes.count() == 7
    assert set(changes.values_list("region_code", flat=True)) == {"53.01.27.2002"}
    assert set(changes.values_list("actor", flat=True)) == {village_officer.pk}
    update = changes.get(action="update")
    assert update.changes == {"condition": ["unknown", "repair"]}


@pytest.mark.parametrize(
    ("model", "values", "field", "message"),
    [
        (Training, {"date": TOMORROW, "topic": "x"}, "date", "in the future"),
        (
            Training,
            {"date": dt.date(2024, 1, 1), "topic": "x", "participants": -1},
            "participants",
            "greater than or equal to 0",
        ),
        (Equipment, {"item": "Tenda", "quantity": -3}, "quantity", "greater than or equal to 0"),
        (Equipment, {"item": "Tenda", "year_acquired": 2999}, "year_acquired", "in the future"),
        (Equipment, {"item": "Tenda", "condition": "shiny"}, "condition", "not a valid choice"),
        (Activation, {"date": TOMORROW, "actions": "x"}, "date", "in the future"),
        (
            Activation,
            {"date": dt.date(2025, 1, 1), "actions": "x", "people_helped": -5},
            "people_helped",
            "greater than or equal to 0",
        ),
        (Activation, {"date": dt.date(2025, 1, 1), "actions": ""}, "actions", "cannot be blank"),
    ],
)
def test_impossible_team_items_are_refused(nuataus_team, model, values, field, message) -> None:
    create = {
        Training: services.create_training,
        Equipment: services.create_equipment,
        Activation: services.create_activation,
    }[model]
    if model is Activation:
        values = {"hazard": hazard("flood"), **values}
    with pytest.raises(ValidationError) as error:
        create(actor=None, team=nuataus_team, **values)
    assert any(message in text for text in messages_of(error)[field]), messages_of(error)


def _event(code: str, day: dt.date):
    return disaster_services.create_event(
        actor=None, region=region(code), hazard=hazard("flood"), start_date=day
    )


def test_an_activation_links_a_flood_in_or_around_the_village(kupang_editor, nuataus_team) -> None:
    regency_flood = _event("53.01", dt.date(2025, 2, 11))
    activation = services.create_activation(
        actor=kupang_editor,
        team=nuataus_team,
        date=dt.date(2025, 2, 12),
        hazard=hazard("flood"),
        event=regency_flood,
        actions="Evakuasi",
        people_helped=85,
    )
    assert activation.event == regency_flood
    elsewhere = _event("53.01.27.2001", dt.date(2025, 2, 11))
    with pytest.raises(ValidationError) as error:
        services.update_activation(activation, actor=kupang_editor, event=elsewhere)
    assert "not in or around the team's village" in messages_of(error)["event"][0]


def test_an_activation_cannot_link_an_event_the_user_cannot_see(
    village_officer, nuataus_team
) -> None:
    regency_flood = _event("53.01", dt.date(2025, 2, 11))
    with pytest.raises(ValidationError) as error:
        services.create_activation(
            actor=village_officer,
            team=nuataus_team,
            date=dt.date(2025, 2, 12),
            hazard=hazard("flood"),
            event=regency_flood,
            actions="Evakuasi",
        )
    assert messages_of(error)["event"] == ["Choose a disaster event in your regions."]
    assert not Activation.objects.exists()


def test_deleting_a_team_deletes_and_logs_its_items(village_officer, nuataus_team) -> None:
    services.create_training(
        actor=None, team=nuataus_team, date=dt.date(2024, 9, 12), topic="Evakuasi"
    )
    services.create_equipment(actor=None, team=nuataus_team, item="Megafon", quantity=1)
    services.delete_team(nuataus_team, actor=village_officer)
    assert not PreparednessTeam.objects.exists()
    assert not Training.objects.exists()
    deleted = ChangeRecord.objects.filter(action="delete", actor=village_officer)
    assert sorted(deleted.values_list("model", flat=True)) == [
        "preparedness.equipment",
        "preparedness.preparednessteam",
        "preparedness.training",
    ]


def test_items_are_read_through_the_parent_s_region(
    kupang_editor, kota_editor, kota_plan, nuataus_team
) -> None:
    services.create_exercise(actor=None, **exercise_values(kota_plan))
    services.create_training(
        actor=None, team=nuataus_team, date=dt.date(2024, 9, 12), topic="Evakuasi"
    )
    assert Exercise.objects.restrict(kupang_editor).count() == 0
    assert Exercise.objects.restrict(kota_editor).count() == 1
    assert Training.objects.restrict(kupang_editor).count() == 1
    assert Training.objects.restrict(kota_editor).count() == 0
    assert Training.objects.within("53.01.27.2002").count() == 1
