"""The page shell every page shares: the icon browsers show in tabs and bookmarks."""

from __future__ import annotations

from django.test import Client


def test_pages_name_an_icon_and_favicon_ico_leads_to_it(db) -> None:
    page = Client().get("/login/").content.decode()
    assert 'rel="icon" href="/static/tangguh/favicon.svg"' in page
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/tangguh/favicon.svg"
    icon = Client().get(response["Location"])
    assert icon.status_code == 200
