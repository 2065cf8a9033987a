"""Read models of the disasters app that other apps may use (the app's published interface)."""

from __future__ import annotations

from typing import Any

from tangguh.core.querysets import RegionQuerySet
from tangguh.disasters.models import Event


def events() -> RegionQuerySet[Event]:
    """Every recorded disaster event, for other apps to restrict, filter and link to."""
    queryset: RegionQuerySet[Event] = Event.objects.all()  # type: ignore[assignment]
    return queryset


def event_model() -> Any:
    """The event model, for other apps' foreign keys and serializer fields."""
    return Event
