"""Region scope of disaster events on page, API and CLI (the shared scope suite)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tangguh.catalogues.models import HazardType
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.disasters import services
from tangguh.regions.models import Region

_numbers = itertools.count(1)


def _village(code: str) -> str:
    """A village inside a regency: Kelurahan Fatufeto (Kota Kupang), Nuataus (Kabupaten Kupang)."""
    return {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}[code]


def _day() -> dt.date:
    """A different past day for each event (no two events look like duplicates)."""
    return dt.date(2020, 1, 1) + dt.timedelta(days=3 * next(_numbers))


def make_event(code: str) -> Any:
    return services.create_event(
        actor=None,
        region=Region.objects.get(code=_village(code)),
        hazard=HazardType.objects.get(key="flood"),
        start_date=_day(),
        deaths=1,
        affected=40,
        description=f"Banjir {next(_numbers)}",
    )


def event_payload(code: str) -> dict[str, Any]:
    return {
        "region": _village(code),
        "hazard": "landslide",
        "start_date": _day().isoformat(),
        "deaths": 0,
        "affected": 12,
    }


CASES = [
    ScopeCase(
        name="event",
        make=make_event,
        api="/api/v1/events/",
        payload=event_payload,
        change={"description": "Banjir bandang, diperbarui"},
        move=lambda code: {"region": _village(code)},
        page_list="disasters:event-list",
        page_detail="disasters:event-detail",
        page_add="disasters:event-add",
        page_edit="disasters:event-edit",
        page_delete="disasters:event-delete",
        page_export="export=csv",
        search=lambda event: event.description,
        cli=("export_events", "--format", "csv"),
        cli_import=("import_events", "--format", "csv"),
        cli_shows=lambda event, text: f"tangguh-{event.pk}," in text,
        api_queries=5,  # measured 4 with 5 and with 20 events
        list_queries=10,  # measured 8 with 5 and with 20 events
    ),
]

test_scope = scope_suite(CASES)
