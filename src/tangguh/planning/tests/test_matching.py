"""Suggestions from the database's nomenclature: the context of a proposal's place, agencies of
the regency as hints, learning from what a regency's planners code and mark wrong (at once, in
that regency only), the rank of each coding, and bad input answered with a reason."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.nomenclature.models import Item
from tangguh.planning import matching, services
from tangguh.planning.models import Coding, Proposal, SourceKind, WrongSuggestion
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NORMALISATION = "1.03.02.2.01.0093"  # Normalisasi/Restorasi Sungai
GLADI = "1.05.03.2.02.0018"
PSU_REPAIR = "1.04.05.2.01.0011"  # Perbaikan Prasarana, Sarana, dan Utilitas Umum di Perumahan
ROAD_REHAB = "1.03.10.2.01.0055"  # Rehabilitasi Jalan
KELURAHAN_WORKS = "7.01.03.2.02.0002"  # Pembangunan Sarana dan Prasarana Kelurahan
NUATAUS = "53.01.27.2002"  # a desa of Kabupaten Kupang
POTO = "53.01.27.2001"  # another desa of Kabupaten Kupang
FATUFETO = "53.71.01.1001"  # a kelurahan of Kota Kupang
LANE = "perbaikan jalan setapak di dusun 3"


def sub(code: str) -> Item:
    return Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=code
    )


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def codes_for(text: str, where: str, top: int = 5) -> list[str]:
    found = matching.find_many([text], year=2027, region=region(where), top=top)[0]
    return [m.item.code for m in found.matches]


@pytest.fixture
def year(planning_calendar: Callable[..., int]) -> int:
    planning_calendar("53.71")
    return planning_calendar("53.01")


def propose(year: int, title: str, where: str = NUATAUS) -> Proposal:
    return services.create_proposal(
        actor=None,
        region=region(where),
        year=year,
        source_kind=SourceKind.MUSRENBANG_DESA,
        title=title,
    )


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The regencies whose memory is replayed from the database, in order."""
    seen: list[str] = []
    original = matching._replay

    def counted(loaded: Any, code: str, version: Any) -> None:
        seen.append(code)
        original(loaded, code, version)

    monkeypatch.setattr(matching, "_replay", counted)
    return seen


# -- context --------------------------------------------------------------------------------


def test_the_context_is_read_from_the_village_and_the_regency() -> None:
    desa = matching.context_for(region(NUATAUS))
    kelurahan = matching.context_for(region(FATUFETO))
    regency = matching.context_for(region("53.01"))
    assert (desa.place_kind, desa.region_kind, desa.region) == ("desa", "regency", "53.01")
    assert (kelurahan.place_kind, kelurahan.region_kind, kelurahan.region) == (
        "kelurahan",
        "city",
        "53.71",
    )
    assert (regency.place_kind, regency.region_kind, regency.region) == (None, "regency", "53.01")
    assert matching.context_for(None).region is None


def test_a_kelurahan_gets_the_sub_district_route_and_a_desa_does_not() -> None:
    text = "Pembangunan drainase lingkungan RT 05"
    in_kelurahan = matching.find_many([text], year=2027, region=region(FATUFETO))[0]
    in_desa = matching.find_many([text], year=2027, region=region(NUATAUS))[0]
    routed = [m for m in in_kelurahan.matches if m.route == "kelurahan"]
    assert [m.item.code for m in routed] == [KELURAHAN_WORKS]
    # First, the agency's work right after it (a building work; tenth round), not instead of it.
    assert in_kelurahan.matches.index(routed[0]) == 0
    assert in_kelurahan.matches[1].item.code.startswith("1.03.06.")
    assert KELURAHAN_WORKS not in [m.item.code for m in in_desa.matches]
    assert not any(m.route for m in in_desa.matches)


def test_suggestions_name_the_agencies_of_the_regency_that_hold_the_bidang() -> None:
    pupr = AgencyFactory(region_id="53.01", short_name="PUPR", bidang_codes=["1.03"])
    AgencyFactory(region_id="53.71", short_name="PUPR Kota", bidang_codes=["1.03"])
    found = matching.suggest(
        "normalisasi kali yg sering banjir di RT 05", year=2027, region=region("53.01")
    )
    assert found[0].item.code == NORMALISATION
    assert found[0].agencies == [pupr]
    assert found[0].agency_hint == "PUPR"
    assert "normalisasi" in found[0].explanation
    assert 0 < found[0].score <= 1
    without = matching.suggest("normalisasi kali yg sering banjir", year=2027)
    assert without[0].agencies == []
    assert without[0].agency_hint == without[0].item.implementer


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "words"),
    [
        ("", "empty", "no text"),
        ("   \n\t ", "empty", "no text"),
        ("Desa Manumutin Silole", "only_place", "Manumutin"),
        ("🙂🙂🙏 \x00\x07\x1b 123 !!", "no_words", "emoji"),
        ("the quick brown fox jumps over the lazy dog", "unknown_words", "another language"),
    ],
)
def test_bad_input_gets_no_suggestion_and_a_reason(text: str, status: str, words: str) -> None:
    found = matching.find_many([text], year=2027, region=region(NUATAUS))[0]
    assert (found.matches, found.status) == ([], status)
    assert words in found.message


def test_emoji_and_control_characters_around_words_are_read_past() -> None:
    found = matching.find_many(
        ["🙂 \x00\x1b[31m normalisasi\x07 kali 🙏"], year=2027, region=region(NUATAUS)
    )[0]
    assert found.matches[0].item.code == NORMALISATION


def test_a_10000_character_text_is_answered_quickly_and_without_a_crash() -> None:
    long_text = ("normalisasi sungai yang meluap " * 400)[:10_000]
    noise = "".join(chr(c) for c in range(0x1F600, 0x1F650)) * 200
    matching.find_many(["warm up"], year=2027, region=region(NUATAUS))
    started = time.perf_counter()
    found = matching.find_many([long_text, noise[:10_000]], year=2027, region=region(NUATAUS))
    assert time.perf_counter() - started < 5
    assert found[0].matches
    assert found[0].status in ("ok", "weak")
    assert (found[1].matches, found[1].status) == ([], "no_words")


def test_no_edition_is_a_reason_too() -> None:
    found = matching.find_many(["normalisasi kali"], edition="1999")[0]
    assert (found.matches, found.status) == ([], matching.NO_EDITION)
    assert "No nomenclature edition" in found.message
    assert matching.suggest("normalisasi kali", edition="1999") == []


# -- learning from a regency's planners -----------------------------------------------------


def test_a_planner_s_coding_changes_the_next_suggestion_in_the_region_and_not_elsewhere(
    year: int,
    kupang_editor: Any,
    replays: list[str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert codes_for(LANE, POTO)[0] == PSU_REPAIR  # before: housing estates' utilities
    proposal = propose(year, "Perbaikan jalan setapak menuju kebun warga")
    replays.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.code_proposal(
            proposal, actor=kupang_editor, sub_activity=sub(ROAD_REHAB), agency=None
        )
    after = matching.find_many([LANE], year=2027, region=region(POTO))[0]
    assert after.matches[0].item.code == ROAD_REHAB
    why = after.matches[0].examples
    assert why[0].source == "region"
    assert why[0].text == "Perbaikan jalan setapak menuju kebun warga"
    assert replays == []  # learnt at once, nothing reloaded
    # Kota Kupang did not learn it (a kelurahan: its works route first, then the agency's).
    assert codes_for(LANE, FATUFETO)[:2] == [KELURAHAN_WORKS, PSU_REPAIR]


def test_a_coding_made_by_another_process_is_read_from_the_database(
    year: int, kupang_editor: Any, replays: list[str]
) -> None:
    assert codes_for(LANE, POTO)[0] == PSU_REPAIR
    proposal = propose(year, "Perbaikan jalan setapak menuju kebun warga")
    # No on-commit teaching here: the next suggestion sees the database changed and replays.
    services.code_proposal(proposal, actor=kupang_editor, sub_activity=sub(ROAD_REHAB), agency=None)
    assert codes_for(LANE, POTO)[0] == ROAD_REHAB
    assert replays[-1] == "53.01"


def test_a_correction_withdraws_the_example_it_replaces(
    year: int, kupang_editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak menuju kebun warga")
    with django_capture_on_commit_callbacks(execute=True):
        services.code_proposal(
            proposal, actor=kupang_editor, sub_activity=sub(ROAD_REHAB), agency=None
        )
    assert codes_for(LANE, POTO)[0] == ROAD_REHAB
    with django_capture_on_commit_callbacks(execute=True):
        services.code_proposal(
            proposal, actor=kupang_editor, sub_activity=sub(PSU_REPAIR), agency=None
        )
    found = matching.find_many([LANE], year=2027, region=region(POTO))[0]
    assert found.matches[0].item.code == PSU_REPAIR
    assert [e.source for e in found.matches[0].examples][:1] == ["region"]
    rehab = [m for m in found.matches if m.item.code == ROAD_REHAB]
    assert all(e.source != "region" for m in rehab for e in m.examples)


def test_marking_wrong_removes_the_suggestion_in_that_region_only(
    year: int, kupang_editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    assert codes_for(proposal.text, POTO)[0] == PSU_REPAIR
    with django_capture_on_commit_callbacks(execute=True):
        mark = services.mark_wrong(
            actor=kupang_editor, proposal=proposal, sub_activity=sub(PSU_REPAIR)
        )
    assert (mark.region_id, mark.text, mark.marked_by) == ("53.01", proposal.text, "kupang.editor")
    assert PSU_REPAIR not in codes_for(proposal.text, POTO)
    assert PSU_REPAIR not in codes_for("perbaikan jalan setapak dusun 3", NUATAUS)
    # A kelurahan: its works route first (tenth round), then the agency's.
    assert codes_for(proposal.text, FATUFETO)[:2] == [KELURAHAN_WORKS, PSU_REPAIR]
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_wrong_mark(mark, actor=kupang_editor)
    assert codes_for(proposal.text, POTO)[0] == PSU_REPAIR


def test_a_mark_is_recorded_once_with_the_audit_trail(year: int, kupang_editor: Any) -> None:
    from tangguh.core.models import ChangeRecord

    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    first = services.mark_wrong(
        actor=kupang_editor, proposal=proposal, sub_activity=sub(PSU_REPAIR)
    )
    again = services.mark_wrong(
        actor=kupang_editor, proposal=proposal, sub_activity=sub(PSU_REPAIR)
    )
    assert first.pk == again.pk
    logged = ChangeRecord.objects.filter(model="planning.wrongsuggestion", object_id=str(first.pk))
    assert [(c.action, c.region_code, c.actor_name) for c in logged] == [
        ("create", "53.01", "kupang.editor")
    ]


def test_coding_to_a_sub_activity_marked_wrong_takes_the_mark_back(
    year: int, kupang_editor: Any
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    services.mark_wrong(actor=kupang_editor, proposal=proposal, sub_activity=sub(PSU_REPAIR))
    services.code_proposal(proposal, actor=kupang_editor, sub_activity=sub(PSU_REPAIR), agency=None)
    assert not WrongSuggestion.objects.filter(proposal=proposal).exists()
    assert codes_for(proposal.text, POTO)[0] == PSU_REPAIR


@pytest.mark.parametrize(
    ("who", "text", "message"),
    [
        ("village", "perbaikan jalan", "You may not change planning records of 53.01"),
        ("kota", "perbaikan jalan", "You may not change planning records of 53.01"),
        ("editor", "🙂 123 !!", "The text has no words"),
        ("editor", "x" * 10_001, "at most 10000 characters"),
    ],
)
def test_a_mark_is_refused_outside_the_regency_or_without_words(
    make_user: Any, who: str, text: str, message: str
) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    members = {"village": {NUATAUS: "editor"}, "kota": {"53.71": "manager"}}
    actor = make_user(who, members.get(who, {"53.01": "editor"}))
    with pytest.raises((PermissionDenied, ValidationError)) as refused:
        services.mark_wrong(
            actor=actor, region=region(NUATAUS), text=text, sub_activity=sub(PSU_REPAIR)
        )
    assert message in str(refused.value)
    assert not WrongSuggestion.objects.exists()


# -- where the chosen code stood ------------------------------------------------------------


def test_each_coding_records_where_the_chosen_code_stood(year: int, kupang_editor: Any) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    services.code_proposal(proposal, actor=kupang_editor, sub_activity=sub(PSU_REPAIR), agency=None)
    services.code_proposal(proposal, actor=kupang_editor, sub_activity=sub(PSU_REPAIR), agency=None)
    other = propose(year, "Gladi kesiapsiagaan banjir untuk warga")
    services.code_proposal(other, actor=kupang_editor, sub_activity=sub(ROAD_REHAB), agency=None)
    first, missed = Coding.objects.order_by("id")  # the same code again records nothing
    assert (first.region_id, first.year, first.code, first.rank) == ("53.01", year, PSU_REPAIR, 1)
    assert (first.suggested_code, first.status, first.by) == (PSU_REPAIR, "ok", "kupang.editor")
    assert 0 < (first.confidence or 0) <= 1
    assert (missed.code, missed.rank, missed.suggested_code) == (ROAD_REHAB, None, GLADI)


def test_a_matcher_failure_does_not_stop_a_planner_from_coding(
    year: int, kupang_editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(proposal: Proposal, code: str) -> matching.Standing:
        raise RuntimeError("matcher down")

    monkeypatch.setattr(matching, "standing", broken)
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    services.code_proposal(proposal, actor=kupang_editor, sub_activity=sub(PSU_REPAIR), agency=None)
    proposal.refresh_from_db()
    assert proposal.sub_activity is not None
    assert proposal.sub_activity.code == PSU_REPAIR
    assert (Coding.objects.get().rank, Coding.objects.get().status) == (None, "error")
    from tangguh.planning import accuracy

    assert accuracy.accuracy("53.01")[1].codings == 0  # it measures nothing about suggestions


def test_a_decision_that_codes_a_proposal_records_its_coding(
    year: int, kupang_editor: Any, kupang_agency: Any
) -> None:
    from decimal import Decimal

    kupang_agency.bidang_codes = ["1.05"]
    kupang_agency.save()
    item = services.create_item(
        actor=None, agency=kupang_agency, year=year, sub_activity=sub(GLADI), budget=Decimal(9)
    )
    proposal = propose(year, "Gladi kesiapsiagaan banjir untuk warga")
    services.decide(
        proposal,
        actor=kupang_editor,
        outcome="accommodated",
        links=[services.LinkSpec(item, Decimal(5))],
    )
    coding = Coding.objects.get()
    assert (coding.proposal_id, coding.code, coding.rank) == (proposal.pk, GLADI, 1)


# -- seeds ----------------------------------------------------------------------------------


def test_the_shipped_labelled_texts_seed_the_index() -> None:
    seeds = matching.seed_examples()
    assert len(seeds) >= 800
    assert all(len(code.split(".")) == 6 for _text, code in seeds)


def test_examples_are_capped_per_code_first_given_first() -> None:
    many = [(f"usulan {n}", "1.05.03.2.02.0018") for n in range(30)]
    kept = matching.capped([("USULAN 0 ", "1.05.03.2.02.0018"), *many], per_code=5)
    assert len(kept) == 5
    assert kept[0] == ("USULAN 0 ", "1.05.03.2.02.0018")  # the first given wins, duplicates go
    assert ("usulan 0", "1.05.03.2.02.0018") not in kept
    assert matching.capped([("", "x"), ("  ", "y")]) == []
