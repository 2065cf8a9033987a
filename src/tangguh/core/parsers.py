"""Request parsers with a size limit."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status


class RequestTooLarge(exceptions.APIException):
    """413: the request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(_("The request body is larger than %(limit)d bytes.") % {"limit": limit})


def read_limited(stream: Any) -> bytes:
    """The whole body, or RequestTooLarge once it passes the limit (the rest is not read)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = stream.read(limit + 1) if stream is not None else b""
    if len(body) > limit:
        raise RequestTooLarge()
    return bytes(body)


class LimitedJSONParser(parsers.JSONParser):
    """JSON bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413, not read."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        body = read_limited(stream)
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc


class LimitedFormParser(parsers.FormParser):
    """URL-encoded form bodies larger than DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return super().parse(io.BytesIO(read_limited(stream)), media_type, parser_context)
