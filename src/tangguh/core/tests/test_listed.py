"""Related rows prefetched into plain lists: the same rows as the relation, no query per record,
and never stale after a write."""

from __future__ import annotations

import pytest

from tangguh.core.querysets import forget_rows, listed, related_rows, rows_attr
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db


def test_listed_rows_are_the_relations_rows_without_a_query_per_record(
    django_assert_num_queries: object,
) -> None:
    regencies = Region.objects.filter(level=2).order_by("code")
    with django_assert_num_queries(2):  # type: ignore[operator]
        found = list(regencies.prefetch_related(listed("children")))
        rows = {r.code: [c.code for c in related_rows(r, "children")] for r in found}
    direct = {r.code: [c.code for c in r.children.all()] for r in regencies}
    assert rows == direct
    assert any(rows.values())


def test_without_the_prefetch_the_relation_is_read() -> None:
    regency = Region.objects.filter(level=2).order_by("code").first()
    assert regency is not None
    assert rows_attr("children") not in vars(regency)
    assert [c.code for c in related_rows(regency, "children")] == [
        c.code for c in regency.children.all()
    ]


def test_forgetting_drops_the_lists_so_the_next_read_sees_the_database() -> None:
    regency = Region.objects.filter(level=2).prefetch_related(listed("children")).first()
    assert regency is not None
    assert rows_attr("children") in vars(regency)
    forget_rows(regency)
    assert rows_attr("children") not in vars(regency)
