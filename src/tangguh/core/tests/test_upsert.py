"""Writing many rows on their natural key (`core.importing.upsert`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from tangguh.catalogues.models import HazardType
from tangguh.core import audit
from tangguh.core.context import change_source
from tangguh.core.importing.upsert import NONE, ROW, upsert
from tangguh.core.models import ChangeRecord
from tangguh.disasters.models import Event
from tangguh.regions.models import Region
from tangguh.risk.models import ClimateVulnerability

pytestmark = pytest.mark.django_db


def record(code: str, year: int | None, kind: str) -> ClimateVulnerability:
    return ClimateVulnerability(
        region=Region.objects.get(code=code), year=year, vulnerability_class=kind
    )


def test_a_row_whose_key_has_an_empty_part_is_found_again() -> None:
    key, compared = ("region", "year"), ("vulnerability_class",)
    first = [record("53.01.27.2002", None, "high"), record("53.01.27.2001", 2021, "low")]
    assert len(upsert(ClimateVulnerability, first, key, compared, actor=None).created) == 2
    again = [record("53.01.27.2002", None, "medium"), record("53.01.27.2001", 2021, "low")]
    result = upsert(ClimateVulnerability, again, key, compared, actor=None, audit_mode=NONE)
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 1, 1)
    assert ClimateVulnerability.objects.get(year__isnull=True).vulnerability_class == "medium"
    assert ClimateVulnerability.objects.count() == 2


def event(source_id: str, region: str = "53.01", deaths: int | None = 1) -> Event:
    return Event(
        region_id=region,
        hazard=HazardType.objects.get(key="flood"),
        start_date=dt.date(2022, 3, 4),
        deaths=deaths,
        origin="dibi",
        source_id=source_id,
        fingerprint=f"fp-{source_id}",
    )


KEY, COMPARED = ("origin", "source_id"), ("deaths",)


def test_row_audit_logs_each_update_then_each_creation_as_one_at_a_time(kupang_editor) -> None:
    upsert(Event, [event("E-1"), event("E-2")], KEY, COMPARED, actor=kupang_editor)
    ChangeRecord.objects.all().delete()
    rows = [event("E-1", deaths=5), event("E-2"), event("E-3"), event("E-4", deaths=None)]
    with change_source("cli"):
        result = upsert(Event, rows, KEY, COMPARED, actor=kupang_editor, audit_mode=ROW)
        expected = [
            audit.new_change(kupang_editor, "create", obj, audit.creation(obj))
            for obj in result.created
        ]
    assert (len(result.created), len(result.updated), result.unchanged) == (2, 1, 1)
    stored = dict(Event.objects.values_list("source_id", "pk"))
    assert {obj.source_id: obj.pk for obj in result.created} == {
        "E-3": stored["E-3"],
        "E-4": stored["E-4"],
    }
    update, *creations = ChangeRecord.objects.order_by("id")
    assert (update.action, update.object_id, update.changes) == (
        "update",
        str(stored["E-1"]),
        {"deaths": [1, 5]},
    )
    fields = [f.attname for f in ChangeRecord._meta.concrete_fields if f.name not in ("id", "at")]
    assert [[getattr(c, name) for name in fields] for c in creations] == [
        [getattr(c, name) for name in fields] for c in expected
    ]
    assert creations[1].changes["source_id"] == [None, "E-4"]
    assert "deaths" not in creations[1].changes  # unknown, not zero


def test_a_row_outside_the_actor_s_regions_writes_nothing(kupang_editor) -> None:
    rows = [event("S-1"), event("S-2", region="53.71")]
    with pytest.raises(PermissionDenied):
        upsert(Event, rows, KEY, COMPARED, actor=kupang_editor)
    assert not Event.objects.exists()
    assert not ChangeRecord.objects.filter(model="disasters.event").exists()


def test_a_row_the_database_refuses_writes_nothing() -> None:
    upsert(Event, [event("D-1")], KEY, COMPARED, actor=None)
    rows = [event("D-2"), event("D-2")]  # the same source id twice: the unique constraint
    with pytest.raises(IntegrityError):
        upsert(Event, rows, KEY, COMPARED, actor=None)
    assert list(Event.objects.values_list("source_id", flat=True)) == ["D-1"]
    assert ChangeRecord.objects.filter(model="disasters.event").count() == 1


def test_stored_rows_are_found_across_lookup_queries(monkeypatch) -> None:
    upsert(Event, [event(f"L-{n}") for n in range(5)], KEY, COMPARED, actor=None)
    monkeypatch.setattr("tangguh.core.importing.upsert.LOOKUP", 2)
    again = [event(f"L-{n}", deaths=n) for n in range(6)]
    result = upsert(Event, again, KEY, COMPARED, actor=None)
    assert (len(result.created), len(result.updated), result.unchanged) == (1, 4, 1)
