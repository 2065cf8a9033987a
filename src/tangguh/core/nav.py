"""The main navigation: each app registers its entries; the layout shows those the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation; `group` names the menu it sits in (a NavGroup's key),
    or none for an entry of its own."""

    label: str | Promise
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = lambda user: bool(user.is_authenticated)
    group: str = ""


@dataclass(frozen=True)
class NavGroup:
    """A menu of the main navigation ("Disasters & risk", "Planning"): its entries open from
    it, so the bar stays one line however many modules there are. The group sits where its
    `order` puts it among the entries of their own."""

    key: str
    label: str | Promise
    order: int = 100


_ITEMS: list[NavItem] = []
_GROUPS: dict[str, NavGroup] = {}

# The menus the modules share (a module may register others).
HAZARDS = NavGroup("hazards", _("Disasters & risk"), order=30)
RESILIENCE = NavGroup("resilience", _("Resilience"), order=50)
PLANNING = NavGroup("planning", _("Planning"), order=55)
ADMINISTRATION = NavGroup("admin", _("Administration"), order=90)


def register(item: NavItem) -> None:
    """Add an entry (apps call this from their AppConfig.ready)."""
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def register_group(group: NavGroup) -> None:
    """Add a menu (the first registration of a key wins)."""
    _GROUPS.setdefault(group.key, group)


for _group in (HAZARDS, RESILIENCE, PLANNING, ADMINISTRATION):
    register_group(_group)


def _entry(request: HttpRequest, item: NavItem) -> dict[str, Any]:
    url = reverse(item.url_name)
    active = request.path == url or (url != "/" and request.path.startswith(url))
    return {"label": item.label, "url": url, "active": active}


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """Entries and menus visible to the current user, the active ones marked. A menu is
    `{"label", "children": [entries], "active"}`; a menu with one entry shows as that entry."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    placed: list[tuple[int, int, dict[str, Any]]] = []
    menus: dict[str, list[dict[str, Any]]] = {}
    for position, item in enumerate(_ITEMS):
        if not item.visible(user):
            continue
        entry = _entry(request, item)
        group = _GROUPS.get(item.group)
        if group is None:
            placed.append((item.order, position, entry))
            continue
        if group.key not in menus:
            menus[group.key] = []
            menu = {"label": group.label, "children": menus[group.key], "key": group.key}
            placed.append((group.order, position, menu))
        menus[group.key].append(entry)
    result = []
    for _order, _position, entry in sorted(placed, key=lambda p: (p[0], p[1])):
        children = entry.get("children")
        if children is not None and len(children) == 1:
            entry = children[0]
        elif children is not None:
            entry["active"] = any(child["active"] for child in children)
        result.append(entry)
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
