"""The API of suggestions: read in the place's context, with why and a status; planners' codings
and marks change them at once in their regency only; marks and accuracy are scoped to the
regency's members; bad input answers clearly."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.nomenclature.models import Item
from tangguh.planning import services
from tangguh.planning.models import Coding, Proposal, SourceKind, WrongSuggestion
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

PROPOSALS = "/api/v1/proposals/"
MATCHES = "/api/v1/matches/"
MARKS = "/api/v1/wrong-suggestions/"
ACCURACY = "/api/v1/match-accuracy/"
NUATAUS = "53.01.27.2002"
FATUFETO = "53.71.01.1001"
PSU_REPAIR = "1.04.05.2.01.0011"
ROAD_REHAB = "1.03.10.2.01.0055"
KELURAHAN_WORKS = "7.01.03.2.02.0002"
LANE = "perbaikan jalan setapak di dusun 3"

_numbers = itertools.count(1)


def sub(code: str) -> Item:
    return Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=code
    )


def propose(year: int, title: str, where: str = NUATAUS) -> Proposal:
    return services.create_proposal(
        actor=None,
        region=Region.objects.get(code=where),
        year=year,
        source_kind=SourceKind.MUSRENBANG_DESA,
        title=title,
    )


def first_codes(client: Any, text: str, region: str | None = None) -> list[str]:
    body: dict[str, Any] = {"text": text, "edition": "2027"}
    if region:
        body["region"] = region
    response = client.post(MATCHES, body, format="json")
    assert response.status_code == 200, response.json()
    return [s["sub_activity_code"] for s in response.json()["results"][0]["suggestions"]]


@pytest.fixture
def year(planning_calendar: Callable[..., int]) -> int:
    planning_calendar("53.71")
    return planning_calendar("53.01")


# -- suggestions ----------------------------------------------------------------------------


def test_free_texts_are_read_in_the_context_of_their_place(api: Any, kota_editor: Any) -> None:
    client = api(kota_editor)
    response = client.post(
        MATCHES,
        {"text": "Pembangunan drainase lingkungan RT 05", "region": FATUFETO, "top": 3},
        format="json",
    )
    body = response.json()
    assert body["context"] == {"place_kind": "kelurahan", "region_kind": "city", "region": "53.71"}
    routed = body["results"][0]["suggestions"][0]  # a building work: the route first
    assert (routed["sub_activity_code"], routed["route"]) == (KELURAHAN_WORKS, "kelurahan")
    assert KELURAHAN_WORKS not in first_codes(client, "Pembangunan drainase lingkungan", "53.71")


def test_a_suggestion_says_why_with_the_examples_that_decided(
    api: Any, kupang_editor: Any, kota_editor: Any, year: int
) -> None:
    coded = propose(year, "Perbaikan jalan setapak menuju kebun warga")
    client = api(kupang_editor)
    response = client.post(
        f"{PROPOSALS}{coded.pk}/code/", {"sub_activity": ROAD_REHAB}, format="json"
    )
    assert response.status_code == 200, response.json()
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")

    body = client.get(f"{PROPOSALS}{proposal.pk}/matches/").json()

    first = body["suggestions"][0]
    assert first["sub_activity_code"] == ROAD_REHAB
    assert first["examples"][0] == {
        "text": "Perbaikan jalan setapak menuju kebun warga",
        "source": "region",
        "similarity": first["examples"][0]["similarity"],
    }
    assert 0 < first["examples"][0]["similarity"] <= 1
    # Not learnt there (a kelurahan: its works route first, then the agency's).
    assert first_codes(api(kota_editor), LANE, FATUFETO)[:2] == [KELURAHAN_WORKS, PSU_REPAIR]
    made = Coding.objects.get()
    assert (made.code, made.channel) == (ROAD_REHAB, "api")


@pytest.mark.parametrize(
    ("text", "status", "words"),
    [
        ("Desa Manumutin Silole", "only_place", "names only a place"),
        ("🙂🙂🙏 \x07\x1b !!", "no_words", "only numbers, symbols, emoji"),
        ("the quick brown fox jumps over the lazy dog", "unknown_words", "another language"),
    ],
)
def test_free_text_without_a_match_gets_a_status_and_a_message(
    api: Any, kupang_editor: Any, text: str, status: str, words: str
) -> None:
    response = api(kupang_editor).post(MATCHES, {"text": text}, format="json")
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert (result["suggestions"], result["status"]) == ([], status)
    assert words in result["message"]


def test_text_too_long_or_empty_is_refused_and_10000_characters_are_read(
    api: Any, kupang_editor: Any
) -> None:
    client = api(kupang_editor)
    text = ("normalisasi sungai yang meluap " * 400)[:10_000]
    assert client.post(MATCHES, {"text": text}, format="json").json()["results"][0]["suggestions"]
    too_long = client.post(MATCHES, {"text": text + "x"}, format="json")
    assert too_long.status_code == 400
    assert "10000" in str(too_long.json()["error"]["details"])
    empty = client.post(MATCHES, {"text": ""}, format="json")
    assert empty.status_code == 400
    assert "text" in empty.json()["error"]["details"]
    null = client.post(MATCHES, {"text": "jalan\x00desa"}, format="json")
    assert null.status_code == 400
    assert "Null characters are not allowed" in str(null.json()["error"]["details"])


def test_a_proposal_of_only_a_place_answers_with_the_reason(
    api: Any, kupang_editor: Any, year: int
) -> None:
    proposal = propose(year, "Desa Manumutin Silole")
    body = api(kupang_editor).get(f"{PROPOSALS}{proposal.pk}/matches/").json()
    assert (body["status"], body["suggestions"], body["places"]) == (
        "only_place",
        [],
        ["Manumutin", "Silole"],
    )
    assert "names only a place (Manumutin, Silole)" in body["message"]


# -- marking wrong --------------------------------------------------------------------------


def test_a_planner_marks_a_suggestion_wrong_through_the_api(
    api: Any, kupang_editor: Any, kota_editor: Any, year: int
) -> None:
    proposal = propose(year, LANE)
    client = api(kupang_editor)
    url = f"{PROPOSALS}{proposal.pk}/matches/"
    assert client.get(url).json()["suggestions"][0]["sub_activity_code"] == PSU_REPAIR

    response = client.post(
        f"{PROPOSALS}{proposal.pk}/mark-wrong/",
        {"sub_activity": PSU_REPAIR, "note": "jalan kebun, bukan perumahan"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["region"], body["proposal"], body["sub_activity"]) == (
        "53.01",
        proposal.pk,
        PSU_REPAIR,
    )
    assert body["marked_by"] == "kupang.editor"
    codes = [s["sub_activity_code"] for s in client.get(url).json()["suggestions"]]
    assert PSU_REPAIR not in codes
    assert first_codes(api(kota_editor), LANE, FATUFETO)[:2] == [KELURAHAN_WORKS, PSU_REPAIR]

    assert client.delete(f"{MARKS}{body['id']}/").status_code == 204
    assert client.get(url).json()["suggestions"][0]["sub_activity_code"] == PSU_REPAIR


@pytest.mark.parametrize("who", ["village_officer", "kota_editor"])
def test_marking_wrong_outside_one_s_regency_is_refused(
    api: Any, request: Any, year: int, who: str
) -> None:
    proposal = propose(year, LANE)
    client = api(request.getfixturevalue(who))
    response = client.post(
        f"{PROPOSALS}{proposal.pk}/mark-wrong/", {"sub_activity": PSU_REPAIR}, format="json"
    )
    assert response.status_code == 403
    free = client.post(
        MARKS, {"region": "53.01", "text": LANE, "sub_activity": PSU_REPAIR}, format="json"
    )
    assert free.status_code == 403
    assert not WrongSuggestion.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": LANE, "sub_activity": PSU_REPAIR}, "proposal"),
        ({"region": "53.01", "text": LANE, "sub_activity": "9.99.99.2.99.9999"}, "sub_activity"),
        ({"region": "53.01", "text": "🙂 !!", "sub_activity": PSU_REPAIR}, "text"),
        ({"region": "53.01", "text": "x" * 10_001, "sub_activity": PSU_REPAIR}, "text"),
        ({"region": "53.01", "text": LANE, "sub_activity": 5}, "sub_activity"),
    ],
)
def test_a_bad_mark_is_refused_with_the_field(
    api: Any, kupang_editor: Any, body: dict[str, Any], field: str
) -> None:
    response = api(kupang_editor).post(MARKS, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["details"]
    assert not WrongSuggestion.objects.exists()


def test_marks_are_listed_by_proposal_and_a_bad_id_is_refused(
    api: Any, kupang_editor: Any, year: int
) -> None:
    proposal = propose(year, LANE)
    mark = services.mark_wrong(actor=None, proposal=proposal, sub_activity=sub(PSU_REPAIR))
    client = api(kupang_editor)
    listed = client.get(MARKS, {"proposal": proposal.pk}).json()["results"]
    assert [m["id"] for m in listed] == [mark.pk]
    for bad in ("-1.98e+121", "abc", "0"):
        assert client.get(MARKS, {"proposal": bad}).status_code == 400, bad


def make_mark(code: str) -> WrongSuggestion:
    regency = Region.objects.get(code=code)
    return services.mark_wrong(
        actor=None,
        region=regency,
        text=f"{LANE} nomor {next(_numbers)}",
        sub_activity=sub(PSU_REPAIR),
    )


test_scope = scope_suite(
    [
        ScopeCase(
            name="wrong-suggestion",
            make=make_mark,
            api=MARKS,
            payload=lambda code: {
                "region": code,
                "text": f"perbaikan jalan {next(_numbers)}",
                "sub_activity": PSU_REPAIR,
            },
        )
    ]
)


# -- accuracy -------------------------------------------------------------------------------


def test_the_accuracy_api_gives_the_shares_by_month_and_year(api: Any, kupang_editor: Any) -> None:
    when = dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
    for rank, year in ((1, 2027), (2, 2027), (None, 2027), (1, 2028)):
        made = Coding.objects.create(
            region_id="53.01", year=year, code=PSU_REPAIR, rank=rank, confidence=0.5, by="x"
        )
        Coding.objects.filter(pk=made.pk).update(created_at=when)
    client = api(kupang_editor)

    by_month = client.get(ACCURACY, {"region": "53.01"}).json()
    by_year = client.get(ACCURACY, {"region": "5301", "by": "year"}).json()

    assert by_month["periods"] == [
        {
            "period": "2026-11",
            "label": "November 2026",
            "codings": 4,
            "first": 2,
            "top5": 3,
            "not_suggested": 1,
            "first_share": 0.5,
            "top5_share": 0.75,
            "mean_confidence": 0.5,
        }
    ]
    assert [(p["period"], p["codings"], p["first_share"]) for p in by_year["periods"]] == [
        ("2027", 3, 0.3333),
        ("2028", 1, 1.0),
    ]
    assert by_year["total"]["codings"] == 4


def test_the_accuracy_api_is_for_the_regency_s_members(
    api: Any, kota_editor: Any, village_officer: Any, kupang_editor: Any
) -> None:
    assert api(kota_editor).get(ACCURACY, {"region": "53.01"}).status_code == 403
    assert api(village_officer).get(ACCURACY, {"region": "53.01"}).status_code == 403
    for query in ({"region": NUATAUS}, {}, {"region": "53.01", "by": "week"}):
        response = api(kupang_editor).get(ACCURACY, query)
        assert response.status_code == 400, query
