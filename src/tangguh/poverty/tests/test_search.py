"""The household search (an id's first characters, in any case) on the list page, the API and
the site search: the same households as a case-insensitive prefix test over every id, found
through the index household_id_prefix rather than by reading the registry."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tangguh.poverty import summaries
from tangguh.poverty.filters import HouseholdFilter
from tangguh.poverty.models import Household

from .conftest import FATUFETO

pytestmark = pytest.mark.django_db

# Ids an import would refuse ('%', '\\', a space) are stored by other means (the admin, an
# older registry): the search escapes LIKE's wildcards, so they are plain characters.
IDS = [
    "KPG-001",
    "kpg-002",
    "Kpg_003",
    "KPGX004",
    "KP%005",
    "KP%X",
    "KP_X",
    "KPZX",
    "KP\\X",
    "KP\\\\Y",
    "kp.x",
    "53.71/1",
    "ABC",
    "abd",
    "A B",
    "%PCT",
    "%x-1",
    "_UND",
    "\\BS",
]
SEARCHES = [
    "kpg",
    "KPG-",
    "kpg_",
    "kp%",
    "KP_",
    "kp\\",
    "kp\\\\",
    "%",
    "_",
    "\\",
    "%x",
    "kp.",
    "53.71/",
    "ab",
    "a b",
    "  kpg  ",
    "zzz",
]


@pytest.fixture
def households() -> None:
    Household.objects.bulk_create(
        Household(
            region_id=FATUFETO,
            year=2023,
            household_id=hid,
            members=1,
            weight=1.0,
            expenditure_per_capita=300_000,
        )
        for hid in IDS
    )


def _expected(text: str) -> list[str]:
    """What a case-insensitive prefix test over every id finds (the ids are ASCII)."""
    wanted = text.strip().lower()
    return sorted(hid for hid in IDS if hid.lower().startswith(wanted))


@pytest.mark.parametrize("text", SEARCHES)
def test_the_filter_finds_the_ids_starting_with_the_text_in_any_case(households, text) -> None:
    found = HouseholdFilter({"q": text}, queryset=Household.objects.all()).qs
    assert sorted(found.values_list("household_id", flat=True)) == _expected(text)
    assert _expected(text) or text == "zzz"  # every search but one finds something


def test_page_api_and_site_search_find_the_same_households(households, superuser, web, api) -> None:
    client, token = web(superuser), api(superuser)
    for text in SEARCHES:
        page = client.get(reverse("poverty:household-list"), {"q": text})
        assert sorted(h.household_id for h in page.context["page"].object_list) == _expected(
            text
        ), text
        answer = token.get("/api/v1/poverty/households/", {"q": text}).json()
        assert sorted(h["household_id"] for h in answer["results"]) == _expected(text), text
        if len(text) >= 3 and text == text.strip():  # the site search: 3 characters or more
            hits = summaries.search(superuser, text, 50)
            assert sorted(hit.title.split(" (")[0] for hit in hits) == _expected(text), text


def _plan(queryset: Any) -> str:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a test's table is tiny: no sequential scan
                cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.parametrize("text", ["kpg", "KP%", "kp_x", "kp\\", "53.71/"])
def test_the_search_reads_the_prefix_index_not_every_household(households, text) -> None:
    asked = Household.objects.filter(Household.id_starts_q(text)).order_by("-year", "household_id")
    listed = HouseholdFilter({"q": text}, queryset=Household.objects.all()).qs
    for queryset in (asked, listed):
        plan = _plan(queryset)
        assert "household_id_prefix" in plan, plan
