"""The matcher's plain data: sub-activity entries, suggestions, government levels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tangguh.measures.matching.config import (
    GOVERNMENT_LEVELS,
)


@dataclass(frozen=True)
class Entry:
    """One sub-activity (sub kegiatan) of the nomenclature, as plain text fields."""

    code: str
    name: str
    kegiatan: str = ""
    program: str = ""
    bidang: str = ""
    output: str = ""
    indicator: str = ""
    unit: str = ""
    definition: str = ""
    pelaksana: str = ""


@dataclass(frozen=True)
class Suggestion:
    """A sub-activity proposed for a text, with why.

    `matched` lists what of the proposal matched, most important first: the words as the user
    wrote them, or an expansion with the user's abbreviation in brackets, e.g.
    ``"sistem penyediaan air minum (spam)"``. `explanation` is the same list as one
    language-neutral string for display.
    """

    code: str
    score: float
    matched: tuple[str, ...]
    explanation: str
    # What else decided, as plain data (all optional, so older callers build it as before):
    # the calibrated probability that a planner accepts it (`calibration.confidence`), the
    # coded examples that voted for it ("region" ones are the planners' own), and the routing
    # that put it there ("kelurahan" for the sub-district's own works, see `routing`).
    confidence: float = 0.0
    examples: tuple[Example, ...] = ()
    route: str = ""


@dataclass(frozen=True)
class Example:
    """A coded example that voted for a suggestion: its text, whose it is, how close it was."""

    text: str
    source: str  # "region" (a planner of this region coded it) or "shipped"
    similarity: float


@dataclass(frozen=True)
class Context:
    """Where a proposal comes from, for government-level and place-kind rules.

    `place_kind` is ``"desa"`` or ``"kelurahan"`` (None: unknown); `region_kind` ``"regency"``
    (kabupaten) or ``"city"`` (kota); `region` any stable key of the region whose planners'
    codings and "marked wrong" pairs apply (e.g. its code); `routing` whether to propose the
    sub-district routing of kelurahan works (see `routing.KELURAHAN_WORKS`).
    """

    place_kind: str | None = None
    region_kind: str | None = None
    region: str | None = None
    routing: bool = True


@dataclass(frozen=True)
class MatchResult:
    """Suggestions for one text and how much they can be trusted.

    `status` is one of ``"ok"`` (a good match), ``"weak"`` (nothing matches well: the nearest
    candidates, with low confidence), ``"empty"`` (no text), ``"no_words"`` (no words, e.g.
    only emoji, digits or punctuation), ``"only_place"`` (only a place name),
    ``"unknown_words"`` (no word the matcher knows, e.g. another language). `reason` says the
    same in plain English for a log; the app shows its own translated message per status.
    `places` are the place names that were set aside; `understood` the share of the text's
    content words the matcher knew (it enters the calibrated confidence).
    """

    suggestions: tuple[Suggestion, ...]
    status: str
    reason: str
    places: tuple[str, ...] = ()
    understood: float = 0.0


def bidang_of(code: str) -> str:
    """The bidang (first two segments) of a code: ``"1.05.03.2.01.0008"`` → ``"1.05"``."""
    parts = code.strip().split(".")
    return ".".join(parts[:2])


def government_allows(code: str, government: str) -> bool:
    """Whether a government level may use a sub-activity code.

    `government` is ``"kabkota"`` (regency/city; also ``"kabupaten"``, ``"kota"``) or
    ``"provinsi"``. The fourth segment of ``U.BB.PP.L.KK.SSSS`` must be the level's digit (``2``
    for kab/kota, ``1`` for a province). ``X.XX`` codes (the support programme every bidang uses)
    are allowed at either level unless they belong to a special region (``L`` other than 1 or 2,
    e.g. the Papua special-autonomy rows), which are never offered. Unknown levels allow nothing.
    """
    level = GOVERNMENT_LEVELS.get(government.strip().lower())
    parts = code.strip().split(".")
    if level is None or len(parts) < 4:
        return False
    if parts[0] == "X":
        return parts[3] in ("1", "2")
    return parts[3] == level


def rank_of(suggestions: Sequence[Suggestion], codes: Iterable[str]) -> int | None:
    """1-based rank of the first suggestion whose code is among `codes`, or None."""
    wanted = set(codes)
    for rank, suggestion in enumerate(suggestions, start=1):
        if suggestion.code in wanted:
            return rank
    return None
