"""Where the current request came from (web, api, cli), for the change log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_source: ContextVar[str] = ContextVar("tangguh_change_source", default="system")


def current_source() -> str:
    """The channel of the current write: web, api, cli, task or system."""
    return _source.get()


@contextmanager
def change_source(source: str) -> Iterator[None]:
    """Mark writes inside the block as coming from `source`."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)
