"""The rows of a filled decisions workbook (see `workbook.py`): its hidden sheet, the agency
sheets and their filled rows, and each row read as one decision with every bad cell a problem at
its sheet, row and column (read with the kit's `RowReader` and cell parsers)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.core.importing import Problems
from tangguh.core.importing import cells as parse
from tangguh.core.importing.columns import Columns, map_columns
from tangguh.core.importing.files import Row, Sheet
from tangguh.core.importing.regions import RegionResolver
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.models import LAST_YEAR
from tangguh.core.scope import Scope, is_within
from tangguh.nomenclature.models import Edition, Government, Item
from tangguh.planning import services
from tangguh.planning.importers.words import outcome_words, word_key
from tangguh.planning.models import MAX_MONEY, Outcome, Proposal
from tangguh.planning.workbook import FORMAT, INPUTS, META_SHEET, column_spellings
from tangguh.regions.models import Region

ACCOMMODATING = (Outcome.ACCOMMODATED, Outcome.PARTLY)
HEADER_ROWS = 10


@dataclass
class Meta:
    """What the hidden sheet says: the year, the region and which agency each sheet is for."""

    year: int
    region: str
    agencies: dict[str, tuple[int, str]]  # sheet title → (agency id, regency code)
    skipped: set[str]  # the summary, lists and no-agency sheets


@dataclass
class AgencyRow:
    """A filled row of an agency sheet."""

    sheet: Sheet
    columns: Columns
    agency: Agency
    row: Row


@dataclass
class Decision:
    """One filled row of an agency sheet, read."""

    sheet: Sheet
    line: int
    agency: Agency
    columns: Columns
    proposal: Proposal
    outcome: str
    sub_activity: Item | None
    budget: Decimal | None
    location: Region | None
    deferred_to: int | None
    reason: str

    def label(self, name: str) -> str:
        """A column as the sheet names it."""
        return self.columns.label(name)


def problem(
    problems: Problems, sheet: Sheet, line: int | None, column: str | None, message: str
) -> None:
    """Record a problem at a sheet's row and column."""
    problems.add(sheet.file, message, line, column, sheet=sheet.sheet_name)


# ---------------------------------------------------------------------------------------------
# The hidden sheet


def read_meta(found: list[Sheet], file: str, problems: Problems) -> Meta | None:
    """The hidden sheet's record of the export, or None (and a problem) when it is missing or
    damaged."""
    sheet = next((s for s in found if s.title == META_SHEET), None)
    if sheet is None:
        problems.add(
            file,
            _(
                "is not a decisions workbook exported by tangguh (its hidden sheet is missing); "
                "export the workbook again from the sync page and fill that one"
            ),
        )
        return None
    values: dict[str, parse.Cell] = {}
    agencies: dict[str, tuple[int, str]] = {}
    for row in sheet.rows:
        key = parse.cell_text(row.value(0))
        if key != "agency":
            values[key] = row.value(1)
            continue
        raw_id = parse.cell_text(row.value(2))
        if not re.fullmatch(r"[0-9]{1,18}(\.0)?", raw_id):
            problems.add(file, _("its hidden sheet is damaged; export the workbook again"))
            return None
        agencies[parse.cell_text(row.value(1))] = (
            int(float(raw_id)),
            parse.cell_text(row.value(3)),
        )
    year = values.get("year")
    if values.get("format") != FORMAT or not isinstance(year, int | float):
        problems.add(file, _("its hidden sheet is damaged; export the workbook again"))
        return None
    skipped = {parse.cell_text(values.get(k)) for k in ("summary", "lists", "unassigned")}
    return Meta(int(year), parse.cell_text(values.get("region")), agencies, skipped | {META_SHEET})


# ---------------------------------------------------------------------------------------------
# The agency sheets


def _header(sheet: Sheet, spellings: dict[str, tuple[str, ...]]) -> tuple[Row, Columns] | None:
    """The header row (the first naming the proposal ID) and its columns."""
    for row in sheet.rows[:HEADER_ROWS]:
        columns = map_columns(sheet, row, spellings)
        if columns.has("proposal_id"):
            columns.missing = [n for n in ("proposal_id", *INPUTS) if not columns.has(n)]
            return row, columns
    return None


def _cell(row: Row, columns: Columns, name: str) -> parse.Cell:
    """A cell by column: the reason as typed (a formula stays text), the others as computed."""
    position = columns.index.get(name)
    if position is None:
        return None
    return row.typed(position) if name == "reason" else row.value(position)


def _filled(row: Row, columns: Columns) -> bool:
    """True when a coloured cell of the row is filled."""
    return any(parse.is_filled(_cell(row, columns, name)) for name in INPUTS)


def agency_rows(
    found: list[Sheet], meta: Meta, problems: Problems, scope: Scope
) -> tuple[list[AgencyRow], int]:
    """The filled rows of every agency sheet (and the number of proposal rows read)."""
    spellings = column_spellings()
    agencies = Agency.objects.select_related("region").in_bulk(
        [pk for pk, _regency in meta.agencies.values()]
    )
    filled: list[AgencyRow] = []
    count = 0
    for sheet in found:
        if sheet.title in meta.skipped:
            continue
        agency = _sheet_agency(sheet, meta, agencies, problems)
        found_header = _header(sheet, spellings) if agency is not None else None
        if agency is None or not _usable(sheet, found_header, agency, problems, scope):
            continue
        assert found_header is not None
        header, columns = found_header
        for row in (r for r in sheet.rows if r.line > header.line):
            count += 1
            if _filled(row, columns):
                filled.append(AgencyRow(sheet, columns, agency, row))
    return filled, count


def _sheet_agency(
    sheet: Sheet, meta: Meta, agencies: dict[int, Agency], problems: Problems
) -> Agency | None:
    """The agency a sheet was exported for (None, and a problem, for another sheet)."""
    entry = meta.agencies.get(sheet.title)
    agency = agencies.get(entry[0]) if entry else None
    if entry is None or agency is None or agency.region_id != entry[1]:
        problem(
            problems,
            sheet,
            None,
            None,
            _(
                "is not one of the agency sheets this workbook was exported with (renamed, "
                "added or its agency removed?); nothing on it can be read"
            ),
        )
        return None
    return agency


def _usable(
    sheet: Sheet,
    found: tuple[Row, Columns] | None,
    agency: Agency,
    problems: Problems,
    scope: Scope,
) -> bool:
    """True when the sheet has its header and the user may decide for its agency."""
    if found is None or found[1].missing:
        missing = found[1].missing if found else ["proposal_id"]
        problem(
            problems,
            sheet,
            found[0].line if found else None,
            None,
            _("the column(s) %(columns)s are missing; do not change the header row")
            % {"columns": ", ".join(missing)},
        )
        return False
    if not scope.covers(agency.region_id):
        problem(
            problems,
            sheet,
            None,
            None,
            _("you may not decide on proposals of %(regency)s") % {"regency": agency.region},
        )
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Reading the rows


class DecisionReader:
    """Reads the filled rows of the agency sheets, recording every problem."""

    def __init__(self, meta: Meta, scope: Scope, problems: Problems, file: str) -> None:
        """Rows of the workbook `meta` describes, for a user acting in `scope`."""
        self.meta, self.scope, self.problems = meta, scope, problems
        self.ctx = ReadContext(file=file, problems=problems)
        self.outcomes = outcome_words()
        self.edition = Edition.for_year(meta.year)
        self.proposals: dict[int, Proposal] = {}
        self.items: dict[str, dict[str, Item]] = {}
        self.places = RegionResolver()
        self.regions: dict[str, Region] = {}

    def prefetch(self, filled: Iterable[AgencyRow]) -> None:
        """Look the proposals, sub-activities and locations of every row up at once."""
        ids: set[int] = set()
        item_codes: set[str] = set()
        places: set[str] = set()
        for entry in filled:
            raw = parse.cell_text(_cell(entry.row, entry.columns, "proposal_id"))
            if re.fullmatch(r"[0-9]{1,18}", raw):
                ids.add(int(raw))
            item_codes.add(parse.cell_text(_cell(entry.row, entry.columns, "sub_activity_code")))
            places.add(parse.cell_text(_cell(entry.row, entry.columns, "location_code")))
        self.proposals = {
            p.pk: p
            for p in Proposal.objects.filter(pk__in=ids)
            .select_related("region", "regency")
            .prefetch_related("links__item__agency")
        }
        self.items = {
            government: services.sub_activities_by_code(item_codes, government, self.edition)
            for government in Government.values
        }
        self.places.prefetch(p for p in places if p)
        wanted = [c for c in (self.places.code_of(p) for p in places if p) if c]
        self.regions = Region.objects.only("code", "name").in_bulk(wanted)

    def cells(self, entry: AgencyRow) -> RowReader:
        """The row's cells by column (the reason as typed)."""
        columns = entry.columns
        found = {
            name: (columns.label(name), _cell(entry.row, columns, name)) for name in columns.index
        }
        return RowReader(self.ctx.on(entry.sheet), entry.row.line, found)

    def decision(self, entry: AgencyRow) -> Decision | None:
        """A filled row as a decision, or None after recording its problems."""
        before = len(self.problems)
        cells = self.cells(entry)
        proposal = self._proposal(cells, entry.agency)
        outcome = self._outcome(cells)
        code = cells.get("sub_activity_code", lambda c: parse.text(c, 30))
        budget = cells.money("budget", MAX_MONEY)
        place = cells.get("location_code", lambda c: parse.text(c, 20))
        deferred_to = cells.whole("deferred_to", 1, LAST_YEAR)
        reason = cells.get("reason", lambda c: parse.text(c, 2000))
        if outcome is None or proposal is None:
            return None
        sub_activity = self._sub_activity(cells, entry.agency, outcome, code)
        location = self._location(cells, entry.agency, outcome, place)
        fine = len(self.problems) == before
        self._consistent(cells, outcome, budget, deferred_to, reason, code, fine)
        if len(self.problems) > before:
            return None
        return Decision(
            entry.sheet,
            entry.row.line,
            entry.agency,
            entry.columns,
            proposal,
            outcome,
            sub_activity,
            budget,
            location,
            deferred_to,
            reason or "",
        )

    def _proposal(self, cells: RowReader, agency: Agency) -> Proposal | None:
        """The proposal the row names, when the user may decide on it here."""
        before = len(self.problems)
        number = cells.whole("proposal_id", 1, 2**31 - 1)
        if number is None:
            if len(self.problems) == before:
                cells.fail("proposal_id", _("the proposal ID is missing"))
            return None
        proposal = self.proposals.get(number)
        if proposal is None:
            cells.fail("proposal_id", _("there is no proposal with ID %(id)d") % {"id": number})
            return None
        if not self.scope.covers(proposal.regency_id):
            # Where a proposal outside one's regions lies is not for the user to learn.
            cells.fail("proposal_id", _("This record belongs to a region outside yours."))
            return None
        if proposal.regency_id != agency.region_id or proposal.year != self.meta.year:
            cells.fail(
                "proposal_id",
                _(
                    "proposal %(id)d is for %(regency)s, budget year %(year)d; this sheet is for "
                    "%(agency_regency)s, %(sheet_year)d"
                )
                % {
                    "id": number,
                    "regency": proposal.regency,
                    "year": proposal.year,
                    "agency_regency": agency.region,
                    "sheet_year": self.meta.year,
                },
            )
            return None
        return proposal

    def _outcome(self, cells: RowReader) -> str | None:
        """The decision, by key, label or common word."""
        raw = cells.get("outcome", lambda c: parse.text(c, 100))
        if raw is None:
            return None
        if not raw:
            cells.fail(
                "outcome",
                _("the decision is missing (the other coloured cells of the row are filled)"),
            )
            return None
        key = self.outcomes.get(word_key(raw))
        if key is None:
            allowed = ", ".join(str(label) for _key, label in Outcome.choices)
            cells.fail(
                "outcome",
                _("unknown decision '%(value)s'; choose one of: %(allowed)s")
                % {"value": raw, "allowed": allowed},
            )
        return key

    def _sub_activity(
        self, cells: RowReader, agency: Agency, outcome: str, code: str | None
    ) -> Item | None:
        """The sub-activity that accommodates the proposal, when the agency may carry it."""
        if outcome not in ACCOMMODATING or code is None:
            return None
        if not code:
            cells.fail(
                "sub_activity_code", _("give the sub-activity that accommodates the proposal")
            )
            return None
        government = services.government_of(agency.region)
        key = services.clean_code(code)
        item = self.items.get(government, {}).get(key) or next(
            (found[key] for found in self.items.values() if key in found), None
        )
        if item is None:
            edition = self.edition.name if self.edition else "-"
            cells.fail(
                "sub_activity_code",
                _("sub-activity %(code)s does not exist in the nomenclature edition %(edition)s")
                % {"code": code, "edition": edition},
            )
            return None
        try:
            services.check_sub_activity(item, government, "sub_activity")
            services.check_agency_holds(agency, item, "sub_activity")
        except ValidationError as exc:
            for message in exc.messages:
                cells.fail("sub_activity_code", message)
            return None
        return item

    def _location(
        self, cells: RowReader, agency: Agency, outcome: str, place: str | None
    ) -> Region | None:
        """Where the budget reaches: a place in the agency's regency/city."""
        if not place or outcome not in ACCOMMODATING:
            return None  # a location for another decision is reported as inconsistent
        code = self.places.code_of(place)
        if code is None:
            cells.fail(
                "location_code",
                _("'%(code)s' is not a region code like 53.01.27.2002") % {"code": place},
            )
            return None
        found = self.places.place(code)
        if found is None or not is_within(found.code, agency.region_id):
            cells.fail(
                "location_code",
                _("%(code)s is not a place in %(regency)s")
                % {"code": code, "regency": agency.region},
            )
            return None
        return self.regions.get(code)

    def _consistent(
        self,
        cells: RowReader,
        outcome: str,
        budget: Decimal | None,
        deferred_to: int | None,
        reason: str | None,
        code: str | None,
        fine: bool,
    ) -> None:
        """Cells that the decision needs, and cells that do not belong to it."""
        if outcome in ACCOMMODATING:
            if budget is None and fine:
                cells.fail("budget", _("give the budget (Rp) that answers the proposal"))
        else:
            for name, given in (
                ("sub_activity_code", code),
                ("budget", budget),
                ("location_code", cells.raw("location_code")),
            ):
                if given not in (None, ""):
                    cells.fail(
                        name,
                        _(
                            "only an accommodated or partly accommodated proposal gets a "
                            "sub-activity, budget and location; clear this cell or change the "
                            "decision"
                        ),
                    )
        self._deferral(cells, outcome, deferred_to)
        if outcome == Outcome.REJECTED and reason == "":
            cells.fail("reason", _("give the reason for rejecting the proposal"))

    def _deferral(self, cells: RowReader, outcome: str, deferred_to: int | None) -> None:
        """A later year for a deferred proposal, and none for the others."""
        year = self.meta.year
        if outcome == Outcome.DEFERRED:
            if deferred_to is None or deferred_to <= year:
                cells.fail(
                    "deferred_to",
                    _("give the later budget year the proposal is deferred to (after %(year)d)")
                    % {"year": year},
                )
        elif deferred_to is not None:
            cells.fail(
                "deferred_to",
                _("only a deferred proposal has a year it is deferred to; clear this cell"),
            )
