"""Resolve a hazard given as a DIBI code (older 3-digit or current 4-digit scheme) and/or a name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class HazardEntry:
    """A catalogue entry as plain data."""

    key: str
    family_key: str | None
    dibi_code: str | None
    dibi_code_verified: bool
    legacy_code: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """Which catalogue entry a code/name pair means, and how that was decided."""

    key: str
    how: str  # "code", "name", "provisional-code", "legacy-code", "family-of-code"


def name_key(text: str) -> str:
    """A spelling-insensitive key: `Gempa Bumi`, `GEMPABUMI` and `gempa-bumi` are the same."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _digits(code: str | None) -> str:
    if code is None:
        return ""
    text = str(code).strip()
    if re.fullmatch(r"\d+\.0+", text):  # spreadsheets turn 1010 into 1010.0
        text = text.split(".", 1)[0]
    return text if text.isdigit() else ""


class HazardResolver:
    """Looks hazards up by code or name; built once from the catalogue entries."""

    def __init__(self, entries: Iterable[HazardEntry]) -> None:
        ordered = sorted(entries, key=lambda e: (e.family_key is not None, e.key))
        self.by_key = {e.key: e for e in ordered}
        self.verified: dict[str, str] = {}
        self.provisional: dict[str, str] = {}
        self.legacy: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for entry in ordered:
            if entry.dibi_code:
                table = self.verified if entry.dibi_code_verified else self.provisional
                table.setdefault(entry.dibi_code, entry.key)
            if entry.legacy_code:
                self.legacy.setdefault(entry.legacy_code, entry.key)
            for name in entry.names:
                # Families come first, so a name shared with sub-types means the family.
                self.names.setdefault(name_key(name), entry.key)

    def resolve(self, code: str | None = None, name: str | None = None) -> Resolution | None:
        """The entry meant by a code and/or name, or None when neither is recognised.

        A verified current code wins; then the name (so an unconfirmed code never overrides what
        the record says in words); then an unconfirmed current code, an older 3-digit code, and
        finally the family of an unknown 4-digit code (its first three digits).
        """
        digits = _digits(code)
        if digits in self.verified:
            return Resolution(self.verified[digits], "code")
        if name and name_key(name) in self.names:
            return Resolution(self.names[name_key(name)], "name")
        if digits in self.provisional:
            return Resolution(self.provisional[digits], "provisional-code")
        if len(digits) == 3 and digits in self.legacy:
            return Resolution(self.legacy[digits], "legacy-code")
        if len(digits) == 4:
            family = digits[:3] + "0"
            key = self.verified.get(family) or self.provisional.get(family)
            if key is not None:
                return Resolution(key, "family-of-code")
        return None

    def family_of(self, key: str) -> str:
        """The family key of an entry (itself for a family)."""
        entry = self.by_key[key]
        return entry.family_key or entry.key
