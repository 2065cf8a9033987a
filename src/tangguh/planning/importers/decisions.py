"""Read a filled decisions workbook (see `workbook.py`) back: check every row of every agency
sheet, then record the decisions through `services.decide` in one transaction, or nothing.

For accommodated rows the agency's work-plan item for the sub-activity and year is used (its
draft budget raised to cover the proposals it answers, the location added) or a draft item is
created. Several rows of one proposal are several links; rows whose decision is the one already
stored change nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.core.importing import Problems
from tangguh.core.importing.files import Sheet, read_file
from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.planning import rules, services
from tangguh.planning.importers.decision_rows import (
    ACCOMMODATING,
    Decision,
    DecisionReader,
    Meta,
    agency_rows,
    problem,
    read_meta,
)
from tangguh.planning.models import Outcome, Proposal, WorkPlanItem, WorkPlanStatus
from tangguh.regions.models import Region

MAX_ROWS = 50_000
MAX_COLUMNS = 64
# Where a field the services refuse sits in the sheet.
FIELD_COLUMNS = {
    "links": "sub_activity_code",
    "reason": "reason",
    "deferred_to": "deferred_to",
    "budget": "budget",
    "sub_activity": "sub_activity_code",
    "locations": "location_code",
}


@dataclass
class Wanted:
    """The decision a workbook asks for one proposal."""

    proposal: Proposal
    rows: list[Decision]

    @property
    def first(self) -> Decision:
        """The proposal's first row."""
        return self.rows[0]

    @property
    def outcome(self) -> str:
        """The decision asked for."""
        return self.rows[0].outcome

    @property
    def reason(self) -> str:
        """The reason given on any row."""
        return next((r.reason for r in self.rows if r.reason), "")

    @property
    def deferred_to(self) -> int | None:
        """The year given on any row."""
        return next((r.deferred_to for r in self.rows if r.deferred_to), None)

    def deciding_agencies(self) -> set[int]:
        """The agencies whose sheets decide on the proposal."""
        return {r.agency.pk for r in self.rows}


# ---------------------------------------------------------------------------------------------
# Checking proposals as a whole


def group(decisions: list[Decision], problems: Problems) -> list[Wanted]:
    """One wanted decision per proposal; rows that disagree are problems."""
    grouped: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        grouped[decision.proposal.pk].append(decision)
    wanted = []
    for rows in grouped.values():
        if _agree(rows, problems):
            wanted.append(Wanted(rows[0].proposal, rows))
    return wanted


def _agree(rows: list[Decision], problems: Problems) -> bool:
    """True when the rows of one proposal ask for one decision, each sub-activity once."""
    first = rows[0]
    where = _("sheet %(sheet)s, row %(line)d") % {"sheet": first.sheet.title, "line": first.line}
    before = len(problems)
    seen: dict[tuple[int, int], Decision] = {}
    for other in rows:
        if other.outcome != first.outcome:
            message = _(
                "proposal %(id)d gets a different decision here than on %(where)s; a "
                "proposal has one decision"
            ) % {"id": first.proposal.pk, "where": where}
            problem(problems, other.sheet, other.line, other.label("outcome"), message)
        for name in ("reason", "deferred_to"):
            mine, theirs = getattr(other, name), getattr(first, name)
            if mine and theirs and mine != theirs:
                message = _("differs from %(where)s for the same proposal") % {"where": where}
                problem(problems, other.sheet, other.line, other.label(name), message)
        if other.sub_activity is None:
            continue
        key = (other.agency.pk, other.sub_activity.pk)
        if key in seen:
            message = _(
                "proposal %(id)d is linked to %(code)s twice (also on row %(line)d); give each "
                "sub-activity once with the whole budget"
            ) % {"id": first.proposal.pk, "code": other.sub_activity.code, "line": seen[key].line}
            problem(problems, other.sheet, other.line, other.label("sub_activity_code"), message)
        seen[key] = other
    return len(problems) == before


def check_windows(wanted: list[Wanted], year: int, problems: Problems) -> list[Wanted]:
    """Decisions outside the calendar's window are refused, once per reason; so are new links
    once the work plans are final."""
    calendars: dict[str, rules.Calendar] = {}
    refused: dict[str, list[Decision]] = defaultdict(list)
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
        message = f"{reason} ({count}: {lines}{more})"
        problem(problems, rows[0].sheet, rows[0].line, rows[0].label("outcome"), message)
    return kept


def _link_key(want: Wanted) -> set[tuple[int, int, Decimal, str]]:
    """The links a workbook asks for one proposal, as comparable tuples."""
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


def unchanged(want: Wanted) -> bool:
    """True when the proposal already has the decision (and this sheet's links) asked for."""
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


@dataclass
class Written:
    """What recording the decisions did."""

    decided: int = 0
    items_created: int = 0


class Writer:
    """Records the decisions, finding or creating the work-plan items that answer them."""

    def __init__(self, actor: Any, year: int, file: str, problems: Problems) -> None:
        """Decisions of budget `year`, read from `file`, recorded as `actor`."""
        self.actor, self.year, self.file, self.problems = actor, year, file, problems
        self.items: dict[tuple[int, int], WorkPlanItem] = {}
        self.written = Written()

    def prepare_items(self, wanted: Sequence[Wanted]) -> None:
        """Every (agency, sub-activity) item the decisions link to, with enough budget."""
        budgets: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        places: dict[tuple[int, int], dict[str, Region]] = defaultdict(dict)
        rows: dict[tuple[int, int], Decision] = {}
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
                refusal(self.problems, exc, row)

    def _item(
        self, row: Decision, needed: Decimal, places: list[Region], proposals: set[int]
    ) -> WorkPlanItem:
        """The agency's item for the sub-activity, raised to cover its proposals, or a new draft."""
        agency, sub = row.agency, row.sub_activity
        assert sub is not None
        item = (
            WorkPlanItem.objects.filter(agency=agency, year=self.year, sub_activity=sub)
            .order_by("id")
            .first()
        )
        if item is None:
            self.written.items_created += 1
            return services.create_item(
                actor=self.actor,
                agency=agency,
                year=self.year,
                sub_activity=sub,
                locations=places,
                budget=needed,
                note=_("Created from the decisions workbook %(file)s.") % {"file": self.file},
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

    def decide(self, want: Wanted) -> None:
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
            refusal(self.problems, exc, want.first)
            return
        self.written.decided += 1


def refusal(problems: Problems, exc: ValidationError | PermissionDenied, row: Decision) -> None:
    """A refusal of the services as problems at the row."""
    if isinstance(exc, PermissionDenied):
        problem(problems, row.sheet, row.line, row.label("outcome"), str(exc))
        return
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for name, messages in by_field.items():
        column = FIELD_COLUMNS.get(name)
        label = row.label(column) if column else None
        for message in messages:
            problem(problems, row.sheet, row.line, label, message)


# ---------------------------------------------------------------------------------------------
# The import


def _sheets(path: Path, name: str, problems: Problems) -> tuple[list[Sheet], str] | None:
    """The sheets of the workbook (a CSV file or an unreadable one is a problem)."""
    reading = read_file(
        path, problems, name=name, formulas=True, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS
    )
    if reading is None:
        return None
    if not any(sheet.spreadsheet for sheet in reading.sheets):
        problems.add(
            name,
            _("decisions are imported from the Excel workbook (.xlsx) exported by tangguh"),
        )
        return None
    return reading.sheets, reading.kind


def _wanted(
    found: list[Sheet], meta: Meta, actor: Any, name: str, problems: Problems
) -> tuple[list[Wanted], int]:
    """The decisions the workbook asks for that change something, and the rows read."""
    scope = EVERYWHERE if actor is None else user_scope(actor, "change")
    filled, rows = agency_rows(found, meta, problems, scope)
    reader = DecisionReader(meta, scope, problems, name)
    reader.prefetch(filled)
    decisions = [d for d in (reader.decision(entry) for entry in filled) if d is not None]
    return check_windows(group(decisions, problems), meta.year, problems), rows


def import_decisions(
    path: Path,
    *,
    actor: Any,
    dry_run: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read a filled decisions workbook and record every decision in it, or none."""
    name = name or path.name
    problems = Problems()
    report = ImportReport(dry_run=dry_run)
    report.details = {"file": name, "year": None, "region": "", "rows": 0}
    found = _sheets(path, name, problems)
    meta = read_meta(found[0], name, problems) if found is not None else None
    if found is not None and meta is not None:
        report.format = found[1]
        report.details.update(year=meta.year, region=meta.region)
        wanted, report.details["rows"] = _wanted(found[0], meta, actor, name, problems)
        changed = [want for want in wanted if not unchanged(want)]
        report.unchanged = len(wanted) - len(changed)
        if not problems:
            written = _write(changed, actor, meta.year, name, problems, dry_run, progress)
            report.updated, report.created = written.decided, written.items_created
    if problems:
        report.created = report.updated = 0
        report.reject(problems.items)
    report.details.update(
        decided=report.updated,
        items_created=report.created,
        problems=[p.as_dict() for p in report.errors],
    )
    return report


def _write(
    changed: list[Wanted],
    actor: Any,
    year: int,
    name: str,
    problems: Problems,
    dry_run: bool,
    progress: Progress | None,
) -> Written:
    """Record the decisions in one transaction (rolled back for a dry run or any refusal)."""
    progress = progress or NullProgress()
    progress.start(len(changed), _("Writing"))
    with transaction.atomic():
        writer = Writer(actor, year, name, problems)
        writer.prepare_items(changed)
        for want in changed:
            writer.decide(want)
            progress.advance()
        if problems or dry_run:
            transaction.set_rollback(True)
    return writer.written
