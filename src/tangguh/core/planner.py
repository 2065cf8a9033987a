"""The query planner's statistics on the embedded database.

SQLite plans a query from table statistics that only `ANALYZE` gathers; without them it chose
to read every region, then each region's events, then sort 12,000 events to show page 1 of the
event list (31 ms), where with them it reads 50 entries of the list's index (0.7 ms).
PostgreSQL's autovacuum keeps its statistics by itself, so this is SQLite only: after
migrations, after a bulk load of many rows and after a restore.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, transaction

BULK_ROWS = 500  # a load writing at least this many rows refreshes the statistics


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
