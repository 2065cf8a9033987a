"""Flag possible duplicates among newly written events in bulk (imports of thousands of rows)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from tangguh.core import generations
from tangguh.disasters.models import Event
from tangguh.disasters.services import DUPLICATE_WINDOW, codes_related

Key = tuple[str, str]  # (hazard family, regency code)


class _Entry:
    __slots__ = ("end", "pk", "region", "start")

    def __init__(self, pk: int, region: str, start: dt.date, end: dt.date | None) -> None:
        self.pk, self.region, self.start, self.end = pk, region, start, end or start


def _family(event: Event) -> str:
    return str(event.hazard.family_id or event.hazard_id)


def _candidates(new: list[Event]) -> dict[Key, list[_Entry]]:
    """Stored events that could match any new one: same families and regencies, near dates."""
    first = min(e.start_date for e in new) - DUPLICATE_WINDOW
    last = max(e.end_date or e.start_date for e in new) + DUPLICATE_WINDOW
    families = {_family(e) for e in new}
    regencies = {e.region_id[:5] for e in new}
    area = Q()
    for code in regencies:
        area |= Q(region__code=code) | Q(region__code__startswith=code + ".")
    rows = (
        Event.objects.filter(area)
        .filter(Q(hazard__family_id__in=families) | Q(hazard_id__in=families))
        .filter(start_date__lte=last)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
        .values_list("pk", "region_id", "hazard__family_id", "hazard_id", "start_date", "end_date")
    )
    index: dict[Key, list[_Entry]] = defaultdict(list)
    for pk, region, family, hazard, start, end in rows:
        index[(family or hazard, region[:5])].append(_Entry(pk, region, start, end))
    return index


def flag(new: list[Event]) -> int:
    """Point each new event at the earliest earlier record of the same episode; returns how many."""
    if not new:
        return 0
    index = _candidates(new)
    flagged: list[Event] = []
    for event in new:
        start, end = event.start_date, event.end_date or event.start_date
        match = min(
            (
                entry
                for entry in index.get((_family(event), event.region_id[:5]), [])
                if entry.pk < event.pk
                and codes_related(entry.region, event.region_id)
                and entry.start - DUPLICATE_WINDOW <= end
                and entry.end + DUPLICATE_WINDOW >= start
            ),
            key=lambda entry: (entry.start, entry.pk),
            default=None,
        )
        if match is not None:
            event.possible_duplicate_of_id = match.pk
            flagged.append(event)
    Event.objects.bulk_update(flagged, ["possible_duplicate_of"], batch_size=500)
    if flagged:
        generations.bump(Event.generation)  # bulk_update sends no signal
    return len(flagged)
