"""Template filters of the change log: changed fields and channels as people read them."""

from __future__ import annotations

from typing import Any

from django import template

from tangguh.core.changes import FieldChange, channel_label, readable_changes

register = template.Library()


@register.filter
def readable(change: Any) -> list[FieldChange]:
    """A change record's changed fields by their names for users, values by their labels."""
    return readable_changes(change.model, change.changes or {}, getattr(change, "references", None))


@register.filter
def channel(source: str) -> str:
    """The channel a change came through, in the user's language."""
    return channel_label(source)
