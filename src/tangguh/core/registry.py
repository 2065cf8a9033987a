"""Registries the apps fill from `AppConfig.ready()`, so that `core` knows no domain app.

- demo steps: what `tangguh demo` loads, in order (each app adds its own demo data);
- search providers: what the search page finds (regions, events, proposals, …);
- summaries: an app's key figures for a region (shown on region pages and, later, dashboards).

Navigation and region-page sections register in `core.nav`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

# Every demo login's password (printed by `tangguh demo`; demo data only).
DEMO_PASSWORD = "tangguh-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoStep:
    """One step of `tangguh demo`: loads an app's demo data and says what it loaded."""

    name: str
    load: Callable[[], str]
    order: int = 100
    logins: Callable[[], list[tuple[str, str]]] = list


@dataclass(frozen=True)
class SearchHit:
    """One search result: what it is, where it is, and a line about it."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    """Finds one kind of record for a text, within what the user may view."""

    name: str
    label: str | Promise
    find: Callable[[Any, str, int], list[SearchHit]]
    order: int = 100


@dataclass(frozen=True)
class Fact:
    """One key figure of a region: a label, a value (None when unknown), and a link."""

    label: str | Promise
    value: Any
    url: str = ""
    note: str | Promise = ""


@dataclass(frozen=True)
class SummaryProvider:
    """An app's key figures for a region, as the user may see them."""

    name: str
    label: str | Promise
    facts: Callable[[Any, str], list[Fact]]
    order: int = 100


@dataclass
class _Registry:
    demo: dict[str, DemoStep] = field(default_factory=dict)
    search: dict[str, SearchProvider] = field(default_factory=dict)
    summaries: dict[str, SummaryProvider] = field(default_factory=dict)


_REGISTRY = _Registry()


def register_demo(step: DemoStep) -> None:
    """Add a step to `tangguh demo` (once per name)."""
    _REGISTRY.demo.setdefault(step.name, step)


def demo_steps() -> list[DemoStep]:
    """The demo's steps in order."""
    return sorted(_REGISTRY.demo.values(), key=lambda s: (s.order, s.name))


def register_search(provider: SearchProvider) -> None:
    """Add a kind of record to the search page (once per name)."""
    _REGISTRY.search.setdefault(provider.name, provider)


def search_providers() -> list[SearchProvider]:
    """The search page's providers in order."""
    return sorted(_REGISTRY.search.values(), key=lambda p: (p.order, p.name))


def register_summary(provider: SummaryProvider) -> None:
    """Add an app's key figures to region pages (once per name)."""
    _REGISTRY.summaries.setdefault(provider.name, provider)


def summary_providers() -> list[SummaryProvider]:
    """The key-figure providers in order."""
    return sorted(_REGISTRY.summaries.values(), key=lambda p: (p.order, p.name))


def region_summaries(user: Any, code: str) -> list[tuple[str | Promise, list[Fact]]]:
    """Each app's key figures for a region, as `user` may see them (apps with none left out)."""
    found = []
    for provider in summary_providers():
        facts = provider.facts(user, code)
        if facts:
            found.append((provider.label, facts))
    return found
