"""Calibrated confidence: the probability that a planner accepts a suggestion.

The matcher's `score` is a share of the text's best possible score, comparable only within one
text. `confidence` turns it into a probability: of the suggestions shown with confidence 0.8,
about 80 % are accepted codes on the labelled texts. It is read from `TABLE`, one isotonic
(monotone, piecewise-constant) curve per rank bucket ("1", "2", "3+") over one feature
(`feature`): for the first suggestion the mean of its score and its lead over the second, for
the others the mean of their score and their ratio to the first; times `understood`, the share
of the text's content words the matcher knew (an index word, a lexicon key or a spelling
correction), since a high score on a text of mostly unknown words is not to be trusted.

The curves are fitted by pool-adjacent-violators (`fit_isotonic`, at least 20 suggestions per
step) on the tuning texts only (the written dev/holdout/blind sets, the shared real development
set and the tuning part of the own real set), never on the test sets;
`bench/run.py matching --fit-calibration` prints a new table, and docs/matching-evaluation.md
gives the reliability table on the test sets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise

from tangguh.measures.matching.model import Suggestion

# bucket -> ((lower bound of x, probability), ...), ascending in x; below the first bound the
# first step applies. Fitted by `bench/run.py matching --fit-calibration` (see module doc).
TABLE: dict[str, tuple[tuple[float, float], ...]] = {
    "1": (
        (0.069, 0.28),
        (0.129, 0.39),
        (0.162, 0.462),
        (0.187, 0.583),
        (0.195, 0.62),
        (0.219, 0.685),
        (0.258, 0.713),
        (0.297, 0.832),
        (0.416, 0.909),
        (0.445, 0.929),
        (0.528, 0.932),
        (0.58, 0.989),
    ),
    "2": (
        (0.06, 0.0),
        (0.214, 0.022),
        (0.291, 0.095),
        (0.314, 0.126),
        (0.439, 0.352),
        (0.59, 0.385),
        (0.629, 0.446),
        (0.672, 0.529),
        (0.726, 0.697),
    ),
    "3+": (
        (0.054, 0.014),
        (0.203, 0.023),
        (0.245, 0.038),
        (0.316, 0.061),
        (0.337, 0.127),
        (0.385, 0.14),
        (0.412, 0.144),
        (0.493, 0.177),
        (0.568, 0.222),
        (0.632, 0.242),
    ),
}
WEAK_CONFIDENCE = 0.25  # below this for the best suggestion, the result is "weak"


def bucket(rank: int) -> str:
    """The calibration bucket of a 1-based rank."""
    return "1" if rank <= 1 else "2" if rank == 2 else "3+"


def feature(rank: int, score: float, scores: Sequence[float], understood: float) -> float:
    """The calibration feature of the suggestion at `rank` among a text's `scores`.

    For the first suggestion: the mean of its score and its lead over the second (both rise
    with acceptance on the tuning texts); for the others: the mean of the score and its ratio to
    the first. Times the understood share of the text.
    """
    first = scores[0] if scores else 0.0
    if first <= 0:
        return 0.0
    if rank <= 1:
        second = scores[1] if len(scores) > 1 else 0.0
        raw = 0.5 * score + 0.5 * (first - second) / first
    else:
        raw = 0.5 * score + 0.5 * score / first
    return max(0.0, min(1.0, raw)) * max(0.0, min(1.0, understood))


def confidence(x: float, rank: int) -> float:
    """Probability that a suggestion at this rank, with this feature, is accepted."""
    curve = TABLE[bucket(rank)]
    position = bisect_right([lower for lower, _ in curve], x) - 1
    return round(curve[max(0, position)][1], 3)


def calibrated(suggestions: Sequence[Suggestion], understood: float) -> list[Suggestion]:
    """The suggestions with their `confidence` set from their ranks and scores, never higher
    than the confidence of a suggestion above them: each rank has its own curve, and two
    near-equal leaders would otherwise show the second as the likelier (a planner reads the
    list top down; the lower of the two is the cautious figure)."""
    scores = [s.score for s in suggestions]
    found: list[Suggestion] = []
    ceiling = 1.0
    for rank, s in enumerate(suggestions, start=1):
        ceiling = min(ceiling, confidence(feature(rank, s.score, scores, understood), rank))
        found.append(
            Suggestion(
                s.code,
                s.score,
                s.matched,
                s.explanation,
                ceiling,
                s.examples,
                s.route,
            )
        )
    return found


def fit_isotonic(
    points: Iterable[tuple[float, bool]], min_count: int = 20
) -> tuple[tuple[float, float], ...]:
    """A monotone step curve (lower bound, rate) through (x, accepted) points.

    Pool-adjacent-violators, then every step resting on fewer than `min_count` points is merged
    with its neighbour (and violators pooled again), so that each step means something.
    """
    blocks: list[list[float]] = []  # [lower x, accepted, count]
    for x, accepted in sorted(points):
        blocks.append([x, float(accepted), 1.0])
        _pool(blocks)
    merged: list[list[float]] = []
    for block in blocks:
        if merged and merged[-1][2] < min_count:
            merged[-1][1] += block[1]
            merged[-1][2] += block[2]
        else:
            merged.append(block)
        _pool(merged)
    if len(merged) > 1 and merged[-1][2] < min_count:
        last = merged.pop()
        merged[-1][1] += last[1]
        merged[-1][2] += last[2]
    return tuple((round(b[0], 3), round(b[1] / b[2], 3)) for b in merged)


def _pool(blocks: list[list[float]]) -> None:
    """Merge the last blocks while their rates are not increasing."""
    while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
        right = blocks.pop()
        blocks[-1][1] += right[1]
        blocks[-1][2] += right[2]


def reliability(
    pairs: Iterable[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)
) -> list[tuple[str, int, float, float]]:
    """Rows (band, count, mean confidence, accepted rate) of a reliability table."""
    rows = []
    items = list(pairs)
    for low, high in pairwise(edges):
        chosen = [(c, a) for c, a in items if low <= c < high]
        if not chosen:
            rows.append((f"{low:.1f}-{min(high, 1.0):.1f}", 0, 0.0, 0.0))
            continue
        mean = sum(c for c, _ in chosen) / len(chosen)
        rate = sum(a for _, a in chosen) / len(chosen)
        rows.append((f"{low:.1f}-{min(high, 1.0):.1f}", len(chosen), mean, rate))
    return rows


__all__ = [
    "TABLE",
    "WEAK_CONFIDENCE",
    "calibrated",
    "confidence",
    "feature",
    "fit_isotonic",
    "reliability",
]
