"""Pagination for pages and the API. Counting every row a list could show is the one part of a
list page whose cost grows with the data; for models that feed kept figures
(`generation`, core.generations) the count is kept per generation of their data."""

from functools import cached_property
from typing import Any

from django.core import paginator
from django.db.models import QuerySet
from rest_framework import pagination

from tangguh.core import generations


class Paginator(paginator.Paginator):
    """Django's paginator, with the count of a generation-tracked queryset kept until that
    data is written again (the filters and the user's scope are part of the key). With `cap`,
    a list that only grows (the change log) counts at most `cap` rows: past it, `capped` is
    true and the pages stop there (the filters narrow the list)."""

    def __init__(self, *args: Any, cap: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        kind = generations.kind_of(getattr(rows, "model", None))
        if kind and isinstance(rows, QuerySet):
            return generations.memoised(kind, (rows,), rows.count)
        if self.cap is not None and isinstance(rows, QuerySet):
            found = rows[: self.cap + 1].count()
            self.capped = found > self.cap
            return min(found, self.cap)
        return super().count


class Pagination(pagination.PageNumberPagination):
    """Pages with `count`, `next`, `previous` and `results`; `?page_size=` up to 500."""

    django_paginator_class = Paginator
    page_size_query_param = "page_size"
    max_page_size = 500
