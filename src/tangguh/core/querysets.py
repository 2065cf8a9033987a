"""Region-aware querysets: `.restrict(user, action)` is the one way to read what a user may see."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db import models

from tangguh.core.scope import Scope, user_scope, within_q
from tangguh.regions import codes

M = TypeVar("M", bound=models.Model)


def heavy_paths(model: type[models.Model], paths: tuple[str, ...]) -> list[str]:
    """The heavy columns of the related records a `select_related(*paths)` would load: a model
    names them in `deferred_when_related` (a region's boundary: kilobytes of GeoJSON decoded
    per row, which a list of events never shows)."""
    found: list[str] = []
    for path in paths:
        current: Any = model
        walked: list[str] = []
        for part in path.split("__"):
            try:
                related = current._meta.get_field(part).related_model
            except Exception:  # noqa: BLE001 — a wrong path is Django's to report
                break
            if related is None:
                break
            walked.append(part)
            current = related
            prefix = "__".join(walked)
            found += [f"{prefix}__{name}" for name in getattr(current, "deferred_when_related", ())]
    return found


def _light_prefetch(model: type[models.Model], lookup: Any) -> Any:
    """A Prefetch of `lookup` whose queryset defers the target's heavy columns, or `lookup`."""
    to_attr = None
    if isinstance(lookup, models.Prefetch) and lookup.queryset is None:
        to_attr, lookup = lookup.to_attr, lookup.prefetch_through
    if not isinstance(lookup, str):
        return lookup
    current: Any = model
    for part in lookup.split("__"):
        try:
            current = current._meta.get_field(part).related_model
        except Exception:  # noqa: BLE001 — a wrong lookup is Django's to report
            return lookup
        if current is None:
            return lookup
    heavy = getattr(current, "deferred_when_related", ())
    if not heavy:
        return models.Prefetch(lookup, to_attr=to_attr) if to_attr else lookup
    return models.Prefetch(lookup, queryset=current._base_manager.defer(*heavy), to_attr=to_attr)


class RegionQuerySet(models.QuerySet[M]):
    """A queryset over records that belong to a region (a code path given by `region_lookup`)."""

    def select_related(self, *fields: Any) -> Self:
        """Django's select_related, leaving out the heavy columns of the related records
        (`heavy_paths`); a page that needs them reads them on their own."""
        queryset = super().select_related(*fields)
        heavy = heavy_paths(self.model, tuple(f for f in fields if isinstance(f, str)))
        return queryset.defer(*heavy) if heavy else queryset

    def prefetch_related(self, *lookups: Any) -> Self:
        """Django's prefetch_related; a lookup ending at a model with `deferred_when_related`
        (a list's locations: regions) reads those records without their heavy columns."""
        return super().prefetch_related(
            *(_light_prefetch(self.model, lookup) for lookup in lookups)
        )

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

    def applying_to(self, code: str) -> Self:
        """The records of region `code` and of the regions containing it (a regency's calendar
        and a province-wide programme apply to each of its villages)."""
        return self.filter(**{f"{self._lookup()}__in": [code, *codes.ancestors_of(code)]})

    def visible_from_below(self, user: Any) -> Self:
        """What `user` may view, and the records of the regions above theirs (a village officer
        reads their regency's calendar and the province's programmes)."""
        scope = user_scope(user, "view")
        if scope.everything:
            return self
        above = {code for root in scope.roots for code in codes.ancestors_of(root)}
        lookup = self._lookup()
        return self.filter(scope.q(lookup) | models.Q(**{f"{lookup}__in": above}))

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

    def applying_to(self, code: str) -> RegionQuerySet[M]:
        """See RegionQuerySet.applying_to."""
        return self.get_queryset().applying_to(code)

    def visible_from_below(self, user: Any) -> RegionQuerySet[M]:
        """See RegionQuerySet.visible_from_below."""
        return self.get_queryset().visible_from_below(user)


class ChangeQuerySet(RegionQuerySet[M]):
    """Change records, shown under their record's region to those who may read that kind of
    record there: a model whose records need more than viewing (memberships: managing) says so
    with `audit_read_action`, and its changes need the same; the changes of a model read from
    below (a regency's planning calendar) are read from below too."""

    def restrict(self, user: Any, action: str = "view") -> Self:
        records = super().restrict(user, action)
        if action == "view":
            records = records | self._from_below(user)
        for label, needed in stricter_reads().items():
            scope = user_scope(user, needed)
            if not scope.everything:
                records = records.filter(~models.Q(model=label) | scope.q(self._lookup()))
        return records

    def _from_below(self, user: Any) -> Self:
        """The changes of models read from below, in the regions above the user's."""
        scope = user_scope(user, "view")
        if scope.everything:
            return self.none()
        above = {code for root in scope.roots for code in codes.ancestors_of(root)}
        return self.filter(model__in=read_from_below(), **{f"{self._lookup()}__in": above})


def read_from_below() -> list[str]:
    """Labels of the models whose records the users of the regions below read too."""
    from django.apps import apps

    return [m._meta.label_lower for m in apps.get_models() if getattr(m, "read_from_below", False)]


def stricter_reads() -> dict[str, str]:
    """{model label: action} of the models whose records need more than `view` to read."""
    from django.apps import apps

    needed = {
        model._meta.label_lower: getattr(model, "audit_read_action", "view")
        for model in apps.get_models()
    }
    return {label: action for label, action in needed.items() if action != "view"}


class ChangeManager(RegionManager[M]):
    """Manager of the change log (see ChangeQuerySet)."""

    def get_queryset(self) -> ChangeQuerySet[M]:
        return ChangeQuerySet(self.model, using=self._db)


def rows_attr(relation: str) -> str:
    """Where `listed(relation, …)` leaves a record's related rows."""
    return f"_{relation}_rows"


def listed(relation: str, queryset: models.QuerySet[Any] | None = None) -> models.Prefetch:
    """A Prefetch of a to-many relation into a plain list on each record (`rows_attr`), for
    lists that show it for every row: Django's default builds a queryset per record and
    relation to hold the prefetched rows, which cost a list of 50 proposals 10–15 ms."""
    return models.Prefetch(relation, queryset=queryset, to_attr=rows_attr(relation))


def related_rows(instance: models.Model, relation: str) -> Any:
    """A record's rows of a to-many relation: the list `listed` left, else the relation's."""
    found = instance.__dict__.get(rows_attr(relation))
    return found if found is not None else getattr(instance, relation).all()


def forget_rows(instance: Any) -> None:
    """Drop the related rows `listed` left on a record (after a write changed them)."""
    for key in [k for k in vars(instance) if k.startswith("_") and k.endswith("_rows")]:
        del instance.__dict__[key]
