"""The region picker shared by forms: a search by name within the user's regions at the levels a
form takes, and the line that names the region whose code a field holds."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def codes_in(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-pick-code="')[1:]]


def test_the_search_lists_the_places_in_the_user_s_regions(web, kupang_editor) -> None:
    html = web(kupang_editor).get(reverse("regions:pick"), {"q": "Nuat"}).content.decode()
    assert codes_in(html) == ["53.01.27.2002"]
    other = web(kupang_editor).get(reverse("regions:pick"), {"q": "Oebobo"}).content.decode()
    assert codes_in(other) == []
    assert "No place in your regions matches" in other


def test_the_search_keeps_to_the_levels_the_form_takes(web, kupang_editor) -> None:
    client = web(kupang_editor)
    with_regency = client.get(reverse("regions:pick"), {"q": "Kupang", "least": "2"})
    assert "53.01" in codes_in(with_regency.content.decode())
    below = client.get(reverse("regions:pick"), {"q": "Kupang", "least": "3"}).content.decode()
    assert "53.01" not in codes_in(below)
    villages = client.get(reverse("regions:pick"), {"q": "Fatuleu", "least": "4"})
    assert all(code.count(".") == 3 for code in codes_in(villages.content.decode()))


def test_the_search_of_a_viewer_lists_nothing_to_add(web, make_user) -> None:
    viewer = make_user("viewer.kupang", {"53.01": "viewer"})
    client = web(viewer)
    assert codes_in(client.get(reverse("regions:pick"), {"q": "Nuat"}).content.decode()) == []
    seen = client.get(reverse("regions:pick"), {"q": "Nuat", "for": "view"}).content.decode()
    assert codes_in(seen) == ["53.01.27.2002"]


def test_the_chosen_line_names_the_region_of_a_typed_code(web, kupang_editor) -> None:
    client = web(kupang_editor)
    named = client.get(reverse("regions:chosen"), {"field": "region", "region": "5301272002"})
    assert "Nuataus" in named.content.decode()
    assert "Fatuleu Barat" in named.content.decode()
    unknown = client.get(reverse("regions:chosen"), {"field": "region", "region": "53.99"})
    assert "No region has the code" in unknown.content.decode()
    assert client.get(reverse("regions:chosen"), {"field": "region"}).content.decode().strip() == ""


def test_the_picker_needs_a_signed_in_user(client) -> None:
    assert client.get(reverse("regions:pick"), {"q": "Nuat"}).status_code == 302
