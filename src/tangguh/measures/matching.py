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

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from tangguh.measures.definition_text import definition_core
from tangguh.measures.matching_lexicon import LEXICON_TEXT
from tangguh.measures.text_id import (
    FUNCTION_WORDS,
    clauses,
    is_content,
    normalise,
    stem,
    word_set,
    words,
)

# Field weights and length normalisation of BM25F. The name says what the sub-activity *is*;
# the parents and the definition only give context, so they weigh less.
FIELD_WEIGHTS: dict[str, float] = {
    "name": 3.0,
    "output": 0.7,
    "indicator": 0.5,
    "kegiatan": 1.0,
    "program": 0.5,
    "bidang": 0.3,
    "unit": 0.2,
    "pelaksana": 0.3,
    "definition": 0.35,
}
FIELD_B: dict[str, float] = {
    "name": 0.3,
    "output": 0.3,
    "indicator": 0.3,
    "kegiatan": 0.3,
    "program": 0.2,
    "bidang": 0.1,
    "unit": 0.0,
    "pelaksana": 0.3,
    "definition": 0.75,
}
BIGRAM_FIELDS: frozenset[str] = frozenset({"name", "kegiatan", "output", "indicator"})
K1 = 1.2
BIGRAM_WEIGHT = 0.8  # query weight of a word pair relative to a single word
FUZZY_MIN = 0.6  # least trigram Dice similarity for a misspelling to count
FUZZY_FACTOR = 0.8  # query weight of a corrected word relative to an exact one
MAX_WORDS = 20000  # longer texts are cut (about 150 kB of prose)
MAX_FUZZY = 64  # unknown words looked up per text at most
MIN_SCORE = 1e-9
EXPANSION_POWER = 0.5  # an expansion of n words gives each word the weight w / n**power
TF_BOOST = 0.5  # query weight of a repeated word: x (1 + TF_BOOST * ln count)
PRUNE_MIN_POSTINGS = 200  # postings lists longer than this lose their faintest entries
PRUNE_SHARE = 0.35  # ... those below this share of the term's best contribution
# With STRIP_DEFINITION the definition field is indexed without its NSPK list and other citations
# of regulations (`definition_text.definition_core`), which add "peraturan", "nomor", "tahun",
# "tentang" and the titles of laws about neighbouring matters. Off: measured +1 holdout text at
# top-5 but -3 blind texts at top-1 (docs/matching-evaluation.md), so no evidence it helps.
STRIP_DEFINITION = False
RERANK_POOL = 60  # leaders re-ranked by name coverage
# Coded examples (`MatchIndex.build(..., examples=...)`): proposal texts a planner coded to a
# sub-activity, the "kamus usulan" of SIPD. They are evidence of how people write that
# sub-activity, used twice:
# - as one more BM25F field of their sub-activity ("examples": every example text of the code,
#   as one bag of words), with its own weight and length normalisation;
# - as a nearest-example vote: each example is also a BM25 document of its own, and a
#   sub-activity adds EXAMPLE_VOTE x the score of its best-matching example, so that one close
#   example is not drowned by many unrelated ones in the concatenated field.
# In the name-coverage re-ranking, a sub-activity's best example counts as another name: the
# coverage used is the larger of its name's and (EXAMPLE_COVERAGE x) its best example's.
# Set on dev + holdout + blind, each scored with examples from the other two
# (docs/matching-evaluation.md, fourth round); the results form a plateau around these values.
EXAMPLE_FIELD_WEIGHT = 0.3
EXAMPLE_FIELD_B = 0.5
EXAMPLE_VOTE = 0.15
EXAMPLE_B = 0.5
EXAMPLE_COVERAGE = 0.8
VOTE_MAX_SHARE = 0.05
NAME_FLOOR = 0.5  # score factor of a leader none of whose name words the text contains
BUILD_PRIOR = 1.05  # with no action word in the text, building/procuring is what is asked
SUPPORT_PRIOR = 0.9  # the office-support programme (X.XX) is rarely what a proposal asks for
# Stems that say the text asks for something other than building new (repair, upkeep, ...).
ACTION_STEMS: frozenset[str] = word_set(
    "rehabilitasi baik lihara rawat tingkat optimalisasi luas operasi revitalisasi"
    " rekonstruksi pelebaran ganti"
)

# Long texts: a paragraph explains a situation, then asks. Read clause by clause, the clauses
# that ask (a request word, or an action noun first) keep full weight; the background around them
# counts at BACKGROUND_WEIGHT. Texts shorter than LONG_TEXT_WORDS content words are read whole.
LONG_TEXT_WORDS = 18
BACKGROUND_WEIGHT = 0.6
OBJECT_WORDS = 3
OBJECT_BOOST = 1.3
REQUEST_WORDS: frozenset[str] = word_set(
    "usul usulan usulkan diusulkan mengusulkan mohon memohon permohonan minta meminta diminta"
    " butuh membutuhkan dibutuhkan perlu diperlukan memerlukan harap diharapkan berharap ingin"
    " prioritas disepakati sepakat"
)
# Stems of action nouns that open a request clause ("pembangunan embung ...", "pelatihan ...").
REQUEST_HEADS: frozenset[str] = frozenset(
    stem(w)
    for w in word_set(
        "pembangunan pengadaan penyediaan rehabilitasi rehab perbaikan pelatihan peningkatan"
        " pemberian bantuan pendampingan sosialisasi penyusunan pembentukan pemasangan"
        " normalisasi pengerasan pembuatan revitalisasi pengembangan pemeliharaan"
    )
)

# Levels that split one sub-activity into copies under different kegiatan (the SD / SMP / PAUD /
# nonformal copies of "Pembangunan Ruang Kelas Baru"): the words that name the level in a proposal
# and the phrase that marks a sub-activity (its name or kegiatan) as belonging to it. When a text
# names a level, copies of that level gain LEVEL_MATCH and copies of another level LEVEL_MISMATCH.
LEVELS: tuple[tuple[str, str, str], ...] = (
    ("sd", "sd; sdn; sdi; sdk; sd inpres; sekolah dasar", "sekolah dasar"),
    (
        "smp",
        "smp; smpn; smpk; smp satap; sltp; sekolah menengah pertama",
        "sekolah menengah pertama",
    ),
    (
        "paud",
        "paud; tk; tkk; pos paud; kb paud; sps; taman kanak kanak; kelompok bermain; usia dini",
        "anak usia dini",
    ),
    (
        "nonformal",
        "pkbm; skb; kejar paket; paket a; paket b; paket c; kesetaraan; nonformal; non formal;"
        " keaksaraan; buta aksara",
        "nonformal",
    ),
)
LEVEL_MATCH = 1.15
LEVEL_MISMATCH = 0.8

# Volume units. A proposal that gives a quantity ("500 m", "40 KK", "2 unit", "30 orang") says
# what kind of output it expects; each sub-activity states the unit of its output. Families of
# units: the words a proposal writes after a number, and the unit names of the nomenclature.
# Leaders whose unit is of the family the text writes gain UNIT_MATCH, those of another known
# family (a "Dokumen" or "Laporan" when the text counts metres) UNIT_MISMATCH.
UNIT_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("length", "m meter mtr km kilometer", "km; meter; m; kilometer"),
    ("area", "ha hektar hektare m2", "ha; hektar; hektare; m2"),
    (
        "household",
        "kk keluarga rumah sr",
        "keluarga; kk; kepala keluarga; rumah tangga; unit rumah; sr; sambungan rumah sr",
    ),
    (
        "person",
        "orang org jiwa siswa murid peserta anak petani nelayan peternak guru kader lansia balita"
        " pemuda perempuan pelaku",
        "orang; orang bulan; peserta didik",
    ),
    (
        "object",
        "unit buah bh set lokal ruang titik kelas",
        "unit; ruang; titik; bangunan gedung; jembatan; unit bangunan; buah",
    ),
    ("livestock", "ekor", "ekor; dosis"),
    ("quantity", "ton kg liter m3", "ton; ton hari; m3 hari; liter detik; gram"),
    ("group", "kelompok poktan", "kelompok; kelompok masyarakat; komunitas; lembaga; organisasi"),
    ("document", "dokumen", "dokumen; laporan dokumen; laporan"),
)
UNIT_MATCH = 1.0
UNIT_MISMATCH = 0.93
_QUANTITY = re.compile(r"^([0-9]+)([a-z][a-z0-9]*)?$")

GOVERNMENT_LEVELS: dict[str, str] = {
    "kabkota": "2",
    "kabkot": "2",
    "kab/kota": "2",
    "kabupaten": "2",
    "kota": "2",
    "provinsi": "1",
    "prov": "1",
}


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


class _ExampleIndex:
    """Coded examples, each its own BM25 document, for the nearest-example vote."""

    def __init__(
        self,
        doc_of: list[int],
        postings: dict[str, dict[int, float]],
        best: dict[str, float],
        terms: list[tuple[tuple[str, float], ...]],
    ) -> None:
        self.doc_of = doc_of  # example -> sub-activity (doc) it was coded to
        self.postings = postings  # term -> example -> BM25 contribution
        self.best = best  # term -> its best contribution in any example
        self.terms = terms  # per example: (stem, idf in the main index) of its words
        self.mass = [sum(w for _, w in t) or 1.0 for t in terms]
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
        return cls([doc for doc, _ in coded], postings, best, terms)

    def __len__(self) -> int:
        return len(self.doc_of)

    def vote(self, query: dict[str, _Term]) -> dict[int, tuple[float, int]]:
        """Per sub-activity: the score of its best-matching example, and that example."""
        scores: dict[int, float] = {}
        get = scores.get
        postings = self.postings
        common = self.common
        for term, info in query.items():
            examples = postings.get(term)
            if examples is None or term in common:
                continue
            weight = info.weight
            for example, contribution in examples.items():
                scores[example] = get(example, 0.0) + weight * contribution
        best: dict[int, tuple[float, int]] = {}
        doc_of = self.doc_of
        for example, score in scores.items():
            doc = doc_of[example]
            held = best.get(doc)
            # ties go to the earlier example, whatever order the scores came in (deterministic)
            if held is None or score > held[0] or (score == held[0] and example < held[1]):
                best[doc] = (score, example)
        return best


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
    ) -> None:
        self.codes = codes
        self._examples = examples if examples is not None else _ExampleIndex.build([], {})
        self._units = units if units is not None else [None] * len(codes)
        self._levels = levels if levels is not None else [frozenset()] * len(codes)
        self._level_keys = _level_keys()
        self._level_max = max((len(k) for k in self._level_keys), default=1)
        self._name_terms = name_terms  # per doc: (stem, idf) of the name's words
        self._name_mass = [sum(w for _, w in terms) or 1.0 for terms in name_terms]
        self._build_first = build_first  # name starts with building / procuring
        self._postings = postings
        self._best = best
        self._vocabulary = vocabulary  # surface word -> stem (index words and lexicon keys)
        self._trigram_index = trigram_index  # first letter -> trigram -> words
        self._lexicon = lexicon
        self._lexicon_max = max((len(k) for k in lexicon), default=1)
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
                    if field == "definition" and STRIP_DEFINITION:
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
        )

    # --- queries ----------------------------------------------------------------------------

    def match(self, text: str, top: int = 5) -> list[Suggestion]:
        """The `top` best sub-activities for a proposal text, best first ([] if nothing fits)."""
        if top <= 0:
            return []
        query, text_levels, text_units = self._query(text)
        if not query:
            return []
        scores: dict[int, float] = {}
        get = scores.get
        postings = self._postings
        best = self._best
        norm = 0.0
        for term, info in query.items():
            docs = postings.get(term)
            if docs is None:
                continue
            weight = info.weight
            norm += weight * best[term]
            for doc, contribution in docs.items():
                scores[doc] = get(doc, 0.0) + weight * contribution
        # Nearest-example vote: each sub-activity adds the score of its best coded example.
        nearest: dict[int, tuple[float, int]] = {}
        if len(self._examples):
            nearest = self._examples.vote(query)
            example_best = self._examples.best
            for term, info in query.items():
                norm += EXAMPLE_VOTE * info.weight * example_best.get(term, 0.0)
            for doc, (score, _) in nearest.items():
                scores[doc] = get(doc, 0.0) + EXAMPLE_VOTE * score
        if not scores:
            return []
        norm = norm or 1.0
        codes = self.codes
        # Re-rank the leaders by how much of each one's *name* the text covers: "meja kursi SMP"
        # is "Pengadaan Mebel Sekolah" (all of it covered), not "Penyediaan Biaya Personil
        # Peserta Didik SMP" (biaya, personil not asked for).
        pool = heapq.nlargest(RERANK_POOL, scores.items(), key=itemgetter(1))
        plain_build = not any(term in query for term in ACTION_STEMS)
        reranked: dict[int, float] = {}
        for doc, raw in pool:
            terms = self._name_terms[doc]
            coverage = sum(w for t, w in terms if t in query) / self._name_mass[doc]
            if doc in nearest:
                # The best example is another name of the sub-activity, in the writers' words.
                example = nearest[doc][1]
                example_terms = self._examples.terms[example]
                example_covered = sum(w for t, w in example_terms if t in query)
                example_coverage = example_covered / self._examples.mass[example]
                coverage = max(coverage, EXAMPLE_COVERAGE * example_coverage)
            factor = NAME_FLOOR + (1.0 - NAME_FLOOR) * coverage
            if plain_build and self._build_first[doc]:
                factor *= BUILD_PRIOR
            if codes[doc].startswith("X."):
                factor *= SUPPORT_PRIOR
            if text_levels:
                doc_levels = self._levels[doc]
                if doc_levels:
                    factor *= LEVEL_MATCH if doc_levels & text_levels else LEVEL_MISMATCH
            if text_units:
                doc_unit = self._units[doc]
                if doc_unit is not None:
                    factor *= UNIT_MATCH if doc_unit in text_units else UNIT_MISMATCH
            reranked[doc] = raw * factor
        ranked = heapq.nsmallest(top, reranked.items(), key=lambda item: (-item[1], codes[item[0]]))
        suggestions = []
        for doc, raw in ranked:
            if raw <= MIN_SCORE:
                continue
            matched = self._matched(doc, query)
            suggestions.append(
                Suggestion(
                    code=codes[doc],
                    score=round(min(1.0, raw / norm), 4),
                    matched=matched,
                    explanation=", ".join(matched),
                )
            )
        return suggestions

    def match_many(self, texts: Sequence[str], top: int = 5) -> list[list[Suggestion]]:
        """`match` for each text, in order."""
        return [self.match(text, top) for text in texts]

    def clear_caches(self) -> None:
        """Forget memoised spelling corrections (for timing cold runs)."""
        self._fuzzy_cache.clear()

    def _matched(self, doc: int, query: dict[str, _Term]) -> tuple[str, ...]:
        by_surface: dict[str, float] = {}
        for term, info in query.items():
            contribution = self._postings.get(term, {}).get(doc)
            if contribution is None:
                continue
            for surface, weight in info.surfaces.items():
                value = weight * contribution
                if value > by_surface.get(surface, 0.0):
                    by_surface[surface] = value
        ordered = sorted(by_surface.items(), key=lambda item: (-item[1], item[0]))
        return tuple(surface for surface, _ in ordered)

    def _query(self, text: str) -> tuple[dict[str, _Term], frozenset[str], frozenset[str]]:
        """Weighted index terms of a text, each with the user's words it came from; the levels
        (SD, SMP, PAUD, nonformal) the text names; the unit families it counts in."""
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
        for i in range(n_words):
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
        for position, word in enumerate(all_words):
            if position and clause_of[position] != clause_of[position - 1]:
                previous = None
            if not is_content(word):
                previous = None
                continue
            at = position_weight[position]
            term = stem(word)
            if term in postings:
                add(term, at, word)
                counts[term] = counts.get(term, 0) + 1
                if previous is not None:
                    add(f"{previous[0]}_{term}", BIGRAM_WEIGHT * at, f"{previous[1]} {word}")
                previous = (term, word)
                continue
            previous = None
            if consumed[position] or not word.isalpha() or len(word) < 4 or fuzzy_budget <= 0:
                continue
            fuzzy_budget -= 1
            correction = self._correct(word)
            if correction is None:
                continue
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
        return query, self._text_levels(all_words), _quantity_units(all_words)

    @staticmethod
    def _position_weights(parts: list[list[str]], clause_of: list[int]) -> list[float]:
        """Per word: how much it says about what is asked.

        In a long text, words outside the clauses that ask count BACKGROUND_WEIGHT. In the first
        clause that asks (the whole text when it is short), the first OBJECT_WORDS content words
        after the action ("pembangunan *pustu lengkap* dengan rumah petugas, air bersih ...")
        name the thing asked for and count OBJECT_BOOST.
        """
        content = sum(1 for part in parts for w in part if is_content(w))
        asking = [True] * len(parts)
        if len(parts) >= 2 and content >= LONG_TEXT_WORDS:
            found = [False] * len(parts)
            for number, part in enumerate(parts):
                marker = [i for i, w in enumerate(part) if w in REQUEST_WORDS]
                heads = [stem(w) for w in part if is_content(w)]
                if marker or (heads and heads[0] in REQUEST_HEADS):
                    found[number] = True
                # "Usulan: pembangunan ..." — a marker that ends its clause announces the next.
                if marker and number + 1 < len(parts):
                    after = [w for w in part[marker[-1] + 1 :] if is_content(w)]
                    if len(after) < 2:
                        found[number + 1] = True
            if any(found):
                asking = found
        weights = [1.0 if asking[c] else BACKGROUND_WEIGHT for c in clause_of]
        if all(asking) or OBJECT_WORDS <= 0:
            return weights
        offset = 0
        for number, part in enumerate(parts):
            if not asking[number]:
                offset += len(part)
                continue
            start = 0
            for i, w in enumerate(part):
                if w in REQUEST_WORDS or (is_content(w) and stem(w) in REQUEST_HEADS):
                    start = i + 1
                    break
            taken = 0
            for i in range(start, len(part)):
                if taken >= OBJECT_WORDS:
                    break
                w = part[i]
                if not is_content(w) or w in REQUEST_WORDS or stem(w) in REQUEST_HEADS:
                    continue
                weights[offset + i] = OBJECT_BOOST
                taken += 1
            if taken:
                break
            offset += len(part)
        return weights

    def _text_levels(self, all_words: list[str]) -> frozenset[str]:
        found: set[str] = set()
        keys = self._level_keys
        for i in range(len(all_words)):
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


def rank_of(suggestions: Sequence[Suggestion], codes: Iterable[str]) -> int | None:
    """1-based rank of the first suggestion whose code is among `codes`, or None."""
    wanted = set(codes)
    for rank, suggestion in enumerate(suggestions, start=1):
        if suggestion.code in wanted:
            return rank
    return None


__all__ = [
    "FIELD_WEIGHTS",
    "Entry",
    "MatchIndex",
    "Suggestion",
    "bidang_of",
    "government_allows",
    "rank_of",
]
