"""Match a free-text development proposal to sub-activities (sub kegiatan) of the nomenclature.

Offline, pure Python, CPU only, no model. A proposal such as "rehab RTLH utk warga miskin" or
"normalisasi kali yang sering banjir" is turned into weighted query terms and scored against an
inverted index of the sub-activities:

1. **Text.** `tangguh.measures.text_id` folds the text to lower-case ASCII words and stems them
   with a light Indonesian stemmer (``pembangunan`` → ``bangun``, ``penyediaan`` → ``sedia``).
   The text is read clause by clause (sentences, ``Usulan: ...``, lines): lexicon phrases and
   word pairs never straddle two clauses. In a long text (two clauses or more, at least
   `LONG_TEXT_WORDS` content words) the clauses that ask — a request word (``mohon``,
   ``mengusulkan``, ``usulan: ...``) or an action noun first (``pembangunan``, ``pelatihan``) —
   keep full weight, the background counts `BACKGROUND_WEIGHT`, and the first words after the
   action (the object asked for) `OBJECT_BOOST`.
2. **Lexicon.** Abbreviations, synonyms and local words (`matching_lexicon`) add the nomenclature's
   own vocabulary to the query: ``RTLH`` → "rumah tidak layak huni", ``kali`` → "sungai",
   ``bak penampung air hujan`` → "SPAM bukan jaringan perpipaan". The user's words are kept too.
3. **Misspellings.** A word the index does not know is compared with the index's words (and the
   lexicon's keys) by character trigrams (same first letter, Dice ≥ 0.6); the closest one is used
   at a lower weight. Place names that resemble nothing are simply ignored.
4. **Scoring.** BM25F over the fields of each sub-activity: its name weighs most, then output and
   indicator, the parent kegiatan, programme and bidang names, the unit, the executing unit and the
   operational definition (definisi operasional) least (optionally without its NSPK list and
   other citations of regulations: `STRIP_DEFINITION`, off by default). Adjacent word pairs
   (``rumah sakit``, ``air minum``) are indexed as extra terms, so phrases beat scattered words.
   Every (term, sub-activity) contribution is computed once when the index is built; a query only
   walks the postings of its own terms.
5. **Re-ranking.** The leaders are re-scored by how much of their *name* the text covers (idf
   weighted), so "meja kursi SMP" is "Pengadaan Mebel Sekolah" rather than "Penyediaan Biaya
   Personil Peserta Didik SMP"; with no repair/upkeep word in the text, names that build or
   procure get a slight edge, and the office-support programme (X.XX) a slight handicap. When the
   text names a school level (SD, SMP, PAUD/TK, PKBM/kesetaraan: `LEVELS`), the copies of a
   sub-activity under that level's kegiatan gain and those under another level lose; with no
   level word, identical copies tie and the lowest code (SD) leads. When the text counts in a
   unit ("500 m", "40 KK", "2 unit"), leaders whose output unit is of another known family (a
   "Dokumen" for metres of drainage) lose a little (`UNIT_FAMILIES`).
6. **Coded examples** (optional). `MatchIndex.build(entries, examples=[(text, code), ...])`
   learns from proposals planners already coded (SIPD's "kamus usulan"): each example's words
   join an "examples" field of its sub-activity, each example is also scored on its own (the
   nearest example of a sub-activity adds to its score, `EXAMPLE_VOTE`), and in the re-ranking
   the best example counts as another name. Without examples nothing changes.

Scores are in 0..1: the share of the query's best possible score that a sub-activity reaches
(the sum, over the query's terms, of the best contribution of each term anywhere in the index).
They rank the suggestions for one text and are comparable within it, not across texts.

Government: `MatchIndex.build(entries, government="kabkota")` keeps only the sub-activities a
regency/city may use (`government_allows`); pass entries already filtered (for instance by
`tangguh.measures.nomenclature_file.load_entries`) and no `government` to keep them all.
"""

from __future__ import annotations

from tangguh.measures.matching.config import (
    _QUANTITY,
    ACTION_STEMS,
    BACKGROUND_WEIGHT,
    BIGRAM_FIELDS,
    BIGRAM_WEIGHT,
    BUILD_PRIOR,
    EXAMPLE_B,
    EXAMPLE_COVERAGE,
    EXAMPLE_FIELD_B,
    EXAMPLE_FIELD_WEIGHT,
    EXAMPLE_VOTE,
    EXPANSION_POWER,
    FIELD_B,
    FIELD_WEIGHTS,
    FUZZY_FACTOR,
    FUZZY_MIN,
    GOVERNMENT_LEVELS,
    K1,
    LEVEL_MATCH,
    LEVEL_MISMATCH,
    LEVELS,
    LONG_TEXT_WORDS,
    MAX_FUZZY,
    MAX_WORDS,
    MIN_SCORE,
    NAME_FLOOR,
    OBJECT_BOOST,
    OBJECT_WORDS,
    PRUNE_MIN_POSTINGS,
    PRUNE_SHARE,
    REQUEST_HEADS,
    REQUEST_WORDS,
    RERANK_POOL,
    STRIP_DEFINITION,
    SUPPORT_PRIOR,
    TF_BOOST,
    UNIT_FAMILIES,
    UNIT_MATCH,
    UNIT_MISMATCH,
    VOTE_MAX_SHARE,
)
from tangguh.measures.matching.index import MatchIndex
from tangguh.measures.matching.model import (
    Context,
    Entry,
    Example,
    MatchResult,
    Suggestion,
    bidang_of,
    government_allows,
    rank_of,
)
from tangguh.measures.matching.terms import _quantity_units, _unit_family

__all__ = [
    "ACTION_STEMS",
    "BACKGROUND_WEIGHT",
    "BIGRAM_FIELDS",
    "BIGRAM_WEIGHT",
    "BUILD_PRIOR",
    "EXAMPLE_B",
    "EXAMPLE_COVERAGE",
    "EXAMPLE_FIELD_B",
    "EXAMPLE_FIELD_WEIGHT",
    "EXAMPLE_VOTE",
    "EXPANSION_POWER",
    "FIELD_B",
    "FIELD_WEIGHTS",
    "FUZZY_FACTOR",
    "FUZZY_MIN",
    "GOVERNMENT_LEVELS",
    "K1",
    "LEVELS",
    "LEVEL_MATCH",
    "LEVEL_MISMATCH",
    "LONG_TEXT_WORDS",
    "MAX_FUZZY",
    "MAX_WORDS",
    "MIN_SCORE",
    "NAME_FLOOR",
    "OBJECT_BOOST",
    "OBJECT_WORDS",
    "PRUNE_MIN_POSTINGS",
    "PRUNE_SHARE",
    "REQUEST_HEADS",
    "REQUEST_WORDS",
    "RERANK_POOL",
    "STRIP_DEFINITION",
    "SUPPORT_PRIOR",
    "TF_BOOST",
    "UNIT_FAMILIES",
    "UNIT_MATCH",
    "UNIT_MISMATCH",
    "VOTE_MAX_SHARE",
    "_QUANTITY",
    "Context",
    "Entry",
    "Example",
    "MatchIndex",
    "MatchResult",
    "Suggestion",
    "_quantity_units",
    "_unit_family",
    "bidang_of",
    "government_allows",
    "rank_of",
]
