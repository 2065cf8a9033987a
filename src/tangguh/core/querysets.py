"""Region-aware querysets: `.restrict(user, action)` is the one way to read what a user may see."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db import models

from tangguh.core.scope import Scope, user_scope, within_q

M = TypeVar("M", bound=models.Model)


class RegionQuerySet(models.QuerySet[M]):
    """A queryset over records that belong to a region (a code path given by `region_lookup`)."""

    def _lookup(self) -> str:
        lookup: str = getattr(self.model, "region_lookup", "region__code")
        return lookup

    def restrict(self, user: Any, action: str = "view") -> Self:
        """Only the records `user` may `action` (view, add, change, delete, manage)."""
        return self.in_scope(user_scope(user, action))

    def in_scope(self, scope: Scope) -> Self:
        """Only the records inside `scope`."""
        if scope.everything:
            return self
        return self.filter(scope.q(self._lookup()))

    def within(self, code: str) -> Self:
        """Only the records in region `code` or its subtree."""
        return self.filter(within_q(self._lookup(), code))

    def for_year(self, year: int) -> Self:
        """Only the records of a year, for models that define `year_q(year) -> Q`."""
        year_q = getattr(self.model, "year_q", None)
        if year_q is None:
            return self
        return self.filter(year_q(year))


class RegionManager(models.Manager[M]):
    """Manager exposing RegionQuerySet methods."""

    def get_queryset(self) -> RegionQuerySet[M]:
        return RegionQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> RegionQuerySet[M]:
        """See RegionQuerySet.restrict."""
        return self.get_queryset().restrict(user, action)

    def within(self, code: str) -> RegionQuerySet[M]:
        """See RegionQuerySet.within."""
        return self.get_queryset().within(code)
