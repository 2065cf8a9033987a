"""The scope suite's checks of a record's other verbs (`Action`): on the API, on its page and
through the CLI."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.core.management import CommandError
from django.urls import reverse

from tangguh.core.testing.scope.case import Action, ScopeCase, Values, World, snapshot
from tangguh.core.testing.scope.cli import run
from tangguh.core.testing.scope.hidden import assert_hidden
from tangguh.core.testing.scope.pages import form_errors


def _effect(action: Action, obj: Any) -> Any:
    """What the action changes on the record, as it is stored now."""
    return action.effect(obj) if action.effect is not None else snapshot(obj)


def _path(case: ScopeCase, action: Action, obj: Any) -> str:
    """The API path of the action on a record."""
    return f"{case.api}{action.api}" if action.on_list else f"{case.detail(obj)}{action.api}"


def _url(action: Action, obj: Any) -> str:
    """The page the action's form is posted to."""
    return reverse(action.page, args=action.page_args(obj))


def _form(action: Action, obj: Any) -> Values:
    """The page's values of the action on a record."""
    return (action.form or action.body)(obj)


def check_action(case: ScopeCase, world: World, action: Action) -> None:
    """API and page: refused (403, no effect) below the writing role, for sibling members and
    below; a home writer's reference to the sibling regency's objects is refused (400 or 403 on
    the API, the form shown again or 403 on the page), and so is a home writer's action on a
    record of the sibling regency; a home writer's action has its effect. An action on the list
    names its record in the body: those who may not view the record are answered as if it did
    not exist (400, as for an id that exists nowhere) or 403."""
    make = action.make or case.make
    obj = make(case.home)
    sibling = make(case.other)
    before, path = _effect(action, obj), _path(case, action, obj)
    for who in case.refused():
        user = world.user(*who)
        if action.api:
            client = world.api(user)
            response = client.post(path, action.body(obj), format="json")
            if action.on_list and who[0] != "home":
                assert response.status_code in (400, 403), (who, response.content[:300])
                send = functools.partial(client.post, path, format="json")
                assert_hidden(send, action.body(obj), action.body(sibling))
            else:
                assert response.status_code == 403, (who, response.content[:300])
        if action.page:
            response = world.web(user).post(_url(action, obj), _form(action, obj))
            assert response.status_code == 403, (who, "page")
        assert _effect(action, obj) == before, f"{who} could {action.name}"
    _refused_foreign(case, world, action, obj)
    assert _effect(action, obj) == before, f"{action.name} took another region's objects"
    _refused_sibling(case, world, action, sibling, obj)
    writer = world.user("home", case.write_role)
    if action.api:
        response = world.api(writer).post(path, action.body(obj), format="json")
        assert response.status_code in (200, 201), response.content[:500]
        assert _effect(action, obj) != before, f"{action.name} through the API had no effect"
    if action.page:
        obj = make(case.home)
        before = _effect(action, obj)
        response = world.web(writer).post(_url(action, obj), _form(action, obj))
        assert response.status_code in (200, 302), response.status_code
        assert _effect(action, obj) != before, (action.name, "page", form_errors(response))


def _refused_foreign(case: ScopeCase, world: World, action: Action, obj: Any) -> None:
    """A home writer's action referring to objects of the sibling regency is refused, and the
    refusal answers as for objects that do not exist."""
    writer = world.user("home", case.write_role)
    if action.api and action.foreign is not None:
        path, client = _path(case, action, obj), world.api(writer)
        for body in action.foreign(obj, case.other):
            response = client.post(path, body, format="json")
            assert response.status_code in (400, 403), (body, response.content[:300])
            assert_hidden(
                lambda values: client.post(path, values, format="json"), body, action.body(obj)
            )
    form_foreign = action.foreign if action.form_foreign is None else action.form_foreign
    if action.page and form_foreign is not None:
        url, web = _url(action, obj), world.web(writer)
        for values in form_foreign(obj, case.other):
            response = web.post(url, values)
            assert response.status_code in (200, 403), (values, response.status_code)
            valid = _form(action, obj)
            assert_hidden(lambda data: web.post(url, data), values, valid, page=True)


def _refused_sibling(case: ScopeCase, world: World, action: Action, sibling: Any, own: Any) -> None:
    """A home writer may not act on a record of the sibling regency (API and page: 403; an
    action on the list, which names the record in its body, may answer as for a record that
    does not exist)."""
    writer, before = world.user("home", case.write_role), _effect(action, sibling)
    if action.api:
        path, client = _path(case, action, sibling), world.api(writer)
        response = client.post(path, action.body(sibling), format="json")
        if action.on_list:
            assert response.status_code in (400, 403), ("sibling", response.content[:300])
            assert_hidden(
                lambda body: client.post(path, body, format="json"),
                action.body(sibling),
                action.body(own),
            )
        else:
            assert response.status_code == 403, ("sibling", response.content[:300])
    if action.page:
        response = world.web(writer).post(_url(action, sibling), _form(action, sibling))
        assert response.status_code == 403, ("sibling", "page")
    assert _effect(action, sibling) == before, f"{action.name} on a sibling record"


def check_action_cli(case: ScopeCase, world: World, action: Action) -> None:
    """The command with --actor: refused (an error, no effect) below the writing role, for
    sibling members and below, for a home writer on a record of the sibling regency and for one
    naming the sibling regency's objects; a home writer's has its effect."""
    assert action.cli is not None
    make = action.make or case.make
    obj, sibling = make(case.home), make(case.other)
    writer = ("home", case.write_role)
    attempts = [(who, obj, action.cli(obj, world.folder)) for who in case.refused()]
    attempts.append((writer, sibling, action.cli(sibling, world.folder)))
    if action.cli_foreign is not None:
        foreign = action.cli_foreign(obj, case.other, world.folder)
        attempts += [(writer, obj, command) for command in foreign]
    for who, target, command in attempts:
        before = _effect(action, target)
        with pytest.raises(CommandError):
            run(command, world.user(*who).username)
        assert _effect(action, target) == before, f"{who} could {action.name} with {command}"
    before = _effect(action, obj)
    run(action.cli(obj, world.folder), world.user("home", case.write_role).username)
    assert _effect(action, obj) != before, f"{action.name} with the command had no effect"
