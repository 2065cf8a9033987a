"""Coded examples, each its own BM25 document, for the nearest-example vote."""

from __future__ import annotations

import math
from collections.abc import Sequence

from tangguh.measures.matching.config import (
    EXAMPLE_B,
    K1,
    VOTE_MAX_SHARE,
)
from tangguh.measures.matching.terms import (
    _field_terms,
    _Term,
)


class _ExampleIndex:
    """Coded examples, each its own BM25 document, for the nearest-example vote."""

    def __init__(
        self,
        doc_of: list[int],
        postings: dict[str, dict[int, float]],
        best: dict[str, float],
        terms: list[tuple[tuple[str, float], ...]],
        texts: Sequence[str] = (),
    ) -> None:
        self.doc_of = doc_of  # example -> sub-activity (doc) it was coded to
        self.postings = postings  # term -> example -> BM25 contribution
        self.best = best  # term -> its best contribution in any example
        self.terms = terms  # per example: (stem, idf in the main index) of its words
        self.mass = [sum(w for _, w in t) or 1.0 for t in terms]
        self.texts = list(texts) or [""] * len(doc_of)  # per example: its text, for explanations
        # Words in more than VOTE_MAX_SHARE of the examples ("desa", "bangun", "dusun") say
        # nothing about which example is nearest; the vote skips them (the main index does not).
        limit = VOTE_MAX_SHARE * len(doc_of)
        self.common = frozenset(t for t, docs in postings.items() if len(docs) > limit)

    @classmethod
    def build(cls, coded: Sequence[tuple[int, str]], idf: dict[str, float]) -> _ExampleIndex:
        bags = [_field_terms(text, True) for _, text in coded]
        n = len(bags)
        average = (sum(len(bag) for bag in bags) / n if n else 0.0) or 1.0
        doc_freq: dict[str, int] = {}
        for bag in bags:
            for term in set(bag):
                doc_freq[term] = doc_freq.get(term, 0) + 1
        postings: dict[str, dict[int, float]] = {}
        for example, bag in enumerate(bags):
            counts: dict[str, int] = {}
            for term in bag:
                counts[term] = counts.get(term, 0) + 1
            norm = 1.0 - EXAMPLE_B + EXAMPLE_B * len(bag) / average
            for term, tf in counts.items():
                df = doc_freq[term]
                weight = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
                wtf = tf / norm
                postings.setdefault(term, {})[example] = weight * wtf / (K1 + wtf)
        best = {term: max(docs.values()) for term, docs in postings.items()}
        terms = [
            tuple((t, idf.get(t, 0.0)) for t in sorted({t for t in bag if "_" not in t}))
            for bag in bags
        ]
        return cls([doc for doc, _ in coded], postings, best, terms, [text for _, text in coded])

    def __len__(self) -> int:
        return len(self.doc_of)

    def vote(self, query: dict[str, _Term]) -> dict[int, tuple[float, int]]:
        """Per sub-activity: the score of its best-matching example, and that example."""
        scores: dict[int, float] = {}
        postings = self.postings
        common = self.common
        for term, info in query.items():
            examples = postings.get(term)
            if examples is None or term in common:
                continue
            weight = info.weight
            for example, contribution in examples.items():
                if example in scores:
                    scores[example] += weight * contribution
                else:
                    scores[example] = weight * contribution
        top: dict[int, float] = {}
        chosen: dict[int, int] = {}
        doc_of = self.doc_of
        for example, score in scores.items():
            doc = doc_of[example]
            held = top.get(doc)
            # ties go to the earlier example, whatever order the scores came in (deterministic)
            if held is None or score > held or (score == held and example < chosen[doc]):
                top[doc] = score
                chosen[doc] = example
        return {doc: (score, chosen[doc]) for doc, score in top.items()}
