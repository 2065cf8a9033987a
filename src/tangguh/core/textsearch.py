"""Finding a piece of text inside long text columns through an index, not by reading every row.

The search page asks, for each kind of record, which rows *contain* what the user typed
(`icontains`: a part of a word matches, "kupang" finds "Kota Kupang"). A plain `LIKE '%…%'` reads
every row of the table: at ten times the demo's events and the nomenclature's 9,700 items, the
two heaviest took 5 ms each of the page's 20 ms in the database. A trigram index answers the
same question by looking up the text's three-letter pieces:

- on SQLite, an FTS5 table with the `trigram` tokenizer over the model's columns (external
  content: it stores the index, not a second copy of the text), kept by triggers on every
  insert, update and delete, whoever writes (the ORM, a bulk load, a restore). The question is
  asked with `LIKE` on the index, so the answer is exactly `icontains`'s;
- on PostgreSQL, a GIN index with `pg_trgm` on the very expression Django's `icontains` compares
  (`UPPER(column::text)`), so the query does not change at all.

A model names its columns in `text_search` (a class attribute, as `audit_exclude`); `contains`
builds the condition for a search. `ensure` (after every `migrate`) creates what is missing:
SQLite drops a table's triggers when Django rebuilds the table in a later migration, so the
index is checked and rebuilt from the table when its triggers were missing, instead of going
quietly stale. When the database cannot hold the index (no FTS5 in this SQLite, no right to
create `pg_trgm`), the search reads the table as before, only slower.

Texts shorter than three characters, or holding `LIKE`'s wildcards, are searched the plain way
(a trigram index cannot answer them).
"""

from __future__ import annotations

import logging
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connections, models, transaction
from django.db.models.expressions import RawSQL

log = logging.getLogger(__name__)

MIN_LENGTH = 3  # a trigram index answers only texts of three characters or more

_ready: dict[tuple[str, str], bool] = {}  # (database alias, table) → the index exists


def indexed_models() -> list[type[models.Model]]:
    """Models that name columns in `text_search`."""
    return [m for m in apps.get_models() if getattr(m, "text_search", ())]


def contains(model: type[models.Model], text: str, fields: tuple[str, ...] = ()) -> models.Q:
    """Rows whose columns (`fields`, all of `model.text_search` by default) contain `text`, in
    any case, as `icontains` finds them; through the trigram index where there is one."""
    columns = fields or tuple(getattr(model, "text_search", ()))
    if not columns:
        raise ValueError(f"{model._meta.label} has no text_search columns")
    plain = reduce(or_, (models.Q(**{f"{name}__icontains": text}) for name in columns))
    alias = "default"
    connection = connections[alias]
    table = model._meta.db_table
    if (
        connection.vendor != "sqlite"
        or len(text) < MIN_LENGTH
        or "%" in text
        or "_" in text
        or "\\" in text
        or not set(columns) <= set(getattr(model, "text_search", ()))
        or not _exists(alias, table)
    ):
        return plain
    index = connection.ops.quote_name(_fts_table(table))
    pattern = f"%{text}%"
    # Names come from the model's metadata, quoted; what the user typed is a parameter.
    select = " UNION ".join(
        f"SELECT rowid FROM {index} WHERE {connection.ops.quote_name(_column(model, name))} LIKE %s"  # noqa: S608
        for name in columns
    )
    return models.Q(pk__in=RawSQL(select, [pattern] * len(columns)))  # noqa: S611


def ensure(using: str = "default", rebuild: bool = False) -> list[str]:
    """Create every missing trigram index (and its triggers on SQLite); rebuild an index whose
    triggers were missing. Returns the tables whose index was (re)built."""
    connection = connections[using]
    built: list[str] = []
    for model in indexed_models():
        table = model._meta.db_table
        columns = [_column(model, name) for name in model.text_search]  # type: ignore[attr-defined]
        try:
            # A refusal (no FTS5, no right to create pg_trgm) undoes only this model's part.
            with transaction.atomic(using=using):
                if connection.vendor == "sqlite":
                    changed = _ensure_sqlite(connection, table, model._meta.pk.column, columns)
                elif connection.vendor == "postgresql":
                    changed = _ensure_postgresql(connection, table, columns)
                else:
                    changed = False
        except DatabaseError as error:
            log.warning("No text index on %s: %s", table, error)
            _ready[(using, table)] = False
            continue
        if connection.vendor == "sqlite" and (changed or rebuild):
            _rebuild_sqlite(connection, table)
        if changed or rebuild:
            built.append(table)
        _ready[(using, table)] = True
    return built


def after_migrate(sender: Any, using: str = "default", **_kwargs: Any) -> None:
    """post_migrate is sent once per app: ensure once, after the last."""
    configs = list(apps.get_app_configs())
    if configs and sender.label == configs[-1].label:
        ensure(using)


def _column(model: type[models.Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model._meta.label}.{name} is not a column")
    return column


def _fts_table(table: str) -> str:
    return f"{table}_text"


def _exists(alias: str, table: str) -> bool:
    key = (alias, table)
    if key not in _ready:
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s",
                [_fts_table(table)],
            )
            _ready[key] = cursor.fetchone()[0] == 1
    return _ready[key]


def _ensure_sqlite(connection: Any, table: str, pk: str, columns: list[str]) -> bool:
    quote = connection.ops.quote_name
    index = _fts_table(table)
    names = ", ".join(quote(c) for c in columns)
    new = ", ".join(f"new.{quote(c)}" for c in columns)
    old = ", ".join(f"old.{quote(c)}" for c in columns)
    insert = f"INSERT INTO {quote(index)}(rowid, {names}) VALUES (new.{quote(pk)}, {new});"  # noqa: S608
    delete = (
        f"INSERT INTO {quote(index)}({quote(index)}, rowid, {names}) "  # noqa: S608
        f"VALUES ('delete', old.{quote(pk)}, {old});"
    )
    wanted = {
        f"{index}_ai": f"AFTER INSERT ON {quote(table)} BEGIN {insert} END",
        f"{index}_ad": f"AFTER DELETE ON {quote(table)} BEGIN {delete} END",
        # Only a change of an indexed column touches the index (a bulk update of a status
        # column does not).
        f"{index}_au": f"AFTER UPDATE OF {names} ON {quote(table)} BEGIN {delete} {insert} END",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name = %s OR tbl_name = %s",
            [index, table],
        )
        present = {name for kind, name in cursor.fetchall()}
        changed = False
        if index not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {quote(index)} USING fts5({names}, content={quote(table)}, "
                f"content_rowid={quote(pk)}, tokenize='trigram')"
            )
            changed = True
        for name, body in wanted.items():
            if name not in present:
                cursor.execute(f"CREATE TRIGGER {quote(name)} {body}")
                changed = True
    return changed


def _rebuild_sqlite(connection: Any, table: str) -> None:
    index = connection.ops.quote_name(_fts_table(table))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")  # noqa: S608


def _ensure_postgresql(connection: Any, table: str, columns: list[str]) -> bool:
    quote = connection.ops.quote_name
    changed = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            changed = True
        for column in columns:
            name = f"{table}_{column}_trgm"[:63]
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(
                    f"CREATE INDEX {quote(name)} ON {quote(table)} "
                    f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
                )
                changed = True
    return changed
