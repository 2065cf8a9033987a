"""Read models of the regions app other parts of tangguh may use: region search, villages per
regency."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from tangguh.core.generations import memoised
from tangguh.core.registry import SearchHit
from tangguh.core.scope import user_scope
from tangguh.regions.models import Level, Region


def search_regions(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Regions whose name contains the text or whose code starts with it, the user's own
    regions first."""
    found = Region.objects.restrict(user, "view").active().search(text).defer("boundary", "bbox")
    scope = user_scope(user, "view")
    candidates = sorted(
        found.order_by("level", "code")[:200],
        key=lambda r: (not scope.covers(r.code), r.level, r.code),
    )
    return [
        SearchHit(f"{r.code} {r.name}", r.get_absolute_url(), r.get_kind_display())
        for r in candidates[:limit]
    ]


def villages_per_regency() -> dict[str, int]:
    """Active villages of each regency/city, by its code (kept per generation of the regions:
    on SQLite the count reads past every village's boundary to its `is_active`)."""
    villages = Region.objects.filter(level=Level.VILLAGE, is_active=True)

    def compute() -> dict[str, int]:
        counted = villages.values("parent__parent_id").annotate(n=Count("code"))
        return {str(code): int(n) for code, n in counted.values_list("parent__parent_id", "n")}

    return memoised("regions", (villages,), compute)
