"""Audited writes on disaster events, their fingerprints and duplicate flags."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Q

from tangguh.core import audit
from tangguh.core.scope import within_q
from tangguh.disasters.models import Event
from tangguh.regions import codes

# Two events of one hazard family in overlapping regions whose dates lie this close are flagged.
DUPLICATE_WINDOW = dt.timedelta(days=1)
CONTENT_FIELDS = (
    "hazard_id",
    "region_id",
    "start_date",
    "start_time",
    "end_date",
    "latitude",
    "longitude",
    "location_text",
    "description",
    "cause",
    "source",
    "event_count",
    *Event.effect_fields,
    "disaggregation",
)


def fingerprint(event: Event) -> str:
    """A hash of what the event says, so re-importing a row without an id changes nothing."""
    return fingerprint_with(event, occurrence=0)


def fingerprint_with(event: Event, occurrence: int) -> str:
    """The fingerprint of the n-th identical copy of an event in one file (0 for the first)."""
    content: dict[str, Any] = {name: getattr(event, name) for name in CONTENT_FIELDS}
    if occurrence:
        content["occurrence"] = occurrence
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _family(hazard: Any) -> str:
    return str(hazard.family_id or hazard.pk)


def possible_duplicate(event: Event, candidates: list[Event] | None = None) -> Event | None:
    """An earlier event of the same hazard family, in the same or an enclosing/enclosed region,
    whose dates overlap this one's (within a day); None when there is none."""
    first = event.start_date - DUPLICATE_WINDOW
    last = (event.end_date or event.start_date) + DUPLICATE_WINDOW
    family = _family(event.hazard)
    related = Q(region__code__in=codes.ancestors_of(event.region_id)) | within_q(
        "region__code", event.region_id
    )
    overlapping = (
        Event.objects.filter(related, start_date__lte=last)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
        .filter(Q(hazard__family_id=family) | Q(hazard_id=family))
        .exclude(pk=event.pk)
        .order_by("start_date", "pk")
    )
    found = overlapping.first()
    if found is None and candidates:
        found = next((c for c in candidates if _same_episode(c, event)), None)
    return found


def _same_episode(other: Event, event: Event) -> bool:
    if _family(other.hazard) != _family(event.hazard):
        return False
    if not (
        codes_related(other.region_id, event.region_id)
        and other.start_date - DUPLICATE_WINDOW <= (event.end_date or event.start_date)
    ):
        return False
    return (other.end_date or other.start_date) + DUPLICATE_WINDOW >= event.start_date


def codes_related(a: str, b: str) -> bool:
    """True when one region lies within the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


@transaction.atomic
def create_event(*, actor: Any, **values: Any) -> Event:
    """Record a new event (flagged when it may duplicate an earlier one)."""
    event = Event(**values)
    event.fingerprint = fingerprint(event)
    event.full_clean(exclude=["fingerprint"])
    audit.check_allowed(actor, "add", event)
    event.possible_duplicate_of = possible_duplicate(event)
    event.save()
    audit.record_change(actor, "create", event, audit.diff({}, audit.snapshot(event)))
    return event


@transaction.atomic
def update_event(event: Event, *, actor: Any, **values: Any) -> Event:
    """Change an event; its fingerprint follows its content."""
    stored = Event.objects.get(pk=event.pk)
    values["fingerprint"] = fingerprint(_with(stored, values))
    return audit.update_record(stored, actor=actor, **values)


def _with(event: Event, values: dict[str, Any]) -> Event:
    copy = Event(**{f.attname: getattr(event, f.attname) for f in Event._meta.concrete_fields})
    for name, value in values.items():
        setattr(copy, name, value)
    return copy


@transaction.atomic
def delete_event(event: Event, *, actor: Any) -> None:
    """Remove an event."""
    audit.delete_record(event, actor=actor)


def import_event_file(
    path: Any, *, actor: Any, dry_run: bool = False, name: str = "", fmt: str | None = None
) -> Any:
    """Import a file of events through the importers (all rows or none; an ImportReport), for
    other modules that collect events, e.g. the loss-report form of the resilience module's
    offline collection, whose submissions arrive in the tangguh template's columns."""
    from tangguh.disasters.importers import import_events

    return import_events(path, actor=actor, dry_run=dry_run, name=name, fmt=fmt)
