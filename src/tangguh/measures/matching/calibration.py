"""Calibrated confidence: the probability that a planner accepts a suggestion.

The matcher's `score` is a share of the text's best possible score, comparable only within one
text. `confidence` turns it into a probability: of the suggestions shown with confidence 0.8,
about 80 % are accepted codes on the labelled texts. It is read from `TABLE`, one isotonic
(monotone, piecewise-constant) curve per rank bucket ("1", "2", "3+") over one feature:

    x = score x understood

where `understood` is the share of the text's content words the matcher knew (an index word, a
lexicon key or a spelling correction): a high score on a text of mostly unknown words is not to
be trusted. The curves are fitted by pool-adjacent-violators (`fit_isotonic`) on the tuning texts
only (the written dev/holdout/blind sets, the shared real development set and the tuning part of
the own real set), never on the test sets; `bench/matching.py --fit-calibration` prints a new
table, and docs/matching-evaluation.md gives the reliability table on the test sets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise

# bucket -> ((lower bound of x, probability), ...), ascending in x. Fitted 2026-12 (see module doc).
TABLE: dict[str, tuple[tuple[float, float], ...]] = {
    "1": ((0.0, 0.1), (0.3, 0.4), (0.6, 0.7)),
    "2": ((0.0, 0.05), (0.5, 0.2)),
    "3+": ((0.0, 0.02), (0.5, 0.1)),
}
WEAK_CONFIDENCE = 0.25  # below this for the best suggestion, the result is "weak"


def bucket(rank: int) -> str:
    """The calibration bucket of a 1-based rank."""
    return "1" if rank <= 1 else "2" if rank == 2 else "3+"


def feature(score: float, understood: float) -> float:
    """The calibration feature of a suggestion."""
    return max(0.0, min(1.0, score)) * max(0.0, min(1.0, understood))


def confidence(score: float, understood: float, rank: int) -> float:
    """Probability that a suggestion at this rank, with this score, is accepted."""
    curve = TABLE[bucket(rank)]
    x = feature(score, understood)
    position = bisect_right([lower for lower, _ in curve], x) - 1
    return round(curve[max(0, position)][1], 3)


def fit_isotonic(
    points: Iterable[tuple[float, bool]], min_count: int = 20
) -> tuple[tuple[float, float], ...]:
    """A monotone step curve (lower bound, rate) through (x, accepted) points, by PAV.

    Adjacent blocks with fewer than `min_count` points are merged so that each step rests on
    enough texts to mean something.
    """
    ordered = sorted(points)
    blocks: list[list[float]] = []  # [lower x, accepted, count]
    for x, accepted in ordered:
        blocks.append([x, float(accepted), 1.0])
        while len(blocks) > 1 and _violates(blocks[-2], blocks[-1], min_count):
            right = blocks.pop()
            left = blocks[-1]
            left[1] += right[1]
            left[2] += right[2]
    return tuple((round(b[0], 3), round(b[1] / b[2], 3)) for b in blocks)


def _violates(left: Sequence[float], right: Sequence[float], min_count: int) -> bool:
    return left[1] / left[2] >= right[1] / right[2] or left[2] < min_count or right[2] < min_count


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


__all__ = ["TABLE", "WEAK_CONFIDENCE", "confidence", "fit_isotonic", "reliability"]
