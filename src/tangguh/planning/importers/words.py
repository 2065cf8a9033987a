"""How the planning files may write a source, a disaster phase or a decision: the key, the label
in Indonesian or English, or a common name (Musrenbangdes, pokir, pra/saat/pasca, ditolak)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.utils import translation

from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.importing.cells import split_list
from tangguh.planning.models import Outcome, SourceKind

T = TypeVar("T")

SOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    SourceKind.MUSRENBANG_DESA: (
        "musrenbang desa",
        "musrenbang kelurahan",
        "musrenbang desa/kelurahan",
        "musrenbangdes",
        "musdes",
    ),
    SourceKind.MUSRENBANG_KECAMATAN: ("musrenbang kecamatan", "musrenbangcam", "musrenbang kec"),
    SourceKind.LIVELIHOOD_PLAN: (
        "rencana penghidupan",
        "rencana penghidupan masyarakat desa",
        "rpmd",
        "penghidupan",
    ),
    SourceKind.RISK_PLAN: (
        "rencana kontinjensi",
        "rencana kontinjensi desa",
        "kontinjensi",
        "rencana penanggulangan bencana desa",
        "rpb desa",
        "kajian risiko bencana desa",
    ),
    SourceKind.PARTNER: ("mitra", "program mitra", "lsm", "ngo"),
    SourceKind.POKIR: ("pokir", "pokok pikiran", "pokok pikiran dprd", "pokir dprd", "dprd"),
}
PHASE_ALIASES: dict[str, tuple[str, ...]] = {
    DisasterPhase.BEFORE: ("pra", "pra bencana", "prabencana", "before", "sebelum bencana"),
    DisasterPhase.DURING: ("saat", "saat bencana", "tanggap darurat", "darurat", "during"),
    DisasterPhase.AFTER: (
        "pasca",
        "pasca bencana",
        "pascabencana",
        "rehabilitasi dan rekonstruksi",
        "after",
    ),
}
OUTCOME_ALIASES: dict[str, tuple[str, ...]] = {
    Outcome.ACCOMMODATED: ("diakomodasi", "terakomodasi", "accommodated"),
    Outcome.PARTLY: ("sebagian", "diakomodasi sebagian", "terakomodasi sebagian", "partly"),
    Outcome.DEFERRED: ("ditunda", "tunda", "deferred"),
    Outcome.REJECTED: ("ditolak", "tolak", "rejected"),
    Outcome.UNDECIDED: ("belum diputuskan", "belum", "undecided"),
}


def word_key(value: str) -> str:
    """Words compared without case and punctuation: `Musrenbang Desa/Kelurahan` →
    `musrenbang desa kelurahan`."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.lower()).split())


def _vocabulary(
    choices: Iterable[tuple[str, Any]], aliases: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """Keys, labels in every language and aliases → key."""
    words: dict[str, str] = {}
    pairs = list(choices)
    for language in ("id", "en"):
        with translation.override(language):
            for key, label in pairs:
                words.setdefault(word_key(str(label)), key)
                words.setdefault(word_key(re.sub(r"\(.*?\)", "", str(label))), key)
    for key, _label in pairs:
        words[word_key(key)] = key
        for alias in aliases.get(key, ()):
            words.setdefault(word_key(alias), key)
    return words


def source_words() -> dict[str, str]:
    """How a source kind may be written in a file: its key, its label (Indonesian or English),
    or a common name (Musrenbangdes, pokir, …)."""
    return _vocabulary(SourceKind.choices, SOURCE_ALIASES)


def phase_words() -> dict[str, str]:
    """How a disaster phase may be written: pra/saat/pasca, its label, before/during/after."""
    return _vocabulary(DisasterPhase.choices, PHASE_ALIASES)


def outcome_words() -> dict[str, str]:
    """How a decision may be written: its key, its label in any language, a common word."""
    words: dict[str, str] = {}
    for language in ("id", "en"):
        with translation.override(language):
            for key, label in Outcome.choices:
                words.setdefault(word_key(str(label)), key)
    for key, aliases in OUTCOME_ALIASES.items():
        words[word_key(key)] = key
        for alias in aliases:
            words.setdefault(word_key(alias), key)
    return words


def find_all(raw: str, lookup: Callable[[str], T | None]) -> tuple[list[T], list[str]]:
    """The things named in a cell, separated by ; , or | (or, when a part is not a name, by
    spaces: `flash_flood flood`, `pra saat`), and the parts that name nothing."""
    found: list[T] = []
    unknown: list[str] = []
    for part in split_list(raw):
        value = lookup(part)
        if value is not None:
            found.append(value)
            continue
        parts = _by_words(part, lookup)
        if parts is None:
            unknown.append(part)
        else:
            found.extend(parts)
    return found, unknown


def _by_words(part: str, lookup: Callable[[str], T | None]) -> list[T] | None:
    """The names in a part read word by word (longest first), or None when a word is left."""
    words, start, parts = part.split(), 0, []
    while start < len(words):
        end = next(
            (e for e in range(len(words), start, -1) if lookup(" ".join(words[start:e]))),
            None,
        )
        if end is None:
            return None
        value = lookup(" ".join(words[start:end]))
        if value is not None:
            parts.append(value)
        start = end
    return parts or None
