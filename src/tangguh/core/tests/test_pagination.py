"""List pages show 25 rows by default, 50 or 100 when asked, and keep the filters when the
reader changes the page size or the page."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.core.pagination import PAGE_SIZES, page_size

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty_changes(db) -> None:
    ChangeRecord.objects.bulk_create(
        ChangeRecord(
            model="regions.region",
            object_id=str(n),
            object_repr=f"Record {n}",
            action="update",
            region_code="53.01",
            changes={"name": ["a", "b"]},
        )
        for n in range(60)
    )


def rows(page: str) -> int:
    return page.count("<time datetime=")


def test_a_list_shows_25_rows_then_50_or_100_when_asked(web, province_manager, sixty_changes):
    client = web(province_manager)
    url = reverse("change-log")
    assert rows(client.get(url).content.decode()) == 25
    assert rows(client.get(url, {"per_page": "50"}).content.decode()) == 50
    total = rows(client.get(url, {"per_page": "100"}).content.decode())
    assert 60 <= total < 75  # the sixty, and the manager's own membership
    assert rows(client.get(url, {"per_page": "100", "page": "2"}).content.decode()) == total
    assert rows(client.get(url, {"page": "3"}).content.decode()) == total - 50


@pytest.mark.parametrize("asked", ["7", "1000000", "-1", "25.0", "<b>", ""])
def test_an_unknown_page_size_shows_the_default(web, province_manager, sixty_changes, asked):
    page = web(province_manager).get(reverse("change-log"), {"per_page": asked})
    assert page.status_code == 200
    assert rows(page.content.decode()) == 25


def test_the_page_size_links_keep_the_filters(web, province_manager, sixty_changes):
    page = web(province_manager).get(reverse("change-log"), {"region": "53.01", "page": "2"})
    text = page.content.decode()
    sizes = re.search(r'data-testid="page-sizes">(.*?)</p>', text, re.S)
    assert sizes is not None
    links = [html.unescape(h) for h in re.findall(r'href="\?([^"]*)"', sizes.group(1))]
    assert links == ["region=53.01&per_page=50", "region=53.01&per_page=100"]  # back to page 1
    assert '<strong aria-current="true">25</strong>' in sizes.group(1)
    pager = web(province_manager).get(reverse("change-log"), {"per_page": "50"}).content.decode()
    assert "per_page=50&amp;page=2" in pager  # the next page keeps the size


def test_a_short_list_offers_no_page_sizes(web, province_manager):
    ChangeRecord.objects.create(model="regions.region", object_id="1", action="update")
    assert (
        'data-testid="page-sizes"'
        not in web(province_manager).get(reverse("change-log")).content.decode()
    )


def test_the_page_size_is_one_of_the_offered(rf):
    assert page_size(rf.get("/", {"per_page": "100"})) == 100
    assert page_size(rf.get("/", {"per_page": "99"})) == PAGE_SIZES[0] == 25


def test_a_kept_count_is_kept_apart_for_each_filter_and_scope(db) -> None:
    import datetime as dt

    from tangguh.core.pagination import Paginator
    from tangguh.core.scope import Scope
    from tangguh.disasters.models import Event

    days = [dt.date(2020, 1, d) for d in range(1, 8)]
    Event.objects.bulk_create(
        Event(region_id=code, hazard_id=hazard, start_date=day)
        for day in days
        for code, hazard in (("53.71", "flood"), ("53.01", "flood"), ("53.01", "drought"))
    )
    events = Event.objects.get_queryset().select_related("region", "hazard").order_by("-id")

    def count(rows: object) -> int:
        return Paginator(rows, 25).count

    assert count(events.in_scope(Scope.of(["53"]))) == 21
    assert count(events.in_scope(Scope.of(["53.01"]))) == 14
    assert count(events.in_scope(Scope.of(["53.01"])).filter(hazard_id="flood")) == 7
    assert count(events.in_scope(Scope.of(["53.71"]))) == 7
    assert count(events.in_scope(Scope.of(["53"])).filter(start_date__gt=days[3])) == 9


def test_an_api_list_gives_25_records_a_page_unless_asked(
    client, province_manager, sixty_changes
) -> None:
    client.force_login(province_manager)
    first = client.get("/api/v1/changes/").json()
    assert first["count"] > 50
    assert len(first["results"]) == 25
    assert "page=2" in first["next"]
    asked = client.get("/api/v1/changes/", {"page_size": 50}).json()
    assert len(asked["results"]) == 50


def test_a_capped_count_counts_without_the_lists_order(sixty_changes) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tangguh.core.pagination import Paginator

    listed = ChangeRecord.objects.order_by("-at", "-id")
    with CaptureQueriesContext(connection) as queries:
        capped = Paginator(listed, 25, cap=40)
        assert (capped.count, capped.capped) == (40, True)
    assert "ORDER BY" not in queries[-1]["sql"]
    assert (Paginator(listed, 25, cap=100).count, Paginator(listed, 25, cap=100).capped) == (
        ChangeRecord.objects.count(),
        False,
    )
