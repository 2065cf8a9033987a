"""Language choice (Indonesian unless the user picked English or an API client asks) and
compression of answers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from tangguh.core.context import change_source


class LanguageMiddleware:
    """Activates the language and marks writes by their channel (web or api) for the change log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def _language(self, request: HttpRequest, is_api: bool) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in self.supported:
            return str(chosen)
        if is_api:
            # API clients say what they want; browsers get Indonesian until the user switches.
            accepted = translation.get_language_from_request(request)
            if accepted in self.supported:
                return accepted
        return str(settings.LANGUAGE_CODE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith("/api/")
        language = self._language(request, is_api)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        with change_source("api" if is_api else "web"):
            response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"] + (["Accept-Language"] if is_api else []))
        response.headers.setdefault("Content-Language", language)
        return response


class CompressionMiddleware(GZipMiddleware):
    """Gzip for pages, fragments and JSON (a village map is a fifth of its size gzipped), as
    Django's middleware does it, with its defence against BREACH (random bytes in each gzip
    header) — and none at all for a response marked `never_compressed`: a page that shows a
    secret (a new API token) beside text the user typed."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(response, "never_compressed", False):
            return response
        return super().process_response(request, response)


def never_compressed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Mark a view's answers so that CompressionMiddleware leaves them as they are."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(*args, **kwargs)
        response.never_compressed = True  # type: ignore[attr-defined]
        return response

    return wrapped


class SecurityHeadersMiddleware:
    """Sends the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) with every response
    that has none: only tangguh's own scripts and styles run, no inline script or style."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
