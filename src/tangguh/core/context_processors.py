"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tangguh import __version__
from tangguh.core.nav import navigation


def site(request: HttpRequest) -> dict[str, Any]:
    """Navigation, version and map settings for the base layout."""
    return {
        "nav_items": navigation(request),
        "tangguh_version": __version__,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
