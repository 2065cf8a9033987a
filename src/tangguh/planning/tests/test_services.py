"""Planning services: the calendar and scope rules, proposals, the trail, coding, decisions,
work plans and copying forward — each write audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tangguh.accounts.models import Agency, User
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import Item
from tangguh.planning import rules, services
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    PlanningStage,
    Proposal,
    ProposalLink,
    SourceKind,
    Stage,
    TrailLevel,
    Verdict,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.planning.services import LinkSpec
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"
KRB = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota


def sub(code: str, government: str = "kabkota") -> Item:
    return Item.objects.get(
        edition__name="2027", government=government, level="sub_kegiatan", code=code
    )


def proposal(actor: Any, year: int, **extra: Any) -> Proposal:
    values: dict[str, Any] = {
        "region": Region.objects.get(code=NUATAUS),
        "year": year,
        "source_kind": SourceKind.RISK_PLAN,
        "title": "Bak penampung air hujan 4 unit untuk Dusun 2",
        "estimated_cost": Decimal("80000000"),
        "women": 40,
        "men": 38,
        **extra,
    }
    return services.create_proposal(actor=actor, **values)


@pytest.fixture
def bpbd(db: Any) -> Agency:
    agency: Agency = AgencyFactory(region_id="53.01", short_name="BPBD", bidang_codes=["1.05"])
    return agency


@pytest.fixture
def item(bpbd: Agency, planning_calendar: Callable[..., int]) -> WorkPlanItem:
    year = planning_calendar("53.01")
    return services.create_item(
        actor=None, agency=bpbd, year=year, sub_activity=sub(KRB), budget=Decimal("150000000")
    )


# -- calendar --------------------------------------------------------------------------------


def test_without_a_calendar_proposals_are_refused_with_the_reason(village_officer: User) -> None:
    with pytest.raises(ValidationError, match="no planning calendar for Kabupaten Kupang"):
        proposal(village_officer, 2031)
    assert not Proposal.objects.exists()


def test_villages_cannot_add_after_the_sub_district_forum_but_partners_can(
    village_officer: User, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01", state="decisions")
    with pytest.raises(ValidationError, match=r"Sub-district forum .* closed on"):
        proposal(village_officer, year)
    late = proposal(kupang_editor, year, source_kind=SourceKind.PARTNER)
    assert late.regency_id == "53.01"


def test_stage_dates_must_follow_the_cycle(kupang_editor: User, village_officer: User) -> None:
    kupang = Region.objects.get(code="53.01")
    services.set_stage(
        kupang,
        2031,
        Stage.MUSRENBANG_KECAMATAN,
        dt.date(2030, 2, 1),
        dt.date(2030, 2, 20),
        actor=kupang_editor,
    )
    with pytest.raises(ValidationError, match="starts before"):
        services.set_stage(
            kupang,
            2031,
            Stage.FORUM_PD,
            dt.date(2030, 1, 5),
            dt.date(2030, 1, 10),
            actor=kupang_editor,
        )
    with pytest.raises(ValidationError, match="ends before it starts"):
        services.set_stage(
            kupang,
            2031,
            Stage.MUSRENBANG_DESA,
            dt.date(2030, 1, 20),
            dt.date(2030, 1, 10),
            actor=kupang_editor,
        )
    with pytest.raises(PermissionDenied):
        services.set_stage(
            kupang,
            2031,
            Stage.MUSRENBANG_DESA,
            dt.date(2030, 1, 5),
            dt.date(2030, 1, 10),
            actor=village_officer,
        )
    with pytest.raises(ValidationError, match="regency or city"):
        services.set_stage(
            Region.objects.get(code="53.01.27"),
            2031,
            Stage.MUSRENBANG_DESA,
            dt.date(2030, 1, 5),
            dt.date(2030, 1, 10),
            actor=kupang_editor,
        )
    assert PlanningStage.objects.filter(year=2031).count() == 1


# -- proposals --------------------------------------------------------------------------------


def test_a_village_officer_adds_a_proposal_in_their_village_only(
    village_officer: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = proposal(village_officer, year, reference="NTS-01")
    assert made.regency_id == "53.01"
    assert made.stage == TrailLevel.VILLAGE
    log = ChangeRecord.objects.get(model="planning.proposal", action="create")
    assert log.actor == village_officer
    assert log.region_code == NUATAUS
    with pytest.raises(PermissionDenied):
        proposal(village_officer, year, region=Region.objects.get(code="53.01.27.2001"))
    with pytest.raises(ValidationError, match="already has the reference NTS-01"):
        proposal(village_officer, year, reference="NTS-01")


def test_a_village_plan_needs_its_village_and_numbers_are_checked(
    kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    with pytest.raises(ValidationError, match="needs its village"):
        proposal(kupang_editor, year, region=Region.objects.get(code="53.01"))
    with pytest.raises(ValidationError) as failure:
        proposal(kupang_editor, year, estimated_cost=Decimal(-5), women=-1)
    assert {"estimated_cost", "women"} <= set(failure.value.message_dict)
    pokir = proposal(
        kupang_editor, year, region=Region.objects.get(code="53.01"), source_kind=SourceKind.POKIR
    )
    assert pokir.region_id == "53.01"


def test_a_partner_programme_must_work_where_the_proposal_is(
    kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    elsewhere = services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.71"),
        name="Kota",
        partner="X",
        first_year=2024,
    )
    with pytest.raises(ValidationError, match="does not work in"):
        proposal(kupang_editor, year, partner_programme=elsewhere)
    here = PartnerProgramme.objects.create(
        region_id="53", name="Provinsi", partner="Y", first_year=2024
    )
    assert proposal(kupang_editor, year, partner_programme=here).partner_programme == here


def test_editing_and_withdrawing_follow_the_window(
    village_officer: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = proposal(village_officer, year)
    changed = services.update_proposal(made, actor=village_officer, volume=Decimal(4), unit="unit")
    assert changed.volume == 4
    assert ChangeRecord.objects.filter(model="planning.proposal", action="update").exists()
    planning_calendar("53.01", state="decisions", year=year)
    with pytest.raises(ValidationError, match="closed on"):
        services.update_proposal(made, actor=village_officer, title="lain")
    with pytest.raises(ValidationError, match="closed on"):
        services.delete_proposal(made, actor=village_officer)


# -- trail, coding, decisions ------------------------------------------------------------------


def test_each_level_recommends_within_its_own_region(
    village_officer: User, kupang_editor: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = proposal(village_officer, year)
    services.recommend(
        made, actor=village_officer, level=TrailLevel.VILLAGE, verdict=Verdict.RECOMMENDED
    )
    with pytest.raises(PermissionDenied):
        services.recommend(
            made, actor=village_officer, level=TrailLevel.AGENCY, verdict=Verdict.RECOMMENDED
        )
    services.recommend(
        made,
        actor=kupang_editor,
        level=TrailLevel.AGENCY,
        verdict=Verdict.REVISED,
        cost=Decimal("60000000"),
        agency=bpbd,
        note="Volume dikurangi menjadi 3 unit",
    )
    made.refresh_from_db()
    assert made.stage == TrailLevel.AGENCY
    assert [r.level for r in made.recommendations.all()] == ["village", "agency"]
    elsewhere = AgencyFactory(region_id="53.71", bidang_codes=["1.05"])
    with pytest.raises(ValidationError, match="not one of this regency"):
        services.recommend(
            made,
            actor=kupang_editor,
            level=TrailLevel.BAPPEDA,
            verdict=Verdict.RECOMMENDED,
            agency=elsewhere,
        )


def test_coding_checks_the_sub_activity_and_the_agency_bidang(
    kupang_editor: User, village_officer: User, bpbd: Agency, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = proposal(village_officer, year)
    with pytest.raises(ValidationError, match="may use"):
        services.code_proposal(
            made,
            actor=kupang_editor,
            sub_activity=sub("1.05.03.1.01.0003", "provinsi"),
            agency=bpbd,
        )
    social = sub("1.06.04.2.01.0001")
    with pytest.raises(ValidationError, match=r"does not hold the field of affairs 1\.06"):
        services.code_proposal(made, actor=kupang_editor, sub_activity=social, agency=bpbd)
    with pytest.raises(PermissionDenied):
        services.code_proposal(made, actor=village_officer, sub_activity=sub(KRB), agency=bpbd)
    coded = services.code_proposal(made, actor=kupang_editor, sub_activity=sub(KRB), agency=bpbd)
    assert coded.sub_activity is not None
    assert coded.sub_activity.code == KRB


def test_deciding_links_items_and_is_audited(
    village_officer: User, kupang_editor: User, item: WorkPlanItem
) -> None:
    made = proposal(village_officer, item.year)
    with pytest.raises(PermissionDenied):
        services.decide(made, actor=village_officer, outcome=Outcome.REJECTED, reason="x")
    with pytest.raises(ValidationError, match="linked to the work-plan items"):
        services.decide(made, actor=kupang_editor, outcome=Outcome.ACCOMMODATED)
    with pytest.raises(ValidationError, match="must give the budget"):
        services.decide(
            made, actor=kupang_editor, outcome=Outcome.ACCOMMODATED, links=[LinkSpec(item)]
        )
    with pytest.raises(ValidationError, match="between 0 and the item's budget"):
        services.decide(
            made,
            actor=kupang_editor,
            outcome=Outcome.ACCOMMODATED,
            links=[LinkSpec(item, Decimal("999000000"))],
        )
    decided = services.decide(
        made,
        actor=kupang_editor,
        outcome=Outcome.ACCOMMODATED,
        links=[LinkSpec(item, Decimal("75000000"))],
    )
    assert decided.outcome == Outcome.ACCOMMODATED
    assert decided.agency == item.agency
    assert decided.sub_activity == item.sub_activity
    link = ProposalLink.objects.get(proposal=made)
    assert link.location_id == NUATAUS
    assert link.budget == Decimal("75000000")
    assert ChangeRecord.objects.filter(model="planning.proposallink", action="create").count() == 1
    rejected = services.decide(
        made, actor=kupang_editor, outcome=Outcome.REJECTED, reason="Sudah didanai Dana Desa"
    )
    assert rejected.outcome == Outcome.REJECTED
    assert not rejected.links.exists()
    assert ChangeRecord.objects.filter(model="planning.proposallink", action="delete").count() == 1


def test_deferring_and_rejecting_need_their_details(
    village_officer: User, kupang_editor: User, item: WorkPlanItem
) -> None:
    made = proposal(village_officer, item.year)
    with pytest.raises(ValidationError, match="reason for rejecting"):
        services.decide(made, actor=kupang_editor, outcome=Outcome.REJECTED, reason="  ")
    with pytest.raises(ValidationError, match="later year"):
        services.decide(made, actor=kupang_editor, outcome=Outcome.DEFERRED, deferred_to=item.year)
    with pytest.raises(ValidationError, match="Only an accommodated"):
        services.decide(
            made,
            actor=kupang_editor,
            outcome=Outcome.DEFERRED,
            deferred_to=item.year + 1,
            links=[LinkSpec(item, Decimal(1))],
        )
    deferred = services.decide(
        made, actor=kupang_editor, outcome=Outcome.DEFERRED, deferred_to=item.year + 1
    )
    assert deferred.deferred_to == item.year + 1


def test_decisions_are_frozen_once_the_rkpd_is_adopted(
    village_officer: User, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = proposal(village_officer, year)
    planning_calendar("53.01", state="closed", year=year)
    with pytest.raises(ValidationError, match=r"adopted on .* frozen"):
        services.decide(made, actor=kupang_editor, outcome=Outcome.REJECTED, reason="x")
    with pytest.raises(ValidationError, match="frozen"):
        services.recommend(
            made, actor=kupang_editor, level=TrailLevel.BAPPEDA, verdict=Verdict.RECOMMENDED
        )


def test_an_item_of_another_regency_or_year_cannot_answer(
    village_officer: User,
    kupang_editor: User,
    item: WorkPlanItem,
    planning_calendar: Callable[..., int],
) -> None:
    made = proposal(village_officer, item.year)
    planning_calendar("53.01", year=item.year + 1)
    later = services.create_item(
        actor=None,
        agency=item.agency,
        year=item.year + 1,
        sub_activity=item.sub_activity,
        budget=Decimal(100),
    )
    with pytest.raises(ValidationError, match=r"is not in the .* work plan"):
        services.decide(
            made, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(later, Decimal(50))]
        )
    with pytest.raises(ValidationError, match="not in this regency"):
        services.decide(
            made,
            actor=kupang_editor,
            outcome=Outcome.PARTLY,
            links=[LinkSpec(item, Decimal(50), Region.objects.get(code="53.71.01"))],
        )


# -- work plans ----------------------------------------------------------------------------


def test_work_plan_items_default_from_the_nomenclature_and_check_their_agency(
    bpbd: Agency, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = services.create_item(
        actor=kupang_editor,
        agency=bpbd,
        year=year,
        sub_activity=sub(KRB),
        locations=[Region.objects.get(code="53.01.27")],
        budget=Decimal(1),
    )
    assert made.unit == "Dokumen"
    assert "Kajian Risiko Bencana" in made.indicator
    assert made.region_id == "53.01"
    with pytest.raises(ValidationError, match="does not hold"):
        services.create_item(
            actor=kupang_editor, agency=bpbd, year=year, sub_activity=sub("1.06.04.2.01.0001")
        )
    with pytest.raises(ValidationError, match="Not in"):
        services.create_item(
            actor=kupang_editor,
            agency=bpbd,
            year=year,
            sub_activity=sub(KRB),
            locations=[Region.objects.get(code="53.71.01")],
        )
    support = services.create_item(
        actor=kupang_editor, agency=bpbd, year=year, sub_activity=sub("X.XX.01.2.02.0001")
    )
    assert support.sub_activity.bidang == "X.XX"


def test_agency_staff_edit_their_own_agency_only(
    bpbd: Agency, make_user: Callable[..., User], planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    other = AgencyFactory(region_id="53.01", bidang_codes=["1.05"])
    staff = make_user("staf.lain", {"53.01": "editor"}, agency=other)
    with pytest.raises(PermissionDenied, match="may not change the work plan"):
        services.create_item(actor=staff, agency=bpbd, year=year, sub_activity=sub(KRB))
    assert services.create_item(actor=staff, agency=other, year=year, sub_activity=sub(KRB))
    manager = make_user("kepala", {"53.01": "manager"}, agency=other)
    assert services.create_item(actor=manager, agency=bpbd, year=year, sub_activity=sub(KRB))


def test_items_are_frozen_after_the_renja_and_linked_items_stay(
    village_officer: User,
    kupang_editor: User,
    item: WorkPlanItem,
    planning_calendar: Callable[..., int],
) -> None:
    made = proposal(village_officer, item.year)
    services.decide(
        made, actor=kupang_editor, outcome=Outcome.PARTLY, links=[LinkSpec(item, Decimal(10))]
    )
    with pytest.raises(ValidationError, match="rely on this item"):
        services.delete_item(item, actor=kupang_editor)
    with pytest.raises(ValidationError, match="more than its new budget"):
        services.update_item(item, actor=kupang_editor, budget=Decimal(5))
    assert services.finalise(item.agency, item.year, actor=kupang_editor) == 1
    planning_calendar("53.01", state="closed", year=item.year)
    with pytest.raises(ValidationError, match="finalised on"):
        services.update_item(item, actor=kupang_editor, budget=Decimal(50))


def test_copy_forward_makes_drafts_and_skips_what_is_there(
    item: WorkPlanItem, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    services.update_item(item, actor=None, locations=[Region.objects.get(code="53.01.27")])
    services.finalise(item.agency, item.year, actor=None)
    next_year = planning_calendar("53.01", year=item.year + 1)
    report = services.copy_forward(
        item.agency, from_year=item.year, to_year=next_year, actor=kupang_editor
    )
    assert len(report.created) == 1
    assert not report.skipped
    copy = report.created[0]
    assert copy.status == WorkPlanStatus.DRAFT
    assert copy.copied_from == item
    assert copy.budget == item.budget
    assert copy.sub_activity == item.sub_activity
    assert [r.code for r in copy.locations.all()] == ["53.01.27"]
    again = services.copy_forward(
        item.agency, from_year=item.year, to_year=next_year, actor=kupang_editor
    )
    assert not again.created
    assert "already in" in again.skipped[0][1]
    with pytest.raises(ValidationError, match="later year"):
        services.copy_forward(
            item.agency, from_year=next_year, to_year=item.year, actor=kupang_editor
        )


def test_a_deferred_proposal_is_carried_over_to_its_year_once(
    village_officer: User, kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    made = proposal(village_officer, year, reference="NTS-07", hazards=["flood"])
    with pytest.raises(ValidationError, match="Only a proposal deferred"):
        services.carry_forward(made, actor=village_officer)
    services.decide(made, actor=kupang_editor, outcome=Outcome.DEFERRED, deferred_to=year + 1)
    with pytest.raises(ValidationError, match="no planning calendar"):
        services.carry_forward(made, actor=village_officer)
    planning_calendar("53.01", year=year + 1)
    carried = services.carry_forward(made, actor=village_officer)
    assert carried.year == year + 1
    assert carried.carried_from == made
    assert carried.reference == "NTS-07"
    assert carried.title == made.title
    assert carried.outcome == Outcome.UNDECIDED
    assert [h.pk for h in carried.hazards.all()] == ["flood"]
    assert ChangeRecord.objects.filter(
        model="planning.proposal", object_id=str(carried.pk), action="create"
    ).exists()
    with pytest.raises(ValidationError, match="already carried over"):
        services.carry_forward(made, actor=village_officer)


def test_carrying_over_needs_the_right_to_add_in_the_village(
    village_officer: User,
    kupang_editor: User,
    kota_editor: User,
    planning_calendar: Callable[..., int],
) -> None:
    year = planning_calendar("53.01")
    planning_calendar("53.01", year=year + 1)
    made = proposal(village_officer, year)
    services.decide(made, actor=kupang_editor, outcome=Outcome.DEFERRED, deferred_to=year + 1)
    with pytest.raises(PermissionDenied):
        services.carry_forward(made, actor=kota_editor)
    assert not Proposal.objects.filter(year=year + 1).exists()


# -- rules that hold across pages, API and imports -------------------------------------------


def make_proposal(year: int, actor: Any = None, **extra: Any) -> Proposal:
    return proposal(actor, year, title="Bak penampung air hujan", **extra)


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


def test_a_stage_keeps_its_regency_year_and_stage(
    kupang_editor: User, planning_calendar: Callable[..., int]
) -> None:
    year = planning_calendar("53.01")
    stage = PlanningStage.objects.get(region_id="53.01", year=year, stage=Stage.FORUM_PD)
    with pytest.raises(ValidationError, match="keeps its regency/city, year and stage"):
        services.update_stage(stage, actor=kupang_editor, year=year + 1)
    later = stage.ends + dt.timedelta(days=1)
    changed = services.update_stage(stage, actor=kupang_editor, ends=later, note="SE Bupati")
    assert (changed.pk, changed.ends, changed.note) == (stage.pk, later, "SE Bupati")
