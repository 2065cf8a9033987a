"""One error format for the API; bad input answers 400, never 500."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(api, kupang_editor):
    return api(kupang_editor)


def test_malformed_json_is_400(client) -> None:
    response = client.generic(
        "POST", "/api/v1/agencies/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "parse_error"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", '{"name": "' + "x" * 5000 + '"}'),
        ("application/x-www-form-urlencoded", "name=" + "x" * 5000),
        (
            "multipart/form-data; boundary=B",
            '--B\r\nContent-Disposition: form-data; name="name"'
            "\r\n\r\n" + "x" * 5000 + "\r\n--B--\r\n",
        ),
    ],
)
def test_an_oversized_body_is_413_in_the_error_format(client, content_type, body) -> None:
    response = client.generic("POST", "/api/v1/agencies/", body, content_type=content_type)
    assert response.status_code == 413
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (413, "request_too_large")
    assert "larger than 1000 bytes" in error["message"]


def test_validation_errors_name_the_fields(client) -> None:
    response = client.post("/api/v1/agencies/", {"region": "53.01", "code": ""}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"code", "name"} <= set(error["details"])


def test_an_unknown_region_in_a_body_is_400_with_a_reason(client) -> None:
    response = client.post(
        "/api/v1/agencies/", {"region": "99.99", "code": "A", "name": "B"}, format="json"
    )
    assert response.status_code == 400
    assert "99.99" in response.json()["error"]["details"]["region"][0]


def test_wrong_types_are_400_not_500(client) -> None:
    response = client.post(
        "/api/v1/agencies/",
        {
            "region": ["53.01"],
            "code": {"a": 1},
            "name": 5,
            "valid_from": "soon",
            "bidang_codes": "x",
        },
        format="json",
    )
    assert response.status_code == 400


def test_a_model_rule_is_400(client) -> None:
    response = client.post(
        "/api/v1/agencies/",
        {"region": "53.01", "code": "A", "name": "B", "valid_from": 2026, "valid_until": 2020},
        format="json",
    )
    assert response.status_code == 400
    assert "valid_until" in response.json()["error"]["details"]


def test_a_bad_year_filter_is_400(client) -> None:
    for value in ("abc", "99999"):
        response = client.get("/api/v1/agencies/", {"year": value})
        assert response.status_code == 400, value


def test_an_unknown_region_filter_is_404(client) -> None:
    response = client.get("/api/v1/agencies/", {"region": "99"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_api_path_answers_json(client) -> None:
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_a_bad_token_is_refused(api) -> None:
    from rest_framework.test import APIClient

    anonymous = APIClient()
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anonymous.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_the_openapi_schema_and_docs_are_served(client, web, kupang_editor) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/regions/" in schema.content
    docs = web(kupang_editor).get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_deeply_nested_json_is_400(api, kupang_editor) -> None:
    body = "[" * 100000 + "]" * 100000
    response = api(kupang_editor).generic(
        "POST", "/api/v1/agencies/", body, content_type="application/json"
    )
    assert response.status_code == 400
