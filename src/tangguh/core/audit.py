"""Audited writes: every create, update and delete of a domain record leaves a ChangeRecord."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import math
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from json.encoder import encode_basestring_ascii
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import ProtectedError, RestrictedError
from django.db.models.fields.files import FieldFile
from django.utils import timezone
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
    if isinstance(value, FieldFile):
        return value.name or ""  # an attached file is logged by its stored name
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


_JSON_BOOL = {True: "true", False: "false"}
_ISOFORMAT: dict[type, Callable[[Any], str]] = {
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    dt.time: dt.time.isoformat,
}
_EMPTY_JSON: dict[type, str] = {dict: "{}", list: "[]"}


def _json_of(value: Any) -> str:
    """`json.dumps(_logged(value))` (an empty dictionary or list is logged as it is)."""
    if not value and type(value) in _EMPTY_JSON:
        return _EMPTY_JSON[type(value)]
    return json.dumps(_logged(value))


def _json_encoder(kind: type | None, present: Iterable[Any]) -> Callable[[Any], str]:
    """A function giving `json.dumps(_logged(value))` for the values `present` (all of type
    `kind`, or of several types when None): one of the JSON encoder's own (C) functions where
    every value allows it."""
    if kind in _ISOFORMAT:  # ISO dates and times: short, printable, plain ASCII
        isoformat = _ISOFORMAT[kind]
        return lambda value: encode_basestring_ascii(isoformat(value))
    if kind is decimal.Decimal or kind is uuid.UUID:
        if max(len(str(value)) for value in present) < MAX_LOGGED_VALUE // 2:
            return lambda value: encode_basestring_ascii(str(value))
    elif kind is str:
        texts = list(present)
        if max(map(len, texts)) < MAX_LOGGED_VALUE // 2 and all(map(str.isprintable, texts)):
            return encode_basestring_ascii
    elif kind is int:
        return int.__repr__
    elif kind is bool:
        return _JSON_BOOL.__getitem__
    elif kind is float and all(map(math.isfinite, present)):
        return float.__repr__
    return _json_of


# Types whose equal values always give the same JSON text (not Decimal: 1.0 == 1.00; not float:
# 0.0 == -0.0; not datetime: equal instants in other time zones): a column of them is encoded
# once per distinct value.
_SAME_TEXT = {str, int, bool, dt.date}


def _json_entries(name: str, column: Sequence[Any]) -> Sequence[str] | None:
    """The entries `, "name": [null, value]` of one field in the creation records ('' where
    the value is None, left out), or None when no record has a value."""
    kinds = set(map(type, column))
    kinds.discard(type(None))
    if not kinds:
        return None
    kind = kinds.pop() if len(kinds) == 1 else None
    entry = ", " + encode_basestring_ascii(name) + ": [null, {}]"
    first = column[0]
    if first is column[-1] and all(value is first for value in column):  # one for all
        return [entry.format(_json_encoder(kind, [first])(first))] * len(column)
    if kind in _SAME_TEXT:
        distinct = set(column)
        distinct.discard(None)
        encode = _json_encoder(kind, distinct)
        texts = {value: entry.format(encode(value)) for value in distinct}
        texts[None] = ""
        return list(map(texts.__getitem__, column))
    if None in column:
        present = [value for value in column if value is not None]
        encode = _json_encoder(kind, present)
        return ["" if value is None else entry.format(encode(value)) for value in column]
    return list(map(entry.format, map(_json_encoder(kind, column), column)))


def creation_texts(
    model: type[models.Model], objects: Sequence[models.Model], columns: bulk.Columns | None = None
) -> list[str]:
    """`json.dumps(creation(obj))` for each of many new records of one model, built column by
    column (the change log's text of each, without a dictionary per record)."""
    excluded = frozenset(getattr(model, "audit_exclude", ()))
    fields = _fields(model, excluded)
    values = (columns or bulk.Columns(objects))([attname for _name, attname in fields])
    entries = [
        found
        for (name, _attname), column in zip(fields, values, strict=True)
        if (found := _json_entries(name, column)) is not None
    ]
    if not entries:
        return ["{}"] * len(objects)
    return ["{" + row[2:] + "}" for row in map("".join, zip(*entries, strict=True))]


def _as_is(text: str) -> str:
    return text


def _json_parameters(texts: list[str]) -> list[Any]:
    """JSON texts as the database's driver takes JSONField values."""
    if type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value:
        return texts  # json.dumps of the values: the texts themselves
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return [Jsonb(text, dumps=_as_is) for text in texts]
    adapt = connection.ops.adapt_json_value
    return [adapt(json.loads(text), None) for text in texts]


def reprs_of(model: type[models.Model], objects: Sequence[models.Model]) -> list[str]:
    """`str(obj)` of each of many records of one model: through the model's `audit_reprs`
    where it has one (the same names, made at once)."""
    batch = getattr(model, "audit_reprs", None)
    return list(batch(objects)) if batch is not None else list(map(str, objects))


def record_creations(
    actor: Any, objects: Sequence[models.Model], columns: bulk.Columns | None = None
) -> int:
    """Write the creation record of each of many new rows of one model (saved, with their
    keys) at once: the records `new_change(actor, CREATE, obj, creation(obj))` gives, with one
    time for all; returns how many. `columns` may carry the objects' values already read."""
    if not objects:
        return 0
    model = type(objects[0])
    assert all(type(obj) is model for obj in objects), "records of one model at a time"
    count = len(objects)
    columns = columns or bulk.Columns(objects)
    texts = creation_texts(model, objects, columns)
    pk = model._meta.pk
    assert pk is not None
    at = ChangeRecord._meta.get_field("at")
    given: dict[str, list[Any]] = {
        "at": [at.get_db_prep_save(timezone.now(), connection)] * count,
        "changes": _json_parameters(texts),
    }
    plain: dict[str, list[Any]] = {
        "actor_id": [None if actor is None else actor.pk] * count,
        "actor_name": [actor_label(actor)] * count,
        "action": [str(ChangeRecord.Action.CREATE.value)] * count,
        "model": [model._meta.label_lower] * count,
        "object_id": list(map(str, columns.get(pk.attname))),
        "object_repr": [name[:255] for name in reprs_of(model, objects)],
        "region_code": list(map(region_code_of, objects)),
        "source": [current_source()] * count,
    }
    fields = [f for f in ChangeRecord._meta.concrete_fields if not f.primary_key]
    assert {f.attname for f in fields} == {*given, *plain}, "every column of a change record"
    prepared = [
        given[f.attname] if f.attname in given else bulk.prepare_column(f, plain[f.attname])
        for f in fields
    ]
    bulk.insert_rows(ChangeRecord, [f.attname for f in fields], prepared, keys=False)
    return count


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
