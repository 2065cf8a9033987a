"""Region scope of every preparedness record on page, API and CLI (the shared scope suite)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.disasters import services as disaster_services
from tangguh.preparedness import services

from .conftest import hazard, plan_values, region, team_values

_numbers = itertools.count(1)


def _village(code: str) -> str:
    """A village inside a regency: Kelurahan Fatufeto (Kota Kupang), Nuataus (Kabupaten Kupang)."""
    return {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}[code]


def make_plan(code: str) -> Any:
    return services.create_plan(
        actor=None, **plan_values(region=region(code), title=f"Plan {next(_numbers)}")
    )


def make_team(code: str) -> Any:
    return services.create_team(
        actor=None, **team_values(region=region(_village(code)), name=f"Team {next(_numbers)}")
    )


def make_exercise(code: str) -> Any:
    return services.create_exercise(
        actor=None, plan=make_plan(code), date=dt.date(2025, 3, 4), kind="tabletop"
    )


def make_training(code: str) -> Any:
    return services.create_training(
        actor=None, team=make_team(code), date=dt.date(2025, 2, 1), topic="Evakuasi"
    )


def make_equipment(code: str) -> Any:
    return services.create_equipment(
        actor=None, team=make_team(code), item="Perahu karet", quantity=2, condition="good"
    )


def make_activation(code: str) -> Any:
    return services.create_activation(
        actor=None,
        team=make_team(code),
        date=dt.date(2025, 1, 20),
        hazard=hazard("flood"),
        actions="Evakuasi warga",
        people_helped=40,
    )


def _event(code: str) -> dict[str, Any]:
    """A change linking a disaster event of the village of that regency."""
    event = disaster_services.create_event(
        actor=None,
        region=region(_village(code)),
        hazard=hazard("flood"),
        start_date=dt.date(2025, 1, 19),
    )
    return {"event": event.pk}


def _agency(code: str) -> dict[str, Any]:
    agency: Any = AgencyFactory(region_id=code, code=f"1.05.0.00.0.00.{next(_numbers):02d}.0000")
    return {"agencies": [agency.pk]}


def plan_payload(code: str) -> dict[str, Any]:
    return {"region": code, "hazard": "flood", "title": f"Plan {next(_numbers)}", "year": 2025}


CASES = [
    ScopeCase(
        name="plan",
        make=make_plan,
        api="/api/v1/contingency-plans/",
        payload=plan_payload,
        change={"title": "Rencana diperbarui"},
        move=lambda code: {"region": code},
        foreign=_agency,
        page_list="preparedness:plan-list",
        page_detail="preparedness:plan-detail",
        page_add="preparedness:plan-add",
        page_edit="preparedness:plan-edit",
        page_delete="preparedness:plan-delete",
        page_export="export=csv",
        cli=("export_preparedness", "plans"),
        api_queries=8,  # measured 6 with 5 and with 20 plans
        list_queries=10,  # measured 8 with 5 and with 20 plans
    ),
    ScopeCase(
        name="team",
        make=make_team,
        api="/api/v1/preparedness-teams/",
        payload=lambda code: {
            "region": _village(code),
            "kind": "ksb",
            "name": f"Team {next(_numbers)}",
        },
        change={"notes": "Rapat bulanan"},
        move=lambda code: {"region": _village(code)},
        page_list="preparedness:team-list",
        page_detail="preparedness:team-detail",
        page_add="preparedness:team-add",
        page_edit="preparedness:team-edit",
        page_delete="preparedness:team-delete",
        page_export="export=csv",
        cli=("export_preparedness", "teams"),
        api_queries=9,  # measured 7 with 5 and with 20 teams
        list_queries=9,  # measured 7 with 5 and with 20 teams
    ),
    ScopeCase(
        name="exercise",
        make=make_exercise,
        api="/api/v1/contingency-plan-exercises/",
        payload=lambda code: {
            "plan": make_plan(code).pk,
            "date": "2025-04-01",
            "kind": "field",
        },
        change={"notes": "Gladi lapang"},
        move=lambda code: {"plan": make_plan(code).pk},
        page_add="preparedness:exercise-add",
        page_add_args=lambda exercise: (exercise.plan_id,),
        page_edit="preparedness:exercise-edit",
        page_delete="preparedness:exercise-delete",
        api_queries=5,  # measured 4 with 5 and with 20 exercises
    ),
    ScopeCase(
        name="training",
        make=make_training,
        api="/api/v1/preparedness-team-trainings/",
        payload=lambda code: {
            "team": make_team(code).pk,
            "date": "2025-04-01",
            "topic": "P3K",
        },
        change={"topic": "Pertolongan pertama"},
        move=lambda code: {"team": make_team(code).pk},
        page_add="preparedness:training-add",
        page_add_args=lambda training: (training.team_id,),
        page_edit="preparedness:training-edit",
        page_delete="preparedness:training-delete",
        api_queries=5,  # measured 4 with 5 and with 20 trainings
    ),
    ScopeCase(
        name="equipment",
        make=make_equipment,
        api="/api/v1/preparedness-team-equipment/",
        payload=lambda code: {"team": make_team(code).pk, "item": "Genset", "quantity": 1},
        change={"condition": "repair"},
        move=lambda code: {"team": make_team(code).pk},
        page_add="preparedness:equipment-add",
        page_add_args=lambda equipment: (equipment.team_id,),
        page_edit="preparedness:equipment-edit",
        page_delete="preparedness:equipment-delete",
        api_queries=5,  # measured 4 with 5 and with 20 items
    ),
    ScopeCase(
        name="activation",
        make=make_activation,
        api="/api/v1/preparedness-team-activations/",
        payload=lambda code: {
            "team": make_team(code).pk,
            "date": "2025-02-03",
            "hazard": "flood",
            "actions": "Dapur umum",
        },
        change={"people_helped": 55},
        move=lambda code: {"team": make_team(code).pk},
        foreign=_event,
        page_add="preparedness:activation-add",
        page_add_args=lambda activation: (activation.team_id,),
        page_edit="preparedness:activation-edit",
        page_delete="preparedness:activation-delete",
        api_queries=5,  # measured 4 with 5 and with 20 activations
    ),
]

test_scope = scope_suite(CASES)
