"""The scope suite: one declaration per region-owned model checks every verb on page, API and CLI
for a viewer, an editor and a manager of the record's regency and of a sibling regency.

A model's tests declare a `ScopeCase` (how to make a record in a region, its URLs, a valid
payload) and call `scope_suite(cases)`, which returns a parametrised test. Each check runs
in its own database transaction. The regions: the record lies in `home` (default Kota Kupang,
53.71, or a place inside it); the sibling regency is `other` (default Kabupaten Kupang, 53.01).
Reading needs `view_role` (default viewer), writing `write_role` (default editor): memberships,
for instance, are read and written by managers only.

What is checked (a check is skipped when the case does not declare what it needs):

- list (API and page): home members with the role to read see the record, other members do not;
  the list answers within the case's query ceiling with `many` records, and in as many queries
  with twice as many (no query per row);
- detail (API and page): 200 at home, 403 below the role and for the sibling, 404 for a record
  that does not exist;
- change (API PATCH, page edit form): 403 below the role and for every sibling member, allowed for
  a home writer; the record is unchanged after a refusal;
- move (API, page form): a home writer cannot move the record into the sibling regency;
- foreign keys (API, page form): a change that refers to an object of the sibling regency is
  refused;
- create (API POST, page add form): a home writer may, members below the role and sibling members
  may not, nor may a home writer create the record in the sibling regency;
- delete (API, page POST): refused below the role and for sibling members, allowed for a writer;
- methods: the API verbs a case does not offer answer 405 and change nothing;
- change log: the record's changes (API and history page) are shown to its readers only;
- filters, downloads and search: `?region=` refuses a regency outside one's own (403); the list
  page's download and the search page show the record to readers at home only;
- CLI: an export with `--actor` shows the record to home members with the role to read only;
  an import or add with `--actor` writes only for a home writer, at home.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

HOME, OTHER = "53.71", "53.01"
ROLES = ("viewer", "editor", "manager")
MISSING = 987654321


@dataclass(frozen=True)
class ScopeCase:
    """How the scope suite exercises one region-owned model.

    `make(region_code)` creates a record in that region (through the app's services, as the
    system) and returns it. URLs are given as the API list path and page URL names taking the
    record's pk (`page_args` gives the detail page's arguments otherwise, `page_add_args` the add
    page's from a record, e.g. its parent's pk). `payload(region_code)`
    is a valid API body for a new record there; `change` a valid partial update;
    `move(region_code)` the partial update that moves the record there; `foreign(region_code)` a
    partial update referring to an object of that region. The edit and add pages take the same
    values unless `form_change`, `form_move` or `form_foreign` say otherwise (form field names);
    `form_payload(region_code)` gives the add page's values where there is no edit page to copy.
    `page_shows(obj, html)` tells whether a list page shows the record (default: a link to its
    detail page); `cli_shows(obj, text)` whether the CLI's output does. `cli_output` is the
    option that names the output file ("" when the command writes to standard output).
    `cli_import` is the command (with its options) that reads back what `cli` writes;
    `cli_add(region_code)` the command and arguments that add one record there.
    `refused_methods` are API verbs the case does not offer (405 for everyone); `logged` says
    that `make` leaves a change record (the change log's own case does not). `page_export` is
    the list page's download query (e.g. "export=csv"), read with `cli_shows`; `search(obj)` a
    text the search page finds the record by (shown as on a list page).
    """

    name: str
    make: Callable[[str], Any]
    api: str = ""
    home: str = HOME
    other: str = OTHER
    view_role: str = "viewer"
    write_role: str = "editor"
    payload: Callable[[str], dict[str, Any]] | None = None
    change: dict[str, Any] | None = None
    move: Callable[[str], dict[str, Any]] | None = None
    foreign: Callable[[str], dict[str, Any]] | None = None
    form_change: dict[str, Any] | None = None
    form_move: Callable[[str], dict[str, Any]] | None = None
    form_foreign: Callable[[str], dict[str, Any]] | None = None
    form_payload: Callable[[str], dict[str, Any]] | None = None
    page_list: str = ""
    page_detail: str = ""
    page_args: Callable[[Any], tuple[Any, ...]] = lambda obj: (obj.pk,)
    page_missing: tuple[Any, ...] = (MISSING,)
    page_add: str = ""
    page_add_args: Callable[[Any], tuple[Any, ...]] = lambda obj: ()
    page_edit: str = ""
    page_delete: str = ""
    page_shows: Callable[[Any, str], bool] | None = None
    page_export: str = ""
    search: Callable[[Any], str] | None = None
    cli: tuple[str, ...] = ()
    cli_output: str = "-o"
    cli_import: tuple[str, ...] = ()
    cli_add: Callable[[str], tuple[str, ...]] | None = None
    cli_shows: Callable[[Any, str], bool] = lambda obj, text: f"\n{obj.pk}," in "\n" + text
    many: int = 5
    list_queries: int = 15
    api_queries: int = 15
    deletable: bool = True
    refused_methods: tuple[str, ...] = ()
    logged: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def detail(self, obj: Any) -> str:
        """The API path of one record."""
        return f"{self.api}{obj.pk}/"

    def readers(self) -> tuple[str, ...]:
        """The roles that may read the record."""
        return ROLES[ROLES.index(self.view_role) :]

    def writers(self) -> tuple[str, ...]:
        """The roles that may change the record."""
        return ROLES[ROLES.index(self.write_role) :]

    def refused(self) -> list[tuple[str, str]]:
        """(where, role) of every member who may not change the record: home members below the
        writing role and every member of the sibling regency."""
        below = [("home", role) for role in ROLES if role not in self.writers()]
        return [*below, *(("other", role) for role in ROLES)]

    def shown_on_page(self, obj: Any, html: str) -> bool:
        """Whether a list page's HTML shows the record."""
        if self.page_shows is not None:
            return self.page_shows(obj, html)
        return reverse(self.page_detail, args=self.page_args(obj)) in html

    def form_values(self, kind: str, code: str = "") -> dict[str, Any] | None:
        """The edit page's values for `change`, `move` or `foreign` (None when undeclared)."""
        if kind == "change":
            return self.form_change if self.form_change is not None else self.change
        given = getattr(self, f"form_{kind}") or getattr(self, kind)
        return None if given is None else dict(given(code))


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
    """The stored record's field values and its many-to-many links."""
    stored = _fresh(obj)
    values = {f.attname: getattr(stored, f.attname) for f in stored._meta.concrete_fields}
    for relation in stored._meta.many_to_many:
        linked = getattr(stored, relation.name).values_list("pk", flat=True)
        values[relation.name] = set(linked)
    return values


def _at_home(case: ScopeCase, obj: Any) -> bool:
    """Whether the stored record still lies in the home region."""
    return type(obj)._default_manager.within(case.home).filter(pk=obj.pk).exists()


def _count(obj: Any) -> int:
    return int(type(obj)._default_manager.count())


# --------------------------------------------------------------------------------------------
# The checks: each takes the case and the world, and asserts.


def check_api_list(case: ScopeCase, world: World) -> None:
    """Readers at home list the record; others do not; a list stays within its ceiling."""
    obj = case.make(case.home)
    for where in ("home", "other"):
        for role in ROLES:
            response = world.api(world.user(where, role)).get(case.api)
            expected = where == "home" and role in case.readers()
            if expected:
                assert response.status_code == 200, (role, response.content[:300])
                assert obj.pk in _ids(response.json()), f"home {role} must list the record"
            elif response.status_code != 403:
                assert response.status_code == 200, (where, role, response.content[:300])
                assert obj.pk not in _ids(response.json()), f"{where} {role} must not list it"
    client = world.api(world.user("home", case.view_role))
    queries = _steady_queries(case, lambda: client.get(case.api), "API list")
    assert queries <= case.api_queries, f"{queries} queries for the API list"


def _steady_queries(case: ScopeCase, request: Callable[[], Any], what: str) -> int:
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


def _ids(body: Any) -> set[Any]:
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    return {row.get("id") for row in rows}


def check_api_detail(case: ScopeCase, world: World) -> None:
    """Detail: 200 for readers at home, 403 below them and for the sibling, 404 when absent."""
    obj = case.make(case.home)
    for role in ROLES:
        status = 200 if role in case.readers() else 403
        response = world.api(world.user("home", role)).get(case.detail(obj))
        assert response.status_code == status, (role, response.content[:300])
    response = world.api(world.user("other", "manager")).get(case.detail(obj))
    assert response.status_code == 403
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


def _refused_patch(case: ScopeCase, world: World, values: dict[str, Any]) -> None:
    obj = case.make(case.home)
    before = _snapshot(obj)
    response = world.api(world.user("home", case.write_role)).patch(
        case.detail(obj), values, format="json"
    )
    assert response.status_code in (400, 403), response.content[:500]
    assert _snapshot(obj) == before


def check_api_move(case: ScopeCase, world: World) -> None:
    """A home writer cannot move the record into the sibling regency."""
    assert case.move is not None
    _refused_patch(case, world, case.move(case.other))


def check_api_foreign(case: ScopeCase, world: World) -> None:
    """A home writer cannot refer the record to an object of the sibling regency."""
    assert case.foreign is not None
    _refused_patch(case, world, case.foreign(case.other))


def check_api_create(case: ScopeCase, world: World) -> None:
    """A home writer may create at home; members below the role, sibling members and a home
    writer creating in the sibling regency may not."""
    assert case.payload is not None
    obj = case.make(case.home)
    count = _count(obj)
    attempts = [(who, case.payload(case.home)) for who in case.refused()]
    attempts.append((("home", case.write_role), case.payload(case.other)))
    for who, body in attempts:
        response = world.api(world.user(*who)).post(case.api, body, format="json")
        assert response.status_code in (400, 403), (who, response.content[:300])
        if who[0] == "home" and who[1] not in case.writers():
            assert response.status_code == 403, (who, response.content[:300])
    assert _count(obj) == count, "a refused create wrote a record"
    response = world.api(world.user("home", case.write_role)).post(
        case.api, case.payload(case.home), format="json"
    )
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


def check_pages(case: ScopeCase, world: World) -> None:
    """Detail and edit pages: 200 at home for readers (edit: writers), 403 below the role and for
    the sibling; 404 for a record that does not exist."""
    obj = case.make(case.home)
    if case.page_detail:
        url = reverse(case.page_detail, args=case.page_args(obj))
        for role in ROLES:
            status = 200 if role in case.readers() else 403
            assert world.web(world.user("home", role)).get(url).status_code == status, role
        assert world.web(world.user("other", "manager")).get(url).status_code == 403
        missing = reverse(case.page_detail, args=case.page_missing)
        assert world.web(world.user("home", "manager")).get(missing).status_code == 404
    if case.page_edit:
        url = reverse(case.page_edit, args=[obj.pk])
        for who in case.refused():
            assert world.web(world.user(*who)).get(url).status_code == 403, who
        assert world.web(world.user("home", case.write_role)).get(url).status_code == 200
        missing = reverse(case.page_edit, args=[MISSING])
        assert world.web(world.user("home", "manager")).get(missing).status_code == 404


def form_data(form: Any) -> dict[str, Any]:
    """What a browser sends back for an unchanged form: each field's shown value."""
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [_posted(item) for item in value]
        else:
            data[bound.html_name] = _posted(value)
    return data


def _posted(value: Any) -> str:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _edit_form(case: ScopeCase, world: World, obj: Any) -> tuple[str, dict[str, Any], set[str]]:
    """The edit page's URL, its current values as POST data, and its field names."""
    url = reverse(case.page_edit, args=[obj.pk])
    response = world.web(world.user("home", case.write_role)).get(url)
    assert response.status_code == 200
    form = response.context["form"]
    return url, form_data(form), {bound.html_name for bound in form}


def check_page_change(case: ScopeCase, world: World) -> None:
    """The edit form: refused (403, unchanged) below the writing role and for sibling members;
    a home writer's change is stored."""
    change = case.form_values("change")
    assert change is not None
    obj = case.make(case.home)
    url, data, fields = _edit_form(case, world, obj)
    assert set(change) <= fields, f"the edit form has no field {set(change) - fields}"
    before = _snapshot(obj)
    for who in case.refused():
        response = world.web(world.user(*who)).post(url, {**data, **change})
        assert response.status_code == 403, who
        assert _snapshot(obj) == before, f"{who} changed the record"
    response = world.web(world.user("home", case.write_role)).post(url, {**data, **change})
    assert response.status_code == 302, _form_errors(response)
    assert _snapshot(obj) != before, "the change was not stored"


def _form_errors(response: Any) -> Any:
    """The form's errors of a page that did not save, for the assertion's message."""
    try:
        return response.context["form"].errors
    except (KeyError, TypeError):
        return response.status_code


def _refused_form(case: ScopeCase, world: World, kind: str) -> None:
    """A home writer posts the edit form with the values of `kind` for the sibling regency: the
    form refuses them (or, for a value the form does not take, ignores it) and the record stays
    at home, unchanged."""
    obj = case.make(case.home)
    values = case.form_values(kind, case.other)
    assert values is not None
    url, data, fields = _edit_form(case, world, obj)
    before = _snapshot(obj)
    response = world.web(world.user("home", case.write_role)).post(url, {**data, **values})
    assert response.status_code != 500
    if set(values) <= fields:
        assert response.status_code in (200, 403), f"{kind} was accepted"
        assert _snapshot(obj) == before
    assert _at_home(case, obj), f"the record left {case.home}"


def check_page_move(case: ScopeCase, world: World) -> None:
    """A home writer cannot move the record into the sibling regency on its edit page."""
    _refused_form(case, world, "move")


def check_page_foreign(case: ScopeCase, world: World) -> None:
    """A home writer cannot refer the record to an object of the sibling regency on its page."""
    _refused_form(case, world, "foreign")


def check_page_add(case: ScopeCase, world: World) -> None:
    """The add page: 403 for members without the writing role anywhere; a sibling writer's and a
    home writer's record for the sibling regency are refused; a home writer's is saved."""
    obj, data, elsewhere = _add_values(case, world)
    count, url = _count(obj), reverse(case.page_add, args=case.page_add_args(obj))
    for who in case.refused():
        if who[1] not in case.writers():
            assert world.web(world.user(*who)).get(url).status_code == 403, who
    attempts = [(("other", case.write_role), data)]
    if elsewhere is not None:
        attempts.append((("home", case.write_role), elsewhere))
    for who, values in attempts:
        response = world.web(world.user(*who)).post(url, values)
        assert response.status_code in (200, 403), (who, response.status_code)
        assert _count(obj) == count, f"{who} added a record"
    response = world.web(world.user("home", case.write_role)).post(url, data)
    assert response.status_code == 302, _form_errors(response)
    assert _count(obj) == count + 1


def _add_values(case: ScopeCase, world: World) -> tuple[Any, dict[str, Any], Any]:
    """A record of the model, the add form's values for a new record at home, and those for one
    in the sibling regency (None when the form cannot say). Without `form_payload`, the values
    are the edit form's of a record made and then removed (so no uniqueness rule interferes)."""
    obj = case.make(case.home)
    if case.form_payload is not None:
        return obj, case.form_payload(case.home), case.form_payload(case.other)
    _url, data, fields = _edit_form(case, world, obj)
    type(obj)._default_manager.filter(pk=obj.pk).delete()
    move = case.form_values("move", case.other)
    elsewhere = {**data, **move} if move is not None and set(move) <= fields else None
    return obj, data, elsewhere


def check_page_delete(case: ScopeCase, world: World) -> None:
    """The delete page refuses members below the writing role and sibling members; the record
    stays; a home writer deletes it."""
    obj = case.make(case.home)
    url = reverse(case.page_delete, args=[obj.pk])
    for who in case.refused():
        assert world.web(world.user(*who)).post(url).status_code == 403, who
        assert _fresh(obj) is not None
    response = world.web(world.user("home", case.write_role)).post(url)
    assert response.status_code == 302
    assert _fresh(obj) is None


def check_page_list(case: ScopeCase, world: World) -> None:
    """The list page shows the record to readers at home only, within its query ceiling."""
    obj = case.make(case.home)
    url = reverse(case.page_list)
    can_tell = bool(case.page_detail or case.page_shows)
    for where in ("home", "other"):
        for role in ROLES:
            response = world.web(world.user(where, role)).get(url)
            if where == "home" and role in case.readers():
                assert response.status_code == 200, role
                assert not can_tell or case.shown_on_page(obj, response.content.decode()), role
            elif response.status_code != 403:
                assert response.status_code == 200, (where, role)
                shown = can_tell and case.shown_on_page(obj, response.content.decode())
                assert not shown, f"{where} {role} must not see the record"
    client = world.web(world.user("home", case.view_role))
    queries = _steady_queries(case, lambda: client.get(url), "list page")
    assert queries <= case.list_queries, f"{queries} queries for the list page"


def check_region_filter(case: ScopeCase, world: World) -> None:
    """`?region=` on lists: a home reader finds the record under the home regency and is refused
    the sibling regency (403), as a sibling member is refused the home regency."""
    obj = case.make(case.home)
    reader, stranger = world.user("home", case.view_role), world.user("other", "manager")
    if case.api:
        response = world.api(reader).get(case.api, {"region": case.home})
        assert response.status_code == 200, response.content[:300]
        assert obj.pk in _ids(response.json())
        assert world.api(reader).get(case.api, {"region": case.other}).status_code == 403
        assert world.api(stranger).get(case.api, {"region": case.home}).status_code == 403
    if case.page_list:
        url = reverse(case.page_list)
        assert world.web(reader).get(url, {"region": case.other}).status_code == 403
        assert world.web(stranger).get(url, {"region": case.home}).status_code == 403


def check_page_export(case: ScopeCase, world: World) -> None:
    """The list page's download holds the record for readers at home only."""
    obj = case.make(case.home)
    url = f"{reverse(case.page_list)}?{case.page_export}"
    for where in ("home", "other"):
        for role in ROLES:
            response = world.web(world.user(where, role)).get(url)
            expected = where == "home" and role in case.readers()
            if not expected and response.status_code == 403:
                continue
            assert response.status_code == 200, (where, role)
            text = _body(response)
            assert case.cli_shows(obj, text) is expected, (where, role, text[:300])


def _body(response: Any) -> str:
    """A response's text, streamed or not, without a byte order mark."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    return str(raw.decode("utf-8-sig"))


def check_search(case: ScopeCase, world: World) -> None:
    """The search page finds the record for readers at home only."""
    assert case.search is not None
    obj = case.make(case.home)
    query = {"q": case.search(obj)}
    for where in ("home", "other"):
        for role in ROLES:
            response = world.web(world.user(where, role)).get(reverse("search"), query)
            assert response.status_code == 200
            expected = where == "home" and role in case.readers()
            shown = case.shown_on_page(obj, response.content.decode())
            assert shown is expected, (where, role)


def check_change_log(case: ScopeCase, world: World) -> None:
    """The record's changes (API and history page) are shown to those who may read the record:
    readers at home, not members below the reading role nor sibling members."""
    obj = case.make(case.home)
    label, object_id = obj._meta.label_lower, str(obj.pk)
    query = {"model": label, "object_id": object_id}
    history = reverse("history", args=[label, object_id])
    for where in ("home", "other"):
        for role in ROLES:
            user = world.user(where, role)
            expected = where == "home" and role in case.readers()
            response = world.api(user).get("/api/v1/changes/", query)
            assert response.status_code == 200
            assert bool(_ids(response.json())) is expected, (where, role, "API")
            status = world.web(user).get(history).status_code
            assert status == (200 if expected else 403), (where, role, "history")


def check_cli(case: ScopeCase, world: World, tmp_path: Any) -> None:
    """An export with --actor shows the record to readers at home only."""
    obj = case.make(case.home)
    for where in ("home", "other"):
        for role in ROLES:
            text = _cli_text(case, world.user(where, role).username, tmp_path)
            expected = where == "home" and role in case.readers()
            assert case.cli_shows(obj, text) is expected, (where, role, text[:300])


def _cli_text(case: ScopeCase, username: str, tmp_path: Any) -> str:
    """What the case's command writes for one actor ("": the system)."""
    command, *args = case.cli
    actor = ["--actor", username] if username else []
    out = io.StringIO()
    if not case.cli_output:
        call_command(command, *args, *actor, stdout=out)
        return out.getvalue()
    target = tmp_path / f"{username or 'system'}.csv"
    call_command(command, *args, case.cli_output, str(target), *actor, stdout=out)
    return str(target.read_text(encoding="utf-8-sig"))


def _run(command: tuple[str, ...], username: str) -> None:
    """Run a command as a user, its output swallowed."""
    name, *args = command
    out = io.StringIO()
    call_command(name, *args, "--actor", username, stdout=out, stderr=out)


def _refused_commands(case: ScopeCase, world: World, attempts: list[Any], model_of: Any) -> None:
    """Each (who, command) fails with a CommandError and writes nothing."""
    count = _count(model_of)
    for who, command in attempts:
        with pytest.raises(CommandError):
            _run(command, world.user(*who).username)
        assert _count(model_of) == count, f"{who} wrote a record"


def check_cli_import(case: ScopeCase, world: World, tmp_path: Any) -> None:
    """Importing with --actor what the export wrote: refused for members without the writing
    role at home and for sibling members, and for a home writer's file of the sibling regency;
    a home writer's file of the home regency is imported."""
    files = {}
    for where in ("other", "home"):
        obj = case.make(getattr(case, where))
        text = _cli_text(case, "", tmp_path)
        type(obj)._default_manager.filter(pk=obj.pk).delete()
        files[where] = tmp_path / f"import-{where}.csv"
        files[where].write_text(text, encoding="utf-8")
    attempts = [(who, (*case.cli_import, str(files["home"]))) for who in case.refused()]
    attempts.append((("home", case.write_role), (*case.cli_import, str(files["other"]))))
    _refused_commands(case, world, attempts, obj)
    count = _count(obj)
    _run((*case.cli_import, str(files["home"])), world.user("home", case.write_role).username)
    assert _count(obj) == count + 1
    assert type(obj)._default_manager.within(case.home).count() == 1


def check_cli_add(case: ScopeCase, world: World, tmp_path: Any) -> None:
    """Adding with --actor: refused for members without the writing role at home, for sibling
    members, and for a home writer in the sibling regency; a home writer adds at home."""
    assert case.cli_add is not None
    obj = case.make(case.home)
    attempts = [(who, case.cli_add(case.home)) for who in case.refused()]
    attempts.append((("home", case.write_role), case.cli_add(case.other)))
    _refused_commands(case, world, attempts, obj)
    count = _count(obj)
    _run(case.cli_add(case.home), world.user("home", case.write_role).username)
    assert _count(obj) == count + 1


CHECKS: dict[str, tuple[Callable[..., None], Callable[[ScopeCase], bool]]] = {
    "api-list": (check_api_list, lambda c: bool(c.api)),
    "api-detail": (check_api_detail, lambda c: bool(c.api)),
    "api-change": (check_api_change, lambda c: bool(c.api and c.change is not None)),
    "api-move": (check_api_move, lambda c: bool(c.api and c.move)),
    "api-foreign": (check_api_foreign, lambda c: bool(c.api and c.foreign)),
    "api-create": (check_api_create, lambda c: bool(c.api and c.payload)),
    "api-delete": (check_api_delete, lambda c: bool(c.api and c.deletable)),
    "api-methods": (check_api_methods, lambda c: bool(c.api and c.refused_methods)),
    "pages": (check_pages, lambda c: bool(c.page_detail or c.page_edit)),
    "page-change": (
        check_page_change,
        lambda c: bool(c.page_edit and c.form_values("change") is not None),
    ),
    "page-move": (check_page_move, lambda c: bool(c.page_edit and (c.form_move or c.move))),
    "page-foreign": (
        check_page_foreign,
        lambda c: bool(c.page_edit and (c.form_foreign or c.foreign)),
    ),
    "page-add": (check_page_add, lambda c: bool(c.page_add and (c.page_edit or c.form_payload))),
    "page-delete": (check_page_delete, lambda c: bool(c.page_delete)),
    "page-list": (check_page_list, lambda c: bool(c.page_list)),
    "region-filter": (check_region_filter, lambda c: bool(c.api or c.page_list)),
    "page-export": (check_page_export, lambda c: bool(c.page_list and c.page_export)),
    "search": (check_search, lambda c: c.search is not None),
    "change-log": (check_change_log, lambda c: c.logged),
    "cli": (check_cli, lambda c: bool(c.cli)),
    "cli-import": (check_cli_import, lambda c: bool(c.cli and c.cli_import)),
    "cli-add": (check_cli_add, lambda c: c.cli_add is not None),
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
        if check.startswith("cli"):
            function(case, world, tmp_path)
        else:
            function(case, world)

    return test_scope
