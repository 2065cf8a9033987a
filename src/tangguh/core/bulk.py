"""Insert many new rows of one model quickly, column by column.

Django's `bulk_create` converts every value of every row through the field's full chain
(`get_db_prep_save` → `get_db_prep_value` → `get_prep_value` → `to_python` → the backend's
adapter) and, on SQLite, binds at most 999 values per statement (20 rows of a 50-column table).
`insert` reads the objects one column at a time and converts a column with the cheapest call
that gives the very value `get_db_prep_save` would: none for text, numbers and booleans (when
the backend keeps them as they are), the backend's adapter alone for dates, times, decimals and
JSON, the field's full conversion for anything else. `insert_rows` then writes the rows:

- SQLite: one prepared INSERT run with `executemany`; the new rows' keys are read back with one
  query (the transaction holds the write lock from the first row on, so they are consecutive);
- PostgreSQL: COPY, with the new rows' keys drawn from the table's sequence in one query first
  (psycopg writes COPY rows in C; sent as query parameters, the same values would be quoted one
  by one in Python);
- any other database: `executemany`, without keys.

Fields set on insert (`auto_now`, `auto_now_add`) get one value for the whole call, as one
transaction writes them all.
"""

from __future__ import annotations

import datetime as dt
import decimal
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from tangguh.core import text

M = TypeVar("M", bound=models.Model)
BATCH = 500  # rows per VALUES list (and per bulk_create)
NoneType = type(None)
Column = Sequence[Any]

# Fields whose `get_db_prep_save` returns a value of the given type unchanged (exact classes
# only: a subclass may convert). Integers also pass through the backend's integer adapter.
_TEXT = (models.CharField, models.TextField)
_INTEGERS = (
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)
_AUTO = (models.AutoField, models.BigAutoField, models.SmallAutoField)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector during a bulk write. Reading thousands of records and
    building their rows makes many new containers, none of them cyclic garbage, and each few
    hundred would start a collection that walks the process's objects (the whole of them now
    and then): time spent on nothing. Collection resumes after the block (if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _types(values: Column) -> set[type]:
    found = set(map(type, values))
    found.discard(NoneType)
    return found


def _each(convert: Callable[[Any], Any], values: Column) -> Column:
    """`convert` applied to every value but None (which every field handled here keeps)."""
    if None in values:
        return [None if value is None else convert(value) for value in values]
    return list(map(convert, values))


def _overridden(ops: BaseDatabaseOperations, name: str) -> bool:
    return getattr(type(ops), name) is not getattr(BaseDatabaseOperations, name)


def prepare_column(
    field: models.Field[Any, Any], values: Column, db: Any = None, *, copy: bool = False
) -> Column:
    """The values of one field as `field.get_db_prep_save` makes them for the INSERT. With
    `copy` (the rows go to PostgreSQL's COPY, see `copies`) integers stay Python integers: the
    backend's wrappers (Int2, Int4, Int8) only name a parameter's type, which COPY takes from
    the table, and cost a Python object per value."""
    db = db or connection
    first = values[0] if values else None
    if len(values) > 1 and first is values[-1] and all(value is first for value in values):
        one = prepare_column(field, values[:1], db, copy=copy)[0]
        return [one] * len(values)  # one value for all
    ops, kind, found = db.ops, type(field), _types(values)
    if not found:
        none = field.get_db_prep_save(None, db)
        return values if none is None else [none] * len(values)
    if kind is models.ForeignKey and "" not in values:
        return prepare_column(field.target_field, values, db, copy=copy)  # type: ignore[attr-defined]
    if kind in _TEXT and found == {str}:
        return values
    if kind is models.FloatField and found == {float}:
        return values
    if kind is models.BooleanField and found == {bool}:
        return values
    if kind in _INTEGERS and found == {int}:
        if copy or not _overridden(ops, "adapt_integerfield_value"):
            return values
        internal = field.get_internal_type()
        return _each(lambda value: ops.adapt_integerfield_value(value, internal), values)
    if kind in _AUTO and found == {int} and not _overridden(ops, "validate_autopk_value"):
        return values
    if kind is models.DateField and found == {dt.date}:
        if not _overridden(ops, "adapt_datefield_value"):
            return _each(str, values)  # what the base adapter does
        return _each(ops.adapt_datefield_value, values)
    if kind is models.TimeField and found == {dt.time}:
        return _each(ops.adapt_timefield_value, values)
    if (
        kind is models.DecimalField
        and found == {decimal.Decimal}
        and all(value.is_finite() for value in values if value is not None)
    ):
        if not _overridden(ops, "adapt_decimalfield_value"):
            return values  # the base adapter keeps the value
        digits, places = field.max_digits, field.decimal_places  # type: ignore[attr-defined]
        return _each(lambda value: ops.adapt_decimalfield_value(value, digits, places), values)
    if kind is models.JSONField and found <= {dict, list}:
        encoder = field.encoder  # type: ignore[attr-defined]
        empty = {kind: ops.adapt_json_value(kind(), encoder) for kind in found}
        return _each(
            lambda value: ops.adapt_json_value(value, encoder) if value else empty[type(value)],
            values,
        )
    return [field.get_db_prep_save(value, db) for value in values]


class Columns:
    """The attribute values of many objects, read as columns (one sequence per attribute) and
    kept for the next reader (an insert, then the change log); values `put` go to the objects
    and to the copy kept. Best read inside `collector_paused` (a tuple per object is made)."""

    def __init__(self, objects: Sequence[models.Model]) -> None:
        self.objects = objects
        self._stored: list[dict[str, Any]] | None = None
        self._read: dict[str, Column] = {}

    def __call__(self, attnames: Sequence[str]) -> list[Column]:
        """The columns of these attributes, in order (those not read yet read together)."""
        missing = [name for name in dict.fromkeys(attnames) if name not in self._read]
        if len(missing) > 1 and self.objects:
            if self._stored is None:
                self._stored = list(map(vars, self.objects))
            try:
                rows = list(map(itemgetter(*missing), self._stored))
            except KeyError:
                rows = []  # a deferred field: each column is read on its own below
            if rows:
                self._read.update(zip(missing, zip(*rows, strict=True), strict=True))
        return [self.get(attname) for attname in attnames]

    def get(self, attname: str) -> Column:
        """One attribute of every object (from the instances' own values where they have it;
        a deferred field is read as Django does)."""
        found = self._read.get(attname)
        if found is None:
            if self._stored is None:
                self._stored = list(map(vars, self.objects))
            try:
                found = list(map(itemgetter(attname), self._stored))
            except KeyError:
                found = list(map(attrgetter(attname), self.objects))
            self._read[attname] = found
        return found

    def forget(self) -> None:
        """Forget the values read so far (the objects changed): they are read again."""
        self._stored = None
        self._read.clear()

    def put(self, attname: str, values: Column) -> None:
        """Set an attribute of every object."""
        for obj, value in zip(self.objects, values, strict=True):
            setattr(obj, attname, value)
        self._read[attname] = list(values)


def copies(model: type[models.Model], attnames: Sequence[str]) -> bool:
    """True when `insert_rows` writes these fields with COPY (PostgreSQL, standard fields):
    their columns may then be prepared with `prepare_column(..., copy=True)`."""
    return connection.vendor == "postgresql" and _copyable(model, attnames)


def _copyable(model: type[models.Model], attnames: Sequence[str]) -> bool:
    """True when every field's values go to the database as they are bound (no placeholder of
    its own, a standard type: what Django's `bulk_create` asks before sending arrays)."""
    for attname in attnames:
        field = _field(model, attname)
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        if hasattr(field, "get_placeholder") or (
            target.get_internal_type() not in connection.data_types
        ):
            return False
    return True


def _field(model: type[models.Model], attname: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(attname)
    assert isinstance(found, models.Field)
    return found


def _copy(
    cursor: Any,
    model: type[models.Model],
    attnames: Sequence[str],
    columns: Sequence[Column],
    *,
    keys: bool,
) -> list[Any]:
    """PostgreSQL: the rows through COPY, with keys drawn from the table's sequence first when
    `keys` (one query for all). COPY is not seen by Django's query log."""
    quote = connection.ops.quote_name
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    count = len(columns[0])
    names = [quote(_field(model, name).column) for name in attnames]
    found: list[Any] = []
    if keys:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, count],
        )
        found = sorted(row[0] for row in cursor.fetchall())
        names.insert(0, quote(pk.column))
        columns = [found, *columns]
    sql = f"COPY {quote(meta.db_table)} ({', '.join(names)}) FROM STDIN"
    columns = [_dumped_once(cursor.cursor, column) for column in columns]
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:  # Django's errors
        for row in zip(*columns, strict=True):
            copy.write_row(row)
    return found


def _dumped_once(cursor: Any, column: Column) -> Column:
    """A column of one and the same value that is not text (the time of an insert, a year) as
    the text COPY would write for it, made once rather than once per row (a timestamp costs
    about a microsecond to write). Text that COPY would escape is left as it is."""
    first = column[0] if column else None
    if (
        first is None
        or isinstance(first, str)
        or first is not column[-1]
        or not all(value is first for value in column)
    ):
        return column
    from psycopg.adapt import PyFormat, Transformer

    dumped = Transformer.from_context(cursor).get_dumper(first, PyFormat.TEXT).dump(first)
    if dumped is None:
        return column
    written = bytes(dumped)
    if any(c in written for c in (b"\\", b"\t", b"\n", b"\r")):
        return column
    return [written.decode(cursor.connection.info.encoding)] * len(column)


def insert_rows(
    model: type[models.Model], attnames: Sequence[str], columns: Sequence[Column], *, keys: bool
) -> list[Any]:
    """Insert rows given column by column (values as `get_db_prep_save` gives them) into the
    fields `attnames` of the model's table; returns the new primary keys in order when `keys`.

    SQLite: one `executemany`, the rows made one at a time as the database takes them, the
    keys read back with one query. PostgreSQL: COPY, the keys drawn from the sequence first
    (INSERTs of `BATCH` rows RETURNING the keys where a field has a placeholder of its own)."""
    count = len(columns[0]) if columns else 0
    if not count:
        return []
    quote = connection.ops.quote_name
    meta = model._meta
    names = ", ".join(quote(_field(model, name).column) for name in attnames)
    table = quote(meta.db_table)
    pk = meta.pk
    assert pk is not None
    marks = "(" + ", ".join(["%s"] * len(attnames)) + ")"
    insert = f"INSERT INTO {table} ({names})"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and _copyable(model, attnames):
            return _copy(cursor, model, attnames, columns, keys=keys)
        if connection.vendor == "postgresql":
            found: list[Any] = []
            returning = f" RETURNING {quote(pk.column)}" if keys else ""
            for start in range(0, count, BATCH):
                end = min(count, start + BATCH)
                values = ", ".join([marks] * (end - start))
                batch = zip(*(column[start:end] for column in columns), strict=True)
                cursor.execute(
                    f"{insert} VALUES {values}{returning}", list(chain.from_iterable(batch))
                )
                if keys:
                    found += [row[0] for row in cursor.fetchall()]
            return found
        rows: Any = zip(*columns, strict=True)  # made one at a time as SQLite takes them
        if connection.vendor != "sqlite":
            rows = list(rows)
        cursor.executemany(f"{insert} VALUES {marks}", rows)
        if not keys:
            return []
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"keys of inserted rows on {connection.vendor}")
        cursor.execute(f"SELECT MAX({quote(pk.column)}) FROM {table}")  # noqa: S608
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


def insert(
    model: type[M], objects: Sequence[M], *, keys: bool = True, columns: Columns | None = None
) -> list[M]:
    """Insert new, unsaved objects (without keys); with `keys` their primary keys are set.
    Objects that already have keys, models inheriting another's table and databases other than
    SQLite and PostgreSQL go through `bulk_create`. `columns` may carry values already read from
    the objects (and keeps those read here for the next reader)."""
    if not objects:
        return list(objects)
    columns = columns or Columns(objects)
    if text.clean_objects(model, objects):  # stored text holds no control characters
        columns.forget()
    pk = model._meta.pk
    assert pk is not None
    if (
        connection.vendor not in ("sqlite", "postgresql")
        or model._meta.parents
        or any(value is not None for value in columns.get(pk.attname))
    ):
        return model._default_manager.bulk_create(objects, batch_size=BATCH)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            # one value for the whole insert, as one transaction writes it
            columns.put(field.attname, [field.pre_save(objects[0], True)] * len(objects))
    values = columns([f.attname for f in fields])
    prepared = [
        prepare_column(field, column, connection)
        for field, column in zip(fields, values, strict=True)
    ]
    found = insert_rows(model, [f.attname for f in fields], prepared, keys=keys)
    if keys:
        columns.put(pk.attname, found)  # what `obj.pk = key` does (no parents)
    alias = connection.alias
    for obj in objects:
        state = obj._state
        state.adding, state.db = False, alias
    return list(objects)
