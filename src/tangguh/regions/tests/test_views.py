"""The region browser pages: search as you type, tree, region page and map data."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(web, village_officer):
    return web(village_officer)


def test_the_browser_lists_the_province(browser) -> None:
    page = browser.get(reverse("regions:browser")).content.decode()
    assert "Nusa Tenggara Timur" in page
    assert 'hx-get="/regions/search/"' in page


def test_search_by_name_returns_a_fragment(browser) -> None:
    response = browser.get(reverse("regions:search"), {"q": "nuat"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Nuataus" in html
    assert "53.01.27.2002" in html
    assert "<html" not in html


def test_search_by_code_with_or_without_dots(browser) -> None:
    for query in ("53.01.27.20", "530127"):
        html = browser.get(reverse("regions:search"), {"q": query}).content.decode()
        assert "Nuataus" in html, query


def test_search_without_javascript_renders_results_in_the_page(browser) -> None:
    html = browser.get(reverse("regions:browser"), {"q": "Fatuleu"}).content.decode()
    assert "Fatuleu Barat" in html
    assert "Fatuleu Tengah" in html


def test_search_reports_no_match(browser) -> None:
    html = browser.get(reverse("regions:search"), {"q": "zzzz"}).content.decode()
    assert "No region matches" in html


def test_hostile_search_text_is_escaped(browser) -> None:
    html = browser.get(
        reverse("regions:search"), {"q": "<script>alert(1)</script>"}
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_tree_loads_children_on_demand(browser) -> None:
    html = browser.get(reverse("regions:children", args=["53.01.27"])).content.decode()
    assert html.count("<li>") == 5
    assert "Nuataus" in html


def test_a_region_page_shows_facts_children_and_map(browser) -> None:
    html = browser.get(reverse("regions:detail", args=["53.01"])).content.decode()
    assert "Kabupaten Kupang" in html
    assert "391,539" in html or "391.539" in html
    assert "Fatuleu Barat" in html
    assert 'data-geojson-url="/regions/53.01/map.geojson"' in html
    assert "vendor/leaflet/leaflet.js" in html


def test_unknown_facts_are_shown_as_unknown(browser) -> None:
    html = browser.get(reverse("regions:detail", args=["53.01.27.2002"])).content.decode()
    assert "unknown" in html


def test_map_data_holds_the_region_and_its_children(browser) -> None:
    data = browser.get(reverse("regions:map", args=["53.01.27"])).json()
    roles = [f["properties"]["role"] for f in data["features"]]
    assert roles.count("self") == 1
    assert roles.count("child") == 5
    assert data["features"][1]["properties"]["url"].startswith("/regions/53.01.27.")


def test_map_data_is_compressed_for_slow_links(browser) -> None:
    response = browser.get(reverse("regions:map", args=["53"]), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_an_unknown_region_page_is_404(browser) -> None:
    response = browser.get("/regions/53.99/")
    assert response.status_code == 404
    assert "53.99" in response.content.decode()


def test_region_pages_need_a_login(client) -> None:
    response = client.get(reverse("regions:detail", args=["53"]))
    assert response.status_code == 302
