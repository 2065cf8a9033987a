"""How the matcher reads what a text asks (seventh round): the kind of action, budget names,
research sub-activities, public-health programme names; and that its fast paths keep results."""

import heapq
import random
from operator import itemgetter
from pathlib import Path

import pytest

from tangguh.measures.matching import Entry, MatchIndex
from tangguh.measures.matching import index as index_module
from tangguh.measures.matching.config import REASON_WEIGHT
from tangguh.measures.matching.places import strip_heading
from tangguh.measures.matching.reading import (
    _leaders,
    bare_item_kind,
    position_weights,
    verb_kind,
)
from tangguh.measures.matching.terms import budget_name, split_glued
from tangguh.measures.nomenclature_file import load_entries

PACKAGE = Path(__file__).resolve().parents[2]
NOMENCLATURE = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027.csv.gz"
DEFINITIONS = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027_definisi_operasional.csv.gz"


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(load_entries(NOMENCLATURE, DEFINITIONS))


def codes(index: MatchIndex, text: str, top: int = 3) -> list[str]:
    return [s.code for s in index.match(text, top)]


# --- the kind of action ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Pembangunan Puskesmas", "new"),
        ("Pengadaan Alat Kesehatan", "new"),
        ("Rehabilitasi dan Pemeliharaan Puskesmas", "repair"),
        ("Pemeliharaan Berkala Jalan", "repair"),
        ("Pembangunan/Rehabilitasi/Pemeliharaan Jalan", None),  # both kinds
        ("Pengelolaan Pelayanan Kesehatan Balita", None),  # neither
    ],
)
def test_a_name_opening_with_one_kind_of_verb_has_that_kind(name, kind):
    assert verb_kind(name) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("embung", "new"),
        ("rumah pompa", "new"),
        ("tandon air bersih", "new"),
        ("tandon air bersih desa", None),  # more than a list item
        ("rehab pustu", None),  # an action verb: its own kind
        ("pengaspalan jalan", None),  # an action noun
        ("pemberdayaan posyandu", None),
        ("", None),
    ],
)
def test_a_short_item_naming_only_an_object_asks_for_it_new(text, kind):
    assert bare_item_kind(text.split()) == kind


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Embung", "1.03.02.2.01.0121"),  # Pembangunan Embung dan Penampung Air Lainnya
        ("Rumah pompa", "1.03.02.2.01.0013"),  # Pembangunan Stasiun Pompa Banjir
    ],
)
def test_a_list_item_naming_an_object_gets_the_building_first(index, text, code):
    # Without the reading of bare items, the rehabilitation / upgrade led (tenth round).
    assert codes(index, text, 1) == [code]


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("Pupuk", "3.27.02.2.01."),  # a village's fertiliser: farm inputs (tenth round)
        ("bantuan pupuk organik untuk kelompok tani", "3.27.02.2.01."),
        ("pengawasan pupuk subsidi", "3.30.04.2.03."),  # the trade office's supervision stays
    ],
)
def test_fertiliser_asked_by_a_village_is_a_farm_input(index, text, prefix):
    assert codes(index, text, 1)[0].startswith(prefix)


def test_a_repair_request_lowers_what_builds_new_and_a_build_request_the_repairs(monkeypatch):
    entries = [
        Entry(code="1.02.02.2.01.0002", name="Pembangunan Puskesmas"),
        Entry(code="1.02.02.2.01.0009", name="Rehabilitasi dan Pemeliharaan Puskesmas"),
    ]

    def gap(text: str) -> float:
        scores = {s.code: s.score for s in MatchIndex.build(entries).match(text, 2)}
        return scores["1.02.02.2.01.0009"] - scores["1.02.02.2.01.0002"]

    with_rule = gap("renovasi puskesmas"), gap("pembangunan puskesmas")
    monkeypatch.setattr(index_module, "VERB_MATCH", 1.0)
    monkeypatch.setattr(index_module, "VERB_MISMATCH", 1.0)
    without = gap("renovasi puskesmas"), gap("pembangunan puskesmas")
    assert with_rule[0] > without[0]  # repairing: the repair sub-activity leads by more
    assert with_rule[1] < without[1]  # building: it trails by more


def test_a_degree_of_repair_does_not_outweigh_what_is_repaired(index, monkeypatch):
    # "Sedang/Berat" is in the names of school rehabilitation sub-activities only.
    text = "Rehabilitasi sedang/berat puskesmas"
    assert codes(index, text, 1) == ["1.02.02.2.01.0009"]  # Rehabilitasi dan Pemeliharaan Puskesmas
    monkeypatch.setattr(index_module, "DEGREE_WEIGHT", 1.0)
    assert codes(index, text, 1) != ["1.02.02.2.01.0009"]  # the degree words would decide


# --- budget names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pengadaan Sarana dan Prasarana Puskesmas", True),
        ("PEMBANGUNAN GEDUNG SEKOLAH", True),
        ("Pembinaan Lembaga Pemberdayaan Masyarakat Desa/LPMD", True),
        ("pengadaan sarana dan prasarana puskesmas di desa kami", False),
        ("Warga minta jalan desa diperbaiki karena rusak", False),
        ("Posyandu", False),  # one word says nothing about the register
    ],
)
def test_title_case_short_texts_read_as_budget_names(text, expected):
    assert budget_name(text) is expected


def test_in_a_budget_name_the_object_outweighs_the_generic_frame_words(index):
    # "Pengadaan Sarana dan Prasarana" is shared by many sectors; "Posyandu" says which.
    titled = codes(index, "Pengadaan Sarana dan Prasarana Posyandu")
    plain = codes(index, "pengadaan sarana dan prasarana posyandu")
    assert "2.13.05.2.01.0004" in titled  # facilities of LKD (RT, RW, PKK, Posyandu ...)
    assert "2.13.05.2.01.0004" not in plain


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Kegiatan Penanggulangan Bencana Alam", "Penanggulangan Bencana Alam"),
        ("Program kejar paket C untuk pemuda", "kejar paket C untuk pemuda"),
        ("Belanja Modal Pengadaan Mobil Ambulans", "Pengadaan Mobil Ambulans"),
        ("Sub kegiatan usulan: Penjaringan TBC", "Penjaringan TBC"),
        ("Program", "Program"),  # nothing would be left
        ("programmer desa", "programmer desa"),  # a whole word only
        ("pelatihan kegiatan posyandu", "pelatihan kegiatan posyandu"),  # only at the start
    ],
)
def test_a_budget_heading_before_the_item_is_not_read(text, read):
    assert strip_heading(text) == read


# --- research sub-activities -------------------------------------------------------------------


def test_developing_something_is_not_researching_it_unless_the_text_says_so(monkeypatch):
    entries = [
        Entry(code="5.05.02.2.01.0011", name="Penelitian dan Pengembangan Badan Usaha Milik Desa"),
        Entry(code="2.13.04.2.01.0008", name="Pembinaan dan Pemberdayaan Badan Usaha Milik Desa"),
    ]

    def lead(text: str) -> float:
        scores = {s.code: s.score for s in MatchIndex.build(entries).match(text, 2)}
        return scores["5.05.02.2.01.0011"] - scores["2.13.04.2.01.0008"]

    developing = "pengembangan badan usaha milik desa"
    studying = "kajian pengembangan badan usaha milik desa"
    with_prior = lead(developing), lead(studying)
    monkeypatch.setattr(index_module, "RESEARCH_PRIOR", 1.0)
    assert lead(developing) > with_prior[0]  # the research sub-activity was held back
    assert lead(studying) == with_prior[1]  # ... but not when the text asks for a study
    assert with_prior[1] > 0


# --- public-health programme names -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("vaksinasi balita", "1.02.02.2.02.0048"),  # Pengelolaan Layanan Imunisasi
        ("pemberantasan sarang nyamuk di dusun", "1.02.02.2.02.0051"),  # penyakit dengue
        ("desa siaga aktif", "1.02.05.2.03.0001"),  # UKBM
        ("bantuan pengobatan gratis pasien kurang mampu", "1.02.02.2.02.0026"),  # jaminan
    ],
)
def test_public_health_programme_names_find_their_sub_activity(index, text, code):
    assert codes(index, text, 1) == [code]


def test_a_village_ready_for_disasters_is_not_a_health_programme(index):
    assert not codes(index, "pembinaan desa siaga bencana", 1)[0].startswith("1.02.")


# --- eighth round: reasons, an office's paperwork, regional words ------------------------------


def test_the_words_of_a_reason_after_the_object_count_less():
    parts = [["perbaikan", "irigasi", "yang", "rusak", "akibat", "longsor"]]
    weights = position_weights(parts, [0] * 6)
    assert weights[1] > weights[5]  # irigasi (the object) over longsor (why)
    assert weights[5] == pytest.approx(weights[1] * REASON_WEIGHT)
    # A clause that opens with its reason is read whole.
    opening = [["karena", "jalan", "rusak", "mohon", "perbaikan"]]
    assert len(set(position_weights(opening, [0] * 5))) == 1


def test_an_offices_paperwork_is_held_back_unless_the_text_asks_for_it(monkeypatch):
    entries = [
        Entry(
            code="2.19.03.2.01.0009",
            name="Koordinasi dan Sinkronisasi Penyediaan Prasarana Olahraga",
        ),
        Entry(code="2.19.03.2.05.0009", name="Penyediaan Prasarana dan Sarana Olahraga Rekreasi"),
    ]

    def lead(text: str) -> float:
        scores = {s.code: s.score for s in MatchIndex.build(entries).match(text, 2)}
        return scores["2.19.03.2.01.0009"] - scores["2.19.03.2.05.0009"]

    asking = "penyediaan prasarana olahraga voli"
    planning = "koordinasi penyediaan prasarana olahraga voli"
    assert verb_kind(entries[0].name) == "admin"
    with_prior = lead(asking), lead(planning)
    monkeypatch.setattr(index_module, "ADMIN_PRIOR", 1.0)
    assert lead(asking) > with_prior[0]  # the coordination sub-activity was held back
    assert lead(planning) == with_prior[1]  # ... but not when the text names coordination


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("Siring pasang sepanjang 1000 meter di dusun satu", "1.03.06."),  # drainage
        ("pembangunan crossway", "1.03.10."),  # roads and bridges
        ("penimbunan jalan kantong produksi 500 meter", "3.27.03.2.02.0003"),  # jalan usaha tani
        ("bantuan alat-alat pertanian untuk kelompok tani", "3.27.02.2.01."),  # sarana pendukung
        ("pembangunan broncaptering", "1.03.0"),  # a spring box: water, not a building
        ("Pemeliharaan Jalan Desa", "1.03.10.2.01.005"),  # road upkeep, not a farm road
        ("pembangunan talud jalan desa", "1.03.10."),  # a road's retaining wall: road works
        ("perbaikan saluran di lingkungan warga", "1.03.06."),  # a plain saluran: the drain
    ],
)
def test_regional_words_for_small_works_find_their_sector(index, text, prefix):
    assert codes(index, text, 1)[0].startswith(prefix)


# --- ninth round: request fillers, surveys, words of the tuning misses ---------------------------


NAMES = {e.code: e.name for e in load_entries(NOMENCLATURE)}


def test_request_fillers_say_nothing_about_the_sector(index):
    # "mendesak" (urgent) is a word of the request, not the emergency fund's "Mendesak".
    urgent = codes(index, "Kami berharap segera ada pembangunan jalan desa yang mendesak", 3)
    assert urgent[0].startswith("1.03.10.")
    assert all("Mendesak" not in NAMES[code] for code in urgent)


def test_a_survey_is_an_offices_paperwork(index):
    # The condition of a road is described, not asked to be surveyed.
    top = codes(index, "kondisi jalan poros desa rusak berat dan berlubang", 1)[0]
    assert not NAMES[top].startswith("Survey"), NAMES[top]
    assert verb_kind("Survey Kondisi Jalan/Jembatan") == "admin"


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("pembangunan TPT jalan desa 50 meter", "1.03.10."),  # a road's retaining wall
        ("pembangunan TPO di pesisir dusun", "1.03.02.2.01.01"),  # breakwater: coast protection
        ("pembangunan balai dusun", ("2.13.05.2.01.0004", "7.01.03.2.03.0003")),  # LKD hall
        ("penataan bumi perkemahan desa", "2.19.02."),  # youth and scouting facility
        ("pemugaran petilasan di desa kami", "2.22.05."),  # heritage site
        ("perbaikan irigasi di dusun dua", "1.03.02.2.02.00"),  # the surface network
    ],
)
def test_ninth_round_words_find_their_sector(index, text, prefix):
    assert codes(index, text, 1)[0].startswith(prefix), codes(index, text, 3)


def test_two_words_written_together_are_read_apart(index):
    postings = {"bangun": 1, "sarana": 1, "jalan": 1}
    assert split_glued("pembangunansarana", postings) == ("bangun", "sarana")
    assert split_glued("pembangunanzzzz", postings) is None
    # In a proposal: the glued words find their sector as if written apart.
    apart = codes(index, "PEMBANGUNAN JEMBATAN GANTUNG DUSUN", 1)
    assert codes(index, "PEMBANGUNANJEMBATAN GANTUNG DUSUN", 1) == apart


# --- fast paths keep the results -----------------------------------------------------------------


def test_the_leaders_are_those_of_a_full_sort_ties_included():
    generator = random.Random(7)
    for _ in range(200):
        size = generator.randint(1, 400)
        # few distinct values, so that many ties fall on the cut
        scores = {
            generator.randrange(5000): generator.choice((0.1, 0.2, 0.3, 1.0)) for _ in range(size)
        }
        scores.update({generator.randrange(5000): generator.random() for _ in range(size // 3)})
        for n in (1, 5, 60):
            expected = heapq.nlargest(n, scores.items(), key=itemgetter(1))
            assert sorted(_leaders(scores, n)) == sorted(expected)


def test_stopping_the_re_ranking_early_gives_the_full_re_ranking(index, monkeypatch):
    texts = [
        "Pembangunan jalan usaha tani 500 m",
        "rehab ruang kelas SD yang rusak berat",
        "Pengadaan Sarana dan Prasarana Posyandu",
        "pelatihan kader posyandu dan pemberian makanan tambahan balita",
    ]
    fast = [index.match(text, 5) for text in texts]
    monkeypatch.setattr(index_module, "MAX_FACTOR", float("inf"))  # never stop early
    assert [index.match(text, 5) for text in texts] == fast


# --- eleventh round ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "rehab bangunan puskesmas pembantu",
        "rehabilitasi bangunan puskesmas",
        "perbaikan bangunan puskesmas",
    ],
)
def test_repairing_a_building_asks_to_repair_it_not_to_build_a_new_one(index, text):
    # "bangunan" shares its stem with "pembangunan"; after a repair verb it is left out.
    assert codes(index, text, 1)[0] in {"1.02.02.2.01.0009", "1.02.02.2.01.0010"}


def test_the_building_repaired_is_left_out_but_the_building_asked_for_is_read(index):
    # Only after a repair verb: "pembangunan gedung/bangunan puskesmas" still builds.
    assert codes(index, "pembangunan bangunan puskesmas", 1) == ["1.02.02.2.01.0002"]


@pytest.mark.parametrize(
    "text",
    [
        "Penguatan Kelembagaan Posyandu",
        "Pembinaan dan Pengembangan Posyandu",
        "Pemberdayaan Posyandu",
    ],
)
def test_a_posyandu_as_an_institution_is_community_health_effort(index, text):
    assert codes(index, text, 1) == ["1.02.05.2.03.0001"]  # UKBM


@pytest.mark.parametrize(
    "text",
    [
        "pengadaan traktor",
        "alsintan untuk kelompok tani",
        "bantuan hand tractor untuk mengolah tanah sawah",
    ],
)
def test_farm_machines_are_farm_inputs(index, text):
    assert codes(index, text, 1)[0].startswith("3.27.02.2.01.")
