"""The scope suite's page checks: detail and edit pages, the edit form's change, move and
foreign references, the add and delete pages, and the list page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from tangguh.core.testing.scope.api import steady_queries
from tangguh.core.testing.scope.case import MISSING, ROLES, ScopeCase, Values, World, at_home
from tangguh.core.testing.scope.case import count as _count
from tangguh.core.testing.scope.case import fresh as _fresh
from tangguh.core.testing.scope.case import snapshot as _snapshot
from tangguh.core.testing.scope.hidden import assert_hidden


def check_pages(case: ScopeCase, world: World) -> None:
    """Detail and edit pages: 200 for readers (edit: home writers), 403 for everyone else; 404
    for a record that does not exist."""
    obj = case.make(case.home)
    if case.page_detail:
        url = reverse(case.page_detail, args=case.page_args(obj))
        for where in case.places():
            for role in ROLES:
                status = 200 if case.reads(obj, where, role) else 403
                response = world.web(world.user(where, role)).get(url)
                assert response.status_code == status, (where, role)
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
    """A value as a browser posts it."""
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
    assert response.status_code == 302, form_errors(response)
    assert _snapshot(obj) != before, "the change was not stored"


def form_errors(response: Any) -> Any:
    """The form's errors of a page that did not save, for the assertion's message."""
    try:
        return response.context["form"].errors
    except (KeyError, TypeError):
        return response.status_code


def _refused_form(case: ScopeCase, world: World, values: Values, what: str) -> None:
    """A home writer posts the edit form with `values` (for the sibling regency): the form
    refuses them (or, for a value the form does not take, ignores it) and the record stays at
    home, unchanged."""
    obj = case.make(case.home)
    url, data, fields = _edit_form(case, world, obj)
    before = _snapshot(obj)
    response = world.web(world.user("home", case.write_role)).post(url, {**data, **values})
    assert response.status_code != 500
    if set(values) <= fields:
        assert response.status_code in (200, 403), f"{what} was accepted: {values}"
        assert _snapshot(obj) == before, values
    assert at_home(case, obj), f"the record left {case.home}"
    if what == "foreign" and set(values) <= fields:
        web = world.web(world.user("home", case.write_role))
        assert_hidden(lambda sent: web.post(url, {**data, **sent}), values, data, page=True)


def check_page_move(case: ScopeCase, world: World) -> None:
    """A home writer cannot move the record into the sibling regency on its edit page."""
    values = case.form_values("move", case.other)
    assert values is not None
    _refused_form(case, world, values, "move")


def check_page_foreign(case: ScopeCase, world: World) -> None:
    """A home writer cannot refer the record to an object of the sibling regency on its page."""
    for values in case.foreign_values(case.other, form=True):
        _refused_form(case, world, values, "foreign")


def check_page_add(case: ScopeCase, world: World) -> None:
    """The add page: 403 for members without the writing role anywhere (page and form); a
    sibling writer's, a writer's below, a home writer's record for the sibling regency and a
    home writer's under a sibling parent are refused; a home writer's is saved."""
    obj, data, elsewhere = _add_values(case, world)
    sibling = reverse(case.page_add, args=case.page_add_args(case.make(case.other)))
    foreign = case.foreign_payload(case.other) if case.foreign_payload else []
    count, url = _count(obj), reverse(case.page_add, args=case.page_add_args(obj))
    for who in case.refused():
        if who[1] not in case.writers():
            assert world.web(world.user(*who)).get(url).status_code in (403, 405), who
            assert world.web(world.user(*who)).post(url, data).status_code == 403, who
    attempts = [((where, case.write_role), url, data) for where in case.places()[1:]]
    if elsewhere is not None:
        attempts.append((("home", case.write_role), url, elsewhere))
    if sibling != url:
        attempts.append((("home", case.write_role), sibling, data))
    for who, target, values in attempts:
        response = world.web(world.user(*who)).post(target, values)
        assert response.status_code in (200, 403), (who, target, response.status_code)
        assert _count(obj) == count, f"{who} added a record at {target}"
    for values in foreign:
        response = world.web(world.user("home", case.write_role)).post(url, values)
        assert response.status_code in (200, 403), (values, response.status_code)
        assert _count(obj) == count, f"an add referring to {case.other} wrote a record"
    response = world.web(world.user("home", case.write_role)).post(url, data)
    assert response.status_code == 302, form_errors(response)
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
    url = reverse(case.page_delete, args=case.page_delete_args(obj))
    for who in case.refused():
        assert world.web(world.user(*who)).post(url).status_code == 403, who
        assert _fresh(obj) is not None
    response = world.web(world.user("home", case.write_role)).post(url)
    assert response.status_code == 302
    assert _fresh(obj) is None


def check_page_list(case: ScopeCase, world: World) -> None:
    """The list page shows the record to its readers only, within its query ceiling."""
    obj = case.make(case.home)
    url = reverse(case.page_list, args=case.page_list_args(obj))
    can_tell = bool(case.page_detail or case.page_shows)
    for where in case.places():
        for role in ROLES:
            response = world.web(world.user(where, role)).get(url)
            if case.reads(obj, where, role):
                assert response.status_code == 200, (where, role)
                assert not can_tell or case.shown_on_page(obj, response.content.decode()), role
            elif response.status_code != 403:
                assert response.status_code == 200, (where, role)
                shown = can_tell and case.shown_on_page(obj, response.content.decode())
                assert not shown, f"{where} {role} must not see the record"
    client = world.web(world.user("home", case.view_role))
    queries = steady_queries(case, lambda: client.get(url), "list page")
    assert queries <= case.list_queries, f"{queries} queries for the list page"
