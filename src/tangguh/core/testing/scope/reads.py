"""The scope suite's checks of other ways to read records: `?region=`, list downloads, the
search page and the record's change log."""

from __future__ import annotations

from django.urls import reverse

from tangguh.core.testing import text_of
from tangguh.core.testing.scope.api import ids
from tangguh.core.testing.scope.case import ROLES, ScopeCase, World


def check_region_filter(case: ScopeCase, world: World) -> None:
    """`?region=` on lists: a home reader finds the record under the home regency and is refused
    the sibling regency (403), as a sibling member is refused the home regency; a reader below
    asking for the home regency finds the record only if it is read from below."""
    obj = case.make(case.home)
    reader, stranger = world.user("home", case.view_role), world.user("other", "manager")
    if case.api:
        response = world.api(reader).get(case.api, {"region": case.home})
        assert response.status_code == 200, response.content[:300]
        assert obj.pk in ids(response.json())
        assert world.api(reader).get(case.api, {"region": case.other}).status_code == 403
        assert world.api(stranger).get(case.api, {"region": case.home}).status_code == 403
        if case.below:
            below = world.api(world.user("below", case.view_role)).get(
                case.api, {"region": case.home}
            )
            assert below.status_code == 200, below.content[:300]
            reads = case.reads(obj, "below", case.view_role)
            assert (obj.pk in ids(below.json())) is reads, "below"
    if case.page_list and not case.page_list_args(obj):  # a list under a parent has no ?region=
        url = reverse(case.page_list)
        assert world.web(reader).get(url, {"region": case.other}).status_code == 403
        assert world.web(stranger).get(url, {"region": case.home}).status_code == 403


def check_page_export(case: ScopeCase, world: World) -> None:
    """The list page's download holds the record for its readers only."""
    obj = case.make(case.home)
    url = f"{reverse(case.page_list, args=case.page_list_args(obj))}?{case.page_export}"
    for where in case.places():
        for role in ROLES:
            response = world.web(world.user(where, role)).get(url)
            expected = case.reads(obj, where, role)
            if not expected and response.status_code == 403:
                continue
            assert response.status_code == 200, (where, role)
            text = text_of(response)
            assert case.cli_shows(obj, text) is expected, (where, role, text[:300])


def check_search(case: ScopeCase, world: World) -> None:
    """The search page finds the record for its readers only."""
    assert case.search is not None
    obj = case.make(case.home)
    query = {"q": case.search(obj)}
    for where in case.places():
        for role in ROLES:
            response = world.web(world.user(where, role)).get(reverse("search"), query)
            assert response.status_code == 200
            shown = case.shown_on_page(obj, response.content.decode())
            assert shown is case.reads(obj, where, role), (where, role)


def check_change_log(case: ScopeCase, world: World) -> None:
    """The record's changes (API and history page) are shown to those who may read the record
    and to no one else."""
    obj = case.make(case.home)
    label, object_id = obj._meta.label_lower, str(obj.pk)
    query = {"model": label, "object_id": object_id}
    history = reverse("history", args=[label, object_id])
    for where in case.places():
        for role in ROLES:
            user = world.user(where, role)
            expected = case.reads(obj, where, role)
            response = world.api(user).get("/api/v1/changes/", query)
            assert response.status_code == 200
            assert bool(ids(response.json())) is expected, (where, role, "API")
            status = world.web(user).get(history).status_code
            assert status == (200 if expected else 403), (where, role, "history")


def check_mentions(case: ScopeCase, world: World) -> None:
    """Other pages that name records of the model (an import page's allowed values) name this
    one to its readers only; a page refused to a member (403) names nothing."""
    obj = case.make(case.home)
    text = case.mention(obj)
    for name in case.mentioned_on:
        url = reverse(name)
        for where in case.places():
            for role in ROLES:
                response = world.web(world.user(where, role)).get(url)
                if response.status_code == 403:
                    continue
                assert response.status_code == 200, (name, where, role, response.status_code)
                shown = text in text_of(response)
                assert shown == case.reads(obj, where, role), (name, where, role, shown)
