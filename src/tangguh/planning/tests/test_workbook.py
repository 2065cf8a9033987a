"""The decisions workbook: export (a summary and one protected sheet per agency), fill it the way
an agency would with openpyxl, import it back; every kind of bad workbook refused, nothing
written; and the pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.models import ChangeRecord, Job
from tangguh.core.testing import text_of
from tangguh.planning import services
from tangguh.planning.importers import import_decisions
from tangguh.planning.models import (
    Outcome,
    PlanningStage,
    Proposal,
    ProposalLink,
    Stage,
    WorkPlanItem,
)
from tangguh.planning.workbook import (
    COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    META_SHEET,
    build_workbook,
)
from tangguh.regions.models import Region

NUATAUS = "53.01.27.2002"
POTO = "53.01.27.2001"
KIE = "1.05.03.2.01.0007"  # KIE rawan bencana (BPBD)
EQUIPMENT = "1.05.03.2.02.0015"  # peralatan kesiapsiagaan (BPBD)
SPAM = "1.03.03.2.01.0022"  # SPAM bukan jaringan perpipaan (PUPR)
HOSTILE = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture
def year(planning_calendar):
    return planning_calendar("53.01", state="open")


@pytest.fixture
def agencies(db):
    bpbd = AgencyFactory(
        region_id="53.01",
        code="1.05.0.00.0.00.01.0000",
        name="Badan Penanggulangan Bencana Daerah",
        short_name="BPBD",
        bidang_codes=["1.05"],
    )
    pupr = AgencyFactory(
        region_id="53.01",
        code="1.03.0.00.0.00.01.0000",
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        short_name="PUPR",
        bidang_codes=["1.03"],
    )
    return {"bpbd": bpbd, "pupr": pupr}


def propose(year: int, title: str, *, region: str = NUATAUS, **values) -> Proposal:
    values.setdefault("source_kind", "risk_plan")
    return services.create_proposal(actor=None, region_id=region, year=year, title=title, **values)


@pytest.fixture
def proposals(year, agencies):
    training = propose(
        year,
        "Pelatihan dan perlengkapan evakuasi Tim Siaga Bencana desa",
        reference="FB-01",
        estimated_cost=Decimal(60_000_000),
    )
    water = propose(
        year,
        "Sumur bor dan bak penampung air bersih untuk dusun yang kekeringan",
        description="SPAM bukan jaringan perpipaan, sumur bor 80 m",
        reference="FB-02",
        region=POTO,
        estimated_cost=Decimal(250_000_000),
    )
    hostile = propose(year, HOSTILE, reference="FB-03", estimated_cost=Decimal(10_000_000))
    services.code_proposal(training, actor=None, sub_activity=None, agency=agencies["bpbd"])
    services.code_proposal(hostile, actor=None, sub_activity=None, agency=agencies["bpbd"])
    return {"training": training, "water": water, "hostile": hostile}


def export(tmp_path: Path, year: int, actor=None, region: str = "53.01") -> Path:
    book = build_workbook(Region.objects.get(code=region), year, actor)
    path = tmp_path / "keputusan.xlsx"
    book.save(path)
    return path


def column(key: str) -> int:
    return COLUMNS.index(key) + 1


def rows_of(sheet) -> dict[int, int]:
    """Proposal id → row number of its first row on a sheet."""
    found: dict[int, int] = {}
    for number in range(FIRST_ROW, sheet.max_row + 1):
        value = sheet.cell(number, 1).value
        if isinstance(value, int):
            found.setdefault(value, number)
    return found


def fill(path: Path, sheet_title: str, proposal: Proposal | int, row: int | None = None, **values):
    """Fill the input cells of a proposal's row (or of a given row) like an agency would."""
    book = openpyxl.load_workbook(path)
    sheet = book[sheet_title]
    pk = proposal if isinstance(proposal, int) else proposal.pk
    if row is None:
        row = rows_of(sheet)[pk]
    else:
        sheet.cell(row, 1).value = pk
    for key, value in values.items():
        sheet.cell(row, column(key)).value = value
    book.save(path)


def first_free_row(path: Path, sheet_title: str) -> int:
    sheet = openpyxl.load_workbook(path)[sheet_title]
    return max(rows_of(sheet).values()) + 1


def texts(report) -> list[str]:
    return [str(p) for p in report.errors]


# ---------------------------------------------------------------------------------------------
# Export


def test_the_workbook_has_a_summary_and_one_sheet_per_agency(tmp_path, year, proposals):
    path = export(tmp_path, year)
    book = openpyxl.load_workbook(path)

    assert book.sheetnames[0] == "Summary"
    assert "BPBD" in book.sheetnames
    assert "PUPR" in book.sheetnames
    assert book[META_SHEET].sheet_state == "veryHidden"
    bpbd = rows_of(book["BPBD"])
    assert set(bpbd) == {proposals["training"].pk, proposals["hostile"].pk}
    pupr = book["PUPR"]
    assert set(rows_of(pupr)) == {proposals["water"].pk}
    row = rows_of(pupr)[proposals["water"].pk]
    assert pupr.cell(row, column("village_code")).value == POTO
    assert pupr.cell(row, column("village_name")).value == "Poto"
    assert pupr.cell(row, column("estimated_cost")).value == 250_000_000
    assert pupr.cell(row, column("suggestion")).value.startswith("1.03.")


def test_the_summary_holds_the_matrix_by_agency_and_by_sub_district(tmp_path, year, proposals):
    summary = openpyxl.load_workbook(export(tmp_path, year))["Summary"]
    cells = [[c.value for c in row] for row in summary.iter_rows()]

    labels = [row[0] for row in cells]
    assert "By agency" in labels
    assert "By sub-district" in labels
    bpbd = next(row for row in cells if row[0] == "BPBD")
    assert bpbd[1] == 2  # received
    assert bpbd[6] == 2  # undecided
    assert bpbd[7] == 70_000_000  # asked
    district = next(row for row in cells if row[0] == "Fatuleu Barat")
    assert district[1] == 3
    totals = [row for row in cells if row[0] == "Total"]
    assert [t[1] for t in totals] == [3, 3]


def test_agency_sheets_are_protected_except_the_input_columns(tmp_path, year, proposals):
    sheet = openpyxl.load_workbook(export(tmp_path, year))["BPBD"]

    assert sheet.protection.sheet is True
    assert sheet.freeze_panes == f"F{FIRST_ROW}"
    header = [sheet.cell(HEADER_ROW, c).value for c in range(1, len(COLUMNS) + 1)]
    assert header[0] == "Proposal ID"
    assert header[column("outcome") - 1] == "Decision"
    row = rows_of(sheet)[proposals["training"].pk]
    assert sheet.cell(row, column("title")).protection.locked is True
    assert sheet.cell(row, column("proposal_id")).protection.locked is True
    for key in ("outcome", "sub_activity_code", "budget", "location_code", "deferred_to", "reason"):
        assert sheet.cell(row, column(key)).protection.locked is False
    assert sheet.cell(row, column("estimated_cost")).number_format == '"Rp" #,##0'
    assert sheet.cell(row, column("budget")).number_format == '"Rp" #,##0'
    free = max(rows_of(sheet).values()) + 1
    assert sheet.cell(free, column("proposal_id")).protection.locked is False
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    outcome = next(v for ref, v in validations.items() if ref.startswith("L"))
    assert outcome.type == "list"
    assert outcome.formula1 == "'lists'!$A$1:$A$5"
    lists = openpyxl.load_workbook(export(tmp_path, year))["lists"]
    assert [lists.cell(n, 1).value for n in range(1, 6)] == [
        "Accommodated",
        "Partly accommodated",
        "Deferred to a later year",
        "Rejected",
        "Not decided yet",
    ]


def test_proposals_no_agency_can_carry_are_listed_on_a_read_only_sheet(tmp_path, year, proposals):
    clinic = propose(year, "Pelatihan kader posyandu dan alat timbang balita", reference="FB-04")

    book = openpyxl.load_workbook(export(tmp_path, year))

    sheet = book["No agency yet"]
    assert rows_of(sheet) == {clinic.pk: FIRST_ROW}
    assert sheet.protection.sheet is True
    assert sheet.cell(HEADER_ROW, column("outcome")).value is None
    assert clinic.pk not in rows_of(book["BPBD"])
    assert clinic.pk not in rows_of(book["PUPR"])


def test_a_formula_in_a_title_is_exported_as_text(tmp_path, year, proposals):
    sheet = openpyxl.load_workbook(export(tmp_path, year))["BPBD"]
    cell = sheet.cell(rows_of(sheet)[proposals["hostile"].pk], column("title"))

    assert cell.value == HOSTILE
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_only_proposals_the_user_may_see_are_exported(tmp_path, year, proposals, kota_editor):
    book = openpyxl.load_workbook(export(tmp_path, year, actor=kota_editor))

    assert book.sheetnames[:1] == ["Summary"]
    assert "BPBD" not in book.sheetnames


def test_a_province_manager_exports_the_whole_province(
    tmp_path, year, proposals, province_manager, planning_calendar
):
    AgencyFactory(
        region_id="53.71", code="1.05.0.00.0.00.01.0000", short_name="BPBD", bidang_codes=["1.05"]
    )
    kota = planning_calendar("53.71", state="open", year=year)
    propose(kota, "Penyusunan kajian risiko bencana kota", region="53.71.01.1001")

    book = openpyxl.load_workbook(export(tmp_path, year, actor=province_manager, region="53"))

    assert "53.01 BPBD" in book.sheetnames
    assert "53.01 PUPR" in book.sheetnames
    assert "53.71 BPBD" in book.sheetnames


# ---------------------------------------------------------------------------------------------
# Round trip


def test_round_trip_records_decisions_links_and_new_draft_items(
    tmp_path, year, proposals, agencies, kupang_editor
):
    path = export(tmp_path, year, actor=kupang_editor)
    training, water, hostile = proposals["training"], proposals["water"], proposals["hostile"]
    fill(
        path,
        "BPBD",
        training,
        outcome="Accommodated",
        sub_activity_code=EQUIPMENT,
        budget=45_000_000,
    )
    fill(path, "BPBD", hostile, outcome="Rejected", reason="Bukan kewenangan BPBD")
    fill(
        path,
        "PUPR",
        water,
        outcome="partly",
        sub_activity_code=SPAM,
        budget="Rp 200.000.000",
        location_code="5301272001",
    )

    report = import_decisions(path, actor=kupang_editor)

    assert texts(report) == []
    assert report.updated == len(proposals)
    assert report.created == 2
    training.refresh_from_db()
    assert training.outcome == Outcome.ACCOMMODATED
    assert training.decided_by == kupang_editor.username
    link = ProposalLink.objects.get(proposal=training)
    assert link.budget == Decimal(45_000_000)
    assert link.location_id == NUATAUS
    item = link.item
    assert item.agency == agencies["bpbd"]
    assert item.sub_activity.code == EQUIPMENT
    assert item.year == year
    assert item.status == "draft"
    assert item.budget == Decimal(45_000_000)
    assert [r.code for r in item.locations.all()] == [NUATAUS]
    water.refresh_from_db()
    assert water.outcome == Outcome.PARTLY
    assert water.agency == agencies["pupr"]
    assert water.sub_activity.code == SPAM
    assert water.links.get().budget == Decimal(200_000_000)
    hostile.refresh_from_db()
    assert hostile.outcome == Outcome.REJECTED
    assert hostile.outcome_reason == "Bukan kewenangan BPBD"
    changes = ChangeRecord.objects.filter(actor_name=kupang_editor.username)
    assert changes.filter(model="planning.workplanitem", action="create").count() == 2
    assert changes.filter(model="planning.proposallink", action="create").count() == 2
    assert changes.filter(model="planning.proposal", action="update").count() == 3


def test_decisions_from_the_workbook_teach_the_regency_s_suggestions_at_once(
    tmp_path, year, proposals, kupang_editor, django_capture_on_commit_callbacks
):
    from tangguh.planning import matching
    from tangguh.planning.models import Coding

    text = "sumur bor dan bak air bersih, SPAM bukan jaringan perpipaan untuk dusun kekeringan"
    poto = Region.objects.get(code=POTO)
    matching.find_many([text], year=year, region=poto)  # the regency's memory is in use
    path = export(tmp_path, year, actor=kupang_editor)
    water = proposals["water"]
    fill(path, "PUPR", water, outcome="Accommodated", sub_activity_code=SPAM, budget=1_000_000)

    with django_capture_on_commit_callbacks(execute=True):
        report = import_decisions(path, actor=kupang_editor)

    assert texts(report) == []
    coding = Coding.objects.get()
    assert (coding.proposal_id, coding.code, coding.by) == (water.pk, SPAM, kupang_editor.username)
    found = matching.find_many([text], year=year, region=poto)[0].matches
    spam = next(m for m in found if m.item.code == SPAM)
    assert [e.text for e in spam.examples if e.source == "region"] == [water.text]
    kota = matching.find_many([text], year=year, region=Region.objects.get(code="53.71"))[0]
    assert all(e.source != "region" for m in kota.matches for e in m.examples)


def test_importing_the_same_workbook_again_changes_nothing(
    tmp_path, year, proposals, kupang_editor
):
    path = export(tmp_path, year)
    fill(
        path, "BPBD", proposals["training"], outcome="Accommodated", sub_activity_code=KIE, budget=1
    )
    fill(
        path, "BPBD", proposals["hostile"], outcome="Deferred to a later year", deferred_to=year + 1
    )
    assert import_decisions(path, actor=kupang_editor).errors == []
    before = ChangeRecord.objects.count()

    again = import_decisions(path, actor=kupang_editor)
    fresh = export(tmp_path, year)
    third = import_decisions(fresh, actor=kupang_editor)

    assert again.errors == []
    assert again.updated == 0
    assert again.unchanged == 2
    assert third.errors == []
    assert third.updated == 0
    assert third.unchanged == 2
    assert ChangeRecord.objects.count() == before


def test_several_rows_of_one_proposal_are_several_links(tmp_path, year, proposals):
    path = export(tmp_path, year)
    training = proposals["training"]
    fill(path, "BPBD", training, outcome="Accommodated", sub_activity_code=KIE, budget=10_000_000)
    fill(
        path,
        "BPBD",
        training,
        row=first_free_row(path, "BPBD"),
        outcome="Accommodated",
        sub_activity_code=EQUIPMENT,
        budget=40_000_000,
        location_code=POTO,
    )

    report = import_decisions(path, actor=None)

    assert texts(report) == []
    links = {link.item.sub_activity.code: link for link in training.links.all()}
    assert set(links) == {KIE, EQUIPMENT}
    assert links[EQUIPMENT].location_id == POTO
    assert links[KIE].budget == Decimal(10_000_000)


def test_an_existing_draft_item_is_used_and_its_budget_raised(tmp_path, year, proposals, agencies):
    from tangguh.nomenclature.models import Item

    kie = Item.objects.get(code=KIE, government="kabkota", level="sub_kegiatan")
    item = services.create_item(
        actor=None, agency=agencies["bpbd"], year=year, sub_activity=kie, budget=Decimal(5_000_000)
    )
    path = export(tmp_path, year)
    fill(
        path,
        "BPBD",
        proposals["training"],
        outcome="Accommodated",
        sub_activity_code=KIE,
        budget=20_000_000,
    )

    report = import_decisions(path, actor=None)

    assert texts(report) == []
    assert report.created == 0
    item.refresh_from_db()
    assert item.budget == Decimal(20_000_000)
    assert [r.code for r in item.locations.all()] == [NUATAUS]
    assert proposals["training"].links.get().item == item
    assert WorkPlanItem.objects.count() == 1


def test_a_dry_run_writes_nothing(tmp_path, year, proposals):
    path = export(tmp_path, year)
    fill(
        path, "BPBD", proposals["training"], outcome="Accommodated", sub_activity_code=KIE, budget=1
    )

    report = import_decisions(path, actor=None, dry_run=True)

    assert report.errors == []
    assert report.as_dict()["decided"] == 1
    proposals["training"].refresh_from_db()
    assert proposals["training"].outcome == Outcome.UNDECIDED
    assert not WorkPlanItem.objects.exists()
    from tangguh.planning.models import Coding

    assert not Coding.objects.exists()


# ---------------------------------------------------------------------------------------------
# Bad workbooks


def test_every_bad_cell_is_listed_with_sheet_row_and_column_and_nothing_written(
    tmp_path, year, proposals
):
    path = export(tmp_path, year)
    training, hostile, water = proposals["training"], proposals["hostile"], proposals["water"]
    fill(path, "BPBD", training, outcome="maybe", budget="banyak")
    fill(path, "BPBD", hostile, outcome="Rejected")
    fill(path, "PUPR", water, outcome="Deferred to a later year", deferred_to=year)
    free = first_free_row(path, "BPBD")
    fill(path, "BPBD", 999999, row=free, outcome="Rejected", reason="x")
    fill(
        path,
        "BPBD",
        training.pk,
        row=free + 1,
        outcome="Accommodated",
        sub_activity_code=SPAM,
        budget=-5,
        location_code="53.71.01.1001",
    )
    fill(
        path,
        "BPBD",
        training.pk,
        row=free + 2,
        outcome="Accommodated",
        sub_activity_code="9.99.99.2.99.9999",
        budget=5,
    )

    report = import_decisions(path, actor=None)

    rows = openpyxl.load_workbook(path)
    bpbd = rows_of(rows["BPBD"])
    pupr = rows_of(rows["PUPR"])
    found = texts(report)
    where = "keputusan.xlsx, sheet BPBD"
    assert f"{where}:{bpbd[training.pk]} [Budget (Rp) (N)]: 'banyak' is not a number" in found
    assert any(
        p.startswith(f"{where}:{bpbd[training.pk]} [Decision (L)]: unknown decision 'maybe'")
        for p in found
    )
    assert (
        f"{where}:{bpbd[hostile.pk]} [Reason (Q)]: give the reason for rejecting the proposal"
        in found
    )
    assert (
        f"keputusan.xlsx, sheet PUPR:{pupr[water.pk]} [Deferred to (year) (P)]: give the later "
        f"budget year the proposal is deferred to (after {year})" in found
    )
    assert f"{where}:{free} [Proposal ID (A)]: there is no proposal with ID 999999" in found
    assert (
        f"{where}:{free + 1} [Sub-activity code (M)]: BPBD does not hold the field of affairs "
        f"1.03 of sub-activity {SPAM}." in found
    )
    assert f"{where}:{free + 1} [Budget (Rp) (N)]: must not be negative (-5)" in found
    assert (
        f"{where}:{free + 1} [Location code (O)]: 53.71.01.1001 is not a place in 53.01 "
        "Kabupaten Kupang" in found
    )
    assert (
        f"{where}:{free + 2} [Sub-activity code (M)]: sub-activity 9.99.99.2.99.9999 does not "
        "exist in the nomenclature edition 2027" in found
    )
    assert len(found) == 9
    assert not WorkPlanItem.objects.exists()
    assert Proposal.objects.exclude(outcome=Outcome.UNDECIDED).count() == 0


def test_cells_that_contradict_the_decision_are_refused(tmp_path, year, proposals):
    path = export(tmp_path, year)
    fill(
        path,
        "BPBD",
        proposals["hostile"],
        outcome="Rejected",
        reason="tidak prioritas",
        sub_activity_code=KIE,
        deferred_to=year + 2,
    )
    fill(path, "BPBD", proposals["training"], outcome="Accommodated", sub_activity_code=KIE)

    report = import_decisions(path, actor=None)

    found = texts(report)
    assert any("[Sub-activity code (M)]: only an accommodated" in p for p in found)
    assert any(
        "[Deferred to (year) (P)]: only a deferred proposal has a year it is deferred to" in p
        for p in found
    )
    assert any(
        "[Budget (Rp) (N)]: give the budget (Rp) that answers the proposal" in p for p in found
    )
    assert not Proposal.objects.exclude(outcome=Outcome.UNDECIDED).exists()


def test_different_decisions_for_one_proposal_are_refused(tmp_path, year, proposals):
    path = export(tmp_path, year)
    training = proposals["training"]
    fill(path, "BPBD", training, outcome="Accommodated", sub_activity_code=KIE, budget=5)
    fill(
        path, "BPBD", training.pk, row=first_free_row(path, "BPBD"), outcome="Rejected", reason="x"
    )

    report = import_decisions(path, actor=None)

    assert len(report.errors) == 1
    assert "gets a different decision here than on sheet BPBD" in report.errors[0].message


def test_a_proposal_of_another_regency_is_refused(tmp_path, year, proposals, planning_calendar):
    kota_year = planning_calendar("53.71", state="open", year=year)
    other = propose(kota_year, "Drainase kelurahan", region="53.71.01.1001")
    path = export(tmp_path, year)
    fill(path, "BPBD", other.pk, row=first_free_row(path, "BPBD"), outcome="Rejected", reason="x")

    report = import_decisions(path, actor=None)

    assert len(report.errors) == 1
    assert report.errors[0].message.startswith(
        f"proposal {other.pk} is for 53.71 Kota Kupang, budget year {year}; this sheet is for "
        f"53.01 Kabupaten Kupang, {year}"
    )


def test_a_proposal_outside_the_users_regions_is_refused_without_saying_where_it_lies(
    tmp_path, year, proposals, planning_calendar, kupang_editor
):
    kota_year = planning_calendar("53.71", state="open", year=year)
    other = propose(kota_year, "Drainase kelurahan", region="53.71.01.1001")
    path = export(tmp_path, year)
    fill(path, "BPBD", other.pk, row=first_free_row(path, "BPBD"), outcome="Rejected", reason="x")

    report = import_decisions(path, actor=kupang_editor)

    assert [p.message for p in report.errors] == ["This record belongs to a region outside yours."]
    assert Proposal.objects.get(pk=other.pk).outcome == Outcome.UNDECIDED


def test_decisions_outside_the_window_are_refused_with_the_reason(tmp_path, year, proposals):
    path = export(tmp_path, year)
    fill(path, "BPBD", proposals["hostile"], outcome="Rejected", reason="x")
    fill(path, "BPBD", proposals["training"], outcome="Rejected", reason="y")
    PlanningStage.objects.filter(region_id="53.01", year=year, stage=Stage.RKPD_ADOPTED).update(
        starts=dt.date(2000, 1, 1)
    )
    PlanningStage.objects.filter(region_id="53.01", year=year).exclude(
        stage=Stage.RKPD_ADOPTED
    ).update(starts=dt.date(2000, 1, 1), ends=dt.date(2000, 1, 2))

    report = import_decisions(path, actor=None)

    assert len(report.errors) == 1
    message = report.errors[0].message
    assert f"The RKPD for {year} was adopted" in message
    assert "(2 rows: BPBD:" in message
    assert not Proposal.objects.exclude(outcome=Outcome.UNDECIDED).exists()


def test_a_user_outside_the_regency_is_refused(tmp_path, year, proposals, kota_editor):
    path = export(tmp_path, year)
    fill(path, "BPBD", proposals["hostile"], outcome="Rejected", reason="x")

    report = import_decisions(path, actor=kota_editor)

    assert [p.message for p in report.errors if p.message.startswith("you may not")] == [
        "you may not decide on proposals of 53.01 Kabupaten Kupang"
    ] * 2
    assert not Proposal.objects.exclude(outcome=Outcome.UNDECIDED).exists()


def test_a_village_officer_may_not_decide(tmp_path, year, proposals, village_officer):
    path = export(tmp_path, year)
    fill(path, "BPBD", proposals["training"], outcome="Rejected", reason="x")

    report = import_decisions(path, actor=village_officer)

    assert [p.message for p in report.errors] == [
        "you may not decide on proposals of 53.01 Kabupaten Kupang"
    ] * 2


def test_a_renamed_sheet_is_refused(tmp_path, year, proposals):
    path = export(tmp_path, year)
    book = openpyxl.load_workbook(path)
    book["PUPR"].title = "Dinas PU"
    book.save(path)

    report = import_decisions(path, actor=None)

    assert texts(report) == [
        "keputusan.xlsx, sheet Dinas PU: is not one of the agency sheets this workbook was "
        "exported with (renamed, added or its agency removed?); nothing on it can be read"
    ]


def test_a_changed_header_is_refused(tmp_path, year, proposals):
    path = export(tmp_path, year)
    book = openpyxl.load_workbook(path)
    book["BPBD"].cell(HEADER_ROW, column("budget")).value = "Pagu"
    book.save(path)

    report = import_decisions(path, actor=None)

    assert texts(report) == [
        f"keputusan.xlsx, sheet BPBD:{HEADER_ROW}: the column(s) budget are missing; do not "
        "change the header row"
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("keputusan.csv", b"proposal_id,outcome\n1,rejected\n", "exported by tangguh"),
        ("keputusan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1x", "cannot be read as a spreadsheet"),
    ],
)
def test_files_that_are_not_the_exported_workbook_are_refused(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)

    report = import_decisions(path, actor=None)

    assert len(report.errors) == 1
    assert expected in report.errors[0].message


def test_a_workbook_without_its_hidden_sheet_is_refused(tmp_path, db):
    book = openpyxl.Workbook()
    book.active.append(["Proposal ID", "Decision"])
    path = tmp_path / "lain.xlsx"
    book.save(path)

    report = import_decisions(path, actor=None)

    assert report.errors[0].message.startswith(
        "is not a decisions workbook exported by tangguh (its hidden sheet is missing)"
    )


# ---------------------------------------------------------------------------------------------
# The pages


def test_the_export_page_offers_the_choices_and_downloads_the_workbook(
    tmp_path, year, proposals, web, kupang_editor
):
    from django.urls import reverse

    client = web(kupang_editor)
    url = reverse("planning:sync-export")
    assert 'data-testid="export-form"' in client.get(url).content.decode()

    response = client.get(url, {"year": year, "region": "53.01"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="keputusan-usulan-53.01-{year}.xlsx"'
    )
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.content)
    assert {"Summary", "BPBD", "PUPR"} <= set(openpyxl.load_workbook(path).sheetnames)
    implied = client.get(url, {"year": year})
    assert implied.status_code == 200
    assert implied["Content-Disposition"].endswith(f'keputusan-usulan-53.01-{year}.xlsx"')


def test_the_export_page_gives_the_matrix_as_csv(year, proposals, web, kupang_editor):
    from django.urls import reverse

    response = web(kupang_editor).get(
        reverse("planning:sync-export"),
        {"year": year, "region": "53.01", "format": "csv", "by": "source"},
    )

    lines = text_of(response).splitlines()
    assert lines[0].startswith("key,label,received,undecided,accommodated")
    assert lines[1].startswith("risk_plan,")
    assert lines[-1].startswith("total,Total,3,3,")


def test_the_export_page_refuses_regions_outside_the_users(year, proposals, web, kota_editor):
    from django.urls import reverse

    response = web(kota_editor).get(
        reverse("planning:sync-export"), {"year": year, "region": "53.01"}
    )

    assert response.status_code == 400
    assert "You have no access to region 53.01." in response.content.decode()


def test_the_decision_page_checks_the_workbook_then_records_when_confirmed(
    tmp_path, year, proposals, web, kupang_editor, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    path = export(tmp_path, year, actor=kupang_editor)
    fill(
        path, "BPBD", proposals["training"], outcome="Accommodated", sub_activity_code=KIE, budget=7
    )
    client = web(kupang_editor)
    url = reverse("planning:decision-import")

    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(url, {"upload": SimpleUploadedFile(path.name, path.read_bytes())})

    job = Job.objects.get(kind="planning.decisions")
    assert checked["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.result["decided"], job.result["dry_run"]) == ("done", 1, True)
    page = client.get(checked["Location"]).content.decode()
    assert re.search(r"<dt>Updated</dt><dd[^>]*>1</dd>", page)
    assert "Import now" in page
    assert proposals["training"].links.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("job-confirm", args=[job.pk]))
    assert done.status_code == 302
    assert proposals["training"].links.get().budget == Decimal(7)
    assert ChangeRecord.objects.filter(model="planning.proposallink", source="task").exists()


def test_the_decision_page_lists_problems_with_sheet_row_and_column(
    tmp_path, year, proposals, web, kupang_editor, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    path = export(tmp_path, year)
    fill(path, "BPBD", proposals["hostile"], outcome="Rejected")
    row = rows_of(openpyxl.load_workbook(path)["BPBD"])[proposals["hostile"].pk]
    client = web(kupang_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning:decision-import"),
            {"upload": SimpleUploadedFile(path.name, path.read_bytes())},
        )

    page = client.get(response["Location"]).content.decode()
    expected = f'<td>keputusan.xlsx</td><td>BPBD</td><td class="num">{row}</td><td>Reason (Q)</td>'
    assert expected in page
    assert "Import now" not in page


def test_village_officers_may_not_import_decisions(web, village_officer, db):
    from django.urls import reverse

    assert web(village_officer).get(reverse("planning:decision-import")).status_code == 403


def test_a_damaged_hidden_sheet_is_reported(tmp_path, year, proposals):
    path = export(tmp_path, year)
    book = openpyxl.load_workbook(path)
    for cells in book[META_SHEET].iter_rows():
        if cells[0].value == "agency":
            cells[2].value = "abc"
    book.save(path)

    report = import_decisions(path, actor=None)

    assert texts(report) == [
        "keputusan.xlsx: its hidden sheet is damaged; export the workbook again"
    ]
    assert not Proposal.objects.exclude(outcome=Outcome.UNDECIDED).exists()
