"""Write many rows of one model at once, keyed on their natural key, with the change log.

`upsert` creates the rows whose key is new, updates those whose compared fields differ and
leaves the rest alone, in chunks, in the caller's transaction. The change log gets one record
per created or updated row (`audit="row"`, for domain records), or one record for the whole file
with its name, hash and counts (`audit="file"`, for bulk reference and registry data such as the
geography or the nomenclature). Rows must already be checked (values, scope): the importer has
validated the whole file before anything is written; `upsert` only refuses a row outside the
actor's scope, as a last guard.

It writes at about the speed of a bare `executemany` of the same rows and change records (see
docs/benchmarks.md): new rows are inserted column by column (`core.bulk`), their creation records
are built column by column as JSON text (`audit.record_creations`), stored rows are looked up
a few thousand keys per query, and the garbage collector waits until the write is done.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tangguh.core import audit, bulk, generations, planner, text
from tangguh.core.context import current_source
from tangguh.core.models import ChangeRecord
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import ACTION_LABELS, EVERYWHERE, user_scope

M = TypeVar("M", bound=models.Model)
ROW, FILE, NONE = "row", "file", "none"
CHUNK = 500
LOOKUP = 5000  # keys looked up in one query


@dataclass
class Upserted(Generic[M]):
    """What `upsert` did: the created and updated rows, and how many were left unchanged."""

    created: list[M] = field(default_factory=list)
    updated: list[M] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class FileInfo:
    """The file a bulk load came from, for its one change record."""

    name: str
    sha256: str

    @classmethod
    def of(cls, path: Path, name: str = "") -> FileInfo:
        """The name and SHA-256 of a file."""
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(name or path.name, digest.hexdigest())

    @classmethod
    def of_many(cls, paths: Sequence[Path]) -> FileInfo:
        """Several files loaded together: their names, and the hash of their hashes."""
        parts = [cls.of(path) for path in paths]
        combined = hashlib.sha256("".join(p.sha256 for p in parts).encode()).hexdigest()
        return cls(", ".join(p.name for p in parts)[:255], combined)


def _key_of(obj: models.Model, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in names)


def _attnames(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).attname for name in names]  # type: ignore[union-attr]


def _lookup_size(parts: int) -> int:
    """How many keys one query looks up: `LOOKUP` at most, within the database's limit of
    parameters in one statement (each key part a parameter, and a margin for the queryset's
    own)."""
    limit = connection.features.max_query_params
    if connection.vendor == "sqlite":  # Django assumes 999; the library in use tells its own
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    if limit is None:
        return LOOKUP
    return max(1, min(LOOKUP, (limit - 100) // max(1, parts)))


def _existing(
    queryset: models.QuerySet[M], key: Sequence[str], wanted: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], M]:
    """The stored rows among `wanted` keys, read chunk by chunk."""
    found: dict[tuple[Any, ...], M] = {}
    size = _lookup_size(len(key))
    for start in range(0, len(wanted), size):
        chunk = wanted[start : start + size]
        lookup = Q()
        for i, name in enumerate(key):
            values = {k[i] for k in chunk}
            # `field__in` never matches NULL: a key part that may be empty (a year not given)
            # is looked up with `isnull` as well.
            matches = Q(**{f"{name}__in": values - {None}})
            if None in values:
                matches |= Q(**{f"{name}__isnull": True})
            lookup &= matches
        keys = set(chunk)
        for obj in queryset.filter(lookup):
            obj_key = _key_of(obj, key)
            if obj_key in keys:
                found[obj_key] = obj
    return found


def _guard_scope(rows: list[M], actor: Any, action: str) -> None:
    """Refuse the whole write when a row lies outside the actor's scope."""
    if actor is None:
        return
    scope = user_scope(actor, action)
    if scope == EVERYWHERE:
        return
    for obj in rows:
        code = audit.region_code_of(obj)
        if not scope.covers(code):
            raise PermissionDenied(
                _("You may not %(action)s records in region %(region)s.")
                % {"action": ACTION_LABELS.get(action, action), "region": code or "-"}
            )


def upsert(
    model: type[M],
    rows: Iterable[M],
    key: Sequence[str],
    compared: Sequence[str],
    *,
    actor: Any,
    audit_mode: str = ROW,
    file: FileInfo | None = None,
    queryset: models.QuerySet[M] | None = None,
    existing: Mapping[tuple[Any, ...], M] | None = None,
    on_update: Callable[[M, M], None] | None = None,
    progress: Progress | None = None,
) -> Upserted[M]:
    """Create new rows, update changed ones, count unchanged ones; log the changes (`ROW`: one
    record per written row; `FILE`: one for the whole load; `NONE`: the caller logs the load).

    `key` and `compared` name model fields (foreign keys by their field name, e.g. "region");
    `queryset` narrows where existing rows are looked for (default: all of the model's rows),
    or `existing` gives them already read (by key);
    `on_update(stored, new)` may copy more onto a stored row before it is saved.
    """
    progress = progress or NullProgress()
    rows = list(rows)
    text.clean_objects(model, rows)  # stored text holds no control characters (core/text.py)
    key_attrs, compared_attrs = _attnames(model, key), _attnames(model, compared)
    base = queryset if queryset is not None else model._default_manager.all()
    with transaction.atomic(), bulk.collector_paused():
        keys = list(zip(*bulk.Columns(rows)(key_attrs), strict=True)) if rows else []
        stored = dict(existing) if existing is not None else _existing(base, key_attrs, keys)
        result: Upserted[M] = Upserted()
        changes: list[ChangeRecord] = []
        progress.start(len(rows), _("Writing"))
        for obj, obj_key in zip(rows, keys, strict=True):
            old = stored.get(obj_key)
            if old is None:
                result.created.append(obj)
            elif _changed(old, obj, compared_attrs, on_update, audit_mode, actor, changes):
                result.updated.append(old)
            else:
                result.unchanged += 1
            progress.advance()
        _guard_scope(result.created + result.updated, actor, "change")
        created = bulk.Columns(result.created)
        _save(model, result, compared_attrs, created)
        if audit_mode == FILE:
            changes = [file_change(model, actor, file, result)] if _wrote(result) else []
        audit.record_changes(changes)
        if audit_mode == ROW:
            audit.record_creations(actor, result.created, created)
        if _wrote(result):
            generations.bump(generations.kind_of(model))
        if len(result.created) + len(result.updated) >= planner.BULK_ROWS:
            planner.refresh()
    return result


def _changed(
    old: M,
    new: M,
    attrs: Sequence[str],
    on_update: Callable[[M, M], None] | None,
    audit_mode: str,
    actor: Any,
    changes: list[ChangeRecord],
) -> bool:
    """Copy the compared values of `new` onto `old`; True (and a change record) if any differ."""
    differs = [name for name in attrs if getattr(old, name) != getattr(new, name)]
    if not differs:
        return False
    before = audit.snapshot(old) if audit_mode == ROW else {}
    for name in attrs:
        setattr(old, name, getattr(new, name))
    if on_update is not None:
        on_update(old, new)
    if audit_mode == ROW:
        change = audit.diff(before, audit.snapshot(old))
        changes.append(audit.new_change(actor, ChangeRecord.Action.UPDATE, old, change))
    return True


def _save(
    model: type[M], result: Upserted[M], compared_attrs: Sequence[str], created: bulk.Columns
) -> None:
    manager = model._default_manager
    if result.created:
        bulk.insert(model, result.created, columns=created)
    if result.updated:
        fields = list(compared_attrs)
        fields += [
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.attname not in fields
        ]
        for obj in result.updated:
            for f in model._meta.concrete_fields:
                if getattr(f, "auto_now", False):
                    f.pre_save(obj, add=False)
        manager.bulk_update(result.updated, fields, batch_size=CHUNK)


def _wrote(result: Upserted[Any]) -> bool:
    return bool(result.created or result.updated)


def file_change(
    model: type[models.Model],
    actor: Any,
    file: FileInfo | None,
    result: Upserted[Any],
    *,
    regions: Iterable[str] | None = None,
) -> ChangeRecord:
    """The one change record of a bulk load: the file, its hash and the counts (for loads that
    call `upsert` several times with `audit_mode=NONE`, e.g. parents before children).
    `regions` gives the codes of the written rows for loads that wrote rows without objects."""
    name = file.name if file else model._meta.verbose_name_plural
    changes = {
        "file": [None, name],
        "sha256": [None, file.sha256 if file else ""],
        "created": [None, len(result.created)],
        "updated": [None, len(result.updated)],
        "unchanged": [None, result.unchanged],
    }
    return ChangeRecord(
        actor=actor,
        actor_name=audit.actor_label(actor),
        action=ChangeRecord.Action.IMPORT,
        model=model._meta.label_lower,
        object_id=(file.sha256[:16] if file else "")[:64],
        object_repr=str(name)[:255],
        region_code=common_region(
            (audit.region_code_of(obj) for obj in (*result.created, *result.updated))
            if regions is None
            else regions
        ),
        changes=changes,
        source=current_source(),
    )


def common_region(codes: Iterable[str]) -> str:
    """The deepest region containing every one of `codes` ('' when they share none)."""
    found = set(codes)
    found.discard("")
    if not found:
        return ""
    parts = [code.split(".") for code in found]
    common = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return ".".join(common)
