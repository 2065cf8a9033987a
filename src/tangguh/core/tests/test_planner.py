"""The planner statistics: refreshed after a bulk load (on both databases), so page 1 of a long
list reads its index instead of sorting every row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tangguh.core import planner
from tangguh.core.importing.upsert import upsert
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own statistics")


def statistics_of(table: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return []
        cursor.execute("SELECT tbl, idx FROM sqlite_stat1 WHERE tbl = %s", [table])
        return list(cursor.fetchall())


def bulk_rename_villages(capture: Any) -> list[Any]:
    villages = list(Region.objects.filter(level=4).defer("boundary", "bbox")[: planner.BULK_ROWS])
    for village in villages:
        village.name = village.name + " "
    with capture(execute=True) as callbacks:
        upsert(Region, villages, key=("code",), compared=("name",), actor=None)
    return callbacks


@sqlite_only
def test_a_bulk_load_of_many_rows_refreshes_the_statistics(django_capture_on_commit_callbacks):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    callbacks = bulk_rename_villages(django_capture_on_commit_callbacks)
    assert len(callbacks) == 1
    assert statistics_of("regions_region")


def test_a_bulk_load_analyzes_once_it_is_committed_on_either_database(
    django_capture_on_commit_callbacks,
):
    with CaptureQueriesContext(connection) as queries:
        callbacks = bulk_rename_villages(django_capture_on_commit_callbacks)
    assert len(callbacks) == 1
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analyzed == ["ANALYZE"]


def test_a_small_load_does_not(django_capture_on_commit_callbacks):
    village = Region.objects.filter(level=4).first()
    assert village is not None
    village.name = "Other"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upsert(Region, [village], key=("code",), compared=("name",), actor=None)
    assert callbacks == []


def plan_of(queryset: object) -> str:
    sql, params = queryset.query.sql_with_params()  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@sqlite_only
def test_page_one_of_a_province_list_walks_the_list_order_and_sorts_nothing() -> None:
    from tangguh.core.scope import Scope
    from tangguh.disasters.models import Event

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    listed = (
        Event.objects.get_queryset().in_scope(Scope.of(["53"])).order_by("-start_date", "-id")[:50]
    )
    plan = plan_of(listed)
    assert "event_list_order" in plan
    assert "TEMP B-TREE" not in plan


@sqlite_only
def test_a_village_list_still_reads_the_region_index() -> None:
    from tangguh.core.scope import Scope
    from tangguh.disasters.models import Event

    listed = (
        Event.objects.get_queryset()
        .in_scope(Scope.of(["53.01.27.2002"]))
        .order_by("-start_date", "-id")
    )
    assert "region_id" in plan_of(listed[:50])


@sqlite_only
def test_a_site_filled_record_by_record_gets_statistics_at_the_end_of_a_request(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'regions_region'")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reloads what is left
    assert not statistics_of("regions_region")
    list(Region.objects.filter(parent_id="53.71").only("code").order_by("name")[:8])
    monkeypatch.setattr(planner, "_last_optimized", {})
    assert planner.optimize_now_and_then() is True
    assert statistics_of("regions_region")


@sqlite_only
def test_optimize_runs_at_most_once_in_its_interval(monkeypatch):
    monkeypatch.setattr(planner, "_last_optimized", {})
    connection.ensure_connection()
    first = planner.optimize_now_and_then()
    second = planner.optimize_now_and_then()
    assert (first, second) == (True, False)
    monkeypatch.setattr(planner, "OPTIMIZE_EVERY", 0.0)
    assert planner.optimize_now_and_then() is True
