"""Text → index terms: the lexicon, school levels, volume units, trigrams, query terms."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from tangguh.measures.matching.config import (
    _QUANTITY,
    LEVELS,
    UNIT_FAMILIES,
)
from tangguh.measures.matching.model import (
    Entry,
)
from tangguh.measures.text_id import (
    FUNCTION_WORDS,
    is_content,
    normalise,
    stem,
    words,
)

# --- lexicon ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Expansion:
    display: str
    stems: tuple[str, ...]
    weight: float


def _parse_lexicon(text: str) -> dict[tuple[str, ...], _Expansion]:
    table: dict[tuple[str, ...], _Expansion] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        keys, _, expansion = line.partition("=")
        weight = 1.0
        if "@" in expansion:
            expansion, _, weight_text = expansion.partition("@")
            weight = float(weight_text)
        exp_words = [w for w in words(expansion) if w not in FUNCTION_WORDS and not w.isdigit()]
        stems = tuple(dict.fromkeys(stem(w) for w in exp_words))
        display = " ".join(exp_words)
        for key in keys.split(";"):
            key_words = tuple(words(key))
            if key_words and key_words not in table:
                table[key_words] = _Expansion(display, stems, weight)
    return table


def _level_keys() -> dict[tuple[str, ...], str]:
    keys: dict[tuple[str, ...], str] = {}
    for level, triggers, _ in LEVELS:
        for trigger in triggers.split(";"):
            key = tuple(words(trigger))
            if key:
                keys.setdefault(key, level)
    return keys


def _levels_of(entry: Entry) -> frozenset[str]:
    text = f" {normalise(entry.name)} {normalise(entry.kegiatan)} "
    return frozenset(level for level, _, marker in LEVELS if f" {marker} " in text)


_TEXT_UNITS: dict[str, str] = {
    word: family for family, text_words, _ in UNIT_FAMILIES for word in text_words.split()
}
_DOC_UNITS: dict[str, str] = {
    " ".join(words(name)): family
    for family, _, doc_names in UNIT_FAMILIES
    for name in doc_names.split(";")
}


def _unit_family(unit: str) -> str | None:
    """The family of a sub-activity's unit ("Unit Rumah" → household), or None if unknown."""
    return _DOC_UNITS.get(" ".join(words(unit)))


def _quantity_units(all_words: Sequence[str]) -> frozenset[str]:
    """Families of the units a text counts in: "500 m", "40 KK", "80ha", "1.000 m3"."""
    found: set[str] = set()
    for i, word in enumerate(all_words):
        match = _QUANTITY.match(word)
        if match is None:
            continue
        suffix = match.group(2)
        unit = suffix if suffix else (all_words[i + 1] if i + 1 < len(all_words) else "")
        family = _TEXT_UNITS.get(unit)
        if family is not None:
            found.add(family)
    return frozenset(found)


# --- register -------------------------------------------------------------------------------

_TITLE_TOKEN = re.compile(r"[A-Za-z][A-Za-z]+")


def budget_name(text: str) -> bool:
    """Whether a text reads as the name of a budget item rather than a request: short (2 to 16
    words of three letters or more) and written in title case or capitals, as activity names of
    APBD, APBDes and SIPD lists are ("Pengadaan Sarana dan Prasarana Puskesmas", "PEMBANGUNAN
    GEDUNG SEKOLAH"); function words may stay lower-case."""
    found: list[str] = [
        w for w in _TITLE_TOKEN.findall(text) if len(w) >= 3 and w.lower() not in FUNCTION_WORDS
    ]
    if not 2 <= len(found) <= 16:
        return False
    capitalised = sum(1 for w in found if w[0].isupper())
    return capitalised >= 0.8 * len(found)


# --- index --------------------------------------------------------------------------------


def _trigrams(word: str) -> frozenset[str]:
    padded = f"^{word}$"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _field_terms(text: str, bigrams: bool) -> list[str]:
    stems = [stem(w) for w in words(text) if is_content(w)]
    terms = list(stems)
    if bigrams:
        terms.extend(f"{a}_{b}" for a, b in pairwise(stems) if a != b)
    return terms


@dataclass
class _Term:
    """One query term: its weight and the user's words (or expansions) it came from."""

    weight: float
    surfaces: dict[str, float]

    def add(self, weight: float, surface: str) -> None:
        self.weight = max(self.weight, weight)
        self.surfaces[surface] = max(self.surfaces.get(surface, 0.0), weight)


# --- unknown words --------------------------------------------------------------------------


def known_prefix(word: str, vocabulary: Mapping[str, object]) -> tuple[str, float] | None:
    """The longest known word (4 letters or more) an unknown word starts with, if any."""
    for end in range(len(word) - 1, 3, -1):
        head = word[:end]
        if head in vocabulary:
            return head, 0.6
    return None


def split_glued(word: str, postings: Mapping[str, object]) -> tuple[str, str] | None:
    """Two index terms an unknown word is made of when a space was lost between them
    ("pembangunansarana" → bangun + sarana): both parts 4 letters or more, both known after
    stemming; the longest known first part wins."""
    for cut in range(len(word) - 4, 3, -1):
        head, tail = stem(word[:cut]), stem(word[cut:])
        if head in postings and tail in postings:
            return head, tail
    return None
