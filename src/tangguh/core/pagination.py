"""Pagination for pages and the API. Counting every row a list could show is the one part of a
list page whose cost grows with the data; for models that feed kept figures
(`generation`, core.generations) the count is kept per generation of their data."""

from functools import cached_property
from typing import Any

from django.core import paginator
from django.db.models import QuerySet
from django.http import HttpRequest
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
            # Keyed by the rows' ids alone: the same conditions (scope, filters), without the
            # columns of every joined record a page shows, which cost a second compilation
            # of the page's whole query on every request (2 ms of a proposal list's 20).
            return generations.memoised(kind, (rows.order_by().values("pk"),), rows.count)
        if self.cap is not None and isinstance(rows, QuerySet):
            # Which rows are counted does not matter, only how many up to the cap: without
            # the list's order PostgreSQL counts from an index alone (14.6 -> 3.9 ms).
            found = rows.order_by()[: self.cap + 1].count()
            self.capped = found > self.cap
            return min(found, self.cap)
        return super().count


# Rows per page of a list page: `?per_page=` picks one of these; the first is the default (a
# page of 25 rows costs the server about half a page of 50 and is half the weight on a slow link).
PAGE_SIZES = (25, 50, 100)


def page_size(request: HttpRequest) -> int:
    """The rows per page the request asks for (`?per_page=`), if it is one of PAGE_SIZES."""
    asked = request.GET.get("per_page", "")
    return next((size for size in PAGE_SIZES if asked == str(size)), PAGE_SIZES[0])


def page_of(request: HttpRequest, rows: Any, *, cap: int | None = None) -> paginator.Page:
    """The page of ROWS that the request asks for (`?page=`, `?per_page=`), with
    `size_choices`: (rows per page, query string that shows it, is current) for the pager, when
    the list is longer than the smallest page."""
    size = page_size(request)
    page = Paginator(rows, size, cap=cap).get_page(request.GET.get("page"))
    choices: list[tuple[int, str, bool]] = []
    if page.paginator.count > PAGE_SIZES[0]:
        for choice in PAGE_SIZES:
            query = request.GET.copy()
            query.pop("page", None)
            query["per_page"] = str(choice)
            choices.append((choice, query.urlencode(), choice == size))
    page.size_choices = choices  # type: ignore[attr-defined]
    return page


class Pagination(pagination.PageNumberPagination):
    """Pages with `count`, `next`, `previous` and `results`: 25 records by default, as the list
    pages (half the cost and weight of 50 on a slow link); `?page_size=` up to 500."""

    django_paginator_class = Paginator
    page_size = PAGE_SIZES[0]
    page_size_query_param = "page_size"
    max_page_size = 500
