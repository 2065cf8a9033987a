"""Inserting many rows column by column (`core.bulk`) and their creation records
(`audit.creation_texts`, `audit.record_creations`): the same values, keys and change records as
Django's own conversions and `audit.creation`, one record at a time."""

from __future__ import annotations

import datetime as dt
import gc
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from tangguh.accounts.models import User
from tangguh.catalogues.models import HazardType
from tangguh.core import audit, bulk
from tangguh.core.context import change_source
from tangguh.core.models import ChangeRecord
from tangguh.disasters.models import Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

LONG = "panjang " * 60  # longer than the change log keeps as it is
ODD = "baris\nbaru\tdan \x07 kendali"  # not printable: logged through json.dumps


def events(latitude: float = -9.5) -> list[Event]:
    """Unsaved events whose columns mix every kind of value the fast paths distinguish."""
    flood, landslide = HazardType.objects.get(key="flood"), HazardType.objects.get(key="landslide")
    rows = [
        Event(
            region_id="53.01",
            hazard=flood,
            start_date=dt.date(2020, 1, 2),
            start_time=dt.time(7, 30),
            latitude=-10.25,
            longitude=123.5,
            location_text="Desa Oesao, Kupang Timur",
            description=LONG,
            cause=ODD,
            event_count=Decimal("0.500000"),
            deaths=3,
            roads_km=Decimal("1.250"),
            economic_loss=Decimal("15000000.00"),
            disaggregation={"deaths": {"female": 2, "male": 1}},
            origin="dibi",
            source_id="A-1",
            fingerprint="f1",
        ),
        Event(
            region_id="53.71.01",
            hazard=landslide,
            start_date=dt.date(2021, 12, 31),
            location_text="Kelurahan Oebobo — «tanah longsor» 🌧",
            description="",
            event_count=Decimal("1"),
            deaths=0,
            latitude=latitude,
            disaggregation={"note": "x" * 500},
            origin="dibi",
            source_id="A-2",
            fingerprint="f2",
        ),
        Event(
            region_id="53.01",
            hazard=flood,
            start_date=dt.date(2020, 1, 2),
            event_count=Decimal("1.000000"),
            disaggregation={},
            origin="csv",
            source_id="",
            fingerprint="f3",
        ),
    ]
    for number, event in enumerate(rows, start=1):
        event.pk = 900 + number
        event.created_at = event.updated_at = timezone.now()
    return rows


def bound(value):
    """A bound value comparable across drivers (psycopg wraps JSON and integers)."""
    return (type(value).__name__, getattr(value, "obj", value))


@pytest.mark.parametrize("model", [Event, ChangeRecord, User, Region])
def test_each_column_is_bound_as_django_binds_it(model, make_user) -> None:
    objects: list[Model]
    if model is Event:
        objects = list(events())
    elif model is ChangeRecord:
        actor = make_user("bulk.actor")
        changes = [audit.new_change(actor, "create", e, audit.creation(e)) for e in events()]
        for change in changes:
            change.at = timezone.now()
        objects = list(changes)
    elif model is User:
        objects = [make_user("bulk.one"), make_user("bulk.two", is_staff=True)]
    else:
        objects = list(Region.objects.filter(code__startswith="53.71")[:20])
    for field in model._meta.concrete_fields:
        values = [getattr(obj, field.attname) for obj in objects]
        expected = [bound(field.get_db_prep_save(value, connection)) for value in values]
        assert [bound(v) for v in bulk.prepare_column(field, values)] == expected, field.name


def test_a_column_of_one_and_the_same_value_is_converted_once() -> None:
    field = Event._meta.get_field("created_at")
    now = timezone.now()
    prepared = bulk.prepare_column(field, [now] * 3)
    assert prepared == [field.get_db_prep_save(now, connection)] * 3


@pytest.mark.parametrize("latitude", [-9.5, float("nan")])
def test_creation_texts_are_the_json_of_each_creation_record(latitude) -> None:
    rows = events(latitude)
    texts = audit.creation_texts(Event, rows)
    assert texts == [json.dumps(audit.creation(event)) for event in rows]
    logged = json.loads(texts[0])
    assert logged["cause"] == [None, ODD]
    assert logged["description"][1].startswith("sha256:")
    assert "end_date" not in logged  # what is not known is left out


def test_creation_texts_leave_out_secrets(make_user) -> None:
    users = [make_user("texts.one"), make_user("texts.two", is_active=False)]
    texts = audit.creation_texts(User, users)
    assert texts == [json.dumps(audit.creation(user)) for user in users]
    assert all("password" not in json.loads(text) for text in texts)


def test_a_record_without_known_values_is_logged_empty() -> None:
    region = Region(code="", name="", level="")
    assert audit.creation_texts(Region, [region]) == [json.dumps(audit.creation(region))]


def test_inserted_objects_get_the_keys_of_their_rows() -> None:
    stored = events()[:1]
    for event in stored:
        event.pk = None
    bulk.insert(Event, stored)
    Event.objects.filter(pk=stored[0].pk).delete()  # a gap at the end of the table
    rows = events()
    for number, event in enumerate(rows):
        event.pk, event.source_id = None, f"B-{number}"
    bulk.insert(Event, rows)
    assert all(not event._state.adding for event in rows)
    assert {e.pk: e.source_id for e in rows} == dict(
        Event.objects.filter(pk__in=[e.pk for e in rows]).values_list("pk", "source_id")
    )
    assert len({event.created_at for event in rows}) == 1  # one time for one insert


def test_creation_records_are_those_of_one_record_at_a_time(make_user) -> None:
    actor = make_user("bulk.writer")
    rows = events()
    for number, event in enumerate(rows):
        event.pk, event.source_id = None, f"C-{number}"
    bulk.insert(Event, rows)
    with change_source("cli"):
        assert audit.record_creations(actor, rows) == 3
        expected = [audit.new_change(actor, "create", e, audit.creation(e)) for e in rows]
    written = list(ChangeRecord.objects.filter(model="disasters.event").order_by("id"))
    fields = [f.attname for f in ChangeRecord._meta.concrete_fields if f.name not in ("id", "at")]
    assert [[getattr(c, name) for name in fields] for c in written] == [
        [getattr(c, name) for name in fields] for c in expected
    ]
    assert all(change.at is not None for change in written)


def test_the_garbage_collector_is_held_only_inside_the_block() -> None:
    seen = []

    def write() -> None:
        with bulk.collector_paused():
            seen.append(gc.isenabled())
            raise RuntimeError

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        write()
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.collector_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def test_rows_that_cannot_be_copied_are_inserted_with_their_keys(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "_copyable", lambda model, attnames: False)
    monkeypatch.setattr(bulk, "BATCH", 2)  # several statements
    rows = events()
    for number, event in enumerate(rows):
        event.pk, event.source_id = None, f"V-{number}"
    bulk.insert(Event, rows)
    assert {e.pk: e.source_id for e in rows} == dict(
        Event.objects.filter(pk__in=[e.pk for e in rows]).values_list("pk", "source_id")
    )


def test_integers_for_copy_stay_python_integers() -> None:
    field = Event._meta.get_field("deaths")
    prepared = bulk.prepare_column(field, [3, None, 0], copy=True)
    assert prepared == [3, None, 0]
    assert [type(value) for value in prepared] == [int, type(None), int]


def test_a_column_of_one_time_goes_to_copy_as_its_text_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    now = timezone.now()
    with connection.cursor() as cursor:
        psycopg_cursor = cursor.cursor
        written = bulk._dumped_once(psycopg_cursor, [now] * 3)
        assert len(set(written)) == 1
        assert isinstance(written[0], str)
        cursor.execute("SELECT %s::timestamptz", [written[0]])
        assert cursor.fetchone()[0] == now
        for column in ([now, timezone.now()], ["a\tb"] * 2, [None] * 2):
            assert bulk._dumped_once(psycopg_cursor, column) is column  # left as they are


def test_copied_rows_keep_their_one_time() -> None:
    rows = events()
    for number, event in enumerate(rows):
        event.pk, event.source_id = None, f"T-{number}"
    bulk.insert(Event, rows)
    stored = set(Event.objects.filter(pk__in=[e.pk for e in rows]).values_list("created_at"))
    assert stored == {(rows[0].created_at,)}
