"""The README's and the docs' screenshots: every one linked exists and is taken by
docs/screenshots.py (from the demo on the shipped data), none lies unused, and the browser tests
write theirs elsewhere."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import conftest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "screenshots"
LINK = re.compile(r"\]\((?:docs/)?screenshots/([\w-]+)\.png\)")


def taker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_screenshots", ROOT / "docs/screenshots.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def linked() -> dict[str, set[str]]:
    """Screenshot name -> the Markdown files that show it."""
    found: dict[str, set[str]] = {}
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for name in LINK.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(page.relative_to(ROOT)))
    return found


def test_every_screenshot_the_readme_and_docs_show_exists_and_is_taken_from_the_demo() -> None:
    shown = linked()
    taken = {shot.name for shot in taker().SHOTS}
    on_disk = {path.stem for path in FOLDER.glob("*.png")}
    assert set(shown) - on_disk == set(), "linked but missing"
    assert set(shown) - taken == set(), "linked but not taken by docs/screenshots.py"
    assert on_disk - set(shown) == set(), "in docs/screenshots/ but shown nowhere"
    assert taken - set(shown) == set(), "taken by docs/screenshots.py but shown nowhere"


def test_each_taker_names_where_its_screenshot_is_used() -> None:
    shown = linked()
    for shot in taker().SHOTS:
        used_in = {
            "README.md" if place == "README" else place for place in shot.used_in.split(", ")
        }
        assert used_in == shown.get(shot.name, set()), shot.name


def test_the_browser_tests_keep_their_screenshots_out_of_docs() -> None:
    assert not conftest.SCREENSHOTS.resolve().is_relative_to(ROOT / "docs")
