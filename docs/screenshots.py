"""The README's and the docs' screenshots, taken from `tangguh demo` on the data tangguh ships.

    uv run python docs/screenshots.py               # every screenshot
    uv run python docs/screenshots.py sendai phone  # only these
    uv run python docs/screenshots.py --list        # what each one shows, and where it is used

It starts `tangguh demo` in a fresh temporary data directory (embedded SQLite with the real NTT
data: 3,780 regions, BPS's poverty statistics, 1,249 DIBI disaster events 1928-2024, the 2027
nomenclature, the planning demo) on a free port, signs in with Playwright (Debian's Chromium,
launched by path; `$TANGGUH_CHROMIUM` overrides it) as the demo login whose page it is, waits
until maps, charts and the sections a page loads afterwards are drawn, and writes
docs/screenshots/NAME.png: 1280 px wide, 390 px for the phone. Pages are in Indonesian, the
default language. The server is stopped and the directory deleted at the end (`--keep` keeps
the directory, e.g. to read the demo's log).

The browser tests take their own screenshots into e2e/screenshots/ (git-ignored), not here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")

# A page is drawn when every map has loaded its boundaries, every chart is drawn, no section
# is still to be fetched (hx-trigger="load" elements replace themselves) and htmx is idle.
DRAWN = """() => {
  const maps = [...document.querySelectorAll(
    "[data-geojson-url], [data-shapes-url], [data-poverty-geojson-url]")];
  const charts = [...document.querySelectorAll("canvas[data-source]")];
  const failed = [...maps.filter(m => m.dataset.loaded === "error"),
                  ...charts.filter(c => c.dataset.drawn === "error")];
  if (failed.length) { return "error"; }
  const pending = document.querySelectorAll('[hx-trigger="load"], .htmx-request').length;
  return maps.every(m => m.dataset.loaded) && charts.every(c => c.dataset.drawn) && !pending;
}"""


class ScreenshotError(RuntimeError):
    """The demo did not start, or a page did not show what its screenshot is for."""


@dataclass(frozen=True)
class Shot:
    """One screenshot: the login it is taken as, what it shows, where it is used, how to take it."""

    name: str
    login: str
    shows: str
    used_in: str
    take: Callable[[Any], None]
    phone: bool = False
    height: int = DESKTOP["height"]  # of the window (desktop shots)
    clip: str = ""  # a selector: the shot is that element, full width, instead of the window


# Helpers for the takers


def drawn(page: Any) -> None:
    """Wait until the page is quiet and its maps, charts and late sections are drawn."""
    page.wait_for_load_state("networkidle")
    state = page.wait_for_function(DRAWN, timeout=60_000).json_value()
    if state == "error":
        raise ScreenshotError(f"a map or chart failed to load on {page.url}")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(300)  # Leaflet's fitBounds and the last paint


def visit(page: Any, url: str) -> None:
    """Open a page of the demo and wait until it is drawn."""
    response = page.goto(url)
    if response is None or response.status != 200:
        status = response.status if response else "no response"
        raise ScreenshotError(f"{url} answered {status}")
    drawn(page)


def to_top(page: Any, selector: str, margin: int = 16) -> None:
    """Scroll so that the element starts just below the top of the window."""
    page.locator(selector).first.evaluate(
        f"e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - {margin})"
    )
    drawn(page)


def clip_to(page: Any, selector: str, path: Path, margin: int = 16) -> None:
    """Save the element with a margin around it, across the whole width of the window."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(selector).first.bounding_box()
    width = page.viewport_size["width"]
    top = max(0, box["y"] - margin)
    clip = {"x": 0, "y": top, "width": width, "height": box["height"] + 2 * margin}
    page.screenshot(path=str(path), full_page=True, clip=clip)


def expect_text(page: Any, selector: str, *texts: str) -> None:
    """Fail unless the element shows each text (the screenshot would show the wrong thing)."""
    shown = page.locator(selector).first.inner_text()
    missing = [t for t in texts if t not in shown]
    if missing:
        raise ScreenshotError(f"{page.url}: {selector} does not show {missing}")


def open_proposal(page: Any, year: int, words: str) -> None:
    """Open the proposal of the year found by words of its title, from the proposals list."""
    visit(page, f"/planning/proposals/?year={year}&q={words.replace(' ', '+')}")
    links = page.locator("main table a", has_text=words)
    if links.count() != 1:
        raise ScreenshotError(f"{links.count()} proposals of {year} match {words!r}, not 1")
    links.first.click()
    page.wait_for_url(re.compile(r"/planning/proposals/\d+/$"))
    drawn(page)


# The one planner's action the screenshots show: Bappeda codes a 2028 proposal of Oelbiteno to
# the first sub-activity suggested (the change log and the accuracy page then show it).
CODED = (2028, "Tanam hijauan pakan ternak")


def code_to_first_suggestion(page: Any) -> None:
    """As the planner: code the proposal to its first suggestion, unless it is coded already."""
    open_proposal(page, *CODED)
    if page.locator("[data-testid=coding] .code").count():
        return
    page.locator("[data-testid=code-suggestion]").first.click()
    page.wait_for_load_state("networkidle")
    drawn(page)
    if not page.locator("[data-testid=coding] .code").count():
        raise ScreenshotError(f"coding {CODED} to its first suggestion did not take")


# The takers, one per screenshot


def region(page: Any) -> None:
    visit(page, "/regions/53.01/")
    expect_text(page, "[data-testid=facts]", "391.539")


def search(page: Any) -> None:
    visit(page, "/search/")
    page.locator("#q").press_sequentially("banjir", delay=60)
    page.wait_for_selector("#search-results a")
    drawn(page)
    expect_text(page, "#search-results", "Banjir")


def change_log(page: Any) -> None:
    code_to_first_suggestion(page)
    visit(page, "/changes/?region=53.01.28.2001&action=update")
    expect_text(page, "main table tbody tr", "perencana.kupang", "Tanam hijauan")
    # Open the 2027 decision on the same proposal: deferred to 2028, with its reason.
    deferred = (
        page.locator("main table tbody tr")
        .filter(has_text="Tanam hijauan")
        .filter(has=page.locator("dl.diff", has_text="Ditunda"))
    )
    if deferred.count() != 1:
        raise ScreenshotError(f"{deferred.count()} deferrals of the proposal in the change log")
    deferred.locator("summary").click()
    drawn(page)
    to_top(page, "main h1")


def phone(page: Any) -> None:
    visit(page, "/planning/villages/53.01.27.2002/proposals/")
    expect_text(page, "main", "Bronjong", "Rp")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        raise ScreenshotError(f"the village's proposals are {width} px wide on a phone")


def hazard_profile(page: Any) -> None:
    visit(page, "/disasters/profile/53/")
    expect_text(page, "main", "1249")


def risk_map(page: Any) -> None:
    visit(page, "/risk/map/?region=53.01&hazard=flood")
    coloured = page.locator("[data-shapes-url]").get_attribute("data-coloured")
    if not coloured or int(coloured) == 0:
        raise ScreenshotError("the risk map coloured no village")


def proposal_suggestions(page: Any) -> None:
    open_proposal(page, *CODED)
    if page.locator("[data-testid=suggestion]").count() < 3:
        raise ScreenshotError("the proposal shows fewer than 3 suggestions (coded already?)")
    to_top(page, "section#coding")


def sync_matrix(page: Any) -> None:
    visit(page, "/planning/sync/?year=2027&region=53.01&by=village")
    expect_text(page, "main table", "Nuataus", "Poto")
    to_top(page, "main h1", margin=80)  # the planning tabs above it


def sendai(page: Any) -> None:
    visit(page, "/disasters/sendai/?region=53&year=2021")
    expect_text(page, "main table", "A-1", "B-1")


def region_poverty(page: Any) -> None:
    visit(page, "/regions/53.01/")
    expect_text(page, "[data-testid=statistics]", "BPS", "2025")


def poverty_dashboard(page: Any) -> None:
    visit(page, "/poverty/?region=53.71")
    expect_text(page, "[data-testid=registry-measures]", "732.921")
    coloured = page.locator("[data-poverty-geojson-url]").get_attribute("data-coloured")
    if not coloured or int(coloured) == 0:
        raise ScreenshotError("the poverty map coloured no village")
    to_top(page, "main h1", margin=80)


def ranking(page: Any) -> None:
    visit(page, "/disasters/ranking/")
    expect_text(page, "main table", "Kota Kupang")
    to_top(page, "main h1", margin=80)


def match_accuracy(page: Any) -> None:
    code_to_first_suggestion(page)
    visit(page, "/planning/accuracy/53.01/")
    expect_text(page, "main", "perencana.kupang")


def workplan(page: Any) -> None:
    visit(page, "/planning/workplans/")
    page.locator("main table a", has_text="Pekerjaan Umum").first.click()
    page.wait_for_url(re.compile(r"/planning/workplans/\d+/\d+/$"))
    drawn(page)
    expect_text(page, "main", "Rp")


def event_form_confirm(page: Any) -> None:
    visit(page, "/disasters/events/new/")
    page.locator("[data-testid=region-search]").press_sequentially("Oebobo", delay=60)
    page.locator("[data-testid=region-pick-results] button", has_text="Oebobo").first.click()
    page.wait_for_function(
        "document.querySelector('[data-testid=region-chosen]').innerText.includes('Oebobo')"
    )
    page.select_option("select[name=hazard]", "flood")
    page.fill("input[name=start_date]", "2026-01-14")
    page.fill("input[name=affected]", "500000")  # Kota Kupang has fewer inhabitants
    page.click("main button.primary")
    page.wait_for_selector("[data-testid=confirm-counts]")
    drawn(page)
    to_top(page, "main h1")


SHOTS = (
    Shot(
        "region",
        "admin",
        "Kabupaten Kupang's region page: its map and key figures",
        "README",
        region,
    ),
    Shot(
        "search",
        "admin",
        "search as you type over everything: 'banjir' finds events, risk profiles, proposals "
        "and sub-activities",
        "README",
        search,
    ),
    Shot(
        "proposal-suggestions",
        "perencana.kupang",
        "a 2028 proposal of Oelbiteno with its suggested sub-activities, confidence and the "
        "words and examples that decided",
        "README",
        proposal_suggestions,
    ),
    Shot(
        "change-log",
        "perencana.kupang",
        "Oelbiteno's change log: the planner codes that proposal on the web page; the 2027 "
        "decision that deferred it to 2028, field by field",
        "README",
        change_log,
        height=1000,
    ),
    Shot(
        "phone",
        "desa.nuataus",
        "a village officer's phone: Nuataus's proposals and what became of them",
        "README",
        phone,
        phone=True,
    ),
    Shot(
        "hazard-profile",
        "admin",
        "NTT's hazard profile: DIBI's 1,249 events 1928-2024 by year and hazard, and where",
        "README",
        hazard_profile,
    ),
    Shot(
        "risk-map",
        "perencana.kupang",
        "the flood risk of Kabupaten Kupang's villages (the demo's profiles)",
        "README",
        risk_map,
        height=1000,
    ),
    Shot(
        "sync-matrix",
        "perencana.kupang",
        "the sync matrix of Kabupaten Kupang 2027 by village, with its charts",
        "README",
        sync_matrix,
        height=1100,
    ),
    Shot(
        "sendai",
        "admin",
        "Sendai indicators of NTT in 2021 (Cyclone Seroja)",
        "README, docs/disaster-indicators.md",
        sendai,
    ),
    Shot(
        "region-poverty",
        "admin",
        "BPS's poverty statistics of Kabupaten Kupang on its region page",
        "README",
        region_poverty,
        clip="[data-testid=statistics]",
    ),
    Shot(
        "poverty-dashboard",
        "bappeda.kotakupang",
        "Kota Kupang's poverty: BPS's trend against the province, the demo registry's village map",
        "README, docs/poverty.md",
        poverty_dashboard,
        height=1000,
    ),
    Shot(
        "ranking",
        "admin",
        "tangguh's event-history indicator of the 22 regencies/cities",
        "docs/disaster-indicators.md",
        ranking,
        height=1000,
    ),
    Shot(
        "event-form-confirm",
        "bpbd.kotakupang",
        "the event form: a place found by name, a count above the population asked about",
        "docs/disaster-events.md",
        event_form_confirm,
        height=690,  # down to the count asked about (headless Chromium shows dates en-US)
    ),
    Shot(
        "workplan",
        "pupr.kupang",
        "Dinas PUPR's work plan (Renja) 2027 of Kabupaten Kupang",
        "docs/planning.md",
        workplan,
        height=1100,
    ),
    Shot(
        "match-accuracy",
        "perencana.kupang",
        "how often Kabupaten Kupang's planners chose the first suggestion",
        "docs/planning.md",
        match_accuracy,
    ),
)


# The demo server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def demo(data_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """Run `tangguh demo` in the data directory; yield its URL and the logins it printed."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env["TANGGUH_DATA_DIR"] = str(data_dir)
    log_path = data_dir / "demo.log"
    print(f"tangguh demo in {data_dir} on port {port} …", flush=True)
    with log_path.open("w", encoding="utf-8") as log:
        # Its own process group: stopping it stops its background worker too.
        server = subprocess.Popen(
            [sys.executable, "-m", "tangguh.cli", "demo", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        started = time.monotonic()
        while not _answers(url + "healthz"):
            if server.poll() is not None:
                raise ScreenshotError(f"tangguh demo stopped:\n{_tail(log_path)}")
            if time.monotonic() - started > 600:
                raise ScreenshotError(f"tangguh demo not ready in 10 min:\n{_tail(log_path)}")
            time.sleep(1)
        printed = log_path.read_text(encoding="utf-8")
        logins = re.findall(r"^\s*Login:\s+(\S+)", printed, flags=re.MULTILINE)
        print(f"ready in {time.monotonic() - started:.0f} s: {url}", flush=True)
        yield url, logins
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own server)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


# The browser


def chromium_path() -> str:
    configured = os.environ.get("TANGGUH_CHROMIUM")
    found = configured or next((c for c in CHROMIUM if Path(c).exists()), None)
    found = found or shutil.which("chromium")
    if not found:
        raise ScreenshotError("Chromium is missing (apt install chromium)")
    return found


def take(shots: list[Shot], url: str, logins: list[str], out: Path) -> None:
    """Sign in once per login and screen size, and take each shot in order."""
    from playwright.sync_api import sync_playwright

    from tangguh.core.registry import DEMO_PASSWORD

    unknown = sorted({s.login for s in shots} - set(logins))
    if unknown:
        raise ScreenshotError(f"the demo printed no login {unknown} (it printed {logins})")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--headless", "--no-sandbox"]
        )
        pages: dict[tuple[str, bool], Any] = {}
        errors: list[str] = []
        for shot in shots:
            key = (shot.login, shot.phone)
            if key not in pages:
                size: Any = PHONE if shot.phone else DESKTOP  # Playwright's ViewportSize
                context = browser.new_context(
                    base_url=url,
                    viewport=size,
                    is_mobile=shot.phone,
                    has_touch=shot.phone,
                    locale="id-ID",
                )
                context.set_default_timeout(30_000)
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.goto("/login/")
                page.fill("input[name=username]", shot.login)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.click("button.primary")
                page.wait_for_url(lambda address: "/login/" not in address)
                pages[key] = page
            page = pages[key]
            if not shot.phone:
                page.set_viewport_size({**DESKTOP, "height": shot.height})
            errors.clear()
            shot.take(page)
            if errors:
                raise ScreenshotError(f"{shot.name}: JavaScript errors on {page.url}: {errors}")
            path = out / f"{shot.name}.png"
            if shot.clip:
                clip_to(page, shot.clip, path)
            else:
                page.screenshot(path=str(path), full_page=False)
            print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="take only these screenshots")
    parser.add_argument("--list", action="store_true", help="list the screenshots and exit")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    parser.add_argument("--keep", action="store_true", help="keep the demo's data directory")
    args = parser.parse_args(argv)
    if args.list:
        for shot in SHOTS:
            size = "phone" if shot.phone else "desktop"
            print(f"{shot.name:22} {shot.login:18} {size:8} {shot.used_in}: {shot.shows}")
        return 0
    unknown = set(args.names) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"no screenshot named {', '.join(sorted(unknown))} (see --list)")
    shots = [s for s in SHOTS if not args.names or s.name in args.names]
    data_dir = Path(tempfile.mkdtemp(prefix="tangguh-screenshots-"))
    try:
        with demo(data_dir) as (url, logins):
            take(shots, url, logins, args.out)
    except ScreenshotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"data directory kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
