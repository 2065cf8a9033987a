"""The API contract in the OpenAPI schema: every error an operation can answer is documented in
the one error format, so clients (and the fuzzer in bench/api_fuzz.py) can rely on it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # comes with schemathesis (dev)
import pytest
from django.core.exceptions import FieldDoesNotExist
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

ERROR_REF = "#/components/schemas/Error"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for route, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {route}", item[method]


def documents_error(operation: dict[str, Any], status: str) -> bool:
    response = operation["responses"].get(status)
    if response is None:
        return False
    return response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}


def missing(schema: dict[str, Any], status: str, which: Any) -> list[str]:
    return [
        name
        for name, operation in operations(schema)
        if which(name, operation) and not documents_error(operation, status)
    ]


def filtered(operation: dict[str, Any]) -> bool:
    query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    return bool(query - {"page", "page_size"})


def test_the_schema_has_every_api_operation(schema) -> None:
    assert len(list(operations(schema))) > 100


@pytest.mark.parametrize("status", ["401", "403", "404"])
def test_every_operation_documents_401_403_404_in_the_error_format(schema, status) -> None:
    assert missing(schema, status, lambda name, operation: True) == []


def test_writes_and_filtered_lists_document_400(schema) -> None:
    def can_be_invalid(name: str, operation: dict[str, Any]) -> bool:
        return not name.startswith("GET ") or filtered(operation)

    assert missing(schema, "400", can_be_invalid) == []
    events = dict(operations(schema))["GET /api/v1/events/"]
    assert documents_error(events, "400")


def test_every_operation_with_a_body_documents_413_and_415(schema) -> None:
    def has_body(name: str, operation: dict[str, Any]) -> bool:
        return "requestBody" in operation

    assert missing(schema, "413", has_body) == []
    assert missing(schema, "415", has_body) == []


def test_errors_the_api_answers_match_the_error_component(schema, api, kupang_editor) -> None:
    validator = jsonschema.Draft4Validator({"$ref": ERROR_REF, **schema})
    client = api(kupang_editor)
    answers = [
        api(None).get("/api/v1/events/"),
        client.get("/api/v1/events/", {"region": "53.71"}),
        client.get("/api/v1/events/", {"region": "99.99"}),
        client.get("/api/v1/events/", {"year": "soon"}),
        client.post("/api/v1/agencies/", {"region": "53.01", "code": ""}, format="json"),
    ]
    assert [answer.status_code for answer in answers] == [401, 403, 404, 400, 400]
    for answer in answers:
        validator.validate(answer.json())


class TenAMinute(UserRateThrottle):
    rate = "10/min"


@extend_schema(responses={200: None})
@api_view(["GET"])
@throttle_classes([TenAMinute])
def throttled(request: Request) -> Response:
    """A throttled view (only for the schema)."""
    return Response({})


def test_a_throttled_view_documents_429_and_others_do_not(schema) -> None:
    generator = SchemaGenerator(patterns=[path("throttled/", throttled)])
    throttled_schema = generator.get_schema(request=None, public=True)
    assert documents_error(throttled_schema["paths"]["/throttled/"]["get"], "429")
    assert not any("429" in operation["responses"] for _name, operation in operations(schema))


def test_a_blank_choice_validates_when_empty(schema) -> None:
    hazard_class = schema["components"]["schemas"]["RiskProfile"]["properties"]["hazard_class"]
    validator = jsonschema.Draft4Validator(hazard_class)
    assert validator.is_valid("")
    assert validator.is_valid("high")
    assert not validator.is_valid("extreme")


def _model_serializers() -> Iterator[type[serializers.ModelSerializer[Any]]]:
    found = list(serializers.ModelSerializer.__subclasses__())
    while found:
        cls = found.pop()
        found.extend(cls.__subclasses__())
        if cls.__module__.startswith("tangguh.") and hasattr(cls, "Meta"):
            yield cls


def test_a_choice_the_model_may_leave_blank_is_documented_blank_in_every_serializer(
    schema,
) -> None:
    checked, wrong = 0, []
    for cls in _model_serializers():
        model: Any = cls.Meta.model
        for name, field in cls().fields.items():
            if not isinstance(field, serializers.ChoiceField) or field.source == "*":
                continue
            try:
                model_field = model._meta.get_field(field.source)
            except FieldDoesNotExist:
                continue
            if getattr(model_field, "blank", False) and getattr(model_field, "choices", None):
                checked += 1
                if not field.allow_blank:
                    wrong.append(f"{cls.__name__}.{name}")
    assert checked >= 5
    assert wrong == []


def test_times_are_documented_as_the_api_writes_them(schema) -> None:
    start_time = schema["components"]["schemas"]["Event"]["properties"]["start_time"]
    assert "format" not in start_time
    assert re.match(start_time["pattern"], "09:02:23")
    assert re.match(start_time["pattern"], "09:02:23.250000")
    assert not re.match(start_time["pattern"], "9 pagi")


@pytest.mark.parametrize(
    ("component", "field"),
    [("Me", "agency"), ("RegionDetail", "geometry")],
)
def test_fields_the_api_may_answer_null_are_nullable(schema, component, field) -> None:
    assert schema["components"]["schemas"][component]["properties"][field]["nullable"] is True


def test_setting_a_planning_stage_documents_200_and_201(schema) -> None:
    responses = schema["paths"]["/api/v1/planning-stages/"]["post"]["responses"]
    assert {"200", "201"} <= set(responses)
