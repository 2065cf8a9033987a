"""The regions API: filters, detail with GeoJSON, and errors in the one error format."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(api, make_user):
    return api(make_user("reader", {"53.01.27.2002": "viewer"}))


def test_every_signed_in_user_may_read_all_regions(client) -> None:
    body = client.get("/api/v1/regions/", {"level": 2}).json()
    assert body["count"] == 22
    assert {"count", "next", "previous", "results"} <= set(body)


def test_anonymous_callers_are_refused_in_the_error_format(api) -> None:
    response = api(None).get("/api/v1/regions/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["status"] == response.status_code


def test_regions_filter_by_parent_level_prefix_and_name(client) -> None:
    children = client.get("/api/v1/regions/", {"parent": "53.01.27"}).json()
    assert [r["name"] for r in children["results"]] == [
        "Poto",
        "Nuataus",
        "Kalali",
        "Tuakau",
        "Naitae",
    ]
    prefix = client.get("/api/v1/regions/", {"code_prefix": "53.01.27", "level": 4}).json()
    assert prefix["count"] == 5
    named = client.get("/api/v1/regions/", {"q": "nuataus"}).json()
    assert [r["code"] for r in named["results"]] == ["53.01.27.2002"]
    within = client.get("/api/v1/regions/", {"region": "5301", "level": 3}).json()
    assert within["count"] == 24


def test_a_region_detail_carries_its_boundary_as_geojson(client) -> None:
    body = client.get("/api/v1/regions/53.01.27.2002/").json()
    assert body["name"] == "Nuataus"
    assert body["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert body["ancestors"] == [
        {"code": "53", "name": "Nusa Tenggara Timur"},
        {"code": "53.01", "name": "Kabupaten Kupang"},
        {"code": "53.01.27", "name": "Fatuleu Barat"},
    ]
    assert len(body["bbox"]) == 4


def test_a_code_without_dots_finds_the_region(client) -> None:
    assert client.get("/api/v1/regions/5301272002/").json()["code"] == "53.01.27.2002"


def test_lists_leave_boundaries_out(client) -> None:
    row = client.get("/api/v1/regions/", {"parent": "53"}).json()["results"][0]
    assert "geometry" not in row


@pytest.mark.parametrize("path", ["/api/v1/regions/99.99/", "/api/v1/regions/53.01.99.9999/"])
def test_an_unknown_region_is_404_in_the_error_format(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_parent_filter_is_404(client) -> None:
    assert client.get("/api/v1/regions/", {"parent": "99"}).status_code == 404


def test_an_invalid_level_is_400(client) -> None:
    response = client.get("/api/v1/regions/", {"level": "nine"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_page_size_is_capped(client) -> None:
    body = client.get("/api/v1/regions/", {"page_size": 100000}).json()
    assert len(body["results"]) == 500
