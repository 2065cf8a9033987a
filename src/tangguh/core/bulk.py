"""Insert many new rows of one model quickly: one prepared INSERT run with `executemany`.

Django's `bulk_create` builds its SQL row by row through every field's full conversion and, on
SQLite, may bind at most 999 values per statement (20 rows of a 50-column table). `insert`
converts a value only when its field needs it (dates, decimals, JSON, …; text, whole numbers and
foreign keys pass as they are) and runs one statement for all rows. On SQLite the new rows'
keys are read back (the transaction holds the write lock from the first row on, so the keys are
consecutive); other databases use `bulk_create`, which returns the keys itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

M = TypeVar("M", bound=models.Model)
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.AutoField,
    models.BigAutoField,
)
_PLAIN_VALUES = (int, str, float, bool, type(None))
Convert = Callable[[models.Model], Any]


def _plain(field: models.Field[Any, Any]) -> bool:
    """True when the field stores its Python value as it is (no conversion)."""
    if isinstance(field, models.ForeignKey):
        return _plain(field.target_field)
    return isinstance(field, _PLAIN_FIELDS)


def _converter(field: models.Field[Any, Any], db: Any) -> Convert:
    """How one field's value of an unsaved object becomes the value bound to the INSERT."""
    attname = field.attname
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), db)
    if _plain(field):

        def plain(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            if type(value) in _PLAIN_VALUES:
                return value
            return field.get_db_prep_save(value, db)

        return plain
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), db)


@cache
def _sql(model: type[models.Model]) -> str:
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model


def _converters(model: type[models.Model], db: Any) -> list[Convert]:
    return [_converter(f, db) for f in model._meta.concrete_fields if not f.primary_key]


def insert(model: type[M], objects: Sequence[M], *, keys: bool = True) -> list[M]:
    """Insert new, unsaved objects (without keys); with `keys` their primary keys are set."""
    if not objects:
        return list(objects)
    if connection.vendor != "sqlite" or any(obj.pk is not None for obj in objects):
        return model._default_manager.bulk_create(objects, batch_size=500)
    db = connections[DEFAULT_DB_ALIAS]
    sql, converters = _sql(model), _converters(model, db)
    rows = [[convert(obj) for convert in converters] for obj in objects]
    pk = model._meta.pk
    assert pk is not None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        if keys:
            table, column = connection.ops.quote_name(model._meta.db_table), pk.column
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(column)}) FROM {table}")  # noqa: S608
            last = cursor.fetchone()[0]
    for number, obj in enumerate(objects):
        if keys:
            obj.pk = last - len(objects) + 1 + number
        obj._state.adding, obj._state.db = False, connection.alias
    return list(objects)
