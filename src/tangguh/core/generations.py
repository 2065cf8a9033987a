"""Figures computed once per generation of the data they come from, not once per request.

A province page sums every event of the province; with ten years of records that is most of its
cost, and it is the same answer until an event changes. A model that feeds such figures names
its kind of data with `generation = "events"`. Every write of such a model draws a new token for
its kind: saves and deletes (signals, so the audited services need nothing), the importers'
bulk upsert and a restore (which call `bump` themselves). A read model asks
`memoised(kind, parts, compute)`: the figures are kept in the cache under the kind's current
token and the parts that decide them (region, the user's scope, the year), and computed again
only after a write.

Why a random token and not a counter: a write that is rolled back must not leave a number the
next write would reuse, or figures computed inside the rolled-back transaction could be served
for different data. Why correct under concurrent writes: the token is read before the data, so
figures are never older than the token they are kept under.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models
from django.utils import translation

T = TypeVar("T")
TIMEOUT = 24 * 3600


def kind_of(model: type[models.Model] | Any) -> str | None:
    """The kind of data a model feeds (its `generation`), or None."""
    return getattr(model, "generation", None)


# Tokens already read in the current request (None outside a request: every read asks the
# database). A request reads each kind's token once, before the data of its first kept figure:
# figures read later in the request may be newer than the token, never older. A write in the
# request forgets its kind's token, so what the request reads after it is fresh.
_seen: ContextVar[dict[str, str] | None] = ContextVar("tangguh_generation_tokens", default=None)


def _request_started(**kwargs: Any) -> None:
    _seen.set({})


def _request_finished(**kwargs: Any) -> None:
    _seen.set(None)


def bump(*kinds: str | None) -> None:
    """Draw a new token for each kind (inside the caller's transaction)."""
    from tangguh.core.models import Generation

    seen = _seen.get()
    for kind in {k for k in kinds if k}:
        if seen is not None:
            seen.pop(kind, None)
        token = secrets.token_hex(16)
        if not Generation.objects.filter(name=kind).update(token=token):
            Generation.objects.update_or_create(name=kind, defaults={"token": token})


def bump_all(models_: Iterable[type[models.Model]]) -> None:
    """A new token for every kind the models feed (after a restore or a bulk load)."""
    bump(*(kind_of(m) for m in models_))


def token(kind: str) -> str:
    """The kind's current token ("-" before its first write), read once per request. One plain
    statement: every kept figure asks for it, and building the ORM's query cost more than
    running it."""
    seen = _seen.get()
    if seen is not None and kind in seen:
        return seen[kind]
    found = _read_token(kind)
    if seen is not None:
        seen[kind] = found
    return found


def _read_token(kind: str) -> str:
    from tangguh.core.models import Generation

    table = connection.ops.quote_name(Generation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE name = %s", [kind])  # noqa: S608
        found = cursor.fetchone()
    return found[0] if found else "-"


def memoised(kind: str | tuple[str, ...], parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """`compute()`, kept in the cache under the kind's current token (of every kind, when the
    answer reads several), the active language and `parts` (everything else the answer depends
    on: give the querysets it reads, whose SQL carries the user's scope and the filters, and any
    other argument)."""
    kinds = (kind,) if isinstance(kind, str) else kind
    current = "+".join(token(k) for k in kinds)  # before the data: see the module's docstring
    kind = "+".join(kinds)
    described = [str(p.query) if isinstance(p, models.QuerySet) else repr(p) for p in parts]
    # Where `compute` was written (a lambda's qualified name names its enclosing function), so
    # two read models over the same data and parts never share an entry.
    described += [f"{compute.__module__}.{compute.__qualname__}", translation.get_language() or ""]
    digest = hashlib.sha256("\x1f".join(described).encode()).hexdigest()[:32]
    key = f"tangguh:gen:{kind}:{current}:{digest}"
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value


def _on_write(sender: type[models.Model], **kwargs: Any) -> None:
    kind = kind_of(sender)
    if kind and not kwargs.get("raw"):  # a restore loads raw rows, then bumps once
        bump(kind)


def connect() -> None:
    """Bump on every save and delete of a model that names its kind of data."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_on_write, dispatch_uid="tangguh-generation-save")
    post_delete.connect(_on_write, dispatch_uid="tangguh-generation-delete")
    request_started.connect(_request_started, dispatch_uid="tangguh-generation-request")
    request_finished.connect(_request_finished, dispatch_uid="tangguh-generation-request-end")
