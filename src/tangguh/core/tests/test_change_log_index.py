"""The change log's count reads one index (region and model), not the table."""

from __future__ import annotations

import pytest
from django.db import connection

from tangguh.core.models import ChangeRecord
from tangguh.core.scope import Scope

pytestmark = pytest.mark.django_db


def test_counting_a_regions_changes_reads_the_region_and_model_index() -> None:
    visible = (
        ChangeRecord.objects.get_queryset()
        .in_scope(Scope.of(["53"]))
        .exclude(model="accounts.membership")
    )
    sql, params = visible.order_by().values("id").query.sql_with_params()
    count = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + count, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + count, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "change_region_model" in plan
