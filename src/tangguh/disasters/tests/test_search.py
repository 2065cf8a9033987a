"""Events found by the one search box: by place, description or hazard name, newest first,
within the user's regions."""

from __future__ import annotations

import datetime as dt

import pytest

from tangguh.accounts.models import User
from tangguh.catalogues.models import HazardType
from tangguh.disasters import services
from tangguh.disasters.summaries import search
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db


def event(code: str, day: dt.date, hazard: str = "flood", **values: str) -> None:
    services.create_event(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard),
        start_date=day,
        **values,
    )


def test_events_are_found_by_place_description_or_hazard_newest_first(
    province_manager: User,
) -> None:
    event("53.01.27.2002", dt.date(2021, 4, 4), location_text="Dusun Oebelo")
    event("53.01", dt.date(2022, 1, 5), "drought", description="Kekeringan di OEBELO timur")
    event("53.71", dt.date(2023, 2, 6), "forest_fire", location_text="Alak")
    event("53.71", dt.date(2020, 2, 6), "forest_fire", location_text="Maulafa")

    found = search(province_manager, "oebelo", 8)
    assert [h.title[-10:] for h in found] == ["2022-01-05", "2021-04-04"]
    fire = HazardType.objects.get(key="forest_fire").name_id
    by_hazard = search(province_manager, fire.lower(), 8)
    assert [h.title[-10:] for h in by_hazard] == ["2023-02-06", "2020-02-06"]
    assert len(search(province_manager, fire, 1)) == 1


def test_events_outside_ones_regions_are_not_found(kota_editor: User) -> None:
    event("53.01.27.2002", dt.date(2021, 4, 4), location_text="Dusun Oebelo")
    event("53.71", dt.date(2023, 2, 6), location_text="Oebelo pantai")
    assert [h.detail for h in search(kota_editor, "oebelo", 8)] == ["Kota Kupang"]
