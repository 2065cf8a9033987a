"""Regressions found in review: decided proposals frozen, calendar stages that began protected,
an item's budget shared among the proposals it answers, odd input answered without a crash,
wide spreadsheets read in bounded memory, and no partner-programme names outside one's regions."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tangguh.accounts.models import Agency, User
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.importing import Problems
from tangguh.nomenclature.models import Item
from tangguh.planning import rules, services, sheets
from tangguh.planning.models import (
    MAX_MONEY,
    Outcome,
    PartnerProgramme,
    PlanningStage,
    Proposal,
    SourceKind,
    Stage,
)
from tangguh.planning.services import LinkSpec
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"
KRB = "1.05.03.2.01.0008"
BIG = "9" * 25


def sub(code: str) -> Item:
    return Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=code
    )


def make_proposal(year: int, actor: Any = None, **extra: Any) -> Proposal:
    values: dict[str, Any] = {
        "region": Region.objects.get(code=NUATAUS),
        "year": year,
        "source_kind": SourceKind.RISK_PLAN,
        "title": "Bak penampung air hujan",
        "estimated_cost": Decimal("80000000"),
        **extra,
    }
    return services.create_proposal(actor=actor, **values)


@pytest.fixture
def bpbd(db: Any) -> Agency:
    agency: Agency = AgencyFactory(region_id="53.01", short_name="BPBD", bidang_codes=["1.05"])
    return agency


def test_a_decided_proposal_cannot_be_moved_or_changed(
    api: Any,
    village_officer: User,
    kupang_editor: User,
    bpbd: Agency,
    planning_calendar: Callable[..., int],
) -> None:
    year = planning_calendar("53.01")
    planning_calendar("53.01", year=year + 1)
    item = services.create_item(
        actor=None, agency=bpbd, year=year, sub_activity=sub(KRB), budget=Decimal(100)
    )
    made = make_proposal(year, actor=village_officer)
    services.decide(
        made,
        actor=kupang_editor,
        outcome=Outcome.ACCOMMODATED,
        links=[LinkSpec(item, Decimal(100))],
    )
    with pytest.raises(ValidationError, match="has been decided"):
        services.update_proposal(made, actor=kupang_editor, year=year + 1)
    response = api(village_officer).patch(
        f"/api/v1/proposals/{made.pk}/", {"year": year + 1, "estimated_cost": "1"}, format="json"
    )
    assert response.status_code == 400
    made.refresh_from_db()
    assert (made.year, made.estimated_cost) == (year, Decimal("80000000"))
    services.decide(made, actor=kupang_editor, outcome=Outcome.UNDECIDED)
    assert services.update_proposal(made, actor=village_officer, unit="unit").unit == "unit"


def test_a_stage_that_began_is_moved_or_removed_by_a_manager_only(
    kupang_editor: User, make_user: Callable[..., User], planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="closed")
    adopted = PlanningStage.objects.get(region_id="53.01", year=year, stage=Stage.RKPD_ADOPTED)
    with pytest.raises(PermissionDenied, match="only a manager"):
        services.delete_stage(adopted, actor=kupang_editor)
    with pytest.raises(PermissionDenied, match="only a manager"):
        services.set_stage(
            Region.objects.get(code="53.01"),
            year,
            Stage.RKPD_ADOPTED,
            rules.today() + dt.timedelta(days=300),
            rules.today() + dt.timedelta(days=300),
            actor=kupang_editor,
        )
    assert rules.Calendar.of("53.01", year).decisions_closed() is not None
    manager = make_user("kepala.bappeda", {"53.01": "manager"})
    services.delete_stage(adopted, actor=manager)
    assert not PlanningStage.objects.filter(pk=adopted.pk).exists()


def test_a_stage_may_not_end_after_the_next_one(kupang_editor: User) -> None:
    kupang = Region.objects.get(code="53.01")
    services.set_stage(
        kupang,
        2035,
        Stage.RKPD_ADOPTED,
        dt.date(2034, 6, 15),
        dt.date(2034, 6, 15),
        actor=kupang_editor,
    )
    with pytest.raises(ValidationError, match="ends after"):
        services.set_stage(
            kupang,
            2035,
            Stage.MUSRENBANG_KECAMATAN,
            dt.date(2034, 2, 1),
            dt.date(2034, 7, 1),
            actor=kupang_editor,
        )


def test_an_item_s_budget_is_shared_among_the_proposals_it_answers(
    kupang_editor: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    item = services.create_item(
        actor=None, agency=bpbd, year=year, sub_activity=sub(KRB), budget=Decimal(100)
    )
    first = make_proposal(year)
    second = make_proposal(year)
    services.decide(
        first, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(item, Decimal(70))]
    )
    with pytest.raises(ValidationError, match=r"has 30.* left for this proposal"):
        services.decide(
            second, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(item, Decimal(40))]
        )
    services.decide(
        second, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(item, Decimal(30))]
    )
    # deciding the first again with the same budget is not double counting itself
    services.decide(
        first, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(item, Decimal(70))]
    )
    with pytest.raises(ValidationError, match="more than its new budget"):
        services.update_item(item, actor=kupang_editor, budget=Decimal(90))


def test_links_cannot_change_once_the_renja_is_final(
    kupang_editor: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    item = services.create_item(
        actor=None, agency=bpbd, year=year, sub_activity=sub(KRB), budget=Decimal(100)
    )
    made = make_proposal(year)
    PlanningStage.objects.filter(region_id="53.01", year=year, stage=Stage.RKPD_ADOPTED).delete()
    PlanningStage.objects.filter(region_id="53.01", year=year, stage=Stage.RENJA_FINAL).update(
        starts=rules.today() - dt.timedelta(days=2), ends=rules.today() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="finalised"):
        services.decide(
            made, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(item, Decimal(5))]
        )
    rejected = services.decide(made, actor=kupang_editor, outcome=Outcome.REJECTED, reason="x")
    assert rejected.outcome == Outcome.REJECTED


def test_odd_query_input_is_answered_without_a_crash(
    web: Callable[[User], Client], api: Any, kupang_editor: User
) -> None:
    client = web(kupang_editor)
    for url, query in [
        (reverse("planning:village-proposals", args=[NUATAUS]), {"year": "²"}),
        (reverse("planning:proposal-add"), {"year": "²"}),
        (reverse("planning:proposals"), {"q": " ".join(f"w{i}" for i in range(2000))}),
    ]:
        assert client.get(url, query).status_code == 200
    token_client = api(kupang_editor)
    words = " ".join(f"w{i}" for i in range(2000))
    assert token_client.get("/api/v1/proposals/", {"q": words}).status_code == 200
    for url in ("/api/v1/proposals/", "/api/v1/work-plan-items/"):
        assert token_client.get(url, {"agency": BIG}).status_code == 400
    assert token_client.get("/api/v1/proposals/", {"partner_programme": BIG}).status_code == 400


def test_the_sync_matrix_api_handles_very_large_sums(api: Any, kupang_editor: User) -> None:
    Proposal.objects.bulk_create(
        Proposal(
            region_id=NUATAUS,
            regency_id="53.01",
            year=2027,
            source_kind="risk_plan",
            title=f"t{n}",
            estimated_cost=MAX_MONEY,
        )
        for n in range(1001)
    )
    response = api(kupang_editor).get("/api/v1/sync-matrix/", {"year": 2027, "region": "53.01"})
    assert response.status_code == 200, response.content[:300]


def test_a_sheet_with_a_far_right_cell_is_read_in_bounded_width(tmp_path: Any) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ref", "title"])
    for n in range(200):
        sheet.append([f"R{n}", "judul"])
        sheet.cell(n + 2, 16384).value = "x"
    path = tmp_path / "wide.xlsx"
    book.save(path)
    problems = Problems()
    read = sheets.read_sheets(path, problems)
    assert read is not None, problems.items
    assert len(read[0].rows) == 201
    assert all(len(row.cells) <= 2 for row in read[0].rows)


def test_the_location_fragment_names_no_programme_outside_one_s_regions(
    web: Callable[[User], Client], kota_editor: User
) -> None:
    PartnerProgramme.objects.create(
        region_id="53.01", name="PROGRAM-RAHASIA-KUPANG", partner="LSM", first_year=2024
    )
    page = web(kota_editor).get(reverse("planning:proposal-location"), {"region": NUATAUS})
    assert "PROGRAM-RAHASIA-KUPANG" not in page.content.decode()


def test_a_damaged_hidden_sheet_is_reported(
    web: Callable[[User], Client],
    kupang_editor: User,
    bpbd: Agency,
    planning_calendar: Callable[..., int],
) -> None:
    year = planning_calendar("53.01")
    made = make_proposal(year)
    services.code_proposal(made, actor=None, sub_activity=sub(KRB), agency=bpbd)
    client = web(kupang_editor)
    exported = client.get(reverse("planning:sync-export"), {"year": year, "region": "53.01"})
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    for cells in book["tangguh"].iter_rows():
        if cells[0].value == "agency":
            cells[2].value = "abc"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("d.xlsx", buffer.getvalue())
    response = client.post(reverse("planning:decision-import"), {"upload": upload})
    assert response.status_code == 200
    assert "hidden sheet is damaged" in response.content.decode()
