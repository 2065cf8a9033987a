"""Every module's search reads a fixed number of queries however many records it finds: a hit
never loads a field or a relation of its own (the searches read only the columns they show)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tangguh.core.registry import demo_steps, search_providers

TEXTS = ("a", "kupang", "desa", "jalan", "air", "Kota", "1.03", "SPM")
QUERIES_PER_SEARCH = 4  # the most any module needs: its parts, never one per hit


@pytest.mark.slow
@pytest.mark.django_db
def test_each_search_reads_a_fixed_number_of_queries_for_eight_hits(superuser, make_user):
    for step in demo_steps():
        step.load()
    viewer = make_user("province.viewer", {"53": "viewer"})
    for provider in search_providers():
        most = 0
        for user in (superuser, viewer):
            for text in TEXTS:
                with CaptureQueriesContext(connection) as queries:
                    hits = provider.find(user, text, 8)
                assert len(queries) <= QUERIES_PER_SEARCH, (provider.name, text, len(queries))
                most = max(most, len(hits))
                for hit in hits:
                    assert hit.title
                    assert hit.url.startswith("/")
        if provider.name != "poverty":  # the demo's households are found by id, not by words
            assert most >= 2, f"{provider.name}: the demo gives it no hits to check"
