"""Browser tests: Playwright driving Debian's Chromium (launched by path, no browser download)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Screenshots of the pages the tests walk, for people to look at (git-ignored). The README's and
# the docs' screenshots are taken from the demo on the shipped data: docs/screenshots.py.
SCREENSHOTS = Path(
    os.environ.get("TANGGUH_E2E_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots"
)
PASSWORD = "a-long-test-password-1"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")


def chromium_path() -> str | None:
    """Debian's Chromium, or $TANGGUH_CHROMIUM."""
    configured = os.environ.get("TANGGUH_CHROMIUM")
    if configured:
        return configured
    found = next((c for c in CANDIDATES if Path(c).exists()), None)
    return found or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; missing Chromium fails in CI and skips elsewhere."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: install Debian's chromium and chromium-driver")
        pytest.skip("Chromium is not installed (apt install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the fixtures' ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# Browser tests walk Kabupaten Kupang and Kota Kupang; every regency is there for lists.
SMALL_GEOGRAPHY = ("53.01", "53.71")


@pytest.fixture
def geography(transactional_db: Any, request: Any) -> None:
    """The geography and hazard catalogue (transactional tests start from an empty database):
    the province, its regencies and the subtrees of Kabupaten and Kota Kupang, or the whole
    province for tests marked `full_geography`."""
    from tangguh.catalogues.loading import sync_hazards
    from tangguh.catalogues.models import HazardType
    from tangguh.regions.loading import load_regions, shipped_files
    from tangguh.regions.models import Region

    full = request.node.get_closest_marker("full_geography") is not None
    if not Region.objects.filter(code="53.01.27.2002").exists():
        load_regions(shipped_files(), only=() if full else SMALL_GEOGRAPHY)
    sync_hazards(HazardType)


@pytest.fixture
def page(browser: Any, live_server: Any, geography: None) -> Iterator[Any]:
    """A fresh browser page (desktop size) with the live server's address as base URL."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def refused(message: Any) -> None:  # what the Content-Security-Policy blocked
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("console", refused)
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def user_factory(transactional_db: Any) -> Callable[..., Any]:
    """Create a user with a password and memberships {"53.01": "editor"}."""
    from tangguh.accounts.models import User

    def make(username: str, members: dict[str, str], **extra: Any) -> Any:
        user = User.objects.create_user(username=username, password=PASSWORD, **extra)
        for code, role in members.items():
            user.memberships.create(region_id=code, role=role)
        return user

    return make


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Figures kept per generation of their data do not outlive their test (see the same
    fixture in src/tangguh/conftest.py)."""
    from django.core.cache import cache

    cache.clear()


def sign_in(page: Any, username: str) -> None:
    """Sign in through the login form."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/login/" not in url)


def go_to(page: Any, label: str) -> None:
    """Follow the main navigation's entry `label`, opening its menu first when it sits in one."""
    exactly = re.compile(f"^\\s*{re.escape(label)}\\s*$")
    link = page.locator("nav.mainnav a").filter(has_text=exactly)
    if not link.first.is_visible():
        entry = page.locator("a").filter(has_text=exactly)
        page.locator("nav.mainnav details", has=entry).locator("summary").click()
    link.first.click()


def shot(page: Any, name: str) -> None:
    """Save a screenshot of the page to look at (e2e/screenshots/, or $TANGGUH_E2E_SCREENSHOTS)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
