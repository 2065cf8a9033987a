"""The API contract in the OpenAPI schema: every error an operation can answer, in the one error
format, and a few corrections to what drf-spectacular infers (wired in through settings)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Query parameters that cannot make a request invalid (a bad page is 404, a bad size ignored).
HARMLESS_QUERY = frozenset({"page", "page_size"})
# A time as DRF writes it (09:02 or 09:02:23.5); JSON Schema's "time" format needs a UTC offset.
TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"

ERROR_DESCRIPTIONS: dict[str, str] = {
    "400": "Malformed or invalid input, or a write the rules refuse; `details` holds the "
    "messages per field.",
    "401": "Missing or invalid credentials.",
    "403": "Outside the user's regions or role (or, for a session, a write without the CSRF "
    "token).",
    "404": "Unknown record, region code or page.",
    "413": "The request body is larger than TANGGUH_MAX_REQUEST_BYTES.",
    "415": "The request body is not JSON, form data or multipart.",
    "429": "Too many requests; try again later.",
}


class ErrorBodySerializer(serializers.Serializer):
    """The body of an error: HTTP status, a stable code, a message in the user's language."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(help_text="A stable code, e.g. invalid, not_found, parse_error.")
    message = serializers.CharField(help_text="What went wrong, in the user's language.")
    details = serializers.JSONField(
        required=False, help_text="Validation errors: the messages per field."
    )


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers: {"error": {"status", "code", "message", "details"}}."""

    error = ErrorBodySerializer()


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the errors each operation can answer."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        """The operation with an error response for each status it can answer."""
        operation: dict[str, Any] | None = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for status in self.error_statuses(operation):
            responses.setdefault(status, self.error_response(status))
        return operation

    def error_statuses(self, operation: dict[str, Any]) -> list[str]:
        """The error statuses this operation can answer."""
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        statuses = []
        if self.method in WRITE_METHODS or query - HARMLESS_QUERY:
            statuses.append("400")
        if self.view.get_authenticators():
            # A bad token is refused even where no sign-in is needed.
            statuses.append("401")
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses.append("403")
        # Any record, region code or page can be unknown, and so can ?format=.
        statuses.append("404")
        if self.method in BODY_METHODS and "requestBody" in operation:
            statuses += ["413", "415"]
        if self.view.get_throttles():
            statuses.append("429")
        return statuses

    def error_response(self, status: str) -> dict[str, Any]:
        """An error response in the one error format."""
        component = self.resolve_serializer(ErrorSerializer(), "response")
        return {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {
                media_type: {"schema": component.ref}
                for media_type in self.map_renderers("media_type")
            },
        }


def _walk(node: Any) -> Any:
    """Every dict inside a schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _blank_alternative(node: dict[str, Any]) -> bool:
    """True for drf-spectacular's `oneOf: [X, {"type": "string", "maxLength": 0}]` of a blank
    choice: when X also admits "" (a pattern ending in `)?$`), "" matches both and oneOf fails."""
    options = node.get("oneOf")
    return (
        isinstance(options, list)
        and len(options) == 2
        and options[1] == {"type": "string", "maxLength": 0}
    )


def postprocess_contract(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Schema corrections: blank alternatives as anyOf, DRF's times as a pattern, and links
    without the `uri` format (a link a record may leave blank answers "", which is no URI;
    the API checks links it is given, and a client reads a link as text)."""
    for node in _walk(result.get("components", {})):
        if node.get("type") == "string" and node.get("format") == "uri":
            del node["format"]
        if _blank_alternative(node):
            node["anyOf"] = node.pop("oneOf")
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node["pattern"] = TIME_PATTERN
    return result
