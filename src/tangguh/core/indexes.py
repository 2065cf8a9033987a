"""Indexes that serve a lookup exactly as Django writes it on each database.

`istartswith` (a case-insensitive prefix: the household search) is written differently by each
backend, and a plain index on the column serves neither:

- SQLite: `"col" LIKE %s ESCAPE '\\'`. SQLite's LIKE ignores ASCII case, and its LIKE
  optimisation turns a prefix into an index range only on an index whose column has the NOCASE
  collation (https://sqlite.org/optoverview.html#the_like_optimization);
- PostgreSQL: `UPPER("col"::text) LIKE UPPER(%s)`. The expression `UPPER("col"::text)` indexed
  with the "C" collation (bytewise order, whatever the database's locale) turns the prefix into
  the range `>= 'PREFIX' AND < 'PREFIX_NEXT'`.

The query does not change (same SQL, same results, `%`, `_` and `\\` escaped by Django as before);
only the database may now answer it from the index instead of reading every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.ddl_references import Statement
from django.db.models.functions import Cast, Collate, Upper


class CaseInsensitivePrefixIndex(models.Index):
    """An index on one text field that serves `field__istartswith` on SQLite and PostgreSQL
    (any other database gets a plain index on the field)."""

    def __init__(self, *, field: str, name: str) -> None:
        super().__init__(fields=[field], name=name)

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        path, args, kwargs = super().deconstruct()
        kwargs.pop("fields")
        kwargs["field"] = self.fields[0]
        return path, args, kwargs

    def create_sql(
        self,
        model: type[models.Model],
        schema_editor: BaseDatabaseSchemaEditor,
        using: str = "",
        **kwargs: Any,
    ) -> Statement:
        """CREATE INDEX on what the lookup compares on this database."""
        vendor = schema_editor.connection.vendor
        column = models.F(self.fields[0])
        if vendor == "sqlite":
            made = models.Index(Collate(column, "NOCASE"), name=self.name)
        elif vendor == "postgresql":
            upper = Upper(Cast(column, output_field=models.TextField()))
            made = models.Index(Collate(upper, "C"), name=self.name)
        else:
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return made.create_sql(model, schema_editor, using=using, **kwargs)
