"""Helpers for the tests of every app: reading responses, the scope suite (`scope_suite`)."""

from __future__ import annotations

from typing import Any


def text_of(response: Any) -> str:
    """A response's body as text, streamed or not (a UTF-8 BOM is dropped)."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    return bytes(raw).decode("utf-8-sig")
