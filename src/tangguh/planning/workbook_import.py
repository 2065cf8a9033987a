"""Read a filled decisions workbook (see `workbook.py`) back: check every row of every agency
sheet, then record the decisions through `services.decide` in one transaction, or nothing.

For accommodated rows the agency's work-plan item for the sub-activity and year is used (its
draft budget raised to cover the proposals it answers, the location added) or a draft item is
created. Several rows of one proposal are several links; rows whose decision is the one already
stored change nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.accounts.models import Agency
from tangguh.core.importing import Problem, Problems
from tangguh.core.models import LAST_YEAR
from tangguh.core.scope import EVERYWHERE, Scope, is_within, user_scope
from tangguh.nomenclature.models import Edition, Item, Level
from tangguh.planning import rules, services, sheets
from tangguh.planning.importers import word_key
from tangguh.planning.models import (
    MAX_MONEY,
    Outcome,
    Proposal,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.planning.sheets import BadValue, Cell, Columns, Row, Sheet
from tangguh.planning.workbook import FORMAT, INPUTS, META_SHEET, column_spellings
from tangguh.regions import codes
from tangguh.regions.models import Region

ACCOMMODATING = (Outcome.ACCOMMODATED, Outcome.PARTLY)
OUTCOME_ALIASES = {
    Outcome.ACCOMMODATED: ("diakomodasi", "terakomodasi", "accommodated"),
    Outcome.PARTLY: ("sebagian", "diakomodasi sebagian", "terakomodasi sebagian", "partly"),
    Outcome.DEFERRED: ("ditunda", "tunda", "deferred"),
    Outcome.REJECTED: ("ditolak", "tolak", "rejected"),
    Outcome.UNDECIDED: ("belum diputuskan", "belum", "undecided"),
}
# Where a field the services refuse sits in the sheet.
FIELD_COLUMNS = {
    "links": "sub_activity_code",
    "reason": "reason",
    "deferred_to": "deferred_to",
    "budget": "budget",
    "sub_activity": "sub_activity_code",
    "locations": "location_code",
}


def outcome_words() -> dict[str, str]:
    """How a decision may be written: its key, its label in any language, a common word."""
    words: dict[str, str] = {}
    for language in ("id", "en"):
        with translation.override(language):
            for key, label in Outcome.choices:
                words.setdefault(word_key(str(label)), key)
    for key, aliases in OUTCOME_ALIASES.items():
        words[word_key(key)] = key
        for alias in aliases:
            words.setdefault(word_key(alias), key)
    return words


@dataclass(frozen=True)
class Change:
    """One proposal's decision as the workbook records it (for the preview)."""

    proposal_id: int
    title: str
    outcome: str
    detail: str


@dataclass
class DecisionImport:
    """What an import of decisions found and did (nothing is written while `problems` is set;
    in a dry run, the counts say what would have been done)."""

    file: str
    dry_run: bool = False
    year: int | None = None
    region: str = ""
    rows: int = 0
    decided: list[int] = field(default_factory=list)
    unchanged: int = 0
    items_created: int = 0
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the workbook has no problems."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The result as plain data (JSON output)."""
        return {
            "file": self.file,
            "year": self.year,
            "region": self.region,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "decided": len(self.decided),
            "unchanged": self.unchanged,
            "items_created": self.items_created,
            "problems": [p.as_dict() for p in self.problems],
        }


@dataclass
class _Meta:
    year: int
    region: str
    agencies: dict[str, tuple[int, str]]  # sheet title → (agency id, regency code)
    skipped: set[str]  # the summary, lists and no-agency sheets


@dataclass
class _Decision:
    """One filled row of an agency sheet."""

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
        return self.columns.label(name)


# ---------------------------------------------------------------------------------------------
# The hidden sheet


def _meta(found: list[Sheet], file: str, problems: Problems) -> _Meta | None:
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
    values: dict[str, Cell] = {}
    agencies: dict[str, tuple[int, str]] = {}
    for row in sheet.rows:
        key = sheets.text(row.value(0))
        if key == "agency":
            raw_id = sheets.text(row.value(2))
            if not re.fullmatch(r"[0-9]{1,18}(\.0)?", raw_id):
                problems.add(file, _("its hidden sheet is damaged; export the workbook again"))
                return None
            agencies[sheets.text(row.value(1))] = (int(float(raw_id)), sheets.text(row.value(3)))
        else:
            values[key] = row.value(1)
    year = values.get("year")
    if values.get("format") != FORMAT or not isinstance(year, int | float):
        problems.add(file, _("its hidden sheet is damaged; export the workbook again"))
        return None
    skipped = {sheets.text(values.get(k)) for k in ("summary", "lists", "unassigned")}
    return _Meta(int(year), sheets.text(values.get("region")), agencies, skipped | {META_SHEET})


# ---------------------------------------------------------------------------------------------
# Reading the rows


class _Reader:
    """Reads the filled rows of the agency sheets, recording every problem."""

    def __init__(self, meta: _Meta, scope: Scope, problems: Problems) -> None:
        self.meta, self.scope, self.problems = meta, scope, problems
        self.outcomes = outcome_words()
        self.edition = Edition.for_year(meta.year)
        self.proposals: dict[int, Proposal] = {}
        self.items: dict[str, Item] = {}
        self.regions: dict[str, Region] = {}
        self.ok = True

    def fail(self, sheet: Sheet, row: Row, columns: Columns, name: str | None, text: str) -> None:
        label = columns.label(name) if name else None
        self.problems.add(sheet.where, text, row.line, label)
        self.ok = False

    def prefetch(self, filled: list[tuple[Sheet, Columns, Agency, Row]]) -> None:
        """Look the proposals, sub-activities and locations of every row up at once."""
        ids: set[int] = set()
        item_codes: set[str] = set()
        places: set[str] = set()
        for _sheet, columns, _agency, row in filled:
            raw = self._safe(row, columns, "proposal_id")
            if re.fullmatch(r"[0-9]{1,18}", raw):
                ids.add(int(raw))
            item_codes.add(self._safe(row, columns, "sub_activity_code"))
            place = self._safe(row, columns, "location_code")
            if place and codes.is_code(place):
                places.add(codes.normalize(place))
        self.proposals = {
            p.pk: p
            for p in Proposal.objects.filter(pk__in=ids)
            .select_related("region", "regency")
            .prefetch_related("links__item__agency")
        }
        if self.edition is not None:
            self.items = {
                i.code: i
                for i in Item.objects.filter(
                    edition=self.edition, level=Level.SUB_KEGIATAN, code__in=item_codes
                ).order_by("government")
            }
        self.regions = {
            r.code: r for r in Region.objects.filter(code__in=places).only("code", "name")
        }

    def _safe(self, row: Row, columns: Columns, name: str) -> str:
        try:
            return sheets.text(_cell(row, columns, name))
        except BadValue:
            return ""

    def decision(
        self, sheet: Sheet, columns: Columns, agency: Agency, row: Row
    ) -> _Decision | None:
        """A filled row as a decision, or None after recording its problems."""
        self.ok = True

        def read(name: str, parse: Callable[[Cell], Any]) -> Any:
            try:
                return parse(_cell(row, columns, name))
            except BadValue as exc:
                self.fail(sheet, row, columns, name, str(exc))
                return None

        proposal = self._proposal(sheet, columns, agency, row, read)
        outcome = self._outcome(sheet, columns, row, read)
        code = read("sub_activity_code", lambda c: sheets.text(c, 30))
        budget = read("budget", lambda c: sheets.money(c, MAX_MONEY))
        place = read("location_code", lambda c: sheets.text(c, 20))
        deferred_to = read("deferred_to", lambda c: sheets.whole(c, least=1, most=LAST_YEAR))
        reason = read("reason", lambda c: sheets.text(c, 2000))
        if outcome is None or proposal is None:
            return None
        sub_activity = self._sub_activity(sheet, columns, agency, row, outcome, code)
        location = self._location(sheet, columns, agency, row, outcome, place)
        self._consistent(sheet, columns, row, outcome, budget, deferred_to, reason, code)
        if not self.ok:
            return None
        return _Decision(
            sheet,
            row.line,
            agency,
            columns,
            proposal,
            outcome,
            sub_activity,
            budget,
            location,
            deferred_to,
            reason or "",
        )

    def _proposal(
        self,
        sheet: Sheet,
        columns: Columns,
        agency: Agency,
        row: Row,
        read: Callable[[str, Callable[[Cell], Any]], Any],
    ) -> Proposal | None:
        number = read("proposal_id", lambda c: sheets.whole(c, least=1, most=2**31 - 1))
        if number is None:
            if not self.ok:
                return None
            self.fail(sheet, row, columns, "proposal_id", _("the proposal ID is missing"))
            return None
        proposal = self.proposals.get(number)
        if proposal is None:
            self.fail(
                sheet,
                row,
                columns,
                "proposal_id",
                _("there is no proposal with ID %(id)d") % {"id": number},
            )
            return None
        if proposal.regency_id != agency.region_id or proposal.year != self.meta.year:
            self.fail(
                sheet,
                row,
                columns,
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
        if not self.scope.covers(proposal.regency_id):
            self.fail(
                sheet,
                row,
                columns,
                "proposal_id",
                _("you may not decide on proposals of %(regency)s") % {"regency": proposal.regency},
            )
            return None
        return proposal

    def _outcome(
        self,
        sheet: Sheet,
        columns: Columns,
        row: Row,
        read: Callable[[str, Callable[[Cell], Any]], Any],
    ) -> str | None:
        raw = read("outcome", lambda c: sheets.text(c, 100))
        if raw is None:
            return None
        if not raw:
            self.fail(
                sheet,
                row,
                columns,
                "outcome",
                _("the decision is missing (the other coloured cells of the row are filled)"),
            )
            return None
        key = self.outcomes.get(word_key(raw))
        if key is None:
            allowed = ", ".join(str(label) for _key, label in Outcome.choices)
            self.fail(
                sheet,
                row,
                columns,
                "outcome",
                _("unknown decision '%(value)s'; choose one of: %(allowed)s")
                % {"value": raw, "allowed": allowed},
            )
        return key

    def _sub_activity(
        self,
        sheet: Sheet,
        columns: Columns,
        agency: Agency,
        row: Row,
        outcome: str,
        code: str | None,
    ) -> Item | None:
        if outcome not in ACCOMMODATING or code is None:
            return None
        if not code:
            self.fail(
                sheet,
                row,
                columns,
                "sub_activity_code",
                _("give the sub-activity that accommodates the proposal"),
            )
            return None
        edition = self.edition
        item = self.items.get(code)
        if edition is None or item is None:
            self.fail(
                sheet,
                row,
                columns,
                "sub_activity_code",
                _("sub-activity %(code)s does not exist in the nomenclature edition %(edition)s")
                % {"code": code, "edition": edition.name if edition else "-"},
            )
            return None
        government = services.government_of(agency.region)
        if item.government != government:
            item = next(
                (
                    i
                    for i in Item.objects.filter(
                        edition=edition, level=Level.SUB_KEGIATAN, code=code, government=government
                    )
                ),
                item,
            )
        try:
            services.check_sub_activity(item, government, "sub_activity")
            services.check_agency_holds(agency, item, "sub_activity")
        except ValidationError as exc:
            for message in exc.messages:
                self.fail(sheet, row, columns, "sub_activity_code", message)
            return None
        return item

    def _location(
        self,
        sheet: Sheet,
        columns: Columns,
        agency: Agency,
        row: Row,
        outcome: str,
        place: str | None,
    ) -> Region | None:
        if not place:
            return None
        if outcome not in ACCOMMODATING:
            return None  # reported as inconsistent
        if not codes.is_code(place):
            self.fail(
                sheet,
                row,
                columns,
                "location_code",
                _("'%(code)s' is not a region code like 53.01.27.2002") % {"code": place},
            )
            return None
        region = self.regions.get(codes.normalize(place))
        if region is None or not is_within(region.code, agency.region_id):
            self.fail(
                sheet,
                row,
                columns,
                "location_code",
                _("%(code)s is not a place in %(regency)s")
                % {"code": codes.normalize(place), "regency": agency.region},
            )
            return None
        return region

    def _consistent(
        self,
        sheet: Sheet,
        columns: Columns,
        row: Row,
        outcome: str,
        budget: Decimal | None,
        deferred_to: int | None,
        reason: str | None,
        code: str | None,
    ) -> None:
        year = self.meta.year
        if outcome in ACCOMMODATING:
            if budget is None and self.ok:
                self.fail(
                    sheet,
                    row,
                    columns,
                    "budget",
                    _("give the budget (Rp) that answers the proposal"),
                )
        else:
            for name, given in (
                ("sub_activity_code", code),
                ("budget", budget),
                ("location_code", _cell(row, columns, "location_code")),
            ):
                if given not in (None, ""):
                    self.fail(
                        sheet,
                        row,
                        columns,
                        name,
                        _(
                            "only an accommodated or partly accommodated proposal gets a "
                            "sub-activity, budget and location; clear this cell or change the "
                            "decision"
                        ),
                    )
        if outcome == Outcome.DEFERRED:
            if deferred_to is None or deferred_to <= year:
                self.fail(
                    sheet,
                    row,
                    columns,
                    "deferred_to",
                    _("give the later budget year the proposal is deferred to (after %(year)d)")
                    % {"year": year},
                )
        elif deferred_to is not None:
            self.fail(
                sheet,
                row,
                columns,
                "deferred_to",
                _("only a deferred proposal has a year it is deferred to; clear this cell"),
            )
        if outcome == Outcome.REJECTED and reason == "":
            self.fail(
                sheet, row, columns, "reason", _("give the reason for rejecting the proposal")
            )


def _cell(row: Row, columns: Columns, name: str) -> Cell:
    position = columns.index.get(name)
    if position is None:
        return None
    return row.typed(position) if name == "reason" else row.value(position)


def _filled(row: Row, columns: Columns) -> bool:
    return any(sheets.is_filled(_cell(row, columns, name)) for name in INPUTS)


def _header(sheet: Sheet, spellings: dict[str, tuple[str, ...]]) -> tuple[Row, Columns] | None:
    for row in sheet.rows[:10]:
        columns = sheets.map_columns(row, spellings, required=(), spreadsheet=True)
        if "proposal_id" in columns.index:
            return row, sheets.map_columns(
                row, spellings, required=("proposal_id", *INPUTS), spreadsheet=True
            )
    return None


def _agency_rows(
    found: list[Sheet], meta: _Meta, problems: Problems, scope: Scope
) -> tuple[list[tuple[Sheet, Columns, Agency, Row]], int]:
    """The filled rows of every agency sheet (and the number of proposal rows read)."""
    spellings = column_spellings()
    agencies = Agency.objects.select_related("region").in_bulk(
        [pk for pk, _regency in meta.agencies.values()]
    )
    filled: list[tuple[Sheet, Columns, Agency, Row]] = []
    count = 0
    for sheet in found:
        if sheet.title in meta.skipped:
            continue
        entry = meta.agencies.get(sheet.title)
        agency = agencies.get(entry[0]) if entry else None
        if entry is None or agency is None or agency.region_id != entry[1]:
            problems.add(
                sheet.where,
                _(
                    "is not one of the agency sheets this workbook was exported with (renamed, "
                    "added or its agency removed?); nothing on it can be read"
                ),
            )
            continue
        found_header = _header(sheet, spellings)
        if found_header is None or found_header[1].missing:
            missing = found_header[1].missing if found_header else ["proposal_id"]
            problems.add(
                sheet.where,
                _("the column(s) %(columns)s are missing; do not change the header row")
                % {"columns": ", ".join(missing)},
                found_header[0].line if found_header else None,
            )
            continue
        header, columns = found_header
        if not scope.covers(agency.region_id):
            problems.add(
                sheet.where,
                _("you may not decide on proposals of %(regency)s") % {"regency": agency.region},
            )
            continue
        for row in sheets.rows_after(sheet.rows, header):
            count += 1
            if _filled(row, columns):
                filled.append((sheet, columns, agency, row))
    return filled, count


# ---------------------------------------------------------------------------------------------
# Checking proposals as a whole


@dataclass
class _Wanted:
    """The decision a workbook asks for one proposal."""

    proposal: Proposal
    rows: list[_Decision]

    @property
    def first(self) -> _Decision:
        return self.rows[0]

    @property
    def outcome(self) -> str:
        return self.rows[0].outcome

    @property
    def reason(self) -> str:
        return next((r.reason for r in self.rows if r.reason), "")

    @property
    def deferred_to(self) -> int | None:
        return next((r.deferred_to for r in self.rows if r.deferred_to), None)

    def deciding_agencies(self) -> set[int]:
        return {r.agency.pk for r in self.rows}


def _group(decisions: list[_Decision], problems: Problems) -> list[_Wanted]:
    """One wanted decision per proposal; rows that disagree are problems."""
    grouped: dict[int, list[_Decision]] = defaultdict(list)
    for decision in decisions:
        grouped[decision.proposal.pk].append(decision)
    wanted = []
    for rows in grouped.values():
        first = rows[0]
        ok = True
        seen: dict[tuple[int, int], _Decision] = {}
        for other in rows:
            where = _("sheet %(sheet)s, row %(line)d") % {
                "sheet": first.sheet.title,
                "line": first.line,
            }
            if other.outcome != first.outcome:
                problems.add(
                    other.sheet.where,
                    _(
                        "proposal %(id)d gets a different decision here than on %(where)s; a "
                        "proposal has one decision"
                    )
                    % {"id": first.proposal.pk, "where": where},
                    other.line,
                    other.label("outcome"),
                )
                ok = False
            for name in ("reason", "deferred_to"):
                mine, theirs = getattr(other, name), getattr(first, name)
                if mine and theirs and mine != theirs:
                    problems.add(
                        other.sheet.where,
                        _("differs from %(where)s for the same proposal") % {"where": where},
                        other.line,
                        other.label(name),
                    )
                    ok = False
            if other.sub_activity is not None:
                key = (other.agency.pk, other.sub_activity.pk)
                if key in seen:
                    problems.add(
                        other.sheet.where,
                        _(
                            "proposal %(id)d is linked to %(code)s twice (also on row %(line)d); "
                            "give each sub-activity once with the whole budget"
                        )
                        % {
                            "id": first.proposal.pk,
                            "code": other.sub_activity.code,
                            "line": seen[key].line,
                        },
                        other.line,
                        other.label("sub_activity_code"),
                    )
                    ok = False
                seen[key] = other
        if ok:
            wanted.append(_Wanted(first.proposal, rows))
    return wanted


def _check_windows(wanted: list[_Wanted], year: int, problems: Problems) -> list[_Wanted]:
    """Decisions outside the calendar's window are refused, once per reason; so are new links
    once the work plans are final."""
    calendars: dict[str, rules.Calendar] = {}
    refused: dict[str, list[_Decision]] = defaultdict(list)
    kept = []
    for want in wanted:
        regency = want.proposal.regency
        if regency.code not in calendars:
            calendars[regency.code] = rules.Calendar.of(regency, year)
        calendar = calendars[regency.code]
        reason = calendar.decisions_closed()
        if reason is None and want.outcome in ACCOMMODATING:
            reason = calendar.work_plans_closed()
        if reason:
            refused[reason].extend(want.rows)
        else:
            kept.append(want)
    for reason, rows in refused.items():
        lines = ", ".join(f"{r.sheet.title}:{r.line}" for r in rows[:10])
        more = " …" if len(rows) > 10 else ""
        count = ngettext("%(count)d row", "%(count)d rows", len(rows)) % {"count": len(rows)}
        problems.add(
            rows[0].sheet.where,
            f"{reason} ({count}: {lines}{more})",
            rows[0].line,
            rows[0].label("outcome"),
        )
    return kept


def _link_key(want: _Wanted) -> set[tuple[int, int, Decimal, str]]:
    return {
        (
            r.agency.pk,
            r.sub_activity.pk,
            (r.budget or Decimal(0)).quantize(Decimal("0.01")),
            (r.location or want.proposal.region).code,
        )
        for r in want.rows
        if r.sub_activity is not None
    }


def _unchanged(want: _Wanted) -> bool:
    proposal = want.proposal
    if proposal.outcome != want.outcome or proposal.outcome_reason != want.reason.strip():
        return False
    if want.outcome == Outcome.DEFERRED and proposal.deferred_to != want.deferred_to:
        return False
    deciding = want.deciding_agencies()
    current = {
        (
            link.item.agency_id,
            link.item.sub_activity_id,
            link.budget.quantize(Decimal("0.01")),
            link.location_id or proposal.region_id,
        )
        for link in proposal.links.all()
        if link.item.agency_id in deciding
    }
    return current == _link_key(want)


# ---------------------------------------------------------------------------------------------
# Writing


class _Writer:
    """Records the decisions, finding or creating the work-plan items that answer them."""

    def __init__(self, actor: Any, year: int, report: DecisionImport, problems: Problems):
        self.actor, self.year, self.report, self.problems = actor, year, report, problems
        self.items: dict[tuple[int, int], WorkPlanItem] = {}

    def prepare_items(self, wanted: Sequence[_Wanted]) -> None:
        """Every (agency, sub-activity) item the decisions link to, with enough budget."""
        budgets: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        places: dict[tuple[int, int], dict[str, Region]] = defaultdict(dict)
        rows: dict[tuple[int, int], _Decision] = {}
        proposals = {w.proposal.pk for w in wanted}
        for want in wanted:
            if want.outcome not in ACCOMMODATING:
                continue
            for row in want.rows:
                if row.sub_activity is None:
                    continue
                key = (row.agency.pk, row.sub_activity.pk)
                budgets[key] += row.budget or Decimal(0)
                place = row.location or want.proposal.region
                places[key][place.code] = place
                rows.setdefault(key, row)
        for key, row in rows.items():
            try:
                self.items[key] = self._item(
                    row, budgets[key], list(places[key].values()), proposals
                )
            except (ValidationError, PermissionDenied) as exc:
                self.problems.items.extend(_refusal(exc, row))

    def _item(
        self, row: _Decision, needed: Decimal, places: list[Region], proposals: set[int]
    ) -> WorkPlanItem:
        agency, sub = row.agency, row.sub_activity
        assert sub is not None
        item = (
            WorkPlanItem.objects.filter(agency=agency, year=self.year, sub_activity=sub)
            .order_by("id")
            .first()
        )
        if item is None:
            self.report.items_created += 1
            return services.create_item(
                actor=self.actor,
                agency=agency,
                year=self.year,
                sub_activity=sub,
                locations=places,
                budget=needed,
                note=_("Created from the decisions workbook %(file)s.")
                % {"file": self.report.file},
            )
        others = item.links.exclude(proposal_id__in=proposals).aggregate(total=Sum("budget"))
        needed += others["total"] or Decimal(0)
        current = list(item.locations.all())
        missing = [p for p in places if p.code not in {r.code for r in current}]
        if item.status == WorkPlanStatus.DRAFT and (needed > item.budget or missing):
            return services.update_item(
                item,
                actor=self.actor,
                budget=max(item.budget, needed),
                locations=[*current, *missing],
            )
        return item

    def decide(self, want: _Wanted) -> None:
        """Record one proposal's decision (other agencies' links stay as they are)."""
        specs: list[services.LinkSpec] = []
        if want.outcome in ACCOMMODATING:
            deciding = want.deciding_agencies()
            specs = [
                services.LinkSpec(link.item, link.budget, link.location)
                for link in want.proposal.links.all()
                if link.item.agency_id not in deciding
            ]
            for row in want.rows:
                assert row.sub_activity is not None
                item = self.items.get((row.agency.pk, row.sub_activity.pk))
                if item is None:
                    return  # its problem is already reported
                specs.append(services.LinkSpec(item, row.budget or Decimal(0), row.location))
        try:
            services.decide(
                want.proposal,
                actor=self.actor,
                outcome=want.outcome,
                reason=want.reason,
                deferred_to=want.deferred_to,
                links=specs,
            )
        except (ValidationError, PermissionDenied) as exc:
            self.problems.items.extend(_refusal(exc, want.first))
            return
        self.report.decided.append(want.proposal.pk)
        self.report.changes.append(_change(want, specs))


def _change(want: _Wanted, specs: Sequence[services.LinkSpec]) -> Change:
    proposal = want.proposal
    parts = [
        f"{spec.item.agency}: {spec.item.sub_activity.code} Rp {spec.budget:,.0f}"
        + (f" ({spec.location.code})" if spec.location else "")
        for spec in specs
    ]
    if want.outcome == Outcome.DEFERRED:
        parts.append(str(want.deferred_to))
    if want.reason:
        parts.append(want.reason)
    return Change(proposal.pk, proposal.title, str(Outcome(want.outcome).label), "; ".join(parts))


def _refusal(exc: ValidationError | PermissionDenied, row: _Decision) -> list[Problem]:
    """A refusal of the services as problems at the row."""
    where = row.sheet.where
    if isinstance(exc, PermissionDenied):
        return [Problem(where, str(exc), row.line, row.label("outcome"))]
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    found: list[Problem] = []
    for name, messages in by_field.items():
        column = FIELD_COLUMNS.get(name)
        label = row.label(column) if column else None
        found.extend(Problem(where, message, row.line, label) for message in messages)
    return found


def import_decisions(
    path: Path, *, actor: Any, dry_run: bool = False, name: str | None = None
) -> DecisionImport:
    """Read a filled decisions workbook and record every decision in it, or none."""
    name = name or path.name
    report = DecisionImport(file=name, dry_run=dry_run)
    problems = Problems()
    found = sheets.read_sheets(path, problems, name)
    if found is not None and not any(s.spreadsheet for s in found):
        problems.add(
            name,
            _("decisions are imported from the Excel workbook (.xlsx) exported by tangguh"),
        )
        found = None
    meta = _meta(found, name, problems) if found is not None else None
    if found is None or meta is None:
        report.problems = problems.items
        return report
    report.year, report.region = meta.year, meta.region
    scope = EVERYWHERE if actor is None else user_scope(actor, "change")
    filled, report.rows = _agency_rows(found, meta, problems, scope)
    reader = _Reader(meta, scope, problems)
    reader.prefetch(filled)
    decisions = [
        d
        for d in (reader.decision(sheet, cols, agency, row) for sheet, cols, agency, row in filled)
        if d is not None
    ]
    wanted = _check_windows(_group(decisions, problems), meta.year, problems)
    changed = []
    for want in wanted:
        if _unchanged(want):
            report.unchanged += 1
        else:
            changed.append(want)
    if not problems:
        with transaction.atomic():
            writer = _Writer(actor, meta.year, report, problems)
            writer.prepare_items(changed)
            for want in changed:
                writer.decide(want)
            if problems or dry_run:
                transaction.set_rollback(True)
    report.problems = problems.items
    if report.problems:
        report.decided, report.items_created, report.changes = [], 0, []
    return report
