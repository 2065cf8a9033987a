"""Region scope of every preparedness record on page, API and CLI (the shared scope suite)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.preparedness import services

from .conftest import plan_values, region, team_values

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


def _agency(code: str) -> dict[str, Any]:
    agency: Any = AgencyFactory(region_id=code, code=f"1.05.0.00.0.00.{next(_numbers):02d}.0000")
    return {"agencies": [agency.pk]}


def plan_payload(code: str) -> dict[str, Any]:
    return {"region": code, "hazard": "flood", "title": f"Plan {next(_numbers)}", "year": 2025}


test_scope = scope_suite(
    [
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
            cli=("export_preparedness", "plans"),
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
            cli=("export_preparedness", "teams"),
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
            page_edit="preparedness:exercise-edit",
            page_delete="preparedness:exercise-delete",
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
            page_edit="preparedness:training-edit",
            page_delete="preparedness:training-delete",
        ),
    ]
)
