"""The scope suite: one declaration per region-owned model checks every verb on page, API and CLI
for a viewer, an editor and a manager of the record's regency and of a sibling regency.

A model's tests declare a `ScopeCase` (how to make a record in a region, its URLs, a valid
payload) and call `scope_suite(cases)`, which returns a parametrised test. Each check runs
in its own database transaction. The regions: the record lies in `home` (default Kota Kupang,
53.71, or a place inside it); the sibling regency is `other` (default Kabupaten Kupang, 53.01).

What is checked (a check is skipped when the case does not declare what it needs):

- list (API and page): home members see the record, sibling members do not; the list answers
  within the case's query ceiling with `many` records;
- detail (API and page): 200 at home, 403 for the sibling, 404 for a record that does not exist;
- change (API PATCH, page edit): 403 for a viewer, 403 for a sibling editor, allowed for a home
  editor; the record is unchanged after a refusal;
- move: a home editor cannot move the record into the sibling regency (4xx, unchanged);
- foreign keys: a payload that refers to an object of the sibling regency is refused;
- create (API POST): a home editor may, a home viewer and a sibling editor may not;
- delete (API, page POST): refused for a viewer and a sibling editor, allowed for a home editor;
- CLI: an export `--actor` shows the record to home members only.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

HOME, OTHER = "53.71", "53.01"
ROLES = ("viewer", "editor", "manager")


@dataclass(frozen=True)
class ScopeCase:
    """How the scope suite exercises one region-owned model.

    `make(region_code)` creates a record in that region (through the app's services, as the
    system) and returns it. URLs are given as the API list path and page URL names taking the
    record's pk. `payload(region_code)` is a valid API body for a new record there;
    `change` a valid partial update; `move(region_code)` the partial update that moves the record
    there; `foreign(region_code)` a partial update referring to an object of that region.
    """

    name: str
    make: Callable[[str], Any]
    api: str = ""
    home: str = HOME
    other: str = OTHER
    payload: Callable[[str], dict[str, Any]] | None = None
    change: dict[str, Any] | None = None
    move: Callable[[str], dict[str, Any]] | None = None
    foreign: Callable[[str], dict[str, Any]] | None = None
    page_list: str = ""
    page_detail: str = ""
    page_edit: str = ""
    page_delete: str = ""
    cli: tuple[str, ...] = ()
    cli_shows: Callable[[Any, str], bool] = lambda obj, text: f"\n{obj.pk}," in "\n" + text
    many: int = 5
    list_queries: int = 15
    api_queries: int = 15
    deletable: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def detail(self, obj: Any) -> str:
        """The API path of one record."""
        return f"{self.api}{obj.pk}/"


@dataclass
class World:
    """Users of the home and the sibling regency in every role, and clients for them."""

    users: dict[tuple[str, str], Any]
    api: Callable[[Any], Any]
    web: Callable[[Any], Any]

    def user(self, where: str, role: str) -> Any:
        """The member of `where` ("home" or "other") with `role`."""
        return self.users[(where, role)]


def _world(case: ScopeCase, make_user: Any, api: Any, web: Any) -> World:
    users = {}
    for where, code in (("home", case.home), ("other", case.other)):
        regency = ".".join(code.split(".")[:2])
        for role in ROLES:
            users[(where, role)] = make_user(f"{where}.{role}", {regency: role})
    return World(users, api, web)


def _fresh(obj: Any) -> Any:
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def _snapshot(obj: Any) -> dict[str, Any]:
    stored = _fresh(obj)
    return {f.attname: getattr(stored, f.attname) for f in stored._meta.concrete_fields}


# --------------------------------------------------------------------------------------------
# The checks: each takes the case and the world, and asserts.


def check_api_list(case: ScopeCase, world: World) -> None:
    """Home members list the record; sibling members do not; a list stays within its ceiling."""
    obj = case.make(case.home)
    for role in ROLES:
        home = world.api(world.user("home", role)).get(case.api)
        assert home.status_code == 200, (role, home.content[:300])
        assert obj.pk in _ids(home.json()), f"home {role} must list the record"
        other = world.api(world.user("other", role)).get(case.api)
        assert other.status_code == 200
        assert obj.pk not in _ids(other.json()), f"sibling {role} must not list it"
    for _ in range(case.many):
        case.make(case.home)
    client = world.api(world.user("home", "viewer"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(case.api).status_code == 200
    assert len(queries) <= case.api_queries, f"{len(queries)} queries for the API list"


def _ids(body: Any) -> set[Any]:
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    return {row.get("id") for row in rows}


def check_api_detail(case: ScopeCase, world: World) -> None:
    """Detail: 200 at home, 403 for the sibling, 404 for a record that does not exist."""
    obj = case.make(case.home)
    assert world.api(world.user("home", "viewer")).get(case.detail(obj)).status_code == 200
    response = world.api(world.user("other", "manager")).get(case.detail(obj))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    missing = world.api(world.user("home", "manager")).get(f"{case.api}987654321/")
    assert missing.status_code == 404


def check_api_change(case: ScopeCase, world: World) -> None:
    """A viewer and a sibling editor may not change the record; a home editor may."""
    assert case.change is not None
    obj = case.make(case.home)
    before = _snapshot(obj)
    for who in (("home", "viewer"), ("other", "editor"), ("other", "manager")):
        response = world.api(world.user(*who)).patch(case.detail(obj), case.change, format="json")
        assert response.status_code == 403, (who, response.content[:300])
        assert _snapshot(obj) == before, f"{who} changed the record"
    response = world.api(world.user("home", "editor")).patch(
        case.detail(obj), case.change, format="json"
    )
    assert response.status_code == 200, response.content[:500]


def check_api_move(case: ScopeCase, world: World) -> None:
    """A home editor cannot move the record into the sibling regency."""
    assert case.move is not None
    obj = case.make(case.home)
    before = _snapshot(obj)
    response = world.api(world.user("home", "editor")).patch(
        case.detail(obj), case.move(case.other), format="json"
    )
    assert response.status_code in (400, 403), response.content[:500]
    assert _snapshot(obj) == before


def check_api_foreign(case: ScopeCase, world: World) -> None:
    """A home editor cannot refer the record to an object of the sibling regency."""
    assert case.foreign is not None
    obj = case.make(case.home)
    before = _snapshot(obj)
    response = world.api(world.user("home", "editor")).patch(
        case.detail(obj), case.foreign(case.other), format="json"
    )
    assert response.status_code in (400, 403), response.content[:500]
    assert _snapshot(obj) == before


def check_api_create(case: ScopeCase, world: World) -> None:
    """A home editor may create at home; a home viewer and a sibling editor may not."""
    assert case.payload is not None
    model = type(case.make(case.home))
    count = model._default_manager.count()
    for who, status in ((("home", "viewer"), 403), (("other", "editor"), (400, 403))):
        response = world.api(world.user(*who)).post(
            case.api, case.payload(case.home), format="json"
        )
        allowed = status if isinstance(status, tuple) else (status,)
        assert response.status_code in allowed, (who, response.content[:300])
        assert model._default_manager.count() == count
    response = world.api(world.user("home", "editor")).post(
        case.api, case.payload(case.home), format="json"
    )
    assert response.status_code == 201, response.content[:500]


def check_api_delete(case: ScopeCase, world: World) -> None:
    """A viewer and a sibling editor may not delete the record; a home editor may."""
    obj = case.make(case.home)
    for who in (("home", "viewer"), ("other", "editor"), ("other", "manager")):
        assert world.api(world.user(*who)).delete(case.detail(obj)).status_code == 403, who
        assert _fresh(obj) is not None
    assert world.api(world.user("home", "editor")).delete(case.detail(obj)).status_code == 204
    assert _fresh(obj) is None


def check_pages(case: ScopeCase, world: World) -> None:
    """Detail and edit pages: 200 at home (edit for editors), 403 for the sibling; 404 absent."""
    obj = case.make(case.home)
    if case.page_detail:
        url = reverse(case.page_detail, args=[obj.pk])
        assert world.web(world.user("home", "viewer")).get(url).status_code == 200
        assert world.web(world.user("other", "manager")).get(url).status_code == 403
        missing = reverse(case.page_detail, args=[987654321])
        assert world.web(world.user("home", "manager")).get(missing).status_code == 404
    if case.page_edit:
        url = reverse(case.page_edit, args=[obj.pk])
        assert world.web(world.user("home", "viewer")).get(url).status_code == 403
        assert world.web(world.user("other", "editor")).get(url).status_code == 403
        assert world.web(world.user("home", "editor")).get(url).status_code == 200


def check_page_delete(case: ScopeCase, world: World) -> None:
    """The delete page refuses a viewer and a sibling editor; the record stays."""
    obj = case.make(case.home)
    url = reverse(case.page_delete, args=[obj.pk])
    for who in (("home", "viewer"), ("other", "editor")):
        assert world.web(world.user(*who)).post(url).status_code == 403, who
        assert _fresh(obj) is not None
    response = world.web(world.user("home", "editor")).post(url)
    assert response.status_code == 302
    assert _fresh(obj) is None


def check_page_list(case: ScopeCase, world: World) -> None:
    """The list page shows the record to home members only, within its query ceiling."""
    obj = case.make(case.home)
    url = reverse(case.page_list)
    detail = reverse(case.page_detail, args=[obj.pk]) if case.page_detail else ""
    home = world.web(world.user("home", "viewer")).get(url)
    assert home.status_code == 200
    other = world.web(world.user("other", "viewer")).get(url)
    if detail:
        assert detail in home.content.decode(), "home viewer must see the record"
        assert detail not in other.content.decode(), "sibling viewer must not see it"
    for _ in range(case.many):
        case.make(case.home)
    client = world.web(world.user("home", "viewer"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= case.list_queries, f"{len(queries)} queries for the list page"


def check_cli(case: ScopeCase, world: World, tmp_path: Any) -> None:
    """An export with --actor shows the record to home members only."""
    obj = case.make(case.home)
    for where, expected in (("home", True), ("other", False)):
        target = tmp_path / f"{where}.csv"
        command, *args = case.cli
        call_command(
            command,
            *args,
            "-o",
            str(target),
            "--actor",
            world.user(where, "viewer").username,
            stdout=io.StringIO(),
        )
        text = target.read_text(encoding="utf-8-sig")
        assert case.cli_shows(obj, text) is expected, (where, text[:300])


CHECKS: dict[str, tuple[Callable[..., None], Callable[[ScopeCase], bool]]] = {
    "api-list": (check_api_list, lambda c: bool(c.api)),
    "api-detail": (check_api_detail, lambda c: bool(c.api)),
    "api-change": (check_api_change, lambda c: bool(c.api and c.change is not None)),
    "api-move": (check_api_move, lambda c: bool(c.api and c.move)),
    "api-foreign": (check_api_foreign, lambda c: bool(c.api and c.foreign)),
    "api-create": (check_api_create, lambda c: bool(c.api and c.payload)),
    "api-delete": (check_api_delete, lambda c: bool(c.api and c.deletable)),
    "pages": (check_pages, lambda c: bool(c.page_detail or c.page_edit)),
    "page-delete": (check_page_delete, lambda c: bool(c.page_delete)),
    "page-list": (check_page_list, lambda c: bool(c.page_list)),
    "cli": (check_cli, lambda c: bool(c.cli)),
}


def scope_suite(cases: list[ScopeCase]) -> Callable[..., None]:
    """A parametrised test running every applicable check for every case."""
    params = [
        pytest.param(case, name, id=f"{case.name}-{name}")
        for case in cases
        for name, (_check, applies) in CHECKS.items()
        if applies(case)
    ]

    @pytest.mark.django_db
    @pytest.mark.parametrize(("case", "check"), params)
    def test_scope(
        case: ScopeCase, check: str, make_user: Any, api: Any, web: Any, tmp_path: Any
    ) -> None:
        world = _world(case, make_user, api, web)
        function = CHECKS[check][0]
        if check == "cli":
            function(case, world, tmp_path)
        else:
            function(case, world)

    return test_scope
