"""The scope suite's side-channel checks: a refusal of another region's object says no more than
the refusal of an object that does not exist.

A request naming objects of the sibling regency by id gets a "missing twin": the same request
with each of those ids (the whole numbers that differ from a valid request's) replaced by an id
that exists nowhere. Both must get the same status and, once the ids are blanked, the same
message: otherwise the answer tells that the object exists, or what it holds (its name, budget or
state).
"""

from __future__ import annotations

import re
from typing import Any

from tangguh.core.testing.scope.case import MISSING

Values = dict[str, Any]


def _is_id(value: Any) -> bool:
    """A whole number as an API body or a form gives an id."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.isdigit() and len(value) < 12


def _twin(foreign: Any, valid: Any, ids: set[str]) -> Any:
    """`foreign` with every id that differs from `valid` (at the same place) replaced by
    MISSING; the replaced ids are added to `ids`."""
    if isinstance(foreign, dict):
        given = valid if isinstance(valid, dict) else {}
        return {key: _twin(value, given.get(key), ids) for key, value in foreign.items()}
    if isinstance(foreign, list | tuple):
        items = list(valid) if isinstance(valid, list | tuple) else []
        return [
            _twin(value, items[i] if i < len(items) else None, ids)
            for i, value in enumerate(foreign)
        ]
    if _is_id(foreign) and str(foreign) != str(valid):
        ids.add(str(foreign))
        return type(foreign)(MISSING)
    return foreign


def missing_twin(foreign: Values, valid: Values | None = None) -> tuple[Values, set[str]]:
    """The request `foreign` with the ids of other regions' objects replaced by an id that
    exists nowhere, and those ids (empty when the request names no object by id)."""
    ids: set[str] = set()
    twin = _twin(foreign, valid or {}, ids)
    return twin, ids


def blanked(text: str, ids: set[str]) -> str:
    """`text` with the given ids and MISSING written as <id>."""
    for found in sorted(ids | {str(MISSING)}, key=len, reverse=True):
        text = re.sub(rf"(?<!\d){re.escape(found)}(?!\d)", "<id>", text)
    return text


def api_answer(response: Any, ids: set[str]) -> tuple[int, str]:
    """An API response's status and body, ids blanked."""
    return response.status_code, blanked(response.content.decode("utf-8", "replace"), ids)


def page_answer(response: Any, ids: set[str]) -> tuple[int, str]:
    """A page's status, the errors of its form and its messages, ids blanked."""
    parts: list[str] = []
    context = getattr(response, "context", None)
    form = None
    if context is not None:
        try:
            form = context["form"]
        except (KeyError, TypeError):
            form = None
    if form is not None:
        parts.append(repr(sorted((k, list(map(str, v))) for k, v in form.errors.items())))
    messages = getattr(response.wsgi_request, "_messages", None)
    if messages is not None:
        parts.extend(str(message) for message in messages)
    return response.status_code, blanked("\n".join(parts), ids)


def assert_hidden(send: Any, foreign: Values, valid: Values | None, *, page: bool = False) -> None:
    """`send(values)` posts a request; naming other regions' objects in `foreign` must answer as
    naming objects that do not exist."""
    twin, ids = missing_twin(foreign, valid)
    if not ids:
        return
    answer = page_answer if page else api_answer
    seen, expected = answer(send(foreign), ids), answer(send(twin), ids)
    assert seen == expected, (
        "the refusal of another region's object differs from that of a missing one",
        foreign,
        seen,
        expected,
    )
