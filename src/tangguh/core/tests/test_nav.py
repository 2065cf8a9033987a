"""The main navigation: entries of a module sit in its menu, a menu with one entry shows as that
entry, the active entry and menu are marked, and an entry the user may not use is not shown."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tangguh.core.nav import navigation

pytestmark = pytest.mark.django_db


def labels(entries):
    return [
        (str(e["label"]), [str(c["label"]) for c in e["children"]])
        if "children" in e
        else str(e["label"])
        for e in entries
    ]


def test_the_modules_entries_sit_in_their_menus(kupang_editor):
    request = RequestFactory().get("/planning/sync/")
    request.user = kupang_editor
    entries = navigation(request)
    shown = labels(entries)
    assert "Regions" in shown
    assert ("Planning", ["Proposals", "Work plans", "Sync matrix", "Nomenclature"]) in shown
    hazards = next(e for e in entries if str(e["label"]) == "Disasters & risk")
    assert [str(c["label"]) for c in hazards["children"]][:2] == ["Disaster events", "Risk"]
    planning = next(e for e in entries if str(e["label"]) == "Planning")
    assert planning["active"]
    assert [c["active"] for c in planning["children"]] == [False, False, True, False]
    assert not hazards["active"]


def test_a_menu_with_one_entry_shows_as_the_entry(kupang_editor, monkeypatch):
    from tangguh.core import nav

    monkeypatch.setattr(nav, "_ITEMS", [*nav._ITEMS, nav.NavItem("Solo", "search", group="solo")])
    monkeypatch.setattr(nav, "_GROUPS", {**nav._GROUPS, "solo": nav.NavGroup("solo", "Menu")})
    request = RequestFactory().get("/")
    request.user = kupang_editor
    names = labels(navigation(request))
    assert "Solo" in names
    assert all(not (isinstance(n, tuple) and n[0] == "Menu") for n in names)


def test_entries_the_user_may_not_use_are_left_out_of_their_menu(kupang_editor, province_manager):
    def administration(user):
        request = RequestFactory().get("/")
        request.user = user
        return [
            n
            for n in labels(navigation(request))
            if isinstance(n, tuple) and n[0] == "Administration"
        ]

    assert administration(kupang_editor) == [("Administration", ["Agencies", "Change log"])]
    assert administration(province_manager) == [
        ("Administration", ["Agencies", "Members", "Change log"])
    ]


def test_the_page_renders_the_menus(web, kupang_editor):
    html = web(kupang_editor).get("/regions/").content.decode()
    assert '<details data-navgroup="planning">' in html
    assert 'src="/static/tangguh/nav.js"' in html
