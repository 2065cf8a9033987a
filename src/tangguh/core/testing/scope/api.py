"""The scope suite's API checks: list, detail, change, move, foreign keys, create, delete and the
verbs a case does not offer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tangguh.core.testing.scope.case import MISSING, ROLES, ScopeCase, Values, World
from tangguh.core.testing.scope.case import count as _count
from tangguh.core.testing.scope.case import fresh as _fresh
from tangguh.core.testing.scope.case import snapshot as _snapshot
from tangguh.core.testing.scope.hidden import assert_hidden


def check_api_list(case: ScopeCase, world: World) -> None:
    """Readers list the record; others do not; a list stays within its ceiling."""
    obj = case.make(case.home)
    for where in case.places():
        for role in ROLES:
            response = world.api(world.user(where, role)).get(case.api)
            if case.reads(obj, where, role):
                assert response.status_code == 200, (where, role, response.content[:300])
                assert obj.pk in ids(response.json()), f"{where} {role} must list the record"
            elif response.status_code != 403:
                assert response.status_code == 200, (where, role, response.content[:300])
                assert obj.pk not in ids(response.json()), f"{where} {role} must not list it"
    client = world.api(world.user("home", case.view_role))
    queries = steady_queries(case, lambda: client.get(case.api), "API list")
    assert queries <= case.api_queries, f"{queries} queries for the API list"


def steady_queries(case: ScopeCase, request: Callable[[], Any], what: str) -> int:
    """The queries of a request with `many` more records, the same again with twice as many."""
    counts = []
    for _round in range(2):
        for _ in range(case.many):
            case.make(case.home)
        with CaptureQueriesContext(connection) as queries:
            assert request().status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{what}: {counts[0]} queries, then {counts[1]} (N+1)"
    return counts[1]


def ids(body: Any) -> set[Any]:
    """The ids of the records of an API list (paginated or not)."""
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    return {row.get("id") for row in rows}


def check_api_detail(case: ScopeCase, world: World) -> None:
    """Detail: 200 for readers, 403 for everyone else, 404 when absent."""
    obj = case.make(case.home)
    for where in case.places():
        for role in ROLES:
            status = 200 if case.reads(obj, where, role) else 403
            response = world.api(world.user(where, role)).get(case.detail(obj))
            assert response.status_code == status, (where, role, response.content[:300])
            if status == 403:
                assert response.json()["error"]["code"] == "permission_denied"
    missing = world.api(world.user("home", "manager")).get(f"{case.api}{MISSING}/")
    assert missing.status_code == 404


def check_api_change(case: ScopeCase, world: World) -> None:
    """Members below the writing role and sibling members may not change the record; a home
    writer may."""
    assert case.change is not None
    obj = case.make(case.home)
    before = _snapshot(obj)
    for who in case.refused():
        response = world.api(world.user(*who)).patch(case.detail(obj), case.change, format="json")
        assert response.status_code == 403, (who, response.content[:300])
        assert _snapshot(obj) == before, f"{who} changed the record"
    response = world.api(world.user("home", case.write_role)).patch(
        case.detail(obj), case.change, format="json"
    )
    assert response.status_code == 200, response.content[:500]
    assert _snapshot(obj) != before, "the change was not stored"


def _refused_patch(case: ScopeCase, world: World, values: Values) -> None:
    """A home writer's partial update with `values` is refused and changes nothing."""
    obj = case.make(case.home)
    before = _snapshot(obj)
    response = world.api(world.user("home", case.write_role)).patch(
        case.detail(obj), values, format="json"
    )
    assert response.status_code in (400, 403), (values, response.content[:500])
    assert _snapshot(obj) == before, values


def check_api_move(case: ScopeCase, world: World) -> None:
    """A home writer cannot move the record into the sibling regency."""
    assert case.move is not None
    _refused_patch(case, world, case.move(case.other))


def check_api_foreign(case: ScopeCase, world: World) -> None:
    """A home writer cannot refer the record to an object of the sibling regency, and the
    refusal answers as for an object that does not exist."""
    for values in case.foreign_values(case.other):
        _refused_patch(case, world, values)
        obj = case.make(case.home)
        client = world.api(world.user("home", case.write_role))
        send = functools.partial(client.patch, case.detail(obj), format="json")
        assert_hidden(send, values, case.change)


def check_api_create(case: ScopeCase, world: World) -> None:
    """A home writer may create at home; members below the role, sibling members and a home
    writer creating in the sibling regency may not."""
    assert case.payload is not None
    obj = case.make(case.home)
    foreign = case.foreign_payload(case.other) if case.foreign_payload else []
    count = _count(obj)
    attempts = [(who, case.payload(case.home)) for who in case.refused()]
    attempts.append((("home", case.write_role), case.payload(case.other)))
    for who, body in attempts:
        response = world.api(world.user(*who)).post(case.api, body, format="json")
        assert response.status_code in (400, 403), (who, response.content[:300])
        if who[0] == "home" and who[1] not in case.writers():
            assert response.status_code == 403, (who, response.content[:300])
    assert _count(obj) == count, "a refused create wrote a record"
    writer = world.api(world.user("home", case.write_role))
    for body in foreign:
        response = writer.post(case.api, body, format="json")
        assert response.status_code in (400, 403), (body, response.content[:300])
        assert _count(obj) == count, f"a create referring to {case.other} wrote a record"
    response = writer.post(case.api, case.payload(case.home), format="json")
    assert response.status_code == 201, response.content[:500]


def check_api_delete(case: ScopeCase, world: World) -> None:
    """Members below the writing role and sibling members may not delete the record; a home
    writer may."""
    obj = case.make(case.home)
    for who in case.refused():
        assert world.api(world.user(*who)).delete(case.detail(obj)).status_code == 403, who
        assert _fresh(obj) is not None
    response = world.api(world.user("home", case.write_role)).delete(case.detail(obj))
    assert response.status_code == 204, response.content[:300]
    assert _fresh(obj) is None


def check_api_methods(case: ScopeCase, world: World) -> None:
    """The verbs a case does not offer answer 405, even to a home manager, and change nothing."""
    obj = case.make(case.home)
    before, count = _snapshot(obj), _count(obj)
    client = world.api(world.user("home", "manager"))
    for method in case.refused_methods:
        path = case.api if method == "post" else case.detail(obj)
        response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 405, (method, response.content[:300])
    assert _snapshot(obj) == before
    assert _count(obj) == count
