"""Read models of the regions app other parts of tangguh may use: region search."""

from __future__ import annotations

from typing import Any

from tangguh.core.registry import SearchHit
from tangguh.core.scope import user_scope
from tangguh.regions.models import Region


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
