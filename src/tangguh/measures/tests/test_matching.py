"""The proposal → sub-activity matcher, its Indonesian text handling and its evaluation set.

Pure Python: the shipped nomenclature is read from its gzip CSV, no database is used. Timings are
never asserted here (see bench/matching.py); accuracy on the dev split is, as a regression guard.
"""

import csv
import random
from pathlib import Path

import pytest

from tangguh.measures import matching
from tangguh.measures.definition_text import definition_core, definition_passages
from tangguh.measures.matching import (
    Entry,
    MatchIndex,
    Suggestion,
    _quantity_units,
    _unit_family,
    bidang_of,
    government_allows,
    rank_of,
)
from tangguh.measures.nomenclature_file import load_entries
from tangguh.measures.text_id import clauses, normalise, stem, tokens, words

PACKAGE = Path(__file__).resolve().parents[2]
NOMENCLATURE = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027.csv.gz"
DEFINITIONS = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027_definisi_operasional.csv.gz"
EVALUATION = PACKAGE / "measures" / "data" / "matching_eval.csv"
BLIND = EVALUATION.with_name("matching_eval_blind.csv")


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_entries(NOMENCLATURE, DEFINITIONS)


@pytest.fixture(scope="module")
def index(entries) -> MatchIndex:
    return MatchIndex.build(entries)


def codes_of(suggestions: list[Suggestion]) -> list[str]:
    return [s.code for s in suggestions]


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forms", "root"),
    [
        (("pembangunan", "membangun", "dibangun", "bangunan", "bangun"), "bangun"),
        (("penyediaan", "menyediakan", "disediakan"), "sedia"),
        (("perbaikan", "memperbaiki", "diperbaiki"), "baik"),
        (("pelatihan", "melatih", "dilatih"), "latih"),
        (("pemeliharaan", "memelihara", "dipelihara"), "lihara"),
        (("pengelolaan", "mengelola", "dikelola"), "kelola"),
        (("pengembangan", "dikembangkan", "mengembangkan"), "kembang"),
        (("penanganan", "ditangani", "menangani"), "tangan"),
        (("pertanian", "petani", "bertani"), "tani"),
        (("perumahan", "rumah", "rumahnya"), "rumah"),
        (("kesehatan", "sehat"), "sehat"),
        (("penyuluhan", "menyuluh"), "suluh"),
        (("pemukiman", "permukiman"), "mukim"),
    ],
)
def test_stemmer_brings_the_forms_of_a_word_together(forms, root):
    assert {stem(form) for form in forms} == {root}


@pytest.mark.parametrize(
    "word", ["rehabilitasi", "jalan", "ikan", "pangan", "sekolah", "irigasi", "embung", "sungai"]
)
def test_stemmer_leaves_roots_and_foreign_words_alone(word):
    assert stem(stem(word)) == stem(word)
    assert stem(word) in {word, "pang"}  # `pangan` is cut consistently; the others untouched


def test_stemmer_keeps_words_that_would_collide():
    assert stem("penyandang") != stem("sandang")
    assert stem("penyakit") != stem("sakit")


def test_normalise_folds_case_accents_punctuation_and_control_characters():
    folded = normalise("Pembangunan TPS-3R di Désa\x00 Oelnasi!!")
    assert folded == "pembangunan tps 3r di desa oelnasi"
    assert normalise(None) == ""
    assert normalise(b"bak air \xff hujan") == "bak air hujan"
    assert normalise("🚰 air bersih 💧") == "air bersih"
    assert words("jln. rusak 2 km") == ["jln", "rusak", "2", "km"]


def test_tokens_drop_stopwords_and_numbers():
    assert tokens("Pembangunan jalan untuk 40 KK di Dusun 2") == ["bangun", "jalan"]


# --- codes and government ------------------------------------------------------------------


def test_bidang_of():
    assert bidang_of("1.05.03.2.01.0008") == "1.05"
    assert bidang_of("X.XX.01.2.06.0002") == "X.XX"


@pytest.mark.parametrize(
    ("code", "government", "allowed"),
    [
        ("1.05.03.2.01.0008", "kabkota", True),
        ("1.05.03.1.01.0008", "kabkota", False),
        ("1.05.03.1.01.0008", "provinsi", True),
        ("1.05.03.2.01.0008", "provinsi", False),
        ("1.01.02.3.01.0001", "kabkota", False),  # special region (Papua)
        ("1.01.02.7.01.0001", "provinsi", False),  # special region (Aceh)
        ("X.XX.01.2.06.0002", "kabkota", True),
        ("X.XX.01.1.06.0002", "provinsi", True),
        ("X.XX.01.3.01.0001", "kabkota", False),
        ("1.05.03.2.01.0008", "kecamatan", False),
        ("garbage", "kabkota", False),
    ],
)
def test_government_allows(code, government, allowed):
    assert government_allows(code, government) is allowed


def test_load_entries_keeps_only_what_a_regency_may_use(entries):
    codes = [e.code for e in entries]
    assert len(codes) == len(set(codes)) > 2500
    assert all(government_allows(code, "kabkota") for code in codes)
    assert "X.XX.01.3.01.0001" not in codes
    assert any(code.startswith("X.XX.01.2.") for code in codes)
    first = next(e for e in entries if e.code == "1.05.03.2.01.0008")
    assert first.kegiatan == "Pelayanan Informasi Rawan Bencana Kabupaten/Kota"
    assert first.program == "PROGRAM PENANGGULANGAN BENCANA"
    assert "KETENTERAMAN" in first.bidang
    assert first.definition  # definisi operasional joined in


def test_build_can_filter_by_government():
    entries = [
        Entry("1.05.03.2.01.0008", "Penyusunan Kajian Risiko Bencana Kabupaten/Kota"),
        Entry("1.05.03.1.01.0005", "Penyusunan Kajian Risiko Bencana Provinsi"),
        Entry("1.05.03.3.01.0001", "Penyusunan Kajian Risiko Bencana Otsus"),
    ]
    kab = MatchIndex.build(entries, government="kabkota")
    assert kab.codes == ["1.05.03.2.01.0008"]
    assert codes_of(kab.match("kajian risiko bencana")) == ["1.05.03.2.01.0008"]
    prov = MatchIndex.build(entries, government="provinsi")
    assert codes_of(prov.match("kajian risiko bencana")) == ["1.05.03.1.01.0005"]


# --- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "acceptable"),
    [
        ("rehab RTLH utk warga miskin", {"1.04.04.2.01.0001", "1.04.03.2.03.0002"}),
        ("Pembangunan bak penampung air hujan untuk 40 KK di Dusun 2", {"1.03.03.2.01.0022"}),
        ("normalisasi kali yang sering banjir", {"1.03.02.2.01.0093"}),
        ("pelatihan kader posyandu", {"1.02.05.2.03.0001", "2.13.05.2.01.0003"}),
        ("MCK umum untuk 20 KK", {"1.03.05.2.01.0051"}),
        ("pembentukan Destana di desa rawan longsor", {"1.05.03.2.02.0020"}),
        ("JUT ke kebun kelompok tani 800 m", {"3.27.03.2.02.0003"}),
        ("PMT balita gizi kurang di posyandu", {"1.02.02.2.02.0015", "1.02.02.2.02.0004"}),
    ],
)
def test_village_wording_finds_the_sub_activity(index, text, acceptable):
    suggestions = index.match(text, top=3)
    assert suggestions[0].code in acceptable, [(s.code, s.explanation) for s in suggestions]


def test_abbreviation_expansion_is_shown_with_the_users_word(index):
    top = index.match("rehab RTLH utk warga miskin")[0]
    assert any(m.startswith("rumah tidak layak huni") and m.endswith("(rtlh)") for m in top.matched)
    spam = index.match("perluasan SPAM perpipaan desa")[0]
    assert any("(spam)" in m for m in spam.matched)


def test_misspellings_are_corrected(index):
    suggestions = index.match("pembangnan jembtan gantung di kali", top=3)
    assert "1.03.10.2.01.0069" in codes_of(suggestions)
    assert any("pembangnan" in m or "jembtan" in m for m in suggestions[0].matched)


def test_explanation_lists_the_matched_words(index):
    top = index.match("Pembangunan jembatan penghubung dusun, panjang 25 m")[0]
    assert top.code == "1.03.10.2.01.0069"
    assert "jembatan" in top.matched
    assert "jembatan" in top.explanation
    assert top.explanation == ", ".join(top.matched)


def test_scores_are_ordered_and_between_zero_and_one(index):
    suggestions = index.match("sumur bor untuk air minum warga", top=10)
    assert len(suggestions) == 10
    scores = [s.score for s in suggestions]
    assert all(0.0 < s <= 1.0 for s in scores)
    assert len({s.code for s in suggestions}) == 10


def test_long_text(index):
    paragraph = (
        "Desa kami berada di lereng dan setiap tahun terjadi longsor kecil. Dalam rencana "
        "pengurangan risiko bencana desa, warga sepakat membentuk forum PRB, membuat peta risiko "
        "dan jalur evakuasi, memasang papan informasi dan melakukan latihan evakuasi sekali "
        "setahun. Kami mohon dukungan BPBD untuk pendampingan desa tangguh bencana. "
    )
    suggestions = index.match(paragraph * 20, top=5)
    assert "1.05.03.2.02.0020" in codes_of(suggestions)
    assert all(s.code.startswith("1.0") for s in suggestions[:3])


@pytest.mark.parametrize(
    "text",
    ["", "   ", "!!!???...,,,", "\x00\x00\x00", "🙂🚰💧🔥", "12345 678", "x", None],
)
def test_empty_or_meaningless_text_gives_nothing(index, text):
    assert index.match(text) == []


def test_hostile_text_is_handled(index):
    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \x00\n\t🙂é.,;'\"<>&"
    noise = "".join(rng.choice(alphabet) for _ in range(100_000))
    suggestions = index.match(noise, top=5)
    assert len(suggestions) <= 5
    assert all(0.0 <= s.score <= 1.0 for s in suggestions)
    assert index.match("<script>alert(1)</script> '; DROP TABLE x; --") is not None
    assert index.match("jembatan\x00rusak") != []
    assert index.match("air bersih", top=0) == []


def test_match_many_matches_each_text(index):
    texts = ["bedah rumah", "", "embung desa"]
    results = index.match_many(texts, top=2)
    assert [len(r) for r in results] == [2, 0, 2]
    assert results[0] == index.match("bedah rumah", top=2)


def test_results_are_deterministic(entries, index):
    text = "perbaikan pipa air minum desa yang bocor"
    first = index.match(text, top=10)
    assert index.match(text, top=10) == first
    shuffled = list(entries)
    random.Random(11).shuffle(shuffled)
    assert MatchIndex.build(shuffled).match(text, top=10) == first
    index.clear_caches()
    assert index.match(text, top=10) == first


# --- evaluation set ------------------------------------------------------------------------


def read_evaluation() -> list[dict[str, str]]:
    with EVALUATION.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_evaluation_set_is_well_formed(entries):
    rows = read_evaluation()
    assert list(rows[0]) == ["id", "text", "codes", "sector", "style", "note", "split"]
    assert len(rows) >= 350
    assert len({r["id"] for r in rows}) == len(rows)
    known = {e.code for e in entries}
    for row in rows:
        assert row["text"].strip()
        assert row["split"] in {"dev", "holdout"}
        assert row["codes"].split()
        assert set(row["codes"].split()) <= known, row["id"]
    dev = sum(r["split"] == "dev" for r in rows)
    assert 0.4 < dev / len(rows) < 0.6


def test_dev_accuracy_does_not_regress(index):
    """A regression guard on the dev split (deterministic; the floors are in the bench)."""
    rows = [r for r in read_evaluation() if r["split"] == "dev"]
    top1 = sum(rank_of(index.match(r["text"], 5), r["codes"].split()) == 1 for r in rows)
    assert top1 / len(rows) >= 0.80


def test_blind_set_when_present_is_well_formed(entries):
    """The blind set is written apart; only its shape is checked here, never its content."""
    if not BLIND.exists():
        pytest.skip("no blind evaluation set yet")
    with BLIND.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "text", "codes", "sector", "style", "note", "split"]
    known = {e.code for e in entries}
    main_ids = {r["id"] for r in read_evaluation()}
    for row in rows:
        assert row["split"] == "blind"
        assert row["id"] not in main_ids
        assert set(row["codes"].split()) <= known


# --- clauses, levels, units, long texts ------------------------------------------------------


def test_clauses_split_sentences_colons_and_lines_but_not_numbers():
    text = "Kemarau 1.000 m3, Rp150.000 per tangki. Usulan: pembangunan embung!\nbaris dua; akhir"
    parts = clauses(text)
    assert parts == [
        ["kemarau", "1", "000", "m3", "rp150", "000", "per", "tangki"],
        ["usulan"],
        ["pembangunan", "embung"],
        ["baris", "dua"],
        ["akhir"],
    ]
    assert [w for part in parts for w in part] == words(text)
    assert clauses(None) == []
    assert clauses("...") == []


def _sibling_entries() -> list[Entry]:
    # One sub-activity copied under the kegiatan of each school level, as in the nomenclature.
    kegiatan = {
        "1": "Pengelolaan Pendidikan Sekolah Dasar",
        "2": "Pengelolaan Pendidikan Sekolah Menengah Pertama",
        "3": "Pengelolaan Pendidikan Anak Usia Dini (PAUD)",
        "4": "Pengelolaan Pendidikan Nonformal/Kesetaraan",
    }
    return [
        Entry(code=f"1.01.02.2.0{k}.0001", name="Rehabilitasi Ruang Kelas", kegiatan=name)
        for k, name in kegiatan.items()
    ] + [Entry(code="1.01.02.2.09.0001", name="Pengadaan Mebel Sekolah", kegiatan="Sekolah")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("rehab ruang kelas SMPN 3 yang bocor", "1.01.02.2.02.0001"),
        ("rehab ruang kelas TK Kasih", "1.01.02.2.03.0001"),
        ("rehab ruang kelas PKBM Harapan", "1.01.02.2.04.0001"),
    ],
)
def test_level_words_choose_between_copies_of_a_sub_activity(text, code):
    index = MatchIndex.build(_sibling_entries())
    assert codes_of(index.match(text, 4))[0] == code


def test_without_a_level_word_the_copies_tie_and_the_first_code_leads():
    index = MatchIndex.build(_sibling_entries())
    suggestions = index.match("rehab ruang kelas yang bocor", 4)
    assert len({s.score for s in suggestions}) == 1
    assert suggestions[0].code == "1.01.02.2.01.0001"


def test_level_words_choose_the_copy_in_the_real_nomenclature(index, entries):
    kegiatan = {e.code: e.kegiatan for e in entries}
    top = codes_of(index.match("rehab ruang kelas SMP yang atapnya bocor", 1))[0]
    assert "Menengah Pertama" in kegiatan[top]
    top = codes_of(index.match("rehab ruang kelas PAUD yang atapnya bocor", 1))[0]
    assert "Anak Usia Dini" in kegiatan[top]
    # "anak usia SD" names the primary level, not early childhood ("usia dini").
    top = codes_of(index.match("ruang kelas baru bagi anak usia SD di kampung", 1))[0]
    assert "Sekolah Dasar" in kegiatan[top]


def test_quantities_give_the_unit_family_the_text_counts_in():
    assert _quantity_units(words("saluran drainase 300 m dan 2 unit gorong2")) == {
        "length",
        "object",
    }
    assert _quantity_units(words("jamban keluarga 35 KK")) == {"household"}
    assert _quantity_units(words("cetak sawah 80ha, embung 1.000 m3")) == {"area", "quantity"}
    assert _quantity_units(words("tahun 2027 di RT 3")) == frozenset()
    assert _unit_family("Unit Rumah") == "household"
    assert _unit_family("Laporan / Dokumen") == "document"
    assert _unit_family("Sistem Informasi") is None


def test_a_quantity_prefers_sub_activities_with_a_matching_unit():
    entries = [
        Entry(code="2.01.01.2.01.0001", name="Saluran Drainase Lingkungan", unit="Dokumen"),
        Entry(code="2.01.01.2.01.0002", name="Saluran Drainase Lingkungan", unit="Meter"),
    ]
    index = MatchIndex.build(entries)
    assert codes_of(index.match("saluran drainase lingkungan", 2))[0] == "2.01.01.2.01.0001"
    assert codes_of(index.match("saluran drainase lingkungan 300 m", 2))[0] == "2.01.01.2.01.0002"


def test_a_long_text_is_read_for_its_request_not_its_background():
    entries = [
        Entry(code="3.27.01.2.01.0001", name="Penanganan Kekeringan Tanaman Jagung"),
        Entry(code="3.27.01.2.01.0002", name="Pembangunan Embung Pertanian"),
    ]
    index = MatchIndex.build(entries)
    background = (
        "Setiap musim kemarau kekeringan merusak tanaman jagung petani di desa kami, "
        "jagung layu dan kekeringan membuat tanaman jagung gagal panen. "
    )
    long_text = background + "Kami mengusulkan pembangunan embung pertanian."
    assert codes_of(index.match(long_text, 2))[0] == "3.27.01.2.01.0002"
    # The same words as one short clause are all read at full weight.
    assert index.match("kekeringan tanaman jagung, embung", 1)[0].code == "3.27.01.2.01.0001"


def test_a_request_announced_by_a_colon_is_the_request():
    text = (
        "Kelompok tani hortikultura kekurangan air di musim kemarau panjang. "
        "Jagung, sayur dan bawang merah gagal panen tiap tahun di desa pesisir ini. "
        "Usulan: pembangunan embung kecil di lahan kelompok dengan pipa ke kebun."
    )
    parts = clauses(text)
    clause_of = [n for n, part in enumerate(parts) for _ in part]
    weights = MatchIndex._position_weights(parts, clause_of)
    flat = words(text)
    by_word = dict(zip(flat, weights, strict=True))
    assert by_word["hortikultura"] == by_word["jagung"] == matching.BACKGROUND_WEIGHT
    assert by_word["usulan"] == by_word["pembangunan"] == 1.0  # the request and its action
    # The first OBJECT_WORDS content words after the action: the thing asked for.
    assert by_word["embung"] == by_word["kecil"] == by_word["lahan"] == matching.OBJECT_BOOST
    assert by_word["pipa"] == by_word["kebun"] == 1.0
    # A short text is read whole.
    short = clauses("Usulan: pembangunan embung. Untuk kelompok tani.")
    short_of = [n for n, part in enumerate(short) for _ in part]
    assert MatchIndex._position_weights(short, short_of) == [1.0] * 6


@pytest.mark.parametrize(
    ("text", "acceptable"),
    [
        ("lansia terlantar yang tinggal sendiri", {"1.06.04.2.01"}),
        ("ODGJ yang dipasung keluarga", {"1.02.02.2.02.0010"}),
        ("balita gizi buruk di posyandu", {"1.02.02.2.02.0015", "1.02.02.2.02.0004"}),
        ("ibu hamil KEK dan anemia", {"1.02.02.2.02.0001", "1.02.02.2.02.0015"}),
        ("anak putus sekolah ikut paket B", {"1.01.02.2.04"}),
    ],
)
def test_target_groups_find_their_services(index, text, acceptable):
    top = codes_of(index.match(text, 3))
    assert any(code.startswith(tuple(acceptable)) for code in top), top


# --- definitions: passages, regulation lists dropped -----------------------------------------

STRUCTURED_DEFINITION = """Cakupan :
- Pembangunan unit sekolah baru di daerah yang kekurangan daya tampung
- Pengadaan alat peraga pendidikan

Operasionalisasi:
1) Pendataan kebutuhan unit sekolah baru.
2) Melaksanakan pembangunan sekolah, baik secara swakelola maupun kontraktual sesuai ketentuan.

NSPK :
1) Perpres Nomor 43 Tahun 2019 tentang Pembangunan Pasar Rakyat
2) Permendikbud Nomor 84 Tahun 2014 tentang Pendirian Satuan Pendidikan Anak Usia Dini
"""


def test_definition_is_split_into_bullets_and_steps_without_the_nspk_list():
    passages = definition_passages(STRUCTURED_DEFINITION)
    assert passages == [
        "Pembangunan unit sekolah baru di daerah yang kekurangan daya tampung",
        "Pengadaan alat peraga pendidikan",
        "Pendataan kebutuhan unit sekolah baru.",
        "Melaksanakan pembangunan sekolah.",
    ]
    joined = " ".join(passages).lower()
    for noise in ("nomor", "tahun", "tentang", "perpres", "pasar", "swakelola"):
        assert noise not in joined


def test_prose_definitions_are_split_into_sentences_and_citations_dropped():
    text = (
        "Data potensi investasi adalah data sumber daya daerah. Data tersebut diinput ke portal "
        "PIR. Penjelasan lebih lanjut terdapat dalam Peraturan Kepala BKPM Nomor 9 Tahun 2017 "
        "tentang Pedoman Penanaman Modal."
    )
    assert definition_passages(text) == [
        "Data potensi investasi adalah data sumber daya daerah.",
        "Data tersebut diinput ke portal PIR.",
    ]
    assert "Nomor" not in definition_core(text)


def test_definition_passages_are_deterministic_and_safe_on_odd_input():
    assert definition_passages("") == []
    assert definition_passages("NSPK:\n1) UU Nomor 1 Tahun 2020 tentang X") == []
    assert definition_passages("Cakupan:\n- a\n- b") == []  # no real words
    assert definition_passages(STRUCTURED_DEFINITION) == definition_passages(STRUCTURED_DEFINITION)


def test_regulation_titles_in_a_definition_do_not_make_it_match(monkeypatch):
    """With STRIP_DEFINITION, a law cited in the NSPK list names a neighbouring matter ("Pasar
    Rakyat"); a text about that matter must not find the sub-activity through the citation."""
    school = Entry(
        "1.01.02.2.01.0001", "Pembangunan Unit Sekolah Baru", definition=STRUCTURED_DEFINITION
    )
    market = Entry("3.30.03.2.01.0001", "Pembangunan Sarana Distribusi Perdagangan")
    monkeypatch.setattr(matching.config, "STRIP_DEFINITION", True)
    index = MatchIndex.build([school, market])
    assert school.code not in codes_of(index.match("pasar rakyat", 5))
    assert codes_of(index.match("alat peraga sekolah", 5))[:1] == [school.code]


# --- coded examples ("kamus usulan") ------------------------------------------------------------

BPP = "3.27.03.2.02.0008"  # Pembangunan, Rehabilitasi dan Pemeliharaan Balai Penyuluh di Kecamatan
ORCHARD_TEXT = "bangun lumbung ngaung petani di ladang"
CODED = [
    ("pondok ngaung untuk penyuluh dan petani di kecamatan", BPP),
    ("ngaung penyuluh pertanian kecamatan rusak", BPP),
    ("rehab sekolah SD yang bocor", "1.01.02.2.01.0051"),
]


@pytest.fixture(scope="module")
def learned(entries) -> MatchIndex:
    return MatchIndex.build(entries, examples=CODED)


def test_an_example_teaches_a_word_the_nomenclature_lacks(index, learned):
    text = "ngaung penyuluh di kecamatan"
    assert "ngaung" not in index._vocabulary  # the nomenclature does not know the word
    assert codes_of(index.match(text, 1)) != [BPP]
    suggestions = learned.match(text, 3)
    assert suggestions[0].code == BPP
    assert "ngaung" in suggestions[0].matched
    assert 0.0 < suggestions[0].score <= 1.0


def test_examples_work_on_a_small_nomenclature():
    entries = [
        Entry(code="3.27.01.2.01.0001", name="Penyediaan Sarana Pertanian"),
        Entry(code="3.27.01.2.01.0002", name="Pembangunan Embung Pertanian"),
    ]
    plain = MatchIndex.build(entries)
    assert plain.match("tofa dan parang", 2) == []  # a hoe, in a word no field contains
    taught = MatchIndex.build(
        entries, examples=[("bantuan tofa dan parang untuk kelompok tani", "3.27.01.2.01.0001")]
    )
    assert codes_of(taught.match("tofa dan parang 20 buah", 2))[0] == "3.27.01.2.01.0001"
    # What the nomenclature already says still decides when the text says it.
    assert codes_of(taught.match("pembangunan embung pertanian", 1)) == ["3.27.01.2.01.0002"]


TEXTS = [
    "perbaikan pipa air minum desa yang bocor",
    "rehab RTLH utk warga miskin",
    "normalisasi kali yang sering banjir",
    "ngaung penyuluh di kecamatan",
    "pelatihan kader posyandu dan PMT balita stunting",
    ORCHARD_TEXT,
]


def _results(index: MatchIndex) -> list[list[tuple[str, float, tuple[str, ...]]]]:
    return [[(s.code, s.score, s.matched) for s in index.match(t, 10)] for t in TEXTS]


def test_no_examples_gives_the_index_built_without_them(entries, index):
    expected = _results(index)
    assert _results(MatchIndex.build(entries, examples=())) == expected
    assert _results(MatchIndex.build(entries, examples=iter([]))) == expected
    assert _results(MatchIndex.build(entries, None, examples=[])) == expected


def test_examples_of_unknown_or_excluded_codes_and_blank_texts_are_ignored(entries, index):
    ignored = [
        ("ngaung penyuluh kecamatan", "9.99.99.2.99.9999"),  # no such code
        ("ngaung penyuluh kecamatan", "3.27.03.1.02.0001"),  # a provincial code, filtered out
        ("   ", BPP),  # no text
    ]
    expected = _results(index)
    assert _results(MatchIndex.build(entries, examples=ignored)) == expected
    assert _results(MatchIndex.build(entries, "kabkota", examples=ignored)) == expected


def test_examples_give_deterministic_results(entries, learned):
    first = _results(learned)
    assert _results(learned) == first
    shuffled_entries = list(entries)
    random.Random(5).shuffle(shuffled_entries)
    shuffled_examples = [*reversed(CODED), CODED[0]]  # another order, and a duplicate
    rebuilt = MatchIndex.build(shuffled_entries, examples=shuffled_examples)
    assert _results(rebuilt) == first
    learned.clear_caches()
    assert _results(learned) == first


def test_examples_from_the_other_sets_do_not_break_dev(entries):
    """Dev scored with the coded examples of the holdout (and the blind set when present)."""
    rows = read_evaluation()
    others = [r for r in rows if r["split"] != "dev"]
    if BLIND.exists():
        with BLIND.open(encoding="utf-8", newline="") as handle:
            others.extend(csv.DictReader(handle))
    examples = [(r["text"], code) for r in others for code in r["codes"].split()]
    learned = MatchIndex.build(entries, examples=examples)
    dev = [r for r in rows if r["split"] == "dev"]
    top1 = sum(rank_of(learned.match(r["text"], 5), r["codes"].split()) == 1 for r in dev)
    assert top1 / len(dev) >= 0.80


def test_the_example_vote_skips_words_most_examples_share():
    entries = [
        Entry(code="3.27.01.2.01.0001", name="Penyediaan Sarana Pertanian"),
        Entry(code="3.27.01.2.01.0002", name="Pembangunan Embung Pertanian"),
    ]
    examples = [(f"usulan dusun {n} tofa", "3.27.01.2.01.0001") for n in range(30)]
    examples.append(("usulan dusun embung lumpur", "3.27.01.2.01.0002"))
    taught = MatchIndex.build(entries, examples=examples)
    common = taught._examples.common
    assert "tofa" in common  # in 30 of 31 examples: says nothing about which is nearest
    assert "lumpur" not in common
    assert codes_of(taught.match("lumpur di dusun", 1)) == ["3.27.01.2.01.0002"]
