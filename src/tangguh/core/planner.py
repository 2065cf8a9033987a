"""The query planner's statistics on the embedded database.

SQLite plans a query from table statistics that only `ANALYZE` gathers; without them it chose
to read every region, then each region's events, then sort 12,000 events to show page 1 of the
event list (31 ms), where with them it reads 50 entries of the list's index (0.7 ms).
PostgreSQL's autovacuum keeps its statistics by itself, so this is SQLite only: after
migrations, after a bulk load of many rows, after a restore and after the demo is loaded. A site
whose records are entered one by one never makes a bulk load: each process asks SQLite to
`PRAGMA optimize` at most every OPTIMIZE_EVERY seconds, at the end of a request (SQLite's own
advice for long-lived connections; it analyzes only the tables whose statistics are missing or
far out of date, so it usually costs nothing). Without it the search page read every region to
find ten follow-up items (3.4 ms instead of 0.05).
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connections, transaction

BULK_ROWS = 500  # a load writing at least this many rows refreshes the statistics
OPTIMIZE_EVERY = 600.0  # seconds between two `PRAGMA optimize` of one process

_last_optimized: dict[str, float] = {}


def refresh(using: str = "default") -> None:
    """ANALYZE the embedded database (nothing to do elsewhere); after the current transaction
    commits, when there is one."""
    connection = connections[using]
    if connection.vendor != "sqlite":
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
