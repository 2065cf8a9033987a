"""Who may do what where: roles, actions and the region subtrees a user acts in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A member's role in a region; each role can do what the roles below it can."""

    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.MANAGER: 3}

# The least role an action needs.
ACTION_ROLE = {
    "view": Role.VIEWER,
    "add": Role.EDITOR,
    "change": Role.EDITOR,
    "delete": Role.EDITOR,
    "manage": Role.MANAGER,
}


# How actions are named in messages ("You may not change records in region 53.71").
ACTION_LABELS = {
    "view": _("view"),
    "add": _("add"),
    "change": _("change"),
    "delete": _("delete"),
    "manage": _("manage"),
}


def role_allows(role: str, action: str) -> bool:
    """True when a member with `role` may perform `action`."""
    try:
        needed = ACTION_ROLE[action]
    except KeyError as exc:
        raise ValueError(f"unknown action {action!r}; use one of {sorted(ACTION_ROLE)}") from exc
    return ROLE_RANK[Role(role)] >= ROLE_RANK[needed]


def is_within(code: str, ancestor: str) -> bool:
    """True when region `code` is `ancestor` or lies in its subtree (`53.01.27.2005` in `53.01`)."""
    return code == ancestor or code.startswith(ancestor + ".")


class Unindexed(models.Func):
    """`+column`: the same value, which SQLite's planner does not serve from an index (a text
    search over a whole province reads the table once and sorts its few hits, instead of
    walking a list's index row by row)."""

    template = "+%(expressions)s"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """PostgreSQL plans from statistics (and has no unary plus for text or dates)."""
        return compiler.compile(self.get_source_expressions()[0])


def within_q(lookup: str, code: str) -> Q:
    """A filter for rows whose region code (at `lookup`) lies within `code`."""
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores case and so cannot use an index; codes are digits and dots, and
        # in binary order every "53.01.…" lies in ["53.01.", "53.01/"), which the index serves.
        if "." in code:
            return Q(**{lookup: code}) | Q(
                **{f"{lookup}__gte": code + ".", f"{lookup}__lt": code + "/"}
            )
        # A province holds (nearly) every row, but without histograms SQLite guesses the range is
        # narrow, reads it all through the region index and sorts it to show the first 50. Kept
        # off the index, the range is a test on each row of a walk in the list's own order.
        column = Unindexed(models.F(lookup))
        return Q(**{lookup: code}) | (
            Q(GreaterThanOrEqual(column, models.Value(code + ".")))
            & Q(LessThan(column, models.Value(code + "/")))
        )
    return Q(**{lookup: code}) | Q(**{f"{lookup}__startswith": code + "."})


@dataclass(frozen=True)
class Scope:
    """The region subtrees in which a user may perform one action; `everything` for superusers."""

    roots: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, codes: Iterable[str]) -> Scope:
        """A scope over the given subtree roots, dropping roots inside other roots."""
        unique = sorted(set(codes), key=len)
        kept: list[str] = []
        for code in unique:
            if not any(is_within(code, root) for root in kept):
                kept.append(code)
        return cls(roots=frozenset(kept))

    @property
    def is_empty(self) -> bool:
        """True when the user may do this nowhere."""
        return not self.everything and not self.roots

    def covers(self, code: str | None) -> bool:
        """True when a record in region `code` lies in this scope."""
        if self.everything:
            return True
        if not code:
            return False
        return any(is_within(code, root) for root in self.roots)

    def overlaps(self, code: str) -> bool:
        """True when some part of the subtree at `code` lies in this scope."""
        if self.everything:
            return True
        return any(is_within(code, root) or is_within(root, code) for root in self.roots)

    def q(self, lookup: str) -> Q:
        """A filter for rows whose region code at `lookup` lies in this scope."""
        if self.everything:
            return Q()
        if not self.roots:
            return Q(pk__in=[])
        combined = Q()
        for root in sorted(self.roots):
            combined |= within_q(lookup, root)
        return combined


NOWHERE = Scope()
EVERYWHERE = Scope(everything=True)


def user_scope(user: object, action: str) -> Scope:
    """The scope in which `user` may perform `action` (nowhere for anonymous users)."""
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not getattr(user, "is_active", False)
    ):
        return NOWHERE
    if getattr(user, "is_superuser", False):
        return EVERYWHERE
    region_scope = getattr(user, "region_scope", None)
    if region_scope is None:
        return NOWHERE
    scope: Scope = region_scope(action)
    return scope
