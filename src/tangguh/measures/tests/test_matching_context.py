"""The matcher on real-text habits: places, kind of place, regional learning, bad input, confidence.

Pure Python on the shipped nomenclature (KABKOT rows); no database.
"""

import csv
import hashlib
import time
from pathlib import Path

import pytest

from tangguh.measures.matching import Context, Entry, MatchIndex, government_allows
from tangguh.measures.matching.calibration import (
    TABLE,
    calibrated,
    confidence,
    feature,
    fit_isotonic,
    reliability,
)
from tangguh.measures.matching.model import Suggestion
from tangguh.measures.matching.places import strip_places
from tangguh.measures.matching.routing import KELURAHAN_WORKS_CODE, routed_first
from tangguh.measures.nomenclature_file import load_entries

PACKAGE = Path(__file__).resolve().parents[2]
NOMENCLATURE = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027.csv.gz"
DEFINITIONS = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027_definisi_operasional.csv.gz"
LABELS = PACKAGE / "measures" / "data" / "usulan_real_labels.csv"
SOURCES = PACKAGE / "measures" / "data" / "usulan_real_sources.csv"


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_entries(NOMENCLATURE, DEFINITIONS, jenis_pemda="KABKOT", government="kabkota")


@pytest.fixture
def index(entries) -> MatchIndex:
    # Function-scoped: tests below teach regions, which must not leak into other tests.
    return MatchIndex.build(entries)


def codes(suggestions) -> list[str]:
    return [s.code for s in suggestions]


# --- places ---------------------------------------------------------------------------------


def test_names_after_place_markers_are_set_aside_but_the_marker_stays():
    known = {"jalan", "sungai", "umum", "baru", "kampung"}.__contains__
    cleaned, places = strip_places("Perbaikan jalan di Desa Manumutin Silole RT 03/RW 02", known)
    assert "Manumutin" not in cleaned
    assert "Silole" not in cleaned
    assert "03" not in cleaned
    assert "Desa" in cleaned
    assert "jalan" in cleaned
    assert "Manumutin" in places
    cleaned, _ = strip_places("Talud Jalan Sungai Mati (Kecamatan Amfoang Barat)", known)
    assert "Amfoang" not in cleaned
    assert "Mati" not in cleaned
    assert "Sungai" in cleaned  # a known word stays: only unknown names are set aside


def test_a_nomenclature_phrase_after_a_marker_is_not_a_name():
    phrase = lambda marker, word: (marker, word) == ("jalan", "usaha")  # noqa: E731
    cleaned, places = strip_places("Pembangunan Jalan Usaha Tani", lambda w: False, phrase)
    assert "Usaha" in cleaned
    assert not places


def test_a_quantity_after_a_marker_is_not_a_house_number():
    cleaned, places = strip_places("saluran drainase jalan 300 m", lambda w: False)
    assert "300" in cleaned
    assert not places


def test_a_landmark_does_not_decide_the_sector(index):
    top = index.match("perbaikan saluran drainase di RT 03 depan SD Inpres Oelbiteno", 1)[0]
    assert top.code.startswith("1.03.06.")  # drainage, not a school


# --- kind of place and routing --------------------------------------------------------------


def test_a_kelurahan_work_goes_first_through_the_kecamatan(index):
    # Building or repairing a small work: the kecamatan's own sub-activity (dana kelurahan)
    # first, the agency's work right after it (tenth round).
    kelurahan = Context(place_kind="kelurahan", region_kind="city")
    for text, prefix in [
        ("pembangunan drainase lingkungan", "1.03.06."),
        ("perbaikan jalan lingkungan", "1.04.05."),
    ]:
        suggestions = index.match(text, 5, kelurahan)
        assert suggestions[0].code == KELURAHAN_WORKS_CODE
        assert suggestions[0].route == "kelurahan"
        assert suggestions[1].code.startswith(prefix)
        assert suggestions[1].route == ""


def test_a_kelurahan_service_keeps_the_agency_first_and_the_kecamatan_second(index):
    # Waste collection is the agency's service, not a work the kelurahan builds.
    kelurahan = Context(place_kind="kelurahan", region_kind="city")
    suggestions = index.match("pengangkutan sampah", 5, kelurahan)
    assert suggestions[0].code.startswith("2.11.11.")
    assert suggestions[1].code == KELURAHAN_WORKS_CODE
    assert suggestions[1].route == "kelurahan"


@pytest.mark.parametrize(
    ("kind", "first"), [("new", True), ("repair", True), (None, False), ("admin", False)]
)
def test_only_building_repairing_or_procuring_routes_first(kind, first):
    assert routed_first(kind) is first


def test_a_village_never_gets_the_kelurahan_routing(index):
    desa = Context(place_kind="desa", region_kind="regency")
    suggestions = index.match("pembangunan drainase lingkungan", 5, desa)
    assert KELURAHAN_WORKS_CODE not in codes(suggestions)
    assert all(not s.route for s in suggestions)


def test_routing_can_be_switched_off(index):
    context = Context(place_kind="kelurahan", routing=False)
    suggestions = index.match("pembangunan drainase lingkungan", 5, context)
    assert all(s.route == "" for s in suggestions)


# --- learning per region ---------------------------------------------------------------------


def test_a_confirmed_example_counts_on_the_next_call_for_that_region_only(index):
    text = "bantuan tenda lipat untuk kelompok arisan ibu-ibu"
    code = "2.13.05.2.01.0004"
    assert index.match(text, 1)[0].code != code
    assert index.learn("5301", "tenda lipat kelompok arisan", code)
    mine = index.match(text, 1, Context(region="5301"))[0]
    assert mine.code == code
    assert any(e.source == "region" for e in mine.examples)
    assert index.match(text, 1, Context(region="5302"))[0].code != code


def test_a_suggestion_marked_wrong_is_not_made_again_in_that_region(index):
    text = "rehab RTLH utk warga miskin"
    first = index.match(text, 1)[0].code
    assert index.forbid("5301", text, first)
    assert first not in codes(
        index.match("Rehab RTLH untuk warga miskin", 5, Context(region="5301"))
    )
    assert index.match(text, 1, Context(region="5302"))[0].code == first


def test_learning_an_unknown_code_or_an_empty_text_teaches_nothing(index):
    assert not index.learn("5301", "jalan desa", "9.99.99.2.99.9999")
    assert not index.learn("5301", "   ", "1.03.10.2.01.0053")


def test_each_suggestion_says_which_words_and_examples_decided(entries):
    others = [
        (f"pelatihan menjahit angkatan {n} kelompok {n}", "2.07.03.2.01.0009") for n in range(40)
    ]
    examples = [("bak penampung air hujan", "1.03.03.2.01.0022"), *others]
    shipped = MatchIndex.build(entries, examples=examples)
    top = shipped.match("pembuatan bak penampung air hujan untuk 40 KK", 1)[0]
    assert top.code == "1.03.03.2.01.0022"
    assert top.matched
    assert top.explanation
    assert top.examples
    assert top.examples[0].text == "bak penampung air hujan"
    assert top.examples[0].source == "shipped"


# --- field vocabulary and ambiguous heads ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("timbangan bayi untuk posyandu", "1.02."),  # health, not legal metrology
        ("bibit sayuran", "3.27.02.2.01."),  # crops, not livestock
        ("alat musik untuk sanggar", "2.22."),  # culture
        ("pembangunan pasar desa", "3.30."),  # trade infrastructure
        ("pavingisasi gang", "1."),  # public works / housing, not nothing
    ],
)
def test_field_words_and_ambiguous_heads_land_in_their_sector(index, text, prefix):
    assert any(c.startswith(prefix) for c in codes(index.match(text, 3))), text


def test_an_unknown_key_word_still_gets_the_nearest_candidates(index):
    result = index.suggest("jembatanisasi", 5)  # not a word; its beginning is
    assert result.suggestions
    assert result.status == "weak"
    assert result.suggestions[0].confidence < 0.8


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("🙏🙏 !!! 123", "no_words"),
        ("\x00\x01\x02", "no_words"),
        ("Desa Manumutin Silole", "only_place"),
        ("xqzv blorft wemple", "unknown_words"),
    ],
)
def test_bad_input_gets_a_status_and_a_reason_not_an_exception(index, text, status):
    result = index.suggest(text, 5)
    assert result.status == status
    assert result.reason
    assert not result.suggestions


def test_a_non_text_proposal_is_refused_with_a_reason(index):
    result = index.suggest(None, 5)
    assert result.status == "empty"
    assert result.reason


def test_a_huge_text_answers_quickly(index):
    text = ("jalan rusak berlubang di dusun kami mohon diperbaiki 🙏 " * 400)[:10000]
    started = time.process_time()
    result = index.suggest(text, 5)
    assert time.process_time() - started < 2.0
    assert result.suggestions


def test_another_language_with_some_known_words_is_weak_or_matched(index):
    result = index.suggest("please build a new bridge across the river", 5)
    assert result.status in {"weak", "unknown_words", "ok"}
    assert all(0.0 <= s.confidence <= 1.0 for s in result.suggestions)


# --- confidence ------------------------------------------------------------------------------


def test_the_calibration_curves_never_fall():
    for curve in TABLE.values():
        probabilities = [p for _, p in curve]
        assert probabilities == sorted(probabilities)
        assert all(0.0 <= p <= 1.0 for p in probabilities)


def test_a_clear_lead_is_more_confident_than_a_tie():
    lead = confidence(feature(1, 0.7, [0.7, 0.2], 1.0), 1)
    tie = confidence(feature(1, 0.7, [0.7, 0.69], 1.0), 1)
    unread = confidence(feature(1, 0.7, [0.7, 0.2], 0.2), 1)
    assert lead > tie
    assert lead > unread


def test_a_suggestion_never_shows_more_confidence_than_one_above_it():
    # Two near-equal leaders: rank 2's own curve would give it more than the tied leader gets.
    near_tie = [Suggestion(code, score, (), "") for code, score in (("a", 0.2), ("b", 0.19))]
    leader = confidence(feature(1, 0.2, [0.2, 0.19], 1.0), 1)
    assert confidence(feature(2, 0.19, [0.2, 0.19], 1.0), 2) > leader
    shown = [s.confidence for s in calibrated(near_tie, 1.0)]
    assert shown == [leader, leader]
    many = [Suggestion(str(n), score, (), "") for n, score in enumerate((0.9, 0.5, 0.48, 0.47))]
    values = [s.confidence for s in calibrated(many, 1.0)]
    assert values == sorted(values, reverse=True)


def test_isotonic_fit_is_monotone_and_rests_on_enough_points():
    points = [(i / 100, i % 3 == 0 or i > 60) for i in range(100)]
    curve = fit_isotonic(points, min_count=10)
    rates = [r for _, r in curve]
    assert rates == sorted(rates)
    assert len(curve) >= 2


def test_reliability_rows_count_every_suggestion_once():
    rows = reliability([(0.1, False), (0.5, True), (0.55, False), (0.9, True)])
    assert sum(count for _, count, _, _ in rows) == 4


# --- the real-text labels ---------------------------------------------------------------------


def test_every_real_label_is_an_existing_kabkot_code(entries):
    known = {e.code for e in entries}
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        for code in row["acceptable_codes"].split("|"):
            assert code in known, (row["id"], code)
            assert government_allows(code, "kabkota"), (row["id"], code)
        assert row["split"] in {"tune", "test"}


def test_every_real_label_names_a_documented_source():
    with SOURCES.open(encoding="utf-8", newline="") as handle:
        sources = {row["source_id"] for row in csv.DictReader(handle)}
    with LABELS.open(encoding="utf-8", newline="") as handle:
        assert {row["source_id"] for row in csv.DictReader(handle)} <= sources


def test_the_eighth_and_ninth_round_labels_say_where_their_text_is():
    # The texts stay outside the repository; length and digest let them be found and checked.
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["id"][0] in "qs"]
    assert any(row["id"].startswith("s") for row in rows)
    assert rows
    for row in rows:
        assert int(row["chars"]) > 0, row["id"]
        assert len(row["sha256_12"]) == 12, row["id"]
        int(row["sha256_12"], 16)


def test_the_real_split_is_drawn_from_the_id_alone():
    # Held-out or tuning is decided before anything is read: sha256(id) first hex digit < 8 → test.
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["id"][0] in "qs"]
    for row in rows:
        digit = hashlib.sha256(row["id"].encode()).hexdigest()[0]
        assert row["split"] == ("test" if digit < "8" else "tune"), row["id"]
