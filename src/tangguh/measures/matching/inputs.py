"""Bad input and empty results: a clear status and reason instead of a crash, a hang or silence.

`input_problem` screens what cannot be read at all (not text, empty, no letters); `no_query_reason`
explains a text of which no word was understood; `result_of` wraps suggestions with ``"ok"`` or
``"weak"`` (the best one's calibrated confidence below `calibration.WEAK_CONFIDENCE`: the nearest
candidates, to be read with care). Long texts are cut at `MAX_CHARS` characters before reading,
control characters and emoji are dropped by the text normaliser, so any input is bounded in time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tangguh.measures.matching.calibration import WEAK_CONFIDENCE
from tangguh.measures.matching.model import MatchResult, Suggestion
from tangguh.measures.text_id import is_content, words

MAX_CHARS = 20000  # longer texts are cut (a proposal is a few hundred characters)
RELAXED_UNDERSTOOD = 0.3  # confidence discount of a text read only by word beginnings


def input_problem(text: object, top: int) -> tuple[str, str] | None:
    """(status, reason) when a text cannot be matched at all, else None."""
    if top <= 0:
        return "empty", "no suggestion was asked for (top <= 0)"
    if not isinstance(text, str):
        return "empty", "the proposal is not text"
    if not text.strip():
        return "empty", "the proposal text is empty"
    if not any(is_content(w) for w in words(text[:MAX_CHARS])):
        return "no_words", "the proposal has no words (only numbers, symbols, emoji or spaces)"
    return None


def no_query_reason(cleaned: str, places: Sequence[str]) -> tuple[str, str]:
    """(status, reason) for a text none of whose words the matcher understood."""
    left = [w for w in words(cleaned) if is_content(w)]
    if places and not left:
        return "only_place", "the proposal names only a place: " + ", ".join(places)
    return "unknown_words", "no word of the proposal is known to the matcher (another language?)"


def result_of(
    suggestions: Sequence[Suggestion], places: Sequence[str], understood: float
) -> MatchResult:
    """Suggestions with their status: "ok", or "weak" when even the best is unlikely."""
    if not suggestions:
        return MatchResult((), "unknown_words", "nothing matched", tuple(places), understood)
    if suggestions[0].confidence < WEAK_CONFIDENCE:
        reason = "nothing matches well: the nearest candidates, with low confidence"
        return MatchResult(tuple(suggestions), "weak", reason, tuple(places), understood)
    return MatchResult(tuple(suggestions), "ok", "", tuple(places), understood)


def weakened(result: MatchResult) -> MatchResult:
    """A result read only by word beginnings ("lampunisasi" → "lampu"): always "weak"."""
    if not result.suggestions:
        return result
    reason = "no word was known as written; read by word beginnings, with low confidence"
    return replace(result, status="weak", reason=reason)


__all__ = ["MAX_CHARS", "input_problem", "no_query_reason", "result_of"]
