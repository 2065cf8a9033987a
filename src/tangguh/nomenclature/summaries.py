"""Read models of the nomenclature that pages, the API, search and other apps may use: items
found by a code prefix or by the words of their name.

The nomenclature is national reference data: every signed-in user may read it.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tangguh.core import textsearch
from tangguh.core.registry import SearchHit
from tangguh.nomenclature.models import Edition, Government, Item, ItemQuerySet, Level

SEARCH_LIMIT = 50
MAX_WORDS = 8
CODE_PREFIX = re.compile(r"^[0-9xX]{1,2}(\.[0-9xX]{0,4})*$")
# Light columns for lists and the tree: the long texts are read on the item's page only.
TREE_FIELDS = ("id", "edition_id", "government", "level", "code", "name", "offered", "spm")


def matching(items: Any, text: str) -> Any:
    """Items whose code starts with `text` (when it looks like a code, such as 1.05.03) or
    whose name holds every word of it; all of them for an empty text."""
    text = text.strip()
    if not text:
        return items
    if CODE_PREFIX.match(text):
        return items.filter(code__startswith=text.upper())
    condition = Q()
    for word in text.split()[:MAX_WORDS]:
        condition &= textsearch.contains(Item, word)
    return items.filter(condition)


def search_items(items: ItemQuerySet, text: str) -> list[Item]:
    """The first SEARCH_LIMIT items matching `text` (see `matching`), in code order; none for an
    empty text."""
    if not text.strip():
        return []
    found = matching(items, text).only(*TREE_FIELDS).order_by("code", "level")
    return list(found[:SEARCH_LIMIT])


def current_edition() -> Edition | None:
    """The edition of the next budget year (the one plans are being drawn up in)."""
    return Edition.for_year(timezone.localdate().year + 1)


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Sub-activities of the current edition, by code prefix or by every word of their name
    (for the search page; reference data, readable by every signed-in user)."""
    edition = current_edition()
    if edition is None:
        return []
    items = Item.objects.filter(edition=edition, level=Level.SUB_KEGIATAN, offered=True)
    found = (
        matching(items, text)
        .select_related("edition")
        .only("code", "name", "government", "level", "edition__name")
        .order_by("code", "government")
    )
    governments = dict(Government.choices)
    return [
        SearchHit(
            f"{item.code} {item.name}",
            item.get_absolute_url(),
            f"{Level.SUB_KEGIATAN.label} · {governments[item.government]} · {edition.name}",
        )
        for item in found[:limit]
    ]


def sub_activities(prefixes: list[str], government: str = "kabkota", limit: int = 8) -> list[Item]:
    """Sub-activities of the current edition whose codes start with one of `prefixes` (for
    recommendations that name what could fund a fix), in code order."""
    edition = current_edition()
    if edition is None or not prefixes:
        return []
    condition = Q()
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    found = Item.objects.filter(
        condition, edition=edition, level=Level.SUB_KEGIATAN, government=government
    )
    return list(found.only(*TREE_FIELDS).order_by("code")[:limit])
