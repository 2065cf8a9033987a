"""The query planner's statistics.

Both databases plan a query from table statistics that `ANALYZE` gathers. Without them SQLite
chose to read every region, then each region's events, then sort 12,000 events to show page 1
of the event list (31 ms), where with them it reads 50 entries of the list's index (0.7 ms);
PostgreSQL, believing the events table held 17 rows, joined all 12,490 events of the province
to their regions and sorted them (26 ms, where the list's index gives page 1 in 0.3 ms).
So the statistics are refreshed after migrations, after a bulk load of many rows, after a
restore and after the demo is loaded, on both databases: PostgreSQL's autovacuum would get
there too, but only a minute or more after a load (and not at all where it is turned off), and
its manual advises `ANALYZE` after a bulk load ("Populating a Database").

A site whose records are entered one by one never makes a bulk load: on SQLite each process
asks for `PRAGMA optimize` at most every OPTIMIZE_EVERY seconds, at the end of a request
(SQLite's own advice for long-lived connections; it analyzes only the tables whose statistics
are missing or far out of date, so it usually costs nothing). Without it the search page read
every region to find ten follow-up items (3.4 ms instead of 0.05). On PostgreSQL that is
autovacuum's work (on by default; keep it on).
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connections, transaction

BULK_ROWS = 500  # a load writing at least this many rows refreshes the statistics
OPTIMIZE_EVERY = 600.0  # seconds between two `PRAGMA optimize` of one process

_last_optimized: dict[str, float] = {}


def refresh(using: str = "default") -> None:
    """ANALYZE the database (SQLite or PostgreSQL; nothing to do elsewhere), after the current
    transaction commits when there is one."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    transaction.on_commit(analyze, using=using)


def after_migrate(sender: Any, using: str = "default", **_kwargs: Any) -> None:
    """post_migrate is sent once per app: refresh once, after the last."""
    from django.apps import apps

    configs = list(apps.get_app_configs())
    if configs and sender.label == configs[-1].label:
        refresh(using)


def optimize_now_and_then(_sender: Any = None, using: str = "default", **_kwargs: Any) -> bool:
    """`PRAGMA optimize` on the embedded database when this process has not asked for it in the
    last OPTIMIZE_EVERY seconds (connected to request_finished); True when it ran."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.connection is None:
        return False
    now = time.monotonic()
    last = _last_optimized.get(using)
    if last is not None and now - last < OPTIMIZE_EVERY:
        return False
    _last_optimized[using] = now
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")
    return True
