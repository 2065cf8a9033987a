"""The inverted index of sub-activities and the query that scores a proposal against it."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import itemgetter

from tangguh.measures.definition_text import definition_core
from tangguh.measures.matching import config
from tangguh.measures.matching.calibration import calibrated
from tangguh.measures.matching.config import (
    ACTION_STEMS,
    ADMIN_PRIOR,
    ADMIN_STEMS,
    AID_WEIGHT,
    AID_WORDS,
    BIGRAM_FIELDS,
    BIGRAM_WEIGHT,
    BUILD_PRIOR,
    DEGREE_WEIGHT,
    DEGREE_WORDS,
    EXAMPLE_COVERAGE,
    EXAMPLE_FIELD_B,
    EXAMPLE_FIELD_WEIGHT,
    EXAMPLE_VOTE,
    EXPANSION_POWER,
    FIELD_B,
    FIELD_WEIGHTS,
    FRAME_WEIGHT,
    FUZZY_FACTOR,
    FUZZY_MIN,
    GLUED_FACTOR,
    K1,
    LEVEL_MATCH,
    LEVEL_MISMATCH,
    MAX_FUZZY,
    MAX_WORDS,
    MIN_SCORE,
    NAME_FLOOR,
    PRUNE_MIN_POSTINGS,
    PRUNE_SHARE,
    REPAIR_VERBS,
    REPAIRED_NOUNS,
    RERANK_POOL,
    RESEARCH_PREFIXES,
    RESEARCH_PRIOR,
    RESEARCH_STEMS,
    SHORT_ITEM_WORDS,
    SUPPORT_PRIOR,
    TF_BOOST,
    UNIT_MATCH,
    UNIT_MISMATCH,
    VERB_MATCH,
    VERB_MISMATCH,
)
from tangguh.measures.matching.examples import _ExampleIndex
from tangguh.measures.matching.inputs import (
    MAX_CHARS,
    RELAXED_UNDERSTOOD,
    input_problem,
    no_query_reason,
    result_of,
    weakened,
)
from tangguh.measures.matching.model import (
    Context,
    Entry,
    Example,
    MatchResult,
    Suggestion,
    government_allows,
)
from tangguh.measures.matching.places import only_markers, strip_heading, strip_places
from tangguh.measures.matching.reading import (
    _frame_terms,
    _leaders,
    _words_kind,
    bare_item_kind,
    position_weights,
    verb_kind,
)
from tangguh.measures.matching.regional import REGION_VOTE, RegionMemory, text_terms
from tangguh.measures.matching.routing import (
    DESA_ONLY_IN_CITY,
    DESA_ONLY_IN_KELURAHAN,
    KELURAHAN_IN_DESA,
    desa_only,
    place_factor,
    with_kelurahan_route,
)
from tangguh.measures.matching.terms import (
    _Expansion,
    _field_terms,
    _level_keys,
    _levels_of,
    _parse_lexicon,
    _quantity_units,
    _Term,
    _trigrams,
    _unit_family,
    budget_name,
    known_prefix,
    split_glued,
)
from tangguh.measures.matching_lexicon import LEXICON_TEXT
from tangguh.measures.text_id import clauses, is_content, normalise, stem, words

# The largest factor the re-ranking can give a leader: full name coverage, and every rule that
# may raise a score at once (a rule whose factors are all below 1 counts 1).
MAX_FACTOR = (
    max(1.0, NAME_FLOOR + (1.0 - NAME_FLOOR) * max(1.0, EXAMPLE_COVERAGE))
    * max(1.0, BUILD_PRIOR)
    * max(1.0, SUPPORT_PRIOR)
    * max(1.0, RESEARCH_PRIOR)
    * max(1.0, ADMIN_PRIOR)
    * max(1.0, LEVEL_MATCH, LEVEL_MISMATCH)
    * max(1.0, UNIT_MATCH, UNIT_MISMATCH)
    * max(1.0, VERB_MATCH, VERB_MISMATCH)
    * max(1.0, KELURAHAN_IN_DESA, DESA_ONLY_IN_KELURAHAN, DESA_ONLY_IN_CITY)
)


class MatchIndex:
    """An inverted index of sub-activities; build once, then `match` many texts."""

    def __init__(
        self,
        codes: list[str],
        postings: dict[str, dict[int, float]],
        best: dict[str, float],
        vocabulary: dict[str, str],
        trigram_index: dict[str, dict[str, list[str]]],
        lexicon: dict[tuple[str, ...], _Expansion],
        name_terms: list[tuple[tuple[str, float], ...]],
        build_first: list[bool],
        levels: list[frozenset[str]] | None = None,
        units: list[str | None] | None = None,
        examples: _ExampleIndex | None = None,
        idf: dict[str, float] | None = None,
        village_only: list[bool] | None = None,
        verb_kinds: list[str | None] | None = None,
        frame: frozenset[str] | None = None,
    ) -> None:
        self.codes = codes
        self._position = {code: doc for doc, code in enumerate(codes)}
        self._support = [code.startswith("X.") for code in codes]
        self._frame = frame if frame is not None else frozenset()
        self._research = [code.startswith(RESEARCH_PREFIXES) for code in codes]
        self._verb_kinds = verb_kinds if verb_kinds is not None else [None] * len(codes)
        self._idf = idf or {}
        # Unknown words (not in the index) weigh like the rarest ones in a region's examples.
        self._idf_default = max(self._idf.values(), default=1.0)
        self._desa_only = village_only if village_only is not None else [False] * len(codes)
        self._regions: dict[str, RegionMemory] = {}
        self._examples = examples if examples is not None else _ExampleIndex.build([], {})
        self._units = units if units is not None else [None] * len(codes)
        self._levels = levels if levels is not None else [frozenset()] * len(codes)
        self._level_keys = _level_keys()
        self._level_max = max((len(k) for k in self._level_keys), default=1)
        self._level_starts = frozenset(k[0] for k in self._level_keys)
        self._name_terms = name_terms  # per doc: (stem, idf) of the name's words
        self._name_mass = [sum(w for _, w in terms) or 1.0 for terms in name_terms]
        self._build_first = build_first  # name starts with building / procuring
        self._postings = postings
        self._best = best
        self._vocabulary = vocabulary  # surface word -> stem (index words and lexicon keys)
        self._trigram_index = trigram_index  # first letter -> trigram -> words
        self._lexicon = lexicon
        self._lexicon_max = max((len(k) for k in lexicon), default=1)
        self._lexicon_starts = frozenset(k[0] for k in lexicon)
        self._gram_sizes = {w: len(_trigrams(w)) for w in vocabulary if len(w) >= 4}
        self._fuzzy_cache: dict[str, tuple[str, float] | None] = {}

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def build(
        cls,
        entries: Iterable[Entry],
        government: str | None = None,
        *,
        examples: Iterable[tuple[str, str]] = (),
    ) -> MatchIndex:
        """Index sub-activities; with `government`, keep only those it may use.

        `examples` are coded proposals, ``(text, code)``: a text a planner coded to that
        sub-activity. They add the writers' words to their sub-activity (an "examples" field and
        a nearest-example vote, see `EXAMPLE_VOTE`). Examples of codes not indexed are ignored;
        with none, the index is exactly the one built without the argument.
        """
        chosen: dict[str, Entry] = {}
        for entry in entries:
            if government is not None and not government_allows(entry.code, government):
                continue
            chosen.setdefault(entry.code, entry)
        ordered = [chosen[code] for code in sorted(chosen)]
        position = {entry.code: doc for doc, entry in enumerate(ordered)}
        # (doc, text) of each usable example, deduplicated, in a fixed order.
        coded = sorted(
            {
                (position[code.strip()], text.strip())
                for text, code in examples
                if code.strip() in position and text.strip()
            }
        )
        example_texts: dict[int, list[str]] = {}
        for doc, text in coded:
            example_texts.setdefault(doc, []).append(text)
        fields = [*FIELD_WEIGHTS, "examples"]
        weights = {**FIELD_WEIGHTS, "examples": EXAMPLE_FIELD_WEIGHT}
        field_b = {**FIELD_B, "examples": EXAMPLE_FIELD_B}
        doc_fields: list[dict[str, dict[str, int]]] = []
        lengths: dict[str, list[int]] = {f: [] for f in fields}
        vocabulary: dict[str, str] = {}
        for doc, entry in enumerate(ordered):
            per_field: dict[str, dict[str, int]] = {}
            for field in fields:
                if field == "examples":
                    texts = example_texts.get(doc, [])
                    text = "\n".join(texts)
                    terms = [term for t in texts for term in _field_terms(t, True)]
                else:
                    text = getattr(entry, field)
                    if field == "definition" and config.STRIP_DEFINITION:
                        text = definition_core(text)
                    terms = _field_terms(text, field in BIGRAM_FIELDS)
                counts: dict[str, int] = {}
                for term in terms:
                    counts[term] = counts.get(term, 0) + 1
                per_field[field] = counts
                lengths[field].append(len(terms))
                for w in words(text):
                    if is_content(w) and w.isalpha() and w not in vocabulary:
                        vocabulary[w] = stem(w)
            doc_fields.append(per_field)
        n_docs = len(ordered)
        average = {f: (sum(lengths[f]) / n_docs if n_docs else 0.0) or 1.0 for f in fields}
        # Few sub-activities have examples: their field is normalised by the average length
        # among those that have one, not by an average dragged down by thousands of empty ones.
        with_examples = [n for n in lengths["examples"] if n]
        average["examples"] = sum(with_examples) / len(with_examples) if with_examples else 1.0
        doc_freq: dict[str, int] = {}
        for per_field in doc_fields:
            seen: set[str] = set()
            for counts in per_field.values():
                seen.update(counts)
            for term in seen:
                doc_freq[term] = doc_freq.get(term, 0) + 1
        idf = {t: math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)) for t, df in doc_freq.items()}
        postings: dict[str, dict[int, float]] = {}
        for doc, per_field in enumerate(doc_fields):
            weighted: dict[str, float] = {}
            for field, counts in per_field.items():
                if not counts:
                    continue
                b = field_b[field]
                norm = 1.0 - b + b * lengths[field][doc] / average[field]
                factor = weights[field] / norm
                for term, tf in counts.items():
                    weighted[term] = weighted.get(term, 0.0) + tf * factor
            for term, wtf in weighted.items():
                postings.setdefault(term, {})[doc] = idf[term] * wtf / (K1 + wtf)
        best = {term: max(docs.values()) for term, docs in postings.items()}
        # Drop the faint tail of long postings lists (a common word met only in far-away
        # definitions): it costs time on every query and changes no ranking that matters.
        for term, docs in postings.items():
            if len(docs) > PRUNE_MIN_POSTINGS:
                floor = PRUNE_SHARE * best[term]
                postings[term] = {d: c for d, c in docs.items() if c >= floor}
        lexicon = _parse_lexicon(LEXICON_TEXT)
        for key in lexicon:
            if len(key) == 1 and key[0].isalpha():
                vocabulary.setdefault(key[0], stem(key[0]))
        trigram_index: dict[str, dict[str, list[str]]] = {}
        for word in sorted(vocabulary):
            if len(word) < 4:
                continue
            by_letter = trigram_index.setdefault(word[0], {})
            for gram in _trigrams(word):
                by_letter.setdefault(gram, []).append(word)
        name_terms = []
        for per_field in doc_fields:
            unigrams = [t for t in per_field["name"] if "_" not in t]
            name_terms.append(tuple((t, idf[t]) for t in sorted(unigrams)))
        build_first = [
            normalise(e.name).startswith(("pembangunan", "pengadaan", "penyediaan"))
            for e in ordered
        ]
        example_index = _ExampleIndex.build(coded, idf)
        return cls(
            [e.code for e in ordered],
            postings,
            best,
            vocabulary,
            trigram_index,
            lexicon,
            name_terms,
            build_first,
            [_levels_of(e) for e in ordered],
            [_unit_family(e.unit) for e in ordered],
            example_index,
            {t: w for t, w in idf.items() if "_" not in t},
            [desa_only(e) for e in ordered],
            [verb_kind(e.name) for e in ordered],
            _frame_terms(ordered, postings),
        )

    # --- queries ----------------------------------------------------------------------------

    def match(self, text: str, top: int = 5, context: Context | None = None) -> list[Suggestion]:
        """The `top` best sub-activities for a proposal text, best first ([] if nothing fits).

        The same as `suggest(...).suggestions`; see `suggest` for the reason of an empty list.
        """
        return list(self.suggest(text, top, context).suggestions)

    def suggest(self, text: object, top: int = 5, context: Context | None = None) -> MatchResult:
        """Suggestions for a proposal, with a status and a reason when there are none.

        `context` (optional) says where the proposal comes from: desa or kelurahan, regency or
        city (`routing.place_factor`, and the kelurahan routing), and the region whose planners'
        confirmed examples and "marked wrong" pairs apply (`learn`, `forbid`).
        """
        problem = input_problem(text, top)
        if problem is not None:
            return MatchResult((), *problem)
        assert isinstance(text, str)
        cleaned, places = strip_places(strip_heading(text[:MAX_CHARS]), self._knows, self._phrase)
        if places and only_markers(cleaned):
            status, reason = no_query_reason("", places)
            return MatchResult((), status, reason, places)
        frame = budget_name(cleaned)
        query, levels, units, understood, kind = self._query(cleaned, frame=frame)
        relaxed = not query
        if relaxed:
            query, levels, units, understood, kind = self._query(cleaned, True, frame)
            understood *= RELAXED_UNDERSTOOD
        if kind is None and len(cleaned.split(None, SHORT_ITEM_WORDS)) <= SHORT_ITEM_WORDS:
            kind = bare_item_kind(words(cleaned))  # (the split: long texts are not tokenised again)
        if not query:
            status, reason = no_query_reason(cleaned, places)
            return MatchResult((), status, reason, places)
        memory = self._regions.get(context.region) if context and context.region else None
        scores, norm, nearest = self._scores(query)
        stems = text_terms(cleaned) if memory is not None else frozenset()
        regional = memory.votes(stems, self._idf_of) if memory is not None else {}
        for code, (similarity, _) in regional.items():
            doc = self._position.get(code)
            if doc is not None:
                scores[doc] = scores.get(doc, 0.0) + REGION_VOTE * similarity * norm
        blocked = memory.blocked(stems, self._idf_of) if memory is not None else frozenset()
        text_stems = frozenset(map(stem, words(cleaned)))
        asks_research = not RESEARCH_STEMS.isdisjoint(text_stems)
        asks_admin = not ADMIN_STEMS.isdisjoint(text_stems)
        reranked = self._rerank(
            query,
            scores,
            nearest,
            (levels, units),
            kind,
            (asks_research, asks_admin),
            context,
            blocked,
            top,
        )
        codes = self.codes
        ranked = heapq.nsmallest(top, reranked.items(), key=lambda item: (-item[1], codes[item[0]]))
        hits = [
            (docs, info.surfaces)
            for term, info in query.items()
            if (docs := self._postings.get(term)) is not None
        ]
        suggestions = [
            self._suggestion(doc, raw / norm, query, hits, nearest, regional)
            for doc, raw in ranked
            if raw > MIN_SCORE
        ]
        if context is not None and context.place_kind == "kelurahan" and context.routing:
            suggestions = with_kelurahan_route(
                suggestions, blocked, top, self._position, self._verb_kinds
            )
        result = result_of(calibrated(suggestions, understood), places, understood)
        return weakened(result) if relaxed else result

    def _scores(
        self, query: dict[str, _Term]
    ) -> tuple[dict[int, float], float, dict[int, tuple[float, int]]]:
        """BM25F score of every sub-activity a query term reaches, the query's best possible
        score, and the nearest coded example of each sub-activity (with its vote added)."""
        scores: dict[int, float] = {}
        postings = self._postings
        best = self._best
        norm = 0.0
        for term, info in query.items():
            docs = postings.get(term)
            if docs is None:
                continue
            weight = info.weight
            norm += weight * best[term]
            if not scores:
                scores = {doc: weight * contribution for doc, contribution in docs.items()}
                continue
            for doc, contribution in docs.items():
                if doc in scores:
                    scores[doc] += weight * contribution
                else:
                    scores[doc] = weight * contribution
        get = scores.get
        # Nearest-example vote: each sub-activity adds the score of its best coded example.
        nearest: dict[int, tuple[float, int]] = {}
        if len(self._examples):
            nearest = self._examples.vote(query)
            example_best = self._examples.best
            for term, info in query.items():
                norm += EXAMPLE_VOTE * info.weight * example_best.get(term, 0.0)
            for doc, (score, _) in nearest.items():
                scores[doc] = get(doc, 0.0) + EXAMPLE_VOTE * score
        return scores, norm or 1.0, nearest

    def _rerank(
        self,
        query: dict[str, _Term],
        scores: dict[int, float],
        nearest: dict[int, tuple[float, int]],
        levels_units: tuple[frozenset[str], frozenset[str]],
        text_kind: str | None,
        asks: tuple[bool, bool],
        context: Context | None,
        blocked: frozenset[str],
        top: int,
    ) -> dict[int, float]:
        """The leaders re-scored by name coverage, action, level, unit and kind of place.

        Re-rank by how much of each one's *name* the text covers: "meja kursi SMP" is
        "Pengadaan Mebel Sekolah" (all of it covered), not "Penyediaan Biaya Personil Peserta
        Didik SMP" (biaya, personil not asked for). Codes marked wrong for the region are out.

        The leaders are taken best first, and the re-scoring stops when even the largest
        factor (`MAX_FACTOR`) could not lift the next one to the `top`-th re-scored leader:
        the `top` best re-scored leaders are exactly those of re-scoring all of them.
        """
        codes = self.codes
        text_levels, text_units = levels_units
        asks_research, asks_admin = asks
        plain_build = not any(term in query for term in ACTION_STEMS)
        research = None if asks_research else self._research
        name_terms = self._name_terms
        name_mass = self._name_mass
        build_first = self._build_first
        support = self._support
        levels = self._levels
        units = self._units
        village_only = self._desa_only
        verb_kinds = self._verb_kinds
        example_terms = self._examples.terms
        example_mass = self._examples.mass
        reranked: dict[int, float] = {}
        kept: list[float] = []  # the `top` best re-scored values so far (a min-heap)
        pool = _leaders(scores, RERANK_POOL)
        pool.sort(key=itemgetter(1), reverse=True)
        for doc, raw in pool:
            if len(kept) >= top and raw * MAX_FACTOR < kept[0] * (1.0 - 1e-9):
                break  # neither this leader nor any after it can reach the top
            code = codes[doc]
            if code in blocked:
                continue
            # How much of the name (or, scaled, of its best example) the text covers: the
            # best example is another name of the sub-activity, in the writers' words.
            coverage = sum([w for t, w in name_terms[doc] if t in query]) / name_mass[doc]
            held = nearest.get(doc)
            if held is not None:
                example = held[1]
                covered = sum([w for t, w in example_terms[example] if t in query])
                coverage = max(coverage, EXAMPLE_COVERAGE * (covered / example_mass[example]))
            factor = NAME_FLOOR + (1.0 - NAME_FLOOR) * coverage
            if plain_build and build_first[doc]:
                factor *= BUILD_PRIOR
            if support[doc]:
                factor *= SUPPORT_PRIOR
            if research is not None and research[doc]:
                factor *= RESEARCH_PRIOR
            if text_levels and levels[doc]:
                factor *= LEVEL_MATCH if levels[doc] & text_levels else LEVEL_MISMATCH
            if text_units and units[doc] is not None:
                factor *= UNIT_MATCH if units[doc] in text_units else UNIT_MISMATCH
            doc_kind = verb_kinds[doc]
            if doc_kind == "admin":
                if not asks_admin:
                    factor *= ADMIN_PRIOR
            elif text_kind is not None and doc_kind is not None:
                factor *= VERB_MATCH if doc_kind == text_kind else VERB_MISMATCH
            if context is not None:
                factor *= place_factor(code, village_only[doc], context)
            value = raw * factor
            reranked[doc] = value
            if len(kept) < top:
                heapq.heappush(kept, value)
            elif value > kept[0]:
                heapq.heapreplace(kept, value)
        return reranked

    def _suggestion(
        self,
        doc: int,
        share: float,
        query: dict[str, _Term],
        hits: list[tuple[dict[int, float], dict[str, float]]],
        nearest: dict[int, tuple[float, int]],
        regional: dict[str, tuple[float, str]],
    ) -> Suggestion:
        """A suggestion with its explanation: the words and the examples that decided."""
        code = self.codes[doc]
        matched = self._matched(doc, hits)
        examples: list[Example] = []
        if code in regional:
            similarity, text = regional[code]
            examples.append(Example(text, "region", round(similarity, 3)))
        if doc in nearest:
            score, example = nearest[doc]
            similarity = self._examples_coverage(example, query)
            examples.append(Example(self._examples.texts[example], "shipped", similarity))
        score = round(min(1.0, share), 4)
        return Suggestion(
            code=code,
            score=score,
            matched=matched,
            explanation=", ".join(matched),
            examples=tuple(examples),
        )

    def _examples_coverage(self, example: int, query: dict[str, _Term]) -> float:
        covered = sum(w for t, w in self._examples.terms[example] if t in query)
        return round(covered / self._examples.mass[example], 3)

    # --- learning per region ------------------------------------------------------------------

    def learn(self, region: str, text: str, code: str) -> bool:
        """A planner of `region` confirmed or corrected `text` to `code`: it counts from the
        next call for that region. False when nothing was learnt (unknown code, empty text)."""
        if code.strip() not in self._position or not region:
            return False
        memory = self._regions.setdefault(region, RegionMemory())
        return memory.learn(text, code, self._idf_of)

    def forbid(self, region: str, text: str, code: str) -> bool:
        """A planner of `region` marked `code` wrong for `text`: it is not suggested again in
        that region for essentially the same text. False when the text has no words."""
        if not region:
            return False
        memory = self._regions.setdefault(region, RegionMemory())
        return memory.forbid(text, code, self._idf_of)

    def forget_region(self, region: str) -> None:
        """Drop what a region taught (e.g. before reloading it from the database)."""
        self._regions.pop(region, None)

    def _idf_of(self, term: str) -> float:
        return self._idf.get(term, self._idf_default)

    def _knows(self, word: str) -> bool:
        return stem(word) in self._postings or (word,) in self._lexicon

    def _phrase(self, marker: str, word: str) -> bool:
        return f"{stem(marker)}_{stem(word)}" in self._postings

    def match_many(
        self, texts: Sequence[str], top: int = 5, context: Context | None = None
    ) -> list[list[Suggestion]]:
        """`match` for each text, in order."""
        return [self.match(text, top, context) for text in texts]

    def clear_caches(self) -> None:
        """Forget memoised spelling corrections (for timing cold runs)."""
        self._fuzzy_cache.clear()

    @staticmethod
    def _matched(
        doc: int, hits: list[tuple[dict[int, float], dict[str, float]]]
    ) -> tuple[str, ...]:
        """The user's words that reached `doc`, most important first; `hits` holds, per query
        term in the index, its postings and the surfaces it came from."""
        by_surface: dict[str, float] = {}
        for docs, surfaces in hits:
            contribution = docs.get(doc)
            if contribution is None:
                continue
            for surface, weight in surfaces.items():
                value = weight * contribution
                if value > by_surface.get(surface, 0.0):
                    by_surface[surface] = value
        ordered = sorted(by_surface.items(), key=lambda item: (-item[1], item[0]))
        return tuple(surface for surface, _ in ordered)

    def _query(
        self, text: str, relaxed: bool = False, frame: bool = False
    ) -> tuple[dict[str, _Term], frozenset[str], frozenset[str], float, str | None]:
        """Weighted index terms of a text, each with the user's words it came from; the levels
        (SD, SMP, PAUD, nonformal) the text names; the unit families it counts in; the share of
        its content words it understood. `relaxed` (a second reading of a text none of whose
        words was understood) also reads an unknown word by its longest known beginning
        ("lampunisasi" → "lampu"). `frame` (a budget name, see `terms.budget_name`): the
        nomenclature's frame words weigh FRAME_WEIGHT."""
        parts = clauses(text)
        all_words: list[str] = []
        clause_of: list[int] = []
        for number, part in enumerate(parts):
            room = MAX_WORDS - len(all_words)
            if room <= 0:
                break
            all_words.extend(part[:room])
            clause_of.extend([number] * min(room, len(part)))
        position_weight = self._position_weights(parts, clause_of)
        query: dict[str, _Term] = {}
        postings = self._postings

        def add(term: str, weight: float, surface: str) -> None:
            if term not in postings:
                return
            info = query.get(term)
            if info is None:
                query[term] = _Term(weight, {surface: weight})
            else:
                info.add(weight, surface)

        def expand(expansion: _Expansion, weight: float, surface: str) -> None:
            label = (
                expansion.display
                if expansion.display == surface
                else (f"{expansion.display} ({surface})")
            )
            # A long expansion is one idea, not many: share its weight among its words.
            share = weight / max(1, len(expansion.stems)) ** EXPANSION_POWER
            for s in expansion.stems:
                add(s, share, label)
            for a, b in pairwise(expansion.stems):
                add(f"{a}_{b}", share * BIGRAM_WEIGHT, label)

        # Lexicon phrases: at each position the longest key starting there (within one clause),
        # unless a phrase already found covers it entirely (so "rehab rumah potong hewan" finds
        # both "rehab rumah" and "rumah potong hewan").
        n_words = len(all_words)
        consumed = [False] * n_words
        lexicon = self._lexicon
        covered_until = 0
        starts = self._lexicon_starts
        for i in range(n_words):
            if all_words[i] not in starts:
                continue  # no lexicon key starts with this word
            clause_end = i
            while clause_end < n_words and clause_of[clause_end] == clause_of[i]:
                clause_end += 1
                if clause_end - i >= self._lexicon_max:
                    break
            for length in range(clause_end - i, 0, -1):
                if i + length <= covered_until:
                    break
                key = tuple(all_words[i : i + length])
                expansion = lexicon.get(key)
                if expansion is not None:
                    weight = expansion.weight * max(position_weight[i : i + length])
                    expand(expansion, weight, " ".join(key))
                    for j in range(i, i + length):
                        consumed[j] = True
                    covered_until = i + length
                    break

        # The user's own words, their pairs (within a clause), and corrections of unknown words.
        previous: tuple[str, str] | None = None
        fuzzy_budget = MAX_FUZZY
        counts: dict[str, int] = {}
        content = understood = 0
        # Degree words after a repair verb ("rehabilitasi sedang/berat puskesmas") say how much,
        # not what: they weigh DEGREE_WEIGHT; "bangunan" there (the building repaired) is left out.
        repaired: set[int] = set()
        for position in range(1, len(all_words)):
            before = all_words[position - 1]
            if (before in REPAIR_VERBS or before in DEGREE_WORDS) and clause_of[
                position
            ] == clause_of[position - 1]:
                if all_words[position] in DEGREE_WORDS:
                    position_weight[position] *= DEGREE_WEIGHT
                elif all_words[position] in REPAIRED_NOUNS:
                    repaired.add(position)
        for position, word in enumerate(all_words):
            if position and clause_of[position] != clause_of[position - 1]:
                previous = None
            if not is_content(word):
                previous = None
                continue
            content += 1
            if position in repaired:
                understood += 1
                continue  # the pair "rehab puskesmas" still forms across it
            at = position_weight[position]
            term = stem(word)
            if consumed[position] or term in postings:
                understood += 1
            if term in postings:
                aid = (
                    word in AID_WORDS
                    and position + 1 < n_words
                    and clause_of[position + 1] == clause_of[position]
                    and is_content(all_words[position + 1])
                )
                add(term, at * AID_WEIGHT if aid else at, word)
                counts[term] = counts.get(term, 0) + 1
                if previous is not None:
                    pair = BIGRAM_WEIGHT * at * (AID_WEIGHT if previous[1] in AID_WORDS else 1.0)
                    add(f"{previous[0]}_{term}", pair, f"{previous[1]} {word}")
                previous = (term, word)
                continue
            previous = None
            if consumed[position] or not word.isalpha() or len(word) < 4 or fuzzy_budget <= 0:
                continue
            fuzzy_budget -= 1
            glued = split_glued(word, postings) if len(word) >= 8 else None
            for piece in glued or ():
                add(piece, GLUED_FACTOR * at, word)
            understood += glued is not None
            correction = None if glued else self._correct(word)
            if correction is None and relaxed and not glued:
                correction = known_prefix(word, self._vocabulary)
            if correction is None:
                continue
            understood += 1
            corrected, similarity = correction
            weight = FUZZY_FACTOR * similarity * at
            expansion = lexicon.get((corrected,))
            if expansion is not None:
                expand(expansion, weight * expansion.weight, word)
            add(self._vocabulary[corrected], weight, word)
        # A word the text repeats matters more, with diminishing returns (long texts repeat
        # their subject, but also their background).
        for term, count in counts.items():
            if count > 1:
                query[term].weight *= 1.0 + TF_BOOST * math.log(count)
        if frame:
            frame_terms = self._frame
            for term, info in query.items():
                if term in frame_terms:
                    info.weight *= FRAME_WEIGHT
        share = understood / content if content else 0.0
        kind = _words_kind(all_words, position_weight)
        return query, self._text_levels(all_words), _quantity_units(all_words), share, kind

    _position_weights = staticmethod(position_weights)

    def _text_levels(self, all_words: list[str]) -> frozenset[str]:
        found: set[str] = set()
        keys = self._level_keys
        starts = self._level_starts
        for i in range(len(all_words)):
            if all_words[i] not in starts:
                continue
            for length in range(min(self._level_max, len(all_words) - i), 0, -1):
                level = keys.get(tuple(all_words[i : i + length]))
                if level is not None:
                    found.add(level)
                    break
        return frozenset(found)

    def _correct(self, word: str) -> tuple[str, float] | None:
        """The known word closest to an unknown one, with its trigram Dice similarity."""
        if word in self._fuzzy_cache:
            return self._fuzzy_cache[word]
        result: tuple[str, float] | None = None
        grams = _trigrams(word)
        by_letter = self._trigram_index.get(word[0], {})
        shared: dict[str, int] = {}
        for gram in grams:
            for candidate in by_letter.get(gram, ()):
                shared[candidate] = shared.get(candidate, 0) + 1
        best_score = FUZZY_MIN
        for candidate, common in shared.items():
            if abs(len(candidate) - len(word)) > 3:
                continue
            dice = 2.0 * common / (len(grams) + self._gram_sizes[candidate])
            if dice > best_score or (
                result is not None and dice == best_score and candidate < result[0]
            ):
                best_score = dice
                result = (candidate, dice)
        if len(self._fuzzy_cache) > 50000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[word] = result
        return result
