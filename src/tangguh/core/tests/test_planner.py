"""SQLite's planner statistics: refreshed after a bulk load, so page 1 of a long list reads its
index instead of sorting every row."""

from __future__ import annotations

import pytest
from django.db import connection

from tangguh.core import planner
from tangguh.core.importing.upsert import upsert
from tangguh.regions.models import Region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL analyzes by itself"),
]


def statistics_of(table: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone():
            return []
        cursor.execute("SELECT tbl, idx FROM sqlite_stat1 WHERE tbl = %s", [table])
        return list(cursor.fetchall())


def test_a_bulk_load_of_many_rows_refreshes_the_statistics(django_capture_on_commit_callbacks):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    villages = list(Region.objects.filter(level=4).defer("boundary", "bbox")[: planner.BULK_ROWS])
    for village in villages:
        village.name = village.name + " "
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        upsert(Region, villages, key=("code",), compared=("name",), actor=None)
    assert len(callbacks) == 1
    assert statistics_of("regions_region")


def test_a_small_load_does_not(django_capture_on_commit_callbacks):
    village = Region.objects.filter(level=4).first()
    assert village is not None
    village.name = "Other"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upsert(Region, [village], key=("code",), compared=("name",), actor=None)
    assert callbacks == []
