"""Answers a browser may keep: a validator (ETag) on every data answer that changes rarely, so a
later view revalidates and gets 304 Not Modified instead of the same bytes again over a slow
link. Used by the maps (shapes change when the geography is loaded, classes when data is)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

JSON = "application/json"


def _matches(request: HttpRequest, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    if not sent:
        return False
    if sent.strip() == "*":
        return True
    wanted = {tag.strip().removeprefix("W/") for tag in sent.split(",")}
    return etag in wanted


def _finish(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Per user (scope decides what is shown), always revalidated, never stored by proxies.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def revalidated(
    request: HttpRequest,
    body: bytes | Callable[[], bytes],
    *,
    tag: str | None = None,
    content_type: str = JSON,
) -> HttpResponse:
    """The body with an ETag, or 304 when the browser already holds it.

    Give `tag` (a validator that is cheap to compute and changes whenever the body would) and a
    callable `body` to skip building the body on a revalidation; without `tag`, the ETag is the
    hash of the body (which saves the transfer, not the work)."""
    if tag is not None:
        etag = f'"{tag}"'
        if _matches(request, etag):
            return _finish(HttpResponseNotModified(), etag)
        data = body() if callable(body) else body
    else:
        data = body() if callable(body) else body
        etag = f'"{hashlib.sha256(data).hexdigest()[:32]}"'
        if _matches(request, etag):
            return _finish(HttpResponseNotModified(), etag)
    return _finish(HttpResponse(data, content_type=content_type), etag)
