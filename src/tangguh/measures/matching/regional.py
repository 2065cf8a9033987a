"""What the planners of one region taught the matcher: confirmed codes and "marked wrong" pairs.

Kept beside the index, per region, so that a planner's decision counts on the next call for that
region without rebuilding anything:

- `learn(text, code)`: a proposal a planner confirmed or corrected to `code`. On a later text
  whose words cover enough of this example (idf-weighted, `REGION_MIN_SIMILARITY`), the code gains
  `REGION_VOTE` x similarity x the query's best possible score, so a close regional example
  decides; the example is shown as the reason.
- `forbid(text, code)`: a planner marked `code` wrong for `text`. On a later text that is
  essentially the same request (idf-weighted overlap in both directions at least
  `FORBID_SIMILARITY`), that code is not suggested in this region.

Pure Python; the memory is a plain list, scanned per query (a region codes hundreds of proposals a
year, not millions). Texts are read with the same stemmer as the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tangguh.measures.text_id import is_content, stem, words

REGION_VOTE = 0.6
REGION_MIN_SIMILARITY = 0.5
FORBID_SIMILARITY = 0.6
MAX_PER_REGION = 20000


@dataclass(frozen=True)
class _Taught:
    text: str
    code: str
    terms: frozenset[str]
    mass: float


def text_terms(text: str) -> frozenset[str]:
    """The stems of a text's content words (unknown words included), as regions compare them."""
    return frozenset(stem(w) for w in words(text) if is_content(w))


@dataclass
class RegionMemory:
    """One region's confirmed examples and forbidden (text, code) pairs."""

    examples: list[_Taught] = field(default_factory=list)
    forbidden: list[_Taught] = field(default_factory=list)

    def learn(self, text: str, code: str, idf: Callable[[str], float]) -> bool:
        """Add a confirmed example; False if the text has no words (nothing learnt)."""
        taught = _taught(text, code, idf)
        if taught is None:
            return False
        self.examples = [e for e in self.examples if (e.terms, e.code) != (taught.terms, code)]
        self.examples.append(taught)
        del self.examples[:-MAX_PER_REGION]
        return True

    def forbid(self, text: str, code: str, idf: Callable[[str], float]) -> bool:
        """Mark a code wrong for a text; False if the text has no words."""
        taught = _taught(text, code, idf)
        if taught is None:
            return False
        self.forbidden.append(taught)
        del self.forbidden[:-MAX_PER_REGION]
        # A confirmed example of the same pair is withdrawn.
        self.examples = [e for e in self.examples if (e.terms, e.code) != (taught.terms, code)]
        return True

    def votes(
        self, query_terms: Iterable[str], idf: Callable[[str], float]
    ) -> dict[str, tuple[float, str]]:
        """Per code: the similarity of its closest regional example to the query, and its text."""
        query = frozenset(query_terms)
        best: dict[str, tuple[float, str]] = {}
        for example in self.examples:
            shared = example.terms & query
            if not shared:
                continue
            similarity = sum(idf(t) for t in shared) / example.mass
            if similarity < REGION_MIN_SIMILARITY:
                continue
            held = best.get(example.code)
            if held is None or similarity > held[0]:
                best[example.code] = (similarity, example.text)
        return best

    def blocked(self, query_terms: Iterable[str], idf: Callable[[str], float]) -> frozenset[str]:
        """Codes marked wrong for texts that are essentially this one."""
        query = frozenset(query_terms)
        if not query or not self.forbidden:
            return frozenset()
        query_mass = sum(idf(t) for t in query) or 1.0
        codes: set[str] = set()
        for pair in self.forbidden:
            shared = sum(idf(t) for t in pair.terms & query)
            if shared / pair.mass >= FORBID_SIMILARITY and shared / query_mass >= FORBID_SIMILARITY:
                codes.add(pair.code)
        return frozenset(codes)


def _taught(text: str, code: str, idf: Callable[[str], float]) -> _Taught | None:
    terms = text_terms(text)
    mass = sum(idf(t) for t in terms)
    if not terms or mass <= 0:
        return None
    return _Taught(text.strip(), code.strip(), terms, mass)


__all__ = ["REGION_VOTE", "RegionMemory", "text_terms"]
