"""Export disaster events to DIBI, DesInventar or tangguh CSV files (re-importable)."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet

from tangguh.disasters.formats import write_events
from tangguh.disasters.models import Event
from tangguh.disasters.records import EventRecord


def record_from(event: Event) -> EventRecord:
    """An event as plain data for a file."""
    hazard = event.hazard
    return EventRecord(
        source_format=event.origin,
        source_id=event.source_id or f"tangguh-{event.pk}",
        line=0,
        hazard_code=hazard.dibi_code or hazard.legacy_code or None,
        hazard_name=hazard.name_id,
        region_code=event.region_id,
        location_text=event.location_text,
        start=event.start_date,
        start_time=event.start_time,
        end=event.end_date,
        latitude=event.latitude,
        longitude=event.longitude,
        event_count=event.event_count,
        description=event.description,
        cause=event.cause,
        source=event.source,
        verification=event.verification,
        effects=event.effects,
        disaggregation=dict(event.disaggregation or {}),
    )


def export_events(events: QuerySet[Event], fmt: str, target: Path | IO[Any]) -> int:
    """Write events in a format; returns how many were written."""
    records = [record_from(e) for e in events.select_related("hazard").order_by("start_date", "pk")]
    write_events(records, fmt, target)
    return len(records)
