"""Region scope of the change log on page and API (the shared scope suite): lists and details
only, and an API that writes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.disasters import services
from tangguh.regions.models import Region

_numbers = itertools.count(1)


def _village(code: str) -> str:
    """A village inside a regency: Kelurahan Fatufeto (Kota Kupang), Nuataus (Kabupaten Kupang)."""
    return {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}[code]


def make_change(code: str) -> ChangeRecord:
    """The change record of a new event in a village of the regency (as the services log it)."""
    event = services.create_event(
        actor=None,
        region=Region.objects.get(code=_village(code)),
        hazard=HazardType.objects.get(key="flood"),
        start_date=dt.date(2000, 1, 1) + dt.timedelta(days=next(_numbers)),
    )
    return ChangeRecord.objects.get(model="disasters.event", object_id=str(event.pk))


def _listed(change: Any, html: str) -> bool:
    return change.object_repr in html


CASES = [
    ScopeCase(
        name="change",
        make=make_change,
        api="/api/v1/changes/",
        deletable=False,
        refused_methods=("post", "put", "patch", "delete"),
        logged=False,
        page_list="change-log",
        page_shows=_listed,
        page_detail="history",
        page_args=lambda change: (change.model, change.object_id),
        page_missing=("disasters.nothing", "1"),
        api_queries=6,  # measured 5 with 5 and with 20 changes
        list_queries=8,  # measured 6 with 5 and with 20 changes
    ),
]

test_scope = scope_suite(CASES)
