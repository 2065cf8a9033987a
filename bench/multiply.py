"""Multiply a demo site's data for the page benchmark: `python -m bench.multiply FACTOR`.

Events, proposals and risk profiles become FACTOR times as many, written in bulk without
change records (this is load, not history). Copies keep the shape of the real rows, so the
pages do the same work per row as they would with ten years of real records:
- an event is copied into the same region and year, a few days later (the hazard profile keeps
  its years; the lists and counts grow);
- a proposal is copied with a new reference and a suffix on its text;
- a risk profile is copied to the villages of the same regency that have no profile of that
  hazard and year, then into earlier years.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sys

import django


def _copy(original, **changes):  # type: ignore[no-untyped-def]
    obj = copy.copy(original)
    obj.pk = None
    obj.id = None
    for key, value in changes.items():
        setattr(obj, key, value)
    return obj


def multiply(factor: int) -> dict[str, int]:
    from django.db import transaction

    from tangguh.core import planner
    from tangguh.disasters.models import Event
    from tangguh.planning.models import Proposal
    from tangguh.regions.models import Region
    from tangguh.risk.models import RiskProfile

    counts: dict[str, int] = {}
    with transaction.atomic():
        events = list(Event.objects.all())
        copies = []
        for k in range(1, factor):
            for event in events:
                start = event.start_date + dt.timedelta(days=k)
                if start.year != event.start_date.year:
                    start = event.start_date - dt.timedelta(days=k)
                end = event.end_date + (start - event.start_date) if event.end_date else None
                copies.append(
                    _copy(
                        event,
                        start_date=start,
                        end_date=end,
                        source_id=f"{event.source_id}~{k}" if event.source_id else "",
                        possible_duplicate_of=None,
                    )
                )
        Event.objects.bulk_create(copies, batch_size=500)
        counts["events"] = Event.objects.count()

        proposals = list(Proposal.objects.all())
        copies = []
        for k in range(1, factor):
            for proposal in proposals:
                copies.append(
                    _copy(
                        proposal,
                        reference=f"{proposal.reference}~{k}" if proposal.reference else "",
                        title=f"{proposal.title} ({k + 1})"[:300],
                        carried_from=None,
                    )
                )
        Proposal.objects.bulk_create(copies, batch_size=500)
        counts["proposals"] = Proposal.objects.count()

        profiles = list(RiskProfile.objects.all())
        taken = set(RiskProfile.objects.values_list("region_id", "hazard_id", "year", "method_id"))
        villages: dict[str, list[str]] = {}
        copies = []
        wanted = len(profiles) * (factor - 1)
        for k in range(2000):  # until enough copies found a free (village, hazard, year)
            if len(copies) >= wanted:
                break
            for profile in profiles:
                if len(copies) >= wanted:
                    break
                regency = profile.region_id[:5]
                if regency not in villages:
                    villages[regency] = list(
                        Region.objects.filter(code__startswith=f"{regency}.", level=4)
                        .order_by("code")
                        .values_list("code", flat=True)
                    )
                pool = villages[regency]
                code = (
                    pool[(pool.index(profile.region_id) + k + 1) % len(pool)]
                    if (profile.region_id in pool)
                    else pool[k % len(pool)]
                )
                year = profile.year - (k // len(pool)) if profile.year else None
                key = (code, profile.hazard_id, year, profile.method_id)
                if key in taken:
                    continue
                taken.add(key)
                copies.append(_copy(profile, region_id=code, year=year))
        RiskProfile.objects.bulk_create(copies, batch_size=500)
        counts["risk_profiles"] = RiskProfile.objects.count()
        # A bulk load, as the product's own imports: the planner's statistics follow it.
        planner.refresh()
    return counts


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.settings")
    django.setup()
    factor = int(sys.argv[1])
    print(json.dumps(multiply(factor)))


if __name__ == "__main__":
    main()
