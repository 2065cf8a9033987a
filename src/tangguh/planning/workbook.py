"""The decisions workbook of a regency (or, for a province manager, the province) and budget year.

A summary sheet holds the sync matrix by agency and by sub-district; each agency gets a sheet
listing the proposals coded to it (or, when uncoded, whose best suggested sub-activity lies in a
field of affairs it holds), with read-only columns describing each proposal and coloured input
columns the agency fills: the decision, the sub-activity, the budget, the location, the year a
proposal is deferred to, the reason. `importers/decisions.py` reads the filled workbook back.

A very hidden sheet (`META_SHEET`) records the year, the region and which agency each sheet
belongs to, so the import does not depend on how sheets are labelled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tangguh.accounts.models import Agency
from tangguh.core.audit import actor_label
from tangguh.core.exporting import FORMULA_START
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.planning import summaries
from tangguh.planning.matching import Match, find_for_proposals
from tangguh.planning.models import (
    Outcome,
    Proposal,
    ProposalLink,
    SourceKind,
)
from tangguh.planning.services import agency_holds, regency_code
from tangguh.regions.models import Level, Region

META_SHEET = "tangguh"
LISTS_SHEET = "lists"
FORMAT = "tangguh-decisions"
VERSION = 1
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1
# Empty rows left open below the proposals, to link a proposal to one more sub-activity.
EXTRA_ROWS = 30

READ_ONLY = (
    "proposal_id",
    "ref",
    "village_code",
    "village_name",
    "source",
    "title",
    "volume",
    "unit",
    "estimated_cost",
    "suggestion",
    "current_decision",
)
INPUTS = ("outcome", "sub_activity_code", "budget", "location_code", "deferred_to", "reason")
COLUMNS = (*READ_ONLY, *INPUTS)
WIDTHS = {
    "proposal_id": 10,
    "ref": 14,
    "village_code": 15,
    "village_name": 18,
    "source": 22,
    "title": 42,
    "volume": 9,
    "unit": 10,
    "estimated_cost": 17,
    "suggestion": 46,
    "current_decision": 34,
    "outcome": 24,
    "sub_activity_code": 20,
    "budget": 17,
    "location_code": 15,
    "deferred_to": 12,
    "reason": 40,
}
RUPIAH = '"Rp" #,##0'
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def column_labels() -> dict[str, str]:
    """The header of an agency sheet in the active language."""
    return {
        "proposal_id": _("Proposal ID"),
        "ref": _("Reference"),
        "village_code": _("Village code"),
        "village_name": _("Village"),
        "source": _("Source"),
        "title": _("Proposal"),
        "volume": _("Volume"),
        "unit": _("Unit"),
        "estimated_cost": _("Cost asked (Rp)"),
        "suggestion": _("Suggested sub-activity"),
        "current_decision": _("Current decision"),
        "outcome": _("Decision"),
        "sub_activity_code": _("Sub-activity code"),
        "budget": _("Budget (Rp)"),
        "location_code": _("Location code"),
        "deferred_to": _("Deferred to (year)"),
        "reason": _("Reason"),
    }


def column_spellings() -> dict[str, tuple[str, ...]]:
    """Every language's header label for each column (the import reads any of them)."""
    spellings: dict[str, list[str]] = defaultdict(list)
    for language in ("id", "en"):
        with translation.override(language):
            for key, label in column_labels().items():
                spellings[key].append(label)
    return {key: tuple(labels) for key, labels in spellings.items()}


def outcome_labels() -> list[str]:
    """The decision dropdown, in the active language (undecided last)."""
    order = [Outcome.ACCOMMODATED, Outcome.PARTLY, Outcome.DEFERRED, Outcome.REJECTED]
    return [str(o.label) for o in [*order, Outcome.UNDECIDED]]


# ---------------------------------------------------------------------------------------------
# Which proposals go on which agency's sheet


@dataclass
class Line:
    """One row of an agency sheet: a proposal, and the link it shows (if any)."""

    proposal: Proposal
    suggestion: str
    link: ProposalLink | None = None


@dataclass
class AgencySheet:
    """The proposals one agency is asked to decide on."""

    agency: Agency
    title: str = ""
    lines: list[Line] = field(default_factory=list)


@dataclass
class Plan:
    """What the workbook will hold."""

    region: Region
    year: int
    proposals: QuerySet[Proposal]
    sheets: list[AgencySheet]
    unassigned: list[Line]


def proposals_for(region: Region, year: int, actor: Any) -> QuerySet[Proposal]:
    """The proposals of a year within a region that the actor may see."""
    scope = EVERYWHERE if actor is None else user_scope(actor, "view")
    return Proposal.objects.get_queryset().in_scope(scope).within(region.code).filter(year=year)


def _with_links(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    links = ProposalLink.objects.select_related(
        "item__agency", "item__sub_activity", "location"
    ).order_by("item__agency_id", "item__sub_activity__code")
    return (
        proposals.select_related("region", "agency", "sub_activity", "regency")
        .prefetch_related(Prefetch("links", queryset=links))
        .order_by("region_id", "priority", "id")
    )


def _suggestions(proposals: Sequence[Proposal]) -> dict[int, list[Match]]:
    """Top suggestions for the proposals not coded to a sub-activity, each read in its place's
    context (desa or kelurahan, regency or city, what its regency's planners taught)."""
    wanted = [p for p in proposals if p.sub_activity_id is None and not _linked_agencies(p)]
    found = find_for_proposals(wanted, top=5)
    return {pk: result.matches for pk, result in found.items()}


def _linked_agencies(proposal: Proposal) -> list[Agency]:
    agencies = [link.item.agency for link in proposal.links.all()]
    return list({a.pk: a for a in agencies}.values())


def _assign(
    proposal: Proposal, matches: list[Match], agencies: dict[int, Agency]
) -> tuple[list[Agency], str]:
    """The agencies whose sheets list a proposal, and the sub-activity suggested to them."""
    coded = proposal.sub_activity
    chosen: list[Agency] = _linked_agencies(proposal)
    if proposal.agency_id is not None and proposal.agency_id not in {a.pk for a in chosen}:
        chosen.insert(0, agencies.get(proposal.agency_id) or proposal.agency)  # type: ignore[arg-type]
    if coded is not None:
        return chosen, f"{coded.code} {coded.name}"
    if not chosen and matches:
        chosen = list(matches[0].agencies)
    for match in matches:
        if not chosen or any(agency_holds(a, match.item.code) for a in chosen):
            explanation = f" ({match.explanation})" if match.explanation else ""
            return chosen, f"{match.item.code} {match.item.name}{explanation}"
    return chosen, ""


def plan(region: Region, year: int, actor: Any) -> Plan:
    """Sort a year's proposals of a region onto the sheets of the agencies that decide them."""
    proposals = proposals_for(region, year, actor)
    rows = list(_with_links(proposals))
    codes = {p.regency_id for p in rows}
    if region.level >= Level.REGENCY:
        codes.add(regency_code(region.code))
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(region_id__in=codes)
        .for_year(year)  # type: ignore[attr-defined]
        .select_related("region")
    }
    matches = _suggestions(rows)
    sheets: dict[int, AgencySheet] = {}
    unassigned: list[Line] = []
    for proposal in rows:
        chosen, suggestion = _assign(proposal, matches.get(proposal.pk, []), agencies)
        if not chosen:
            unassigned.append(Line(proposal, suggestion))
        for agency in chosen:
            sheet = sheets.setdefault(agency.pk, AgencySheet(agency))
            links = [link for link in proposal.links.all() if link.item.agency_id == agency.pk]
            if not links:
                sheet.lines.append(Line(proposal, suggestion))
            for link in links:
                code = link.item.sub_activity
                sheet.lines.append(Line(proposal, f"{code.code} {code.name}", link))
    ordered = sorted(sheets.values(), key=lambda s: (s.agency.region_id, s.agency.code))
    _name_sheets(ordered, province=region.level < Level.REGENCY)
    return Plan(region, year, proposals, ordered, unassigned)


def sheet_title(text: str, taken: set[str]) -> str:
    """A worksheet name: at most 31 characters, without []:*?/\\, unique (case-insensitive)."""
    base = re.sub(r"[\[\]:*?/\\']", " ", text).strip() or "sheet"
    base = " ".join(base.split())[:31]
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(title.lower())
    return title


def _name_sheets(sheets: list[AgencySheet], *, province: bool) -> None:
    taken = {META_SHEET, LISTS_SHEET, _("Summary").lower(), _("No agency yet").lower()}
    for sheet in sheets:
        agency = sheet.agency
        name = agency.short_name or agency.name
        sheet.title = sheet_title(f"{agency.region_id} {name}" if province else name, taken)


# ---------------------------------------------------------------------------------------------
# Writing


def put(cell: Any, value: Any) -> None:
    """Write a value; text is always text (never run as a formula) and loses characters that
    a workbook cannot hold."""
    if value == "":
        value = None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # stays text when edited
        return
    cell.value = value


def _decision_text(proposal: Proposal) -> str:
    outcome = Outcome(proposal.outcome)
    text = str(outcome.label)
    if outcome == Outcome.DEFERRED and proposal.deferred_to:
        text += f" → {proposal.deferred_to}"
    if outcome in (Outcome.ACCOMMODATED, Outcome.PARTLY):
        parts = [
            f"{link.item.agency}: {link.item.sub_activity.code} Rp {link.budget:,.0f}"
            for link in proposal.links.all()
        ]
        if parts:
            text += " — " + "; ".join(parts)
    if proposal.outcome_reason:
        text += f" ({proposal.outcome_reason})"
    return text


def _inputs(line: Line) -> list[Any]:
    """The input cells as already decided (blank when the decision is not this agency's)."""
    proposal = line.proposal
    outcome = Outcome(proposal.outcome)
    label = str(outcome.label)
    if line.link is not None:
        link = line.link
        location = link.location_id or ""
        return [
            label,
            link.item.sub_activity.code,
            link.budget,
            location,
            None,
            proposal.outcome_reason,
        ]
    if outcome in (Outcome.DEFERRED, Outcome.REJECTED):
        return [label, "", None, "", proposal.deferred_to, proposal.outcome_reason]
    return ["", "", None, "", None, ""]


def _row(line: Line) -> list[Any]:
    proposal = line.proposal
    return [
        proposal.pk,
        proposal.reference,
        proposal.region_id,
        proposal.region.name,
        str(SourceKind(proposal.source_kind).label),
        proposal.title,
        proposal.volume,
        proposal.unit,
        proposal.estimated_cost,
        line.suggestion,
        _decision_text(proposal),
        *_inputs(line),
    ]


def _header(sheet: Worksheet, title: str, note: str, columns: Sequence[str] = COLUMNS) -> None:
    labels = column_labels()
    put(sheet.cell(TITLE_ROW, 1), title)
    sheet.cell(TITLE_ROW, 1).font = Font(bold=True, size=13)
    put(sheet.cell(NOTE_ROW, 1), note)
    sheet.cell(NOTE_ROW, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=len(columns))
    sheet.row_dimensions[NOTE_ROW].height = 48
    for position, key in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, position)
        put(cell, labels[key])
        cell.font = BOLD
        cell.alignment = WRAP
        cell.fill = INPUT_FILL if key in INPUTS else HEADER_FILL
        sheet.column_dimensions[get_column_letter(position)].width = WIDTHS[key]
    sheet.freeze_panes = f"{get_column_letter(COLUMNS.index('title') + 1)}{FIRST_ROW}"


def _validations(sheet: Worksheet, last: int, year: int, outcomes: int) -> None:
    def area(key: str) -> str:
        letter = get_column_letter(COLUMNS.index(key) + 1)
        return f"{letter}{FIRST_ROW}:{letter}{last}"

    rules = [
        (
            DataValidation(
                type="list", formula1=f"'{LISTS_SHEET}'!$A$1:$A${outcomes}", allow_blank=True
            ),
            "outcome",
            _("Choose a decision from the list."),
        ),
        (
            DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            ),
            "budget",
            _("The budget is an amount in rupiah, 0 or more."),
        ),
        (
            DataValidation(
                type="whole", operator="greaterThan", formula1=str(year), allow_blank=True
            ),
            "deferred_to",
            _("A proposal is deferred to a later budget year (after %(year)d).") % {"year": year},
        ),
    ]
    for validation, key, message in rules:
        validation.error = message
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        validation.add(area(key))


def _protect(sheet: Worksheet, first_open: int, last: int) -> None:
    """Lock everything but the input columns (and the proposal ID of the extra rows)."""
    unlocked = Protection(locked=False)
    inputs = [COLUMNS.index(key) + 1 for key in INPUTS]
    for row in range(FIRST_ROW, last + 1):
        for column in inputs:
            cell = sheet.cell(row, column)
            cell.protection = unlocked
            cell.fill = INPUT_FILL
        if row >= first_open:
            sheet.cell(row, 1).protection = unlocked
            sheet.cell(row, 1).fill = INPUT_FILL
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = False
    protection.sort = False
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"


def _formats(sheet: Worksheet, last: int) -> None:
    money = [COLUMNS.index(k) + 1 for k in ("estimated_cost", "budget")]
    wrapped = [COLUMNS.index(k) + 1 for k in ("title", "suggestion", "current_decision", "reason")]
    for row in range(FIRST_ROW, last + 1):
        for column in money:
            sheet.cell(row, column).number_format = RUPIAH
        for column in wrapped:
            sheet.cell(row, column).alignment = WRAP


def write_agency_sheet(
    sheet: Worksheet, title: str, note: str, lines: Iterable[Line], year: int, outcomes: int
) -> None:
    """One agency's proposals with the columns it fills."""
    _header(sheet, title, note)
    row = FIRST_ROW - 1
    for row, line in enumerate(lines, start=FIRST_ROW):
        for position, value in enumerate(_row(line), start=1):
            put(sheet.cell(row, position), value)
    first_open = row + 1
    last = first_open + EXTRA_ROWS - 1
    _formats(sheet, last)
    _validations(sheet, last, year, outcomes)
    _protect(sheet, first_open, last)


MATRIX_HEADER = (
    "label",
    "received",
    Outcome.ACCOMMODATED,
    Outcome.PARTLY,
    Outcome.DEFERRED,
    Outcome.REJECTED,
    Outcome.UNDECIDED,
    "asked",
    "allocated",
    "share",
)


def _matrix_labels(dimension: str) -> list[str]:
    return [
        str(summaries.DIMENSIONS[dimension]),
        _("Received"),
        *[str(Outcome(o).label) for o in MATRIX_HEADER[2:7]],
        _("Budget asked (Rp)"),
        _("Budget allocated (Rp)"),
        _("Share accommodated"),
    ]


def matrix_cells(row: summaries.Row) -> list[Any]:
    """One line of the sync matrix as cells."""
    return [
        row.label,
        row.received,
        *[row.counts[str(o)] for o in MATRIX_HEADER[2:7]],
        row.asked,
        row.allocated,
        row.share,
    ]


def _matrix_table(
    sheet: Worksheet, start: int, title: str, rows: list[summaries.Row], dim: str
) -> int:
    put(sheet.cell(start, 1), title)
    sheet.cell(start, 1).font = Font(bold=True, size=12)
    for position, label in enumerate(_matrix_labels(dim), start=1):
        cell = sheet.cell(start + 1, position)
        put(cell, label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    line = start + 1
    for line, row in enumerate([*rows, summaries.total(rows)], start=start + 2):
        for position, value in enumerate(matrix_cells(row), start=1):
            put(sheet.cell(line, position), value)
        sheet.cell(line, 8).number_format = RUPIAH
        sheet.cell(line, 9).number_format = RUPIAH
        sheet.cell(line, 10).number_format = "0%"
    for position in range(1, 11):
        sheet.cell(line, position).font = BOLD
    return line + 2


def write_summary(sheet: Worksheet, work: Plan, actor: Any, when: dt.datetime) -> None:
    """The sync matrix by agency and by sub-district, with totals."""
    put(
        sheet.cell(1, 1),
        _("Proposals and decisions, budget year %(year)d: %(region)s")
        % {"year": work.year, "region": work.region.name},
    )
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    put(
        sheet.cell(2, 1),
        _(
            "Exported on %(when)s by %(who)s. Each agency has a sheet of the proposals it is "
            "asked to decide on: fill the coloured columns and import the workbook back on the "
            "page 'Import decisions' (or with tangguh import-decisions). Proposals not yet coded "
            "to an agency and without a suggestion are on the sheet 'No agency yet'."
        )
        % {
            "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
            "who": actor_label(actor),
        },
    )
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=10)
    sheet.cell(2, 1).alignment = WRAP
    sheet.row_dimensions[2].height = 60
    start = 4
    for dimension, title in (
        ("agency", _("By agency")),
        ("district", _("By sub-district")),
    ):
        rows = summaries.sync_matrix(work.proposals, dimension)
        start = _matrix_table(sheet, start, title, rows, dimension)
    sheet.column_dimensions["A"].width = 40
    for letter in "BCDEFGHIJ":
        sheet.column_dimensions[letter].width = 15
    sheet.protection.sheet = True


def _meta(book: Workbook, work: Plan, summary: str, unassigned: str, when: dt.datetime) -> None:
    meta = book.create_sheet(META_SHEET)
    rows: list[list[Any]] = [
        ["format", FORMAT],
        ["version", VERSION],
        ["year", work.year],
        ["region", work.region.code],
        ["exported", when.isoformat()],
        ["summary", summary],
        ["lists", LISTS_SHEET],
        ["unassigned", unassigned],
    ]
    rows += [["agency", s.title, s.agency.pk, s.agency.region_id] for s in work.sheets]
    for values in rows:
        meta.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True


def build_workbook(region: Region, year: int, actor: Any) -> Workbook:
    """The decisions workbook of a region and budget year, as the actor may see it."""
    when = timezone.now()
    work = plan(region, year, actor)
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    write_summary(summary, work, actor, when)
    lists = book.create_sheet(LISTS_SHEET)
    labels = outcome_labels()
    for number, label in enumerate(labels, start=1):
        lists.cell(number, 1).value = label
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    note = _(
        "Fill the coloured columns. Decision: choose from the list. For an accommodated or "
        "partly accommodated proposal give the sub-activity code, the budget that answers it and "
        "the location code (empty: the proposal's village); to link it to one more sub-activity, "
        "use an empty row at the bottom with its proposal ID. Deferred: the later year. "
        "Rejected: the reason. Leave the decision empty to change nothing."
    )
    for agency_sheet in work.sheets:
        sheet = book.create_sheet(agency_sheet.title)
        agency = agency_sheet.agency
        title = f"{agency.name} — {agency.region.name}, {work.year}"
        write_agency_sheet(sheet, title, note, agency_sheet.lines, work.year, len(labels))
    unassigned = sheet_title(_("No agency yet"), {META_SHEET, LISTS_SHEET})
    if work.unassigned:
        sheet = book.create_sheet(unassigned)
        explain = _(
            "These proposals are not coded to an agency and no agency of the regency holds the "
            "field of affairs of their best suggestion. Code them on the proposals page; "
            "decisions on this sheet are not imported."
        )
        _header(sheet, _("No agency yet"), explain, READ_ONLY)
        for row, line in enumerate(work.unassigned, start=FIRST_ROW):
            for position, value in enumerate(_row(line)[: len(READ_ONLY)], start=1):
                put(sheet.cell(row, position), value)
        sheet.protection.sheet = True
    _meta(book, work, summary.title, unassigned, when)
    return book


def workbook_name(region: Region, year: int) -> str:
    """The file name of a decisions workbook."""
    return f"keputusan-usulan-{region.code}-{year}.xlsx"
