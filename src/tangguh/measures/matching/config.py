"""Constants of the matcher: BM25F field weights, re-ranking factors, levels and units."""

from __future__ import annotations

import re

from tangguh.measures.text_id import (
    stem,
    word_set,
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
# Two words written without the space between them ("PEMBANGUNANSARANA"): both parts count,
# a little less than words written apart.
GLUED_FACTOR = 0.9
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
# Frame words: what a sub-activity does and with which generic means, shared by the names of
# many bidang ("Pengelolaan", "Koordinasi", "Penyediaan", "Sarana", "Prasarana", "Pembangunan"):
# stems in the names of at least FRAME_BIDANG bidang. In a budget name ("Pengadaan Sarana dan
# Prasarana Puskesmas") they outnumber the one word that says what (puskesmas), so they weigh
# FRAME_WEIGHT in the query (word pairs of two frame words too).
FRAME_BIDANG = 15
FRAME_WEIGHT = 0.5
# The research agency's own sub-activities (bidang 5.05 Penelitian dan Pengembangan: programmes
# "Penelitian dan Pengembangan Daerah", "Riset dan Inovasi Daerah") are rarely what a village or
# an office proposes: "Pengembangan BUMDesa" asks to develop the enterprise, not to study it. They
# count RESEARCH_PRIOR unless the text names research itself.
RESEARCH_PREFIXES: tuple[str, ...] = ("5.05.",)
RESEARCH_STEMS: frozenset[str] = frozenset(
    stem(w) for w in word_set("penelitian riset kajian litbang inovasi studi survei")
)
RESEARCH_PRIOR = 0.7
# Sub-activities whose name opens with an office's own paperwork (coordination, planning
# documents, monitoring, reports: "Koordinasi dan Sinkronisasi Penyediaan Prasarana Olahraga",
# "Penyusunan Rencana ... Jalan") are what an office does around a work, not the work a
# proposal asks for ("sarana olahraga bola voli"); they count ADMIN_PRIOR unless the text names
# such paperwork itself ("penyusunan dokumen RPB", "pendataan ...").
ADMIN_VERBS: frozenset[str] = word_set(
    "koordinasi sinkronisasi penyusunan pemantauan evaluasi pelaporan analisis monitoring"
    " penetapan perumusan verifikasi survey survei"
)
ADMIN_STEMS: frozenset[str] = frozenset(stem(w) for w in ADMIN_VERBS) | frozenset(
    stem(w) for w in word_set("dokumen rencana kajian laporan data pendataan kebijakan")
)
# 0.85 in the eighth round; 0.7 (as RESEARCH_PRIOR) since the ninth, when "Survey ..." joined
# (two tuning texts gained, no written split moved).
ADMIN_PRIOR = 0.7
# Stems that say the text asks for something other than building new (repair, upkeep, ...).
ACTION_STEMS: frozenset[str] = word_set(
    "rehabilitasi baik lihara rawat tingkat optimalisasi luas operasi revitalisasi"
    " rekonstruksi pelebaran ganti"
)
# What the text asks to do with its object, read from its first action verb: build or procure
# something new, or repair / maintain what exists. The 2027 nomenclature keeps the two apart for
# the same object ("Pembangunan Puskesmas" / "Rehabilitasi dan Pemeliharaan Puskesmas",
# "Pembangunan Jalan" / "Rehabilitasi Jalan" / "Pemeliharaan Berkala Jalan"), so a sub-activity
# whose name opens with verbs of the same kind gains VERB_MATCH, and one of the other kind
# VERB_MISMATCH. Names that open with both kinds ("Pembangunan/Rehabilitasi ...") or neither
# ("Pengelolaan ...", "Fasilitasi ...") are left as they are. The noun "bangunan" (a building)
# is not a verb.
REPAIR_VERBS: frozenset[str] = word_set(
    "rehab rehap direhab merehab rehabilitasi merehabilitasi direhabilitasi renovasi merenovasi"
    " direnovasi perbaikan memperbaiki diperbaiki perbaiki pemeliharaan memelihara dipelihara"
    " perawatan merawat dirawat pemugaran"
)
NEW_VERBS: frozenset[str] = word_set(
    "pembangunan membangun dibangun bangun pembuatan membuat dibuat pengadaan mengadakan"
    " diadakan pembelian membeli dibeli penyediaan menyediakan disediakan pemasangan memasang"
    " dipasang penambahan"
)
# Degrees of damage or repair after a repair verb (ringan / sedang / berat, as in the building
# damage classes of the public-works rules) say how much, not what.
DEGREE_WORDS: frozenset[str] = word_set("ringan sedang berat")
DEGREE_WEIGHT = 0.3
# The noun "bangunan" (a building) after a repair verb names what is repaired ("rehab bangunan
# puskesmas pembantu"); its stem is that of "pembangunan", so read it pulls the *new* building up
# (in the score and in the name coverage). There it is left out: "rehab bangunan puskesmas" is
# read as "rehab puskesmas".
REPAIRED_NOUNS: frozenset[str] = word_set("bangunan")
VERB_MATCH = 1.05
VERB_MISMATCH = 0.9
# A short list item that names only an object ("Embung", "Rumah pompa", "Tandon air": at most
# SHORT_ITEM_WORDS words, none of them an action) asks for that object to exist, as a line of a
# village's list of needs does: it is read as a "new" request for the kind of action above.
SHORT_ITEM_WORDS = 3

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
# A reason given after the object ("perbaikan irigasi yang rusak akibat longsor", "sumur bor
# karena warga kesulitan air bersih", "lubang resapan agar tidak banjir") says why, not what:
# the words after the marker, to the end of the clause, weigh REASON_WEIGHT.
REASON_MARKERS: frozenset[str] = word_set(
    "karena akibat sebab disebabkan lantaran sehingga agar supaya mengingat"
)
REASON_WEIGHT = 0.5
# "Bantuan X" asks for X: the word "bantuan" before what is asked says "please provide", it is
# not the "bantu" of "Alat Bantu" (aids for the disabled) or of "Bantuan Keuangan". Its own
# word weighs AID_WEIGHT there (its lexicon reading, pengadaan / penyediaan, and its word pair
# with the next word stay).
AID_WORDS: frozenset[str] = word_set("bantuan bantu")
AID_WEIGHT = 0.4
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
