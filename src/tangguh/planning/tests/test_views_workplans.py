"""Pages of the planning calendar, partner programmes and work plans: what they show, the
calendar and scope refusals shown on the page, bad input, escaping, 403/404."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tangguh.accounts.models import Agency, User
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import Item
from tangguh.planning import services
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    PlanningStage,
    Proposal,
    SourceKind,
    Stage,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.planning.rules import today
from tangguh.planning.services import LinkSpec
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"
KRB = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota
GLADI = "1.05.03.2.02.0018"  # Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota
SPAM = "1.03.03.2.01.0022"  # Pembangunan SPAM Bukan Jaringan Perpipaan (bidang 1.03)
SALARIES = "X.XX.01.2.02.0001"  # the support programme every agency carries


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def sub(code: str) -> Item:
    return Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=code
    )


def region(code: str) -> Region:
    return Region.objects.get(code=code)


@pytest.fixture
def bpbd(db: Any) -> Agency:
    """BPBD Kabupaten Kupang, holding bidang 1.05."""
    agency: Agency = AgencyFactory(
        region_id="53.01", name="BPBD Kabupaten Kupang", short_name="BPBD", bidang_codes=["1.05"]
    )
    return agency


@pytest.fixture
def year(planning_calendar: Callable[..., int]) -> int:
    """Next year, with Kabupaten Kupang's calendar ahead (everything open)."""
    return planning_calendar("53.01")


@pytest.fixture
def krb(bpbd: Agency, year: int) -> WorkPlanItem:
    """A draft item of BPBD's work plan: the regency's disaster risk assessment in Nuataus."""
    return services.create_item(
        actor=None,
        agency=bpbd,
        year=year,
        sub_activity=sub(KRB),
        locations=[region(NUATAUS)],
        target=Decimal(1),
        budget=Decimal("150000000"),
        phases=["pra"],
        poverty=True,
    )


def item_post(**extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "sub_activity": GLADI,
        "locations": [NUATAUS, "53.01.27"],
        "indicator": "",
        "target": "120",
        "unit": "",
        "budget": "75000000",
        "funding_source": "apbd",
        "partner_programme": "",
        "phases": ["pra"],
        "climate": "adaptation",
        "note": "Gladi evakuasi banjir",
    }
    values.update(extra)
    return values


# -- planning calendar -----------------------------------------------------------------------


def calendar_url(code: str = "53.01", year: int | None = None) -> str:
    return reverse("planning:calendar", args=[code, year or today().year + 1])


def test_the_calendar_lists_the_stages_in_order_with_today_s_state(
    web: Any, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="decisions")
    page = html(web(kupang_editor).get(calendar_url(year=year)))
    positions = [page.index(f'data-stage="{stage.value}"') for stage in Stage]
    assert positions == sorted(positions)
    states = [
        page.split(f'data-stage="{stage.value}"')[1].split('data-state="')[1].split('"')[0]
        for stage in Stage
    ]
    assert states == ["done", "done", "done", "current", "ahead", "ahead"]


def test_the_calendar_says_what_is_closed_and_why(
    web: Any, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="decisions")
    page = html(web(kupang_editor).get(calendar_url(year=year)))
    openness = page.split('data-testid="openness"')[1].split("</dl>")[0]
    assert "villages can no longer add or change proposals" in openness
    assert openness.count(">open<") == 3


def test_a_closed_calendar_gives_the_work_plans_reason(
    web: Any, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="closed")
    page = html(web(kupang_editor).get(calendar_url(year=year)))
    assert "can no longer be changed" in page
    assert "frozen" in page


def test_a_missing_calendar_says_bappeda_must_set_it(web: Any, kupang_editor: User) -> None:
    page = html(web(kupang_editor).get(calendar_url(year=2031)))
    assert "Bappeda must set the dates of its stages first" in page
    assert 'data-testid="stage-form"' in page


def test_an_editor_sets_a_stage_and_it_is_audited(web: Any, kupang_editor: User) -> None:
    response = web(kupang_editor).post(
        calendar_url(year=2031),
        {"stage": "musrenbang_desa", "starts": "2030-01-06", "ends": "2030-01-31", "note": "SE"},
    )
    assert response.status_code == 302
    stage = PlanningStage.objects.get(region_id="53.01", year=2031)
    assert (stage.stage, stage.starts, stage.ends, stage.note) == (
        "musrenbang_desa",
        dt.date(2030, 1, 6),
        dt.date(2030, 1, 31),
        "SE",
    )
    assert ChangeRecord.objects.filter(model="planning.planningstage").exists()


def test_a_stage_form_is_prefilled_for_a_change(
    web: Any, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    stored = PlanningStage.objects.get(region_id="53.01", year=year, stage="forum_pd")
    page = html(web(kupang_editor).get(calendar_url(year=year), {"stage": "forum_pd"}))
    assert f'value="{stored.starts:%Y-%m-%d}"' in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"stage": "musrenbang_desa", "starts": "2030-02-01", "ends": "2030-01-01"},
            "The stage ends before it starts.",
        ),
        ({"stage": "musrenbang_desa", "starts": "1 Feb", "ends": "2030-03-01"}, "valid date"),
        ({"stage": "rapat", "starts": "2030-02-01", "ends": "2030-03-01"}, "valid choice"),
        (
            {"stage": "rkpd_adopted", "starts": "2029-12-01", "ends": "2029-12-02"},
            "starts before Village forum",
        ),
    ],
)
def test_bad_stage_dates_are_refused_with_the_reason(
    web: Any, kupang_editor: User, values: dict[str, str], message: str
) -> None:
    client = web(kupang_editor)
    client.post(
        calendar_url(year=2031),
        {"stage": "musrenbang_desa", "starts": "2030-01-06", "ends": "2030-01-31"},
    )
    before = PlanningStage.objects.count()
    page = html(client.post(calendar_url(year=2031), values))
    assert message in page
    assert PlanningStage.objects.count() == before


def test_a_viewer_and_a_village_officer_read_the_calendar_without_the_form(
    web: Any, make_user: Callable[..., User], village_officer: User, year: int
) -> None:
    viewer = make_user("viewer", {"53.01": "viewer"})
    for user in (viewer, village_officer):
        client = web(user)
        page = html(client.get(calendar_url(year=year)))
        assert 'data-testid="stage-form"' not in page
        response = client.post(
            calendar_url(year=year),
            {"stage": "musrenbang_desa", "starts": "2030-01-06", "ends": "2030-01-31"},
        )
        assert response.status_code == 403
        client.logout()


def test_a_village_code_leads_to_its_regency_s_calendar(web: Any, village_officer: User) -> None:
    response = web(village_officer).get(calendar_url(NUATAUS, 2030))
    assert response.status_code == 302
    assert response["Location"] == calendar_url("53.01", 2030)


@pytest.mark.parametrize(
    ("code", "year", "status"),
    [("53.71", 2030, 403), ("53", 2030, 404), ("99.99", 2030, 404), ("53.01", 1800, 404)],
)
def test_other_regencies_and_bad_addresses_are_refused(
    web: Any, kupang_editor: User, code: str, year: int, status: int
) -> None:
    assert web(kupang_editor).get(calendar_url(code, year)).status_code == status


def test_an_editor_removes_a_stage_after_confirming(
    web: Any, kupang_editor: User, kota_editor: User, year: int
) -> None:
    url = reverse("planning:calendar-stage-delete", args=["53.01", year, "forum_pd"])
    assert web(kota_editor).post(url).status_code == 403
    client = web(kupang_editor)
    assert "Remove the dates" in html(client.get(url))
    assert client.post(url).status_code == 302
    assert not PlanningStage.objects.filter(region_id="53.01", year=year, stage="forum_pd").exists()
    assert client.get(url).status_code == 404


def test_the_calendar_index_opens_the_user_s_own_regency(
    web: Any, kupang_editor: User, province_manager: User
) -> None:
    response = web(kupang_editor).get(reverse("planning:calendar"))
    assert response["Location"] == calendar_url("53.01")
    page = html(web(province_manager).get(reverse("planning:calendar")))
    assert calendar_url("53.71") in page
    assert calendar_url("53.01") in page


# -- partner programmes ----------------------------------------------------------------------


@pytest.fixture
def tangguh_programme(db: Any) -> PartnerProgramme:
    return services.create_programme(
        actor=None,
        region=region("53.01"),
        name="Desa Tangguh Fatuleu",
        partner="Yayasan Mitra",
        first_year=2023,
        last_year=2026,
        practices="Bak penampung air hujan\nGladi evakuasi banjir",
    )


def programme_post(**extra: Any) -> dict[str, Any]:
    values = {
        "region": "53.01",
        "name": "BangKIT Sumba",
        "partner": "Yayasan Pikul",
        "first_year": "2024",
        "last_year": "2027",
        "description": "",
        "practices": "Kebun gizi",
    }
    values.update(extra)
    return values


def test_the_programme_list_shows_the_user_s_and_province_wide_programmes(
    web: Any, kupang_editor: User, tangguh_programme: PartnerProgramme
) -> None:
    services.create_programme(
        actor=None, region=region("53"), name="NTT Tangguh", partner="UNDP", first_year=2024
    )
    services.create_programme(
        actor=None, region=region("53.71"), name="Kota Hijau", partner="WVI", first_year=2024
    )
    page = html(web(kupang_editor).get(reverse("planning:programmes")))
    assert "Desa Tangguh Fatuleu" in page
    assert "NTT Tangguh" in page
    assert "Kota Hijau" not in page


def test_an_editor_registers_a_programme(web: Any, kupang_editor: User) -> None:
    response = web(kupang_editor).post(reverse("planning:programme-add"), programme_post())
    programme = PartnerProgramme.objects.get(name="BangKIT Sumba")
    assert response["Location"] == programme.get_absolute_url()
    assert ChangeRecord.objects.filter(model="planning.partnerprogramme").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"last_year": "2020"}, "The last year is before the first year."),
        ({"region": "53.71"}, "53.71"),
        ({"region": "99"}, "99"),
        ({"region": NUATAUS}, "Choose a region at the level of"),
        ({"first_year": "tahun lalu"}, "Enter a whole number."),
        ({"name": "Desa Tangguh Fatuleu"}, "already exists"),
    ],
)
def test_bad_programmes_are_refused_with_the_reason(
    web: Any,
    kupang_editor: User,
    tangguh_programme: PartnerProgramme,
    extra: dict[str, str],
    message: str,
) -> None:
    page = html(web(kupang_editor).post(reverse("planning:programme-add"), programme_post(**extra)))
    assert message in page
    assert PartnerProgramme.objects.count() == 1


def test_a_programme_page_shows_its_practices_and_the_items_carrying_it_on(
    web: Any, kupang_editor: User, tangguh_programme: PartnerProgramme, krb: WorkPlanItem
) -> None:
    services.update_item(krb, actor=None, partner_programme=tangguh_programme)
    page = html(web(kupang_editor).get(tangguh_programme.get_absolute_url()))
    assert "<li>Gladi evakuasi banjir</li>" in page
    assert krb.get_absolute_url() in page
    assert "150,000,000" in page


def test_an_editor_changes_a_programme(
    web: Any, kupang_editor: User, tangguh_programme: PartnerProgramme
) -> None:
    url = reverse("planning:programme-edit", args=[tangguh_programme.pk])
    assert 'value="53.01"' in html(web(kupang_editor).get(url))
    response = web(kupang_editor).post(url, programme_post(name="Desa Tangguh Fatuleu Barat"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    tangguh_programme.refresh_from_db()
    assert tangguh_programme.name == "Desa Tangguh Fatuleu Barat"


def test_a_programme_cannot_be_moved_out_of_the_user_s_regions(
    web: Any, kupang_editor: User, tangguh_programme: PartnerProgramme
) -> None:
    url = reverse("planning:programme-edit", args=[tangguh_programme.pk])
    page = html(web(kupang_editor).post(url, programme_post(region="53.71")))
    assert "53.71" in page.split('class="error"')[1]
    tangguh_programme.refresh_from_db()
    assert tangguh_programme.region_id == "53.01"


def test_programmes_outside_the_user_s_regions_are_forbidden(
    web: Any, kota_editor: User, kupang_editor: User, tangguh_programme: PartnerProgramme
) -> None:
    client = web(kota_editor)
    for name in ("planning:programme-detail", "planning:programme-edit"):
        assert client.get(reverse(name, args=[tangguh_programme.pk])).status_code == 403
    assert (
        client.post(
            reverse("planning:programme-edit", args=[tangguh_programme.pk]), programme_post()
        ).status_code
        == 403
    )
    assert client.get(reverse("planning:programme-detail", args=[999999])).status_code == 404
    province = services.create_programme(
        actor=None, region=region("53"), name="NTT Tangguh", partner="UNDP", first_year=2024
    )
    client = web(kupang_editor)
    assert client.get(province.get_absolute_url()).status_code == 200
    assert client.get(reverse("planning:programme-edit", args=[province.pk])).status_code == 403


def test_a_viewer_cannot_register_a_programme(web: Any, make_user: Callable[..., User]) -> None:
    viewer = make_user("viewer", {"53.01": "viewer"})
    assert web(viewer).get(reverse("planning:programme-add")).status_code == 403


def test_programme_texts_are_escaped(web: Any, kupang_editor: User) -> None:
    programme = services.create_programme(
        actor=None,
        region=region("53.01"),
        name="<script>alert(1)</script>",
        partner="<b>NGO</b>",
        first_year=2024,
        practices="<img src=x onerror=alert(1)>",
    )
    client = web(kupang_editor)
    for url in (reverse("planning:programmes"), programme.get_absolute_url()):
        page = html(client.get(url))
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;" in page


# -- the list of work plans ------------------------------------------------------------------


def test_the_work_plan_list_counts_items_and_budgets_per_agency(
    web: Any, kupang_editor: User, krb: WorkPlanItem, kota_agency: Agency
) -> None:
    page = html(web(kupang_editor).get(reverse("planning:workplans"), {"year": krb.year}))
    row = page.split(reverse("planning:workplan", args=[krb.agency_id, krb.year]))[1]
    row = row.split("</tr>")[0]
    assert '<td class="num">1</td><td class="num">1</td><td class="num">150,000,000</td>' in row
    assert kota_agency.name not in page


def test_the_work_plan_list_explains_a_bad_year(
    web: Any, kupang_editor: User, bpbd: Agency
) -> None:
    page = html(web(kupang_editor).get(reverse("planning:workplans"), {"year": "dua ribu"}))
    assert "Enter a whole number." in page
    assert bpbd.name in page
    page = html(web(kupang_editor).get(reverse("planning:workplans"), {"region": "53.71"}))
    assert bpbd.name not in page


# -- one agency's work plan ------------------------------------------------------------------


def test_a_work_plan_shows_its_items_totals_and_the_proposals_they_answer(
    web: Any, kupang_editor: User, village_officer: User, krb: WorkPlanItem
) -> None:
    asked = services.create_proposal(
        actor=village_officer,
        region=region(NUATAUS),
        year=krb.year,
        source_kind=SourceKind.RISK_PLAN,
        title="Kajian risiko banjir Nuataus",
    )
    services.decide(
        asked,
        actor=kupang_editor,
        outcome=Outcome.ACCOMMODATED,
        links=[LinkSpec(krb, Decimal("40000000"))],
    )
    page = html(
        web(kupang_editor).get(reverse("planning:workplan", args=[krb.agency_id, krb.year]))
    )
    items = page.split('data-testid="items"')[1]
    assert KRB in items
    assert "Nuataus" in items
    assert "Jumlah dokumen Kajian Risiko Bencana (KRB)" in items  # the default indicator
    assert "1 Dokumen" in items
    assert "150,000,000" in items
    assert "Before a disaster" in items
    assert "Poverty" in items
    assert "1 · Rp 40,000,000" in items
    totals = page.split('data-testid="totals"')[1].split("</dl>")[0]
    assert "Rp 150,000,000" in totals
    assert "Regional budget (APBD)" in totals
    assert reverse("planning:item-add", args=[krb.agency_id, krb.year]) in page
    detail = html(web(kupang_editor).get(krb.get_absolute_url()))
    assert "Kajian risiko banjir Nuataus" in detail
    assert "40,000,000" in detail


def test_an_agency_user_adds_an_item_with_the_nomenclature_s_defaults(
    web: Any, make_user: Callable[..., User], bpbd: Agency, year: int
) -> None:
    staff = make_user("bpbd.staff", {"53.01": "editor"}, agency=bpbd)
    response = web(staff).post(reverse("planning:item-add", args=[bpbd.pk, year]), item_post())
    item = WorkPlanItem.objects.get()
    assert response["Location"] == item.get_absolute_url()
    gladi = sub(GLADI)
    assert (item.sub_activity, item.indicator, item.unit) == (gladi, gladi.indicator, "Orang")
    assert sorted(r.code for r in item.locations.all()) == ["53.01.27", NUATAUS]
    assert (item.budget, item.phases, item.climate, item.status) == (
        Decimal("75000000"),
        ["pra"],
        "adaptation",
        WorkPlanStatus.DRAFT,
    )
    assert ChangeRecord.objects.filter(model="planning.workplanitem", action="create").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"sub_activity": "1.05.03.2.02.9999"}, "There is no sub-activity 1.05.03.2.02.9999"),
        ({"sub_activity": ""}, "This field is required."),
        ({"sub_activity": SPAM}, "does not hold the field of affairs 1.03"),
        ({"locations": ["53.71.01.1001"]}, "53.71.01.1001 is not an active region of this"),
        ({"budget": "75 juta"}, "Enter a number."),
        ({"budget": "-5"}, "greater than or equal to 0"),
        ({"phases": ["besok"]}, "Select a valid choice."),
    ],
)
def test_bad_items_are_refused_with_the_reason(
    web: Any, kupang_editor: User, bpbd: Agency, year: int, extra: dict[str, Any], message: str
) -> None:
    url = reverse("planning:item-add", args=[bpbd.pk, year])
    page = html(web(kupang_editor).post(url, item_post(**extra)))
    assert message in page
    assert not WorkPlanItem.objects.exists()


def test_an_item_not_offered_to_ntt_is_refused(
    web: Any, kupang_editor: User, bpbd: Agency, year: int
) -> None:
    reserved = Item.objects.filter(
        edition__name="2027",
        government="kabkota",
        level="sub_kegiatan",
        offered=False,
        bidang="1.05",
    ).first()
    assert reserved is not None
    url = reverse("planning:item-add", args=[bpbd.pk, year])
    page = html(web(kupang_editor).post(url, item_post(sub_activity=reserved.code)))
    assert "is not a sub-activity a Regency/city government may use" in page
    assert not WorkPlanItem.objects.exists()


def test_a_closed_calendar_is_explained_and_nothing_is_added(
    web: Any, kupang_editor: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="closed")
    client = web(kupang_editor)
    page = html(client.get(reverse("planning:workplan", args=[bpbd.pk, year])))
    assert 'data-testid="closed-reason"' in page
    assert "can no longer be changed" in page
    assert reverse("planning:item-add", args=[bpbd.pk, year]) not in page
    page = html(client.post(reverse("planning:item-add", args=[bpbd.pk, year]), item_post()))
    assert "can no longer be changed" in page
    assert not WorkPlanItem.objects.exists()


def test_a_year_without_a_calendar_is_refused_with_the_reason(
    web: Any, kupang_editor: User, bpbd: Agency
) -> None:
    page = html(
        web(kupang_editor).post(reverse("planning:item-add", args=[bpbd.pk, 2031]), item_post())
    )
    assert "Bappeda must set the dates of its stages first" in page
    assert not WorkPlanItem.objects.exists()


def test_an_editor_changes_an_item_and_an_emptied_unit_takes_the_default(
    web: Any, kupang_editor: User, krb: WorkPlanItem
) -> None:
    url = reverse("planning:item-edit", args=[krb.pk])
    form = html(web(kupang_editor).get(url))
    assert f'value="{KRB}"' in form
    assert 'value="53.01.27.2002" checked' in form
    assert 'data-testid="chosen-sub-activity"' in form
    response = web(kupang_editor).post(
        url,
        item_post(sub_activity=KRB, locations=[NUATAUS], budget="200000000", status="final"),
    )
    assert response.status_code == 302
    krb.refresh_from_db()
    assert (krb.budget, krb.unit, krb.status) == (Decimal("200000000"), "Dokumen", "final")
    response = web(kupang_editor).post(url, item_post(sub_activity=GLADI, status="draft"))
    krb.refresh_from_db()
    assert krb.sub_activity == sub(GLADI)


def test_staff_of_another_agency_may_read_but_not_change_a_work_plan(
    web: Any, make_user: Callable[..., User], krb: WorkPlanItem
) -> None:
    dinsos = AgencyFactory(region_id="53.01", name="Dinas Sosial", bidang_codes=["1.06"])
    staff = make_user("dinsos.staff", {"53.01": "editor"}, agency=dinsos)
    client = web(staff)
    page = html(client.get(reverse("planning:workplan", args=[krb.agency_id, krb.year])))
    assert "You work for" in page
    assert reverse("planning:item-add", args=[krb.agency_id, krb.year]) not in page
    for name, args in (
        ("planning:item-add", [krb.agency_id, krb.year]),
        ("planning:item-edit", [krb.pk]),
        ("planning:item-delete", [krb.pk]),
        ("planning:workplan-copy", [krb.agency_id, krb.year]),
        ("planning:workplan-finalise", [krb.agency_id, krb.year]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
        assert client.post(reverse(name, args=args), item_post()).status_code == 403, name
    manager = make_user("bappeda", {"53.01": "manager"}, agency=dinsos)
    assert web(manager).get(reverse("planning:item-edit", args=[krb.pk])).status_code == 200


def test_an_item_answering_a_proposal_cannot_be_deleted(
    web: Any, kupang_editor: User, village_officer: User, krb: WorkPlanItem
) -> None:
    asked = services.create_proposal(
        actor=village_officer,
        region=region(NUATAUS),
        year=krb.year,
        source_kind=SourceKind.RISK_PLAN,
        title="Kajian risiko",
    )
    services.decide(
        asked, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(krb, Decimal(1))]
    )
    client = web(kupang_editor)
    response = client.post(reverse("planning:item-delete", args=[krb.pk]), follow=True)
    assert "Decisions on 1 proposal(s) rely on this item" in html(response)
    assert WorkPlanItem.objects.filter(pk=krb.pk).exists()
    assert Proposal.objects.get(pk=asked.pk).outcome == Outcome.PARTLY


def test_an_editor_deletes_an_item_after_confirming(
    web: Any, kupang_editor: User, krb: WorkPlanItem
) -> None:
    client = web(kupang_editor)
    url = reverse("planning:item-delete", args=[krb.pk])
    assert "Delete a work-plan item" in html(client.get(url))
    response = client.post(url)
    assert response["Location"] == reverse("planning:workplan", args=[krb.agency_id, krb.year])
    assert not WorkPlanItem.objects.exists()


def test_copying_forward_shows_what_was_created_and_what_was_skipped(
    web: Any, kupang_editor: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    planning_calendar("53.01", year=year - 1)
    for code in (KRB, GLADI):
        services.create_item(
            actor=None, agency=bpbd, year=year - 1, sub_activity=sub(code), budget=Decimal(10)
        )
    services.create_item(actor=None, agency=bpbd, year=year, sub_activity=sub(GLADI))
    client = web(kupang_editor)
    url = reverse("planning:workplan-copy", args=[bpbd.pk, year])
    confirm = html(client.get(url))
    assert f"Copy the 2 items of the {year - 1} work plan" in confirm
    page = html(client.post(url))
    created = page.split('data-testid="copy-created"')[1].split("</section>")[0]
    skipped = page.split('data-testid="copy-skipped"')[1].split("</section>")[0]
    assert KRB in created
    assert GLADI not in created
    assert GLADI in skipped
    assert f"already in the {year} work plan" in skipped
    assert WorkPlanItem.objects.filter(agency=bpbd, year=year).count() == 2


def test_copying_into_a_closed_year_is_refused_with_the_reason(
    web: Any, kupang_editor: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="closed")
    response = web(kupang_editor).post(
        reverse("planning:workplan-copy", args=[bpbd.pk, year]), follow=True
    )
    assert "can no longer be changed" in html(response)


def test_finalising_marks_every_draft_final(
    web: Any, kupang_editor: User, krb: WorkPlanItem
) -> None:
    client = web(kupang_editor)
    url = reverse("planning:workplan-finalise", args=[krb.agency_id, krb.year])
    assert "Mark the 1 draft item final?" in html(client.get(url))
    page = html(client.post(url, follow=True))
    assert "1 item marked final." in page
    krb.refresh_from_db()
    assert krb.status == WorkPlanStatus.FINAL
    assert "already final" in html(client.get(url))


# -- the fragments of the item form ----------------------------------------------------------


def test_the_sub_activity_search_offers_only_the_bidang_the_agency_holds(
    web: Any, kupang_editor: User, bpbd: Agency, year: int
) -> None:
    client = web(kupang_editor)
    url = reverse("planning:workplan-sub-activities", args=[bpbd.pk, year])
    page = html(client.get(url, {"q": "gladi kesiapsiagaan"}))
    assert f'data-code="{GLADI}"' in page
    page = html(client.get(url, {"q": "air minum"}))
    assert "No sub-activity of the agency's fields of affairs matches" in page
    page = html(client.get(url, {"q": "gaji tunjangan"}))
    assert f'data-code="{SALARIES}"' in page
    page = html(client.get(url, {"q": "<script>"}))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_choosing_a_sub_activity_shows_its_standard_indicator_and_unit(
    web: Any, kupang_editor: User, bpbd: Agency, year: int
) -> None:
    client = web(kupang_editor)
    url = reverse("planning:workplan-sub-activity", args=[bpbd.pk, year])
    page = html(client.get(url, {"code": GLADI}))
    assert f'value="{GLADI}"' in page
    assert '<dd data-testid="default-unit">Orang</dd>' in page
    assert 'hx-swap-oob="true"' in page
    assert "does not hold" in html(client.get(url, {"code": SPAM}))
    page = html(client.get(url, {"sub_activity": "9.99"}))
    assert "There is no sub-activity 9.99" in page


def test_the_location_search_stays_within_the_agency_s_regency(
    web: Any, province_manager: User, bpbd: Agency, kota_agency: Agency
) -> None:
    client = web(province_manager)
    page = html(
        client.get(
            reverse("planning:workplan-locations", args=[bpbd.pk]), {"location_q": "Nuataus"}
        )
    )
    assert f'data-code="{NUATAUS}"' in page
    page = html(
        client.get(
            reverse("planning:workplan-locations", args=[kota_agency.pk]), {"location_q": "Nuataus"}
        )
    )
    assert "No region of" in page


def test_choosing_a_location_adds_a_ticked_box_once(
    web: Any, kupang_editor: User, bpbd: Agency
) -> None:
    client = web(kupang_editor)
    url = reverse("planning:workplan-location", args=[bpbd.pk])
    page = html(client.get(url, {"code": NUATAUS}))
    assert f'name="locations" value="{NUATAUS}" checked' in page
    assert html(client.get(url, {"code": NUATAUS, "locations": [NUATAUS]})) == ""
    assert client.get(url, {"code": "53.71.01.1001"}).status_code == 404


# -- every page, and scope --------------------------------------------------------------------


def test_every_page_opens_for_an_editor_of_the_regency(
    web: Any, kupang_editor: User, krb: WorkPlanItem, tangguh_programme: PartnerProgramme
) -> None:
    agency, year = krb.agency_id, krb.year
    client = web(kupang_editor)
    for name, args in (
        ("planning:calendar", ["53.01", year]),
        ("planning:calendar-stage-delete", ["53.01", year, "forum_pd"]),
        ("planning:programmes", []),
        ("planning:programme-add", []),
        ("planning:programme-detail", [tangguh_programme.pk]),
        ("planning:programme-edit", [tangguh_programme.pk]),
        ("planning:workplans", []),
        ("planning:workplan", [agency, year]),
        ("planning:item-add", [agency, year]),
        ("planning:item-detail", [krb.pk]),
        ("planning:item-edit", [krb.pk]),
        ("planning:item-delete", [krb.pk]),
        ("planning:workplan-copy", [agency, year]),
        ("planning:workplan-finalise", [agency, year]),
        ("planning:workplan-sub-activities", [agency, year]),
        ("planning:workplan-sub-activity", [agency, year]),
        ("planning:workplan-locations", [agency]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_another_regency_s_work_plan_pages_are_forbidden(
    web: Any, kota_editor: User, krb: WorkPlanItem
) -> None:
    agency, year = krb.agency_id, krb.year
    client = web(kota_editor)
    for name, args in (
        ("planning:workplan", [agency, year]),
        ("planning:item-add", [agency, year]),
        ("planning:item-detail", [krb.pk]),
        ("planning:item-edit", [krb.pk]),
        ("planning:item-delete", [krb.pk]),
        ("planning:workplan-copy", [agency, year]),
        ("planning:workplan-finalise", [agency, year]),
        ("planning:workplan-sub-activities", [agency, year]),
        ("planning:workplan-sub-activity", [agency, year]),
        ("planning:workplan-locations", [agency]),
        ("planning:workplan-location", [agency]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
        assert client.post(reverse(name, args=args), item_post()).status_code == 403, name
    assert WorkPlanItem.objects.get(pk=krb.pk).budget == Decimal("150000000")
    assert krb.agency.name not in html(client.get(reverse("planning:workplans"), {"year": year}))


def test_unknown_agencies_items_and_years_are_not_found(
    web: Any, kupang_editor: User, bpbd: Agency
) -> None:
    client = web(kupang_editor)
    assert client.get(reverse("planning:workplan", args=[999999, 2027])).status_code == 404
    assert client.get(reverse("planning:workplan", args=[bpbd.pk, 1800])).status_code == 404
    assert client.get(reverse("planning:item-detail", args=[999999])).status_code == 404
    assert client.get(reverse("planning:item-add", args=[bpbd.pk, 3000])).status_code == 404


def test_a_village_officer_sees_no_work_plan(
    web: Any, village_officer: User, krb: WorkPlanItem
) -> None:
    client = web(village_officer)
    assert client.get(krb.get_absolute_url()).status_code == 403
    assert krb.agency.name not in html(client.get(reverse("planning:workplans")))


def test_an_item_s_texts_are_escaped(web: Any, kupang_editor: User, krb: WorkPlanItem) -> None:
    services.update_item(krb, actor=None, note="<script>alert(1)</script>", indicator="<b>x</b>")
    client = web(kupang_editor)
    for url in (
        krb.get_absolute_url(),
        reverse("planning:workplan", args=[krb.agency_id, krb.year]),
    ):
        page = html(client.get(url))
        assert "<script>alert(1)</script>" not in page
        assert "<b>x</b>" not in page


# -- the list of work plans follows its year ----------------------------------------------------


def test_the_work_plan_list_follows_its_year_filter_and_breadcrumb(
    web: Any, kupang_editor: User, krb: WorkPlanItem, year: int
) -> None:
    client = web(kupang_editor)
    later = year + 1

    filtered = html(client.get(reverse("planning:workplans"), {"year": later}))
    submitted = html(client.get(reverse("planning:workplans"), {"year": later, "region": ""}))
    plan = html(client.get(reverse("planning:workplan", args=[krb.agency_id, later])))
    crumb = re.search(r'<nav class="crumbs"><a href="([^"]+)"', plan)

    for page in (filtered, submitted):
        assert f"Agencies' work plans (Renja) for {later}" in page
        assert "is not a region code" not in page
    assert crumb is not None
    back = html(client.get(crumb.group(1).replace("&amp;", "&")))
    assert f"Agencies' work plans (Renja) for {later}" in back
    regency = html(client.get(reverse("planning:workplans"), {"year": year, "region": "53.01"}))
    assert "BPBD" in regency
    assert "BPBD" not in html(client.get(reverse("planning:workplans"), {"region": "53.71"}))


def test_missing_planning_records_answer_404_in_the_user_s_language(
    web: Any, kupang_editor: User, bpbd: Agency, year: int, settings: Any
) -> None:
    client = web(kupang_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    for url in (
        reverse("planning:programme-detail", args=[999999]),
        reverse("planning:item-detail", args=[999999]),
        reverse("planning:workplan", args=[999999, year]),
        reverse("planning:calendar-stage-delete", args=["53.01", year + 5, "forum_pd"]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        assert "Data ini tidak ada." in page, url
        assert "matches the given query" not in page, url


def test_finalising_another_regencys_work_plan_tells_nothing_of_its_drafts(
    api: Any, kota_editor: User, krb: WorkPlanItem, bpbd: Agency, year: int
) -> None:
    """The API answers a foreign agency as one that does not exist, drafts or not; the service
    refuses before it reads the drafts."""
    from django.core.exceptions import PermissionDenied

    client = api(kota_editor)
    url = "/api/v1/work-plan-items/finalise/"

    def answer(agency_id: int) -> tuple[int, str]:
        response = client.post(url, {"agency": agency_id, "year": year}, format="json")
        return response.status_code, response.content.decode().replace(str(agency_id), "<id>")

    empty: Agency = AgencyFactory(
        region_id="53.01", name="Dinas tanpa rencana", bidang_codes=["1.05"]
    )
    assert answer(bpbd.pk) == answer(empty.pk) == answer(987654321)
    for agency in (bpbd, empty):
        with pytest.raises(PermissionDenied):
            services.finalise(agency, year, actor=kota_editor)
    krb.refresh_from_db()
    assert krb.status == WorkPlanStatus.DRAFT
