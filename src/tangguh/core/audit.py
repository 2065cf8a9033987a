"""Audited writes: every create, update and delete of a domain record leaves a ChangeRecord."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from tangguh.core import bulk
from tangguh.core.context import current_source
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import ACTION_LABELS, user_scope

M = TypeVar("M", bound=models.Model)

# Values longer than this are logged as a fingerprint, so a boundary edit does not copy megabytes.
MAX_LOGGED_VALUE = 400


_SIMPLE = (int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, memoryview | bytes):
        return f"<{len(value)} bytes>"
    return value


def _compact(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and len(value) < MAX_LOGGED_VALUE // 2 and value.isprintable():
        return value  # printable text at most doubles once quoted and escaped: within the limit
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    if len(text) <= MAX_LOGGED_VALUE:
        return value
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"sha256:{digest} ({len(text)} chars)"


def _logged(value: Any) -> Any:
    """A value as the change log keeps it (plain, and short)."""
    if type(value) in _SIMPLE:
        return value
    if type(value) is str and len(value) < MAX_LOGGED_VALUE // 2 and value.isprintable():
        return value
    return _compact(_plain(value))


@cache
def _fields(model: type[models.Model], excluded: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(name, attname) of the model's concrete fields that are logged."""
    return tuple(
        (f.name, f.attname)
        for f in model._meta.concrete_fields
        if f.name not in excluded and f.attname not in excluded
    )


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's stored field values as JSON-safe data (secrets and big values left out)."""
    excluded = frozenset(getattr(obj, "audit_exclude", ()))
    return {name: _logged(getattr(obj, attname)) for name, attname in _fields(type(obj), excluded)}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [before, after]}."""
    names = list(dict.fromkeys([*before, *after]))
    return {
        name: [before.get(name), after.get(name)]
        for name in names
        if before.get(name) != after.get(name)
    }


def creation(obj: models.Model) -> dict[str, list[Any]]:
    """The change record of a new row: every known field as [None, value]."""
    excluded = frozenset(getattr(obj, "audit_exclude", ()))
    stored = obj.__dict__  # the field values of a model instance (deferred ones are absent)
    changes: dict[str, list[Any]] = {}
    for name, attname in _fields(type(obj), excluded):
        value = stored[attname] if attname in stored else getattr(obj, attname)
        if value is not None:
            changes[name] = [None, _logged(value)]
    return changes


def region_code_of(obj: models.Model) -> str:
    """The code of the region a record belongs to ('' for records outside the geography)."""
    code = getattr(obj, "audit_region_code", None)
    if code is None:
        code = getattr(obj, "region_id", "")
    return str(code or "")


def actor_label(actor: Any) -> str:
    """How the change log names whoever made a change."""
    if actor is None:
        return "system"
    return str(actor.get_username())


def check_allowed(actor: Any, action: str, obj: models.Model) -> None:
    """Refuse a write outside the actor's regions; `actor=None` is the system itself."""
    if actor is None:
        return
    code = region_code_of(obj)
    if not user_scope(actor, action).covers(code):
        raise PermissionDenied(
            _("You may not %(action)s records in region %(region)s.")
            % {"action": ACTION_LABELS.get(action, action), "region": code or "-"}
        )


def new_change(actor: Any, action: str, obj: models.Model, changes: dict[str, Any]) -> ChangeRecord:
    """An unsaved change record for `obj` (saved by `record_change` or in bulk)."""
    return ChangeRecord(
        actor=actor,
        actor_name=actor_label(actor),
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        region_code=region_code_of(obj),
        changes=changes,
        source=current_source(),
    )


def record_change(
    actor: Any, action: str, obj: models.Model, changes: dict[str, Any]
) -> ChangeRecord:
    """Write one change record."""
    change = new_change(actor, action, obj, changes)
    change.save()
    return change


def record_changes(changes: Iterable[ChangeRecord]) -> int:
    """Write many change records at once (loaders); returns how many."""
    rows = bulk.insert(ChangeRecord, list(changes), keys=False)
    return len(rows)


@transaction.atomic
def create_record(model: type[M], *, actor: Any, needs: str = "add", **values: Any) -> M:
    """Validate, check scope, save and log a new record."""
    obj = model(**values)
    obj.full_clean()
    check_allowed(actor, needs, obj)
    obj.save()
    record_change(actor, ChangeRecord.Action.CREATE, obj, diff({}, snapshot(obj)))
    return obj


@transaction.atomic
def update_record(obj: M, *, actor: Any, needs: str = "change", **values: Any) -> M:
    """Apply field values to a record, check scope before and after, save and log the difference."""
    check_allowed(actor, needs, obj)
    before = snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    check_allowed(actor, needs, obj)
    changes = diff(before, snapshot(obj))
    if changes:
        obj.save()
        record_change(actor, ChangeRecord.Action.UPDATE, obj, changes)
    return obj


@transaction.atomic
def delete_record(obj: models.Model, *, actor: Any, needs: str = "delete") -> None:
    """Check scope, log and delete a record; a record others still use is a ValidationError."""
    check_allowed(actor, needs, obj)
    change = new_change(actor, ChangeRecord.Action.DELETE, obj, diff(snapshot(obj), {}))
    try:
        obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ValidationError(still_used_message(obj, exc.args[1])) from exc
    change.save()


def still_used_message(obj: models.Model, users: Iterable[models.Model]) -> str:
    """Why a record cannot be deleted: the kinds of records that still use it, with counts."""
    counts = Counter(str(user._meta.verbose_name_plural) for user in users)
    uses = ", ".join(f"{name} ({count})" for name, count in sorted(counts.items()))
    return _(
        "%(record)s is still used by other records (%(uses)s); change or delete those first."
    ) % {
        "record": obj,
        "uses": uses,
    }
