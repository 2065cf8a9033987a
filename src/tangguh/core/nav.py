"""The main navigation: each app registers its entries; the layout shows those the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation."""

    label: str | Promise
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = lambda user: bool(user.is_authenticated)


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    """Add an entry (apps call this from their AppConfig.ready)."""
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Entries visible to the current user, with the active one marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    result = []
    for item in _ITEMS:
        if not item.visible(user):
            continue
        url = reverse(item.url_name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        result.append({"label": item.label, "url": url, "active": active})
    return result


_REGION_SECTIONS: list[str] = []


def register_region_section(url_name: str) -> None:
    """Add a section to every region page: a URL name taking the region code, loaded with HTMX
    (an app that knows something about regions shows it without the regions app knowing it)."""
    if url_name not in _REGION_SECTIONS:
        _REGION_SECTIONS.append(url_name)


def region_sections(code: str) -> list[str]:
    """The URLs of the sections of one region's page."""
    return [reverse(name, args=[code]) for name in _REGION_SECTIONS]


_HOME_SECTIONS: list[str] = []


def register_home_section(url_name: str) -> None:
    """Add a section to the signed-in user's home page: a URL name without arguments, loaded
    with HTMX, that answers with what needs the user's attention (or nothing)."""
    if url_name not in _HOME_SECTIONS:
        _HOME_SECTIONS.append(url_name)


def home_sections() -> list[str]:
    """The URLs of the home page's sections."""
    return [reverse(name) for name in _HOME_SECTIONS]
