"""Headers (issue 14, item 7): a strict Content-Security-Policy on every response, and templates
that need no inline script or style to work under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tangguh import conf

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_response_carries_a_strict_policy(client, web, kupang_editor) -> None:
    for response in (
        client.get(reverse("login")),
        web(kupang_editor).get(reverse("regions:detail", args=["53.01"])),
        client.get("/api/v1/regions/"),
        client.get("/healthz"),
    ):
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy


def test_a_configured_tile_server_may_serve_images_only(monkeypatch) -> None:
    policy = conf.content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tile.example.org" in policy
    assert "script-src 'self';" in policy
    policy = conf.content_security_policy("https://tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tiles.example.org" in policy
    monkeypatch.setenv("TANGGUH_CONTENT_SECURITY_POLICY", "default-src 'self'")
    assert conf.content_security_policy() == "default-src 'self'"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"<style[\s>]", re.IGNORECASE), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"\shx-on[:-]", re.IGNORECASE), "hx-on (evaluated script)"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_needs_inline_script_or_style() -> None:
    """The policy refuses inline script and style: a template relying on either is broken.
    Emails are not pages (no policy applies; mail programs need inline style)."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "email" in path.relative_to(TEMPLATES).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []


def test_the_api_docs_page_loads_its_script_from_a_url(client) -> None:
    html = client.get(reverse("api-docs")).content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html


def test_a_refusal_is_logged_as_one_line_without_a_traceback(
    web, kupang_editor, kota_agency, capsys
) -> None:
    import logging

    from tangguh.core.logs import OneLineRefusals

    handler = logging.StreamHandler()
    handler.addFilter(OneLineRefusals())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = web(kupang_editor).get(reverse("accounts:agency-detail", args=[kota_agency.pk]))
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403
    logged = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert logged == [
        f"WARNING django.request Forbidden (Permission denied): {response.request['PATH_INFO']}"
    ]


def test_the_configured_console_handler_uses_the_filter() -> None:
    assert "one_line_refusals" in settings.LOGGING["handlers"]["console"]["filters"]
