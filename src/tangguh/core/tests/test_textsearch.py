"""Text found through a trigram index finds exactly what `icontains` finds, stays in step with
every write, and is rebuilt when a later migration lost its triggers."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

import pytest
from django.db import connection
from django.db.models import Q

from tangguh.catalogues.models import HazardType
from tangguh.core import textsearch
from tangguh.disasters import services
from tangguh.disasters.models import Event
from tangguh.nomenclature.models import Item
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")

TEXTS = [
    "kupang",
    "KUPANG",
    "upa",
    "ab",
    "a",
    "jalan desa",
    "Jalan  desa",
    "100%",
    "a_b",
    "back\\slash",
    '"kutip"',
    "O'ebelo",
    "bendungan",
    "pembangunan jalan",
    "Rehabilitasi",
    "ñandú",
    "x" * 200,
]


def plain(model: type, text: str, fields: tuple[str, ...]) -> set[int]:
    condition = reduce(or_, (Q(**{f"{name}__icontains": text}) for name in fields))
    return set(model.objects.filter(condition).values_list("pk", flat=True))  # type: ignore[attr-defined]


def indexed(model: type, text: str, fields: tuple[str, ...] = ()) -> set[int]:
    condition = textsearch.contains(model, text, fields)
    return set(model.objects.filter(condition).values_list("pk", flat=True))  # type: ignore[attr-defined]


def event(**values: str) -> Event:
    return services.create_event(
        actor=None,
        region=Region.objects.get(code="53.71"),
        hazard=HazardType.objects.get(key="flood"),
        start_date=dt.date(2024, 1, 2),
        **values,
    )


@pytest.mark.parametrize("text", TEXTS)
def test_the_nomenclature_found_through_the_index_is_what_icontains_finds(text: str) -> None:
    assert Item.objects.count() > 1000  # the real nomenclature, loaded by the migrations
    assert indexed(Item, text) == plain(Item, text, ("name",))


def test_names_that_are_found_are_found() -> None:
    assert len(indexed(Item, "jalan")) > 10
    assert indexed(Item, "JALAN") == indexed(Item, "jalan")


@pytest.mark.parametrize("text", TEXTS)
def test_events_found_through_the_index_are_what_icontains_finds(text: str) -> None:
    event(location_text="Dusun O'ebelo, Kupang", description="Banjir 100% jalan desa")
    event(location_text="Pantai Kupang", description='Rumah "kutip" a_b back\\slash')
    event(location_text="Ñandú", description="x" * 300)
    event(location_text="Oesapa", description="Bendungan jebol")
    fields = ("location_text", "description")
    assert indexed(Event, text) == plain(Event, text, fields)
    assert indexed(Event, text, ("description",)) == plain(Event, text, ("description",))


def test_the_index_follows_every_insert_update_and_delete() -> None:
    first = event(location_text="Zzqxw hilir")
    assert indexed(Event, "zzqxw") == {first.pk}
    Event.objects.filter(pk=first.pk).update(location_text="Hulu", description="Ywvut")
    assert indexed(Event, "zzqxw") == set()
    assert indexed(Event, "ywvut") == {first.pk}
    Event.objects.filter(pk=first.pk).update(deaths=2)  # no indexed column: the index stays
    assert indexed(Event, "ywvut") == {first.pk}
    Event.objects.bulk_create(
        [
            Event(
                region_id="53.71",
                hazard_id="flood",
                start_date=dt.date(2024, 1, 3),
                location_text="Zzqxw bulk",
            )
        ]
    )
    assert len(indexed(Event, "zzqxw")) == 1
    Event.objects.all().delete()
    assert indexed(Event, "ywvut") == indexed(Event, "zzqxw") == set()


def test_a_model_without_text_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="text_search"):
        textsearch.contains(Region, "kupang")


def plan(condition: Q, model: type) -> str:
    sql, params = model.objects.filter(condition).query.sql_with_params()  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@on_sqlite
def test_on_sqlite_the_search_reads_the_index_not_the_table() -> None:
    assert "VIRTUAL TABLE INDEX" in plan(textsearch.contains(Item, "jalan"), Item)
    assert "VIRTUAL TABLE" not in plan(textsearch.contains(Item, "ja"), Item)


@on_sqlite
def test_an_index_whose_triggers_a_migration_dropped_is_rebuilt_after_migrate() -> None:
    with connection.cursor() as cursor:
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f'DROP TRIGGER "disasters_event_text_{suffix}"')
    missed = event(location_text="Qqzzy written while the triggers were gone")
    assert indexed(Event, "qqzzy") == set()
    assert textsearch.ensure() == ["disasters_event"]
    assert indexed(Event, "qqzzy") == {missed.pk}
    assert textsearch.ensure() == []
    event(location_text="Qqzzy again")
    assert len(indexed(Event, "qqzzy")) == 2


@on_sqlite
def test_without_the_index_the_search_reads_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(textsearch._ready, ("default", "nomenclature_item"), False)
    condition = textsearch.contains(Item, "jalan")
    assert "VIRTUAL TABLE" not in plan(condition, Item)
    assert indexed(Item, "jalan") == plain(Item, "jalan", ("name",))


@on_postgresql
def test_on_postgresql_the_search_can_read_the_trigram_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'nomenclature_item'")
        names = {row[0] for row in cursor.fetchall()}
        assert "nomenclature_item_name_trgm" in names
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Item.objects.filter(
            textsearch.contains(Item, "jalan")
        ).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        assert "nomenclature_item_name_trgm" in "\n".join(r[0] for r in cursor.fetchall())


def test_a_database_that_refuses_the_index_is_searched_the_plain_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError

    def refuse(*_args: object) -> bool:
        raise OperationalError("no such module: fts5")

    monkeypatch.setattr(textsearch, "_ensure_sqlite", refuse)
    monkeypatch.setattr(textsearch, "_ensure_postgresql", refuse)
    monkeypatch.setattr(textsearch, "_ready", {})
    assert textsearch.ensure() == []
    assert textsearch._ready[("default", "nomenclature_item")] is False
    if connection.vendor == "sqlite":
        assert "VIRTUAL TABLE" not in plan(textsearch.contains(Item, "jalan"), Item)
    assert indexed(Item, "jalan") == plain(Item, "jalan", ("name",))
