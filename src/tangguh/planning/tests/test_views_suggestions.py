"""The suggestion fragment of a proposal's page explains itself (confidence, words, examples,
the sub-district route, a reason when there is no good suggestion); planners mark suggestions
wrong there; the accuracy page shows a regency's members how often the first suggestion was
chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tangguh.accounts.models import User
from tangguh.nomenclature.models import Item
from tangguh.planning import services
from tangguh.planning.apps import register_navigation
from tangguh.planning.models import Coding, Proposal, SourceKind, WrongSuggestion
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"
FATUFETO = "53.71.01.1001"  # a kelurahan of Kota Kupang
PSU_REPAIR = "1.04.05.2.01.0011"
ROAD_REHAB = "1.03.10.2.01.0055"
GLADI = "1.05.03.2.02.0018"
KELURAHAN_WORKS = "7.01.03.2.02.0002"


def html(response: Any) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.content.decode()


def sub(code: str) -> Item:
    return Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=code
    )


def propose(year: int, title: str, where: str = NUATAUS, **extra: Any) -> Proposal:
    return services.create_proposal(
        actor=None,
        region=Region.objects.get(code=where),
        year=year,
        source_kind=SourceKind.MUSRENBANG_DESA,
        title=title,
        **extra,
    )


def fragment(client: Any, proposal: Proposal) -> str:
    return html(client.get(reverse("planning:proposal-suggestions", args=[proposal.pk])))


def suggested(page: str) -> list[str]:
    """The codes of the suggestions on a fragment, in order."""
    import re

    return re.findall(r'data-testid="suggestion" data-code="([0-9X.]+)"', page)


@pytest.fixture(autouse=True)
def _navigation() -> None:
    register_navigation()


@pytest.fixture
def year(planning_calendar: Callable[..., int]) -> int:
    planning_calendar("53.71")
    return planning_calendar("53.01")


# -- the fragment explains itself -----------------------------------------------------------


def test_a_suggestion_shows_its_confidence_words_and_examples(
    web: Any, kupang_editor: User, year: int
) -> None:
    coded = propose(year, "Perbaikan jalan setapak menuju kebun warga")
    services.code_proposal(coded, actor=kupang_editor, sub_activity=sub(ROAD_REHAB), agency=None)
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")

    page = fragment(web(kupang_editor), proposal)

    assert suggested(page)[0] == ROAD_REHAB
    first = page.split('data-testid="suggestion"')[1]
    assert "% confidence" in first
    assert "<mark>jalan</mark>" in first
    assert "Coded so by the planners of Kabupaten Kupang" in first
    assert "Perbaikan jalan setapak menuju kebun warga" in first
    assert "Labelled example shipped with tangguh" in first
    assert 'data-testid="mark-wrong"' in first
    assert "Read as a proposal of a village (desa) in Kabupaten Kupang." in page
    assert reverse("planning:match-accuracy", args=["53.01"]) in page


def test_a_kelurahan_proposal_shows_the_sub_district_route(
    web: Any, kota_editor: User, year: int
) -> None:
    proposal = propose(year, "Pembangunan drainase lingkungan RT 05", where=FATUFETO)

    page = fragment(web(kota_editor), proposal)

    assert suggested(page)[0] == KELURAHAN_WORKS  # a building work: the route first
    routed = page.split('data-testid="suggestion"')[1]
    assert 'data-testid="route-note"' in routed
    assert "Sub-district route" in routed
    assert 'data-testid="why"' not in routed  # its examples are the first suggestion's
    assert "Read as a proposal of an urban village (kelurahan) in Kota Kupang" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "Desa Manumutin Silole"}, "names only a place (Manumutin, Silole)"),
        ({"title": "🙂🙂🙏 \x07 !!"}, "has no words to match (only numbers, symbols, emoji"),
        ({"title": "the quick brown fox jumps"}, "is it written in another language?"),
    ],
)
def test_a_proposal_without_a_good_match_says_why_on_the_page(
    web: Any, kupang_editor: User, year: int, values: dict[str, str], message: str
) -> None:
    proposal = propose(year, **values)

    page = fragment(web(kupang_editor), proposal)

    assert suggested(page) == []
    assert 'data-testid="suggestion-status"' in page
    assert message in page
    assert "Code it by hand." in page


def test_a_10000_character_description_is_read_and_shown(
    web: Any, kupang_editor: User, year: int
) -> None:
    proposal = propose(
        year,
        "Normalisasi kali",
        description=("kali yang sering meluap 🙂\x07 " * 400)[:10_000],
    )
    page = fragment(web(kupang_editor), proposal)
    assert suggested(page)


def test_the_status_message_is_in_the_user_s_language(
    web: Any, kupang_editor: User, year: int, settings: Any
) -> None:
    proposal = propose(year, "Desa Manumutin Silole")
    client = web(kupang_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = fragment(client, proposal)
    assert "hanya menyebut tempat (Manumutin, Silole)" in page


def test_a_village_officer_sees_the_suggestions_but_no_buttons(
    web: Any, village_officer: User, year: int
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    page = fragment(web(village_officer), proposal)
    assert suggested(page)
    assert 'data-testid="mark-wrong"' not in page
    assert 'data-testid="code-suggestion"' not in page
    assert 'data-testid="accuracy-link"' not in page


# -- marking wrong --------------------------------------------------------------------------


def test_a_planner_marks_a_suggestion_wrong_and_it_is_gone(
    web: Any, kupang_editor: User, year: int
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    other = propose(year, "Perbaikan jalan setapak di dusun 3", where="53.71.01.1001")
    client = web(kupang_editor)
    assert suggested(fragment(client, proposal))[0] == PSU_REPAIR

    response = client.post(
        reverse("planning:proposal-mark-wrong", args=[proposal.pk]), {"sub_activity": PSU_REPAIR}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#coding")
    page = fragment(client, proposal)
    assert PSU_REPAIR not in suggested(page)
    assert 'data-testid="marks"' in page
    mark = WrongSuggestion.objects.get()
    assert (mark.region_id, mark.proposal, mark.marked_by) == ("53.01", proposal, "kupang.editor")
    message = html(client.get(proposal.get_absolute_url()))
    assert "is marked wrong" in message
    kota = services.find_sub_activity(PSU_REPAIR, "kabkota", year=year)
    assert kota is not None
    # Kota Kupang still gets it.
    from tangguh.planning import matching

    assert [m.item.code for m in matching.suggest_for(other)][:2] == [KELURAHAN_WORKS, PSU_REPAIR]

    client.post(reverse("planning:proposal-withdraw-mark", args=[proposal.pk, mark.pk]))
    assert not WrongSuggestion.objects.exists()
    assert suggested(fragment(client, proposal))[0] == PSU_REPAIR


@pytest.mark.parametrize("who", ["village_officer", "kota_editor"])
def test_only_the_regency_s_planners_may_mark_wrong(
    web: Any, request: Any, kupang_editor: User, year: int, who: str
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    client = web(request.getfixturevalue(who))
    response = client.post(
        reverse("planning:proposal-mark-wrong", args=[proposal.pk]), {"sub_activity": PSU_REPAIR}
    )
    assert response.status_code == 403
    assert not WrongSuggestion.objects.exists()
    mark = services.mark_wrong(actor=kupang_editor, proposal=proposal, sub_activity=sub(PSU_REPAIR))
    withdraw = client.post(reverse("planning:proposal-withdraw-mark", args=[proposal.pk, mark.pk]))
    assert withdraw.status_code == 403
    assert WrongSuggestion.objects.exists()


def test_marking_an_unknown_code_wrong_is_explained(
    web: Any, kupang_editor: User, year: int
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    client = web(kupang_editor)
    response = client.post(
        reverse("planning:proposal-mark-wrong", args=[proposal.pk]),
        {"sub_activity": "<b>9.99</b>"},
        follow=True,
    )
    page = html(response)
    assert "There is no sub-activity &lt;b&gt;9.99&lt;/b&gt; to mark." in page
    assert not WrongSuggestion.objects.exists()


# -- accuracy -------------------------------------------------------------------------------


def coding(rank: int | None, when: dt.datetime, year: int = 2027, region: str = "53.01") -> Coding:
    made = Coding.objects.create(
        region_id=region,
        year=year,
        code=GLADI,
        rank=rank,
        suggested_code=GLADI,
        confidence=0.8,
        by="perencana",
    )
    Coding.objects.filter(pk=made.pk).update(created_at=when)
    return made


@pytest.fixture
def codings(db: Any) -> None:
    """November: 4 codings (first, first, third, not suggested); December: 2 (first, sixth)."""
    november = dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
    december = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
    for rank in (1, 1, 3, None):
        coding(rank, november)
    coding(1, december, year=2028)
    coding(6, december, year=2028)
    coding(1, december, region="53.71")  # another regency: not counted


def test_the_accuracy_page_counts_the_first_suggestions_chosen_by_month(
    web: Any, kupang_editor: User, codings: None
) -> None:
    page = html(web(kupang_editor).get(reverse("planning:match-accuracy", args=["53.01"])))
    rows = page.split('data-testid="accuracy-row"')[1:]
    assert len(rows) == 2
    assert "November 2026" in rows[0]
    cells = [c.split("</td>")[0] for c in rows[0].split("<td")[1:]]
    assert ">4" in cells[1]
    assert "2 · <strong>50%</strong>" in cells[2]
    assert "3 · <strong>75%</strong>" in cells[3]
    assert ">1" in cells[4]
    assert "80%" in cells[5]
    total = page.split('data-testid="accuracy-total"')[1]
    assert "3 · 50%" in total  # 3 of 6 first
    assert "4 · 67%" in total  # 4 of 6 within the first five


def test_the_accuracy_page_groups_by_budget_year(
    web: Any, kupang_editor: User, codings: None
) -> None:
    url = reverse("planning:match-accuracy", args=["53.01"]) + "?by=year"
    page = html(web(kupang_editor).get(url))
    rows = page.split('data-testid="accuracy-row"')[1:]
    assert [r.split("</td>")[0].split(">")[-1] for r in rows] == ["2027", "2028"]
    assert "1 · <strong>50%</strong>" in rows[1]


def test_the_accuracy_page_is_for_the_regency_s_members(
    web: Any, kota_editor: User, village_officer: User, kupang_editor: User, codings: None
) -> None:
    url = reverse("planning:match-accuracy", args=["53.01"])
    assert web(kota_editor).get(url).status_code == 403
    assert web(village_officer).get(url).status_code == 403
    assert (
        web(kupang_editor).get(reverse("planning:match-accuracy", args=[NUATAUS])).status_code
        == 404
    )
    assert (
        web(kupang_editor).get(reverse("planning:match-accuracy", args=["99.99"])).status_code
        == 404
    )


def test_the_proposals_area_leads_to_the_accuracy_page(
    web: Any, kupang_editor: User, province_manager: User
) -> None:
    client = web(kupang_editor)
    listing = html(client.get(reverse("planning:proposals")))
    choose = reverse("planning:match-accuracy-choose")
    assert choose in listing
    response = client.get(choose)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:match-accuracy", args=["53.01"])
    page = html(web(province_manager).get(choose))
    assert reverse("planning:match-accuracy", args=["53.71"]) in page
    assert "No proposal has been coded here yet." in html(
        web(province_manager).get(reverse("planning:match-accuracy", args=["53.71"]))
    )


def test_coding_on_the_page_is_counted_on_the_accuracy_page(
    web: Any, kupang_editor: User, year: int
) -> None:
    proposal = propose(year, "Perbaikan jalan setapak di dusun 3")
    client = web(kupang_editor)
    response = client.post(
        reverse("planning:proposal-code", args=[proposal.pk]), {"sub_activity": PSU_REPAIR}
    )
    assert response.status_code == 302
    made = Coding.objects.get()
    assert (made.rank, made.channel, made.by) == (1, "web", "kupang.editor")
    page = html(client.get(reverse("planning:match-accuracy", args=["53.01"])))
    assert "1 · <strong>100%</strong>" in page
    assert proposal.title in page.split('data-testid="recent"')[1]
