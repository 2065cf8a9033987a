"""Region scope of every planning record on page, API and CLI (the shared scope suite).

The calendar and partner programmes of a regency are read from below: the officers of its
villages read them (the members `below`), only the regency sets them. Proposals lie in a village;
their recommendations, coding, decisions and carrying over are the proposal's actions, each
refused when it names another regency's agency, work-plan item or location. Work-plan items
belong to an agency of the regency; finalising and copying a plan forward are their actions.
Every check opens the calendars of both regencies for the budget year and the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from django.core.management import call_command

from tangguh.accounts.models import Agency
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core import plausible
from tangguh.core.testing.scope import Action, ScopeCase, scope_suite
from tangguh.nomenclature.models import Item
from tangguh.planning import rules, services
from tangguh.planning.importers import TEMPLATE_COLUMNS
from tangguh.planning.models import (
    PartnerProgramme,
    PlanningStage,
    Proposal,
    ProposalLink,
    Recommendation,
    WorkPlanItem,
)
from tangguh.planning.workbook import COLUMNS, FIRST_ROW
from tangguh.regions.models import Region

_numbers = itertools.count(1)
# Calendars of years of their own, ahead but plausible for a plan (a regency has one stage of a
# kind a year; a case makes a few).
_years = itertools.cycle(range(rules.budget_year() + 1, plausible.year_range("plans")[1] + 1))

HOME, OTHER = "53.71", "53.01"
# Kelurahan Namosain (Kota Kupang) and Desa Nuataus (Kabupaten Kupang): where records lie.
VILLAGES = {HOME: "53.71.01.1001", OTHER: "53.01.27.2002"}
BELOW = "53.71.01.1002"  # Kelurahan Nunbaun Sabu, beside Namosain: its officers are `below`
GLADI = "1.05.03.2.02.0018"  # Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota
YEAR = rules.budget_year()


def open_calendars(request: Any) -> None:
    """Both regencies accept proposals, decisions and work plans for the year and the next."""
    calendar = request.getfixturevalue("planning_calendar")
    for code in (HOME, OTHER):
        for year in (YEAR, YEAR + 1):
            calendar(code, state="open", year=year)


def region(code: str) -> Region:
    """The region with that code."""
    return Region.objects.get(code=code)


def agency(code: str) -> Agency:
    """The regency's BPBD (made on first use in a test)."""
    found, _created = Agency.objects.get_or_create(
        region_id=code,
        code="1.05.0.00.0.00.01.0000",
        defaults={"name": f"BPBD {code}", "short_name": "BPBD", "bidang_codes": ["1.05"]},
    )
    return found


def gladi() -> Item:
    """The drill sub-activity in the edition of the budget year."""
    item = services.find_sub_activity(GLADI, "kabkota", year=YEAR)
    assert item is not None
    return item


# ---------------------------------------------------------------------------------------------
# Calendar stages and partner programmes (read from below)


def make_stage(code: str) -> PlanningStage:
    """The first stage of the regency's calendar of a year of its own (a stage still ahead)."""
    starts = rules.today() + dt.timedelta(days=300)
    return services.set_stage(
        region(code),
        next(_years),
        "musrenbang_desa",
        starts,
        starts + dt.timedelta(days=14),
        actor=None,
    )


def stage_payload(code: str) -> dict[str, Any]:
    """The API body setting the agency forum of a new calendar of the regency."""
    return {
        "region": code,
        "year": next(_years),
        "stage": "forum_pd",
        "starts": f"{YEAR + 1}-03-01",
        "ends": f"{YEAR + 1}-03-20",
    }


def stage_form(stage: PlanningStage) -> dict[str, Any]:
    """The calendar page's form setting the stage's dates again, with a note."""
    return {
        "stage": stage.stage,
        "starts": stage.starts.isoformat(),
        "ends": stage.ends.isoformat(),
        "note": "Surat edaran Wali Kota",
    }


def make_programme(code: str) -> PartnerProgramme:
    """A partner programme working in the region."""
    return services.create_programme(
        actor=None,
        region=region(code),
        name=f"Program Mitra {next(_numbers)}",
        partner="Yayasan Uji",
        first_year=YEAR - 1,
    )


# ---------------------------------------------------------------------------------------------
# Proposals and their actions


def make_proposal(code: str) -> Proposal:
    """A village forum's proposal in a village of the regency."""
    return services.create_proposal(
        actor=None,
        region=region(VILLAGES[code]),
        year=YEAR,
        source_kind="musrenbang_desa",
        title=f"Usulan embung desa {next(_numbers)}",
        estimated_cost=Decimal(50_000_000),
    )


def make_coded(code: str) -> Proposal:
    """A proposal coded to the regency's BPBD (it goes on the BPBD's sheet of the workbook)."""
    proposal = make_proposal(code)
    return services.code_proposal(proposal, actor=None, sub_activity=gladi(), agency=agency(code))


def make_deferred(code: str) -> Proposal:
    """A proposal deferred to the next budget year."""
    proposal = make_proposal(code)
    return services.decide(proposal, actor=None, outcome="deferred", deferred_to=YEAR + 1)


def proposal_payload(code: str) -> dict[str, Any]:
    """The API body of a new proposal in a village of the regency."""
    return {
        "region": VILLAGES[code],
        "year": YEAR,
        "source_kind": "musrenbang_desa",
        "title": f"Usulan jalan desa {next(_numbers)}",
    }


def proposal_file(proposal: Proposal, programme: str = "") -> str:
    """The proposals template (CSV) holding the proposal, naming a partner programme."""
    values = dict.fromkeys(TEMPLATE_COLUMNS, "")
    values.update(
        ref=f"U-{proposal.pk}",
        village_code=proposal.region_id,
        source_kind=proposal.source_kind,
        title=proposal.title,
        partner_programme=programme,
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow([values[c] for c in TEMPLATE_COLUMNS])
    return out.getvalue()


def workbook_text(path: Path) -> str:
    """Every value of a workbook, one a line."""
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    rows = (row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    return "\n".join(str(value) for row in rows for value in row if value is not None)


def trail(proposal: Proposal) -> list[int]:
    """The proposal's recommendations."""
    return list(Recommendation.objects.filter(proposal=proposal).values_list("pk", flat=True))


def decision(proposal: Proposal) -> tuple[Any, ...]:
    """The stored decision and the links that answer it."""
    stored = Proposal.objects.get(pk=proposal.pk)
    links = stored.links.values_list("item_id", "budget", "location_id")
    return stored.outcome, stored.outcome_reason, sorted(links)


def link(item: WorkPlanItem, location: str = "") -> dict[str, Any]:
    """A link of a decision in the API's terms."""
    return {"item": item.pk, "budget": "1000000", **({"location": location} if location else {})}


def own_item(code: str) -> WorkPlanItem:
    """The regency's first drill of the budget year (made when there is none)."""
    found = WorkPlanItem.objects.filter(agency=agency(code), year=YEAR).order_by("pk").first()
    return found or make_item(code)


def decision_body(proposal: Proposal) -> dict[str, Any]:
    """Accommodated by a drill of the proposal's regency."""
    return {"outcome": "accommodated", "links": [link(own_item(proposal.regency_id))]}


def decision_foreign(proposal: Proposal, code: str) -> list[dict[str, Any]]:
    """Linking a work-plan item of that regency, or a location there."""
    own = own_item(proposal.regency_id)
    return [
        {"outcome": "accommodated", "links": [link(make_item(code))]},
        {"outcome": "accommodated", "links": [link(own, VILLAGES[code])]},
    ]


def decision_form(
    proposal: Proposal, item: WorkPlanItem | None = None, place: str = ""
) -> dict[str, Any]:
    """The proposal page's decision form with one work-plan item (of its regency by default)."""
    return {
        "outcome": "accommodated",
        "reason": "",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
        "links-0-item": (item or own_item(proposal.regency_id)).pk,
        "links-0-budget": "1000000",
        "links-0-location": place,
    }


def decision_form_foreign(proposal: Proposal, code: str) -> list[dict[str, Any]]:
    """The decision form linking a work-plan item of that regency, or a location there."""
    return [
        decision_form(proposal, make_item(code)),
        decision_form(proposal, place=VILLAGES[code]),
    ]


def decisions_workbook(proposal: Proposal, folder: Path, **cells: Any) -> tuple[str, ...]:
    """import-decisions of the regency's workbook (exported by the system) in which the BPBD
    rejects the proposal, or fills its row with `cells` (columns by name)."""
    path = folder / f"keputusan-{proposal.pk}-{next(_numbers)}.xlsx"
    call_command(
        "export_sync",
        "--year",
        str(proposal.year),
        "--region",
        proposal.regency_id,
        "--workbook",
        "-o",
        str(path),
        stdout=io.StringIO(),
    )
    book = openpyxl.load_workbook(path)
    sheet = book["BPBD"]
    rows = range(FIRST_ROW, sheet.max_row + 1)
    row = next(r for r in rows if sheet.cell(r, 1).value == proposal.pk)
    values = cells or {"outcome": "Rejected", "reason": "Sudah dibiayai Dana Desa"}
    for name, value in values.items():
        sheet.cell(row, COLUMNS.index(name) + 1).value = value
    book.save(path)
    return ("import_decisions", str(path))


def decisions_foreign(proposal: Proposal, code: str, folder: Path) -> list[tuple[str, ...]]:
    """Workbooks accommodating the proposal in a location of that regency, or deciding (on the
    proposal's row) on a proposal of that regency."""
    accommodated = {"outcome": "Accommodated", "sub_activity_code": GLADI, "budget": 1_000_000}
    return [
        decisions_workbook(proposal, folder, **accommodated, location_code=VILLAGES[code]),
        decisions_workbook(
            proposal, folder, proposal_id=make_coded(code).pk, outcome="Rejected", reason="Ada"
        ),
    ]


PROPOSAL_ACTIONS = (
    Action(
        name="recommend",
        api="recommendations/",
        page="planning:proposal-recommend",
        body=lambda p: {"level": "bappeda", "verdict": "recommended", "note": "Prioritas"},
        foreign=lambda p, code: [
            {"level": "agency", "verdict": "recommended", "agency": agency(code).pk}
        ],
        effect=trail,
    ),
    Action(
        name="code",
        api="code/",
        page="planning:proposal-code",
        body=lambda p: {"sub_activity": GLADI, "agency": agency(p.regency_id).pk},
        foreign=lambda p, code: [{"sub_activity": GLADI, "agency": agency(code).pk}],
    ),
    Action(
        name="decide",
        api="decision/",
        page="planning:proposal-decide",
        body=decision_body,
        form=decision_form,
        foreign=decision_foreign,
        form_foreign=decision_form_foreign,
        effect=decision,
        cli=decisions_workbook,
        cli_foreign=decisions_foreign,
        make=make_coded,
    ),
    Action(
        name="carry-forward",
        api="carry-forward/",
        page="planning:proposal-carry-forward",
        make=make_deferred,
        effect=lambda p: Proposal.objects.filter(carried_from=p).count(),
    ),
)


# ---------------------------------------------------------------------------------------------
# Work-plan items, recommendations and links


def make_item(code: str) -> WorkPlanItem:
    """A drill in the work plan of the regency's BPBD for the budget year, in its village."""
    return services.create_item(
        actor=None,
        agency=agency(code),
        year=YEAR,
        sub_activity=gladi(),
        budget=Decimal(10**8),
        locations=[region(VILLAGES[code])],
    )


def make_lone_item(code: str) -> WorkPlanItem:
    """The one item of a new agency of the regency (so that each is copied forward)."""
    lone = AgencyFactory(region_id=code, bidang_codes=["1.05"])
    return services.create_item(
        actor=None, agency=lone, year=YEAR, sub_activity=gladi(), budget=Decimal(10**8)
    )


def item_payload(code: str) -> dict[str, Any]:
    """The API body of a new drill in the work plan of the regency's BPBD."""
    return {"agency": agency(code).pk, "year": YEAR, "sub_activity": GLADI, "budget": "5000000"}


def final_items(item: WorkPlanItem) -> set[int]:
    """Every final work-plan item (of any agency)."""
    return set(WorkPlanItem.objects.filter(status="final").values_list("pk", flat=True))


ITEM_ACTIONS = (
    Action(
        name="finalise",
        api="finalise/",
        on_list=True,
        page="planning:workplan-finalise",
        page_args=lambda i: (i.agency_id, i.year),
        body=lambda i: {"agency": i.agency_id, "year": i.year},
        foreign=lambda i, code: [{"agency": make_item(code).agency_id, "year": YEAR}],
        form_foreign=lambda i, code: [],  # the page's agency is its address's
        effect=final_items,
    ),
    Action(
        name="copy-forward",
        api="copy-forward/",
        on_list=True,
        page="planning:workplan-copy",
        page_args=lambda i: (i.agency_id, i.year + 1),
        body=lambda i: {"agency": i.agency_id, "from_year": i.year, "to_year": i.year + 1},
        foreign=lambda i, code: [
            {"agency": make_item(code).agency_id, "from_year": YEAR, "to_year": YEAR + 1}
        ],
        form_foreign=lambda i, code: [],
        effect=lambda i: WorkPlanItem.objects.filter(copied_from=i).count(),
        make=make_lone_item,
    ),
)


def make_recommendation(code: str) -> Recommendation:
    """Bappeda's recommendation on a proposal of the regency."""
    return services.recommend(
        make_proposal(code), actor=None, level="bappeda", verdict="recommended"
    )


def make_answered(code: str) -> Proposal:
    """A proposal recommended by Bappeda and accommodated by a drill of the regency's BPBD
    (located in its village)."""
    return make_link(code).proposal


def make_link(code: str) -> ProposalLink:
    """The link of a proposal accommodated by a drill of the regency's BPBD."""
    proposal = make_proposal(code)
    services.recommend(proposal, actor=None, level="bappeda", verdict="recommended")
    spec = services.LinkSpec(make_item(code), Decimal(1_000_000), region(VILLAGES[code]))
    services.decide(proposal, actor=None, outcome="accommodated", links=[spec])
    return proposal.links.get()


CASES = [
    ScopeCase(
        name="stage",
        make=make_stage,
        below=BELOW,
        api="/api/v1/planning-stages/",
        payload=stage_payload,
        change={"note": "Surat edaran Wali Kota"},
        move=lambda code: {"region": code},
        page_detail="planning:calendar",
        page_args=lambda s: (s.region_id, s.year),
        page_missing=("53.99", YEAR),
        page_delete="planning:calendar-stage-delete",
        page_delete_args=lambda s: (s.region_id, s.year, s.stage),
        actions=(
            Action(
                name="set-dates",
                page="planning:calendar",
                page_args=lambda s: (s.region_id, s.year),
                form=stage_form,
            ),
        ),
        api_queries=6,  # measured 4 with 5 and with 20 stages
    ),
    ScopeCase(
        name="programme",
        make=make_programme,
        below=BELOW,
        api="/api/v1/partner-programmes/",
        payload=lambda code: {
            "region": code,
            "name": f"Program Mitra {next(_numbers)}",
            "partner": "Yayasan Uji",
            "first_year": YEAR,
        },
        change={"practices": "Sekolah lapang iklim"},
        move=lambda code: {"region": code},
        deletable=False,
        refused_methods=("delete",),
        page_list="planning:programmes",
        page_detail="planning:programme-detail",
        page_add="planning:programme-add",
        page_edit="planning:programme-edit",
        search=lambda p: p.name,
        mentioned_on=("planning:proposal-import",),
        mention=lambda p: p.name,
        api_queries=6,  # measured 4 with 5 and with 20 programmes
        list_queries=9,  # measured 7 with 5 and with 20 programmes
    ),
    ScopeCase(
        name="proposal",
        make=make_proposal,
        setup=open_calendars,
        below=BELOW,
        api="/api/v1/proposals/",
        payload=proposal_payload,
        change={"title": "Usulan embung desa, diperbarui"},
        move=lambda code: {"region": VILLAGES[code]},
        foreign=lambda code: {"partner_programme": make_programme(code).pk},
        page_list="planning:proposals",
        page_detail="planning:proposal-detail",
        page_add="planning:proposal-add",
        page_edit="planning:proposal-edit",
        page_delete="planning:proposal-delete",
        search=lambda p: p.title,
        cli=("export_sync", "--year", str(YEAR), "--by", "village"),
        cli_shows=lambda p, text: f"\n{p.region_id}," in text,
        cli_import=("import_proposals", "--year", str(YEAR)),
        cli_import_text=proposal_file,
        cli_import_foreign=lambda p, code: proposal_file(p, make_programme(code).name),
        actions=PROPOSAL_ACTIONS,
        api_queries=9,  # measured 7 with 5 and with 20 proposals
        list_queries=15,  # measured 13 with 5 and with 20 proposals
    ),
    ScopeCase(
        name="proposal-answered",
        make=make_answered,
        setup=open_calendars,
        below=BELOW,
        api="/api/v1/proposals/",
        deletable=False,
        logged=False,
        page_list="planning:village-proposals",
        page_list_args=lambda p: (p.region_id,),
        page_detail="planning:proposal-detail",
        api_queries=13,  # measured 11 with 5 and with 20 answered proposals
        list_queries=14,  # measured 12 with 5 and with 20 answered proposals
    ),
    ScopeCase(
        name="proposal-workbook",
        make=make_coded,
        setup=open_calendars,
        below=BELOW,
        logged=False,
        cli=("export_sync", "--workbook", "--year", str(YEAR), "--region", HOME),
        cli_read=workbook_text,
        cli_shows=lambda p, text: p.title in text,
    ),
    ScopeCase(
        name="recommendation",
        make=make_recommendation,
        setup=open_calendars,
        below=BELOW,
        page_detail="planning:proposal-detail",
        page_args=lambda r: (r.proposal_id,),
    ),
    ScopeCase(
        name="item",
        make=make_item,
        setup=open_calendars,
        below=BELOW,
        api="/api/v1/work-plan-items/",
        payload=item_payload,
        change={"note": "Lokasi rawan banjir rob"},
        move=lambda code: {"agency": agency(code).pk},
        foreign=lambda code: [
            {"partner_programme": make_programme(code).pk},
            {"locations": [VILLAGES[code]]},
        ],
        page_list="planning:workplan",
        page_list_args=lambda i: (i.agency_id, i.year),
        page_detail="planning:item-detail",
        page_add="planning:item-add",
        page_add_args=lambda i: (i.agency_id, i.year),
        page_edit="planning:item-edit",
        page_delete="planning:item-delete",
        search=lambda i: GLADI,
        actions=ITEM_ACTIONS,
        api_queries=8,  # measured 6 with 5 and with 20 items
        list_queries=14,  # measured 12 with 5 and with 20 items
    ),
    ScopeCase(
        name="item-answered",
        make=lambda code: make_link(code).item,
        setup=open_calendars,
        below=BELOW,
        api="/api/v1/work-plan-items/",
        deletable=False,
        logged=False,
        page_list="planning:workplan",
        page_list_args=lambda i: (i.agency_id, i.year),
        page_detail="planning:item-detail",
        api_queries=9,  # measured 7 with 5 and with 20 answered items
        list_queries=14,  # measured 12 with 5 and with 20 answered items
    ),
    ScopeCase(
        name="link",
        make=make_link,
        setup=open_calendars,
        below=BELOW,
        page_detail="planning:item-detail",
        page_args=lambda link: (link.item_id,),
    ),
]

test_scope = scope_suite(CASES)
