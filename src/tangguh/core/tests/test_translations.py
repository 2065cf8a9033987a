"""Every user-facing string is translated into Indonesian, and the compiled catalogue is current."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfx]|\{\{ *\w+ *\}\}")


def _unquote(line: str) -> str:
    return (
        line[line.index('"') + 1 : line.rindex('"')]
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


@dataclass
class Entry:
    """One catalogue entry."""

    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list[str] = field(default_factory=list)
    flags: str = ""


def read_po(path: Path) -> list[Entry]:
    """The catalogue's entries (a small reader, so the tests need no gettext tools)."""
    entries: list[Entry] = []
    entry, current = Entry(), ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.msgid:
                entries.append(entry)
            entry, current = Entry(), ""
        elif line.startswith("#,"):
            entry.flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            current, entry.msgid_plural = "plural", _unquote(line)
        elif line.startswith("msgid"):
            current, entry.msgid = "msgid", _unquote(line)
        elif line.startswith("msgstr"):
            current = "msgstr"
            entry.msgstr.append(_unquote(line))
        elif line.startswith('"') and current == "msgstr":
            entry.msgstr[-1] += _unquote(line)
        elif line.startswith('"') and current == "plural":
            entry.msgid_plural += _unquote(line)
        elif line.startswith('"') and current == "msgid":
            entry.msgid += _unquote(line)
    return entries


ENTRIES = read_po(LOCALE / "django.po")


def test_every_string_has_an_indonesian_translation() -> None:
    missing = [e.msgid for e in ENTRIES if not all(e.msgstr) or "fuzzy" in e.flags]
    assert not missing, f"{len(missing)} untranslated or fuzzy: {missing[:5]}"
    assert len(ENTRIES) > 300


def test_translations_keep_every_placeholder() -> None:
    for entry in ENTRIES:
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr:
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_the_compiled_catalogue_matches_the_source() -> None:
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e.msgid for e in ENTRIES if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr[0]
    ]
    assert not stale, f"django.mo is out of date; run `tangguh compilemessages` ({stale[:3]})"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path: Path) -> None:
    """Runs makemessages on a copy of the package and compares the message ids."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (GNU gettext) is needed in CI")
        pytest.skip("GNU gettext is not installed")
    package = LOCALE.parents[2]
    copy = tmp_path / "tangguh"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "data", "static"))
    env = {**os.environ, "TANGGUH_DATA_DIR": str(tmp_path / "data")}
    subprocess.run(
        [
            "django-admin",
            "makemessages",
            "-l",
            "id",
            "--no-location",
            "--settings=tangguh.settings",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in read_po(copy / "locale" / "id" / "LC_MESSAGES" / "django.po")}
    known = {e.msgid for e in ENTRIES if "fuzzy" not in e.flags}
    assert fresh - known == set(), "new strings to translate: run makemessages and translate them"


@pytest.mark.django_db
def test_a_duplicate_is_said_to_exist_already_in_indonesian(kupang_agency) -> None:
    """Django's Indonesian catalogue says "tidak ada" (does not exist) for a duplicate of
    several fields; tangguh's says "sudah ada"."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from tangguh.accounts import services

    with translation.override("id"):
        with pytest.raises(ValidationError) as refused:
            services.create_agency(
                actor=None,
                region=kupang_agency.region,
                code=kupang_agency.code,
                name="Salinan",
            )
        text = " ".join(refused.value.messages)
    assert "sudah ada" in text
    assert "tidak ada" not in text
