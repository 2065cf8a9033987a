"""The decision on a proposal, with the work-plan items, budget and location that answer it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import is_within
from tangguh.planning import rules
from tangguh.planning.models import Outcome, Proposal, ProposalLink, WorkPlanItem
from tangguh.planning.services import suggestions
from tangguh.planning.services.common import by, require
from tangguh.regions.models import Region


@dataclass(frozen=True)
class LinkSpec:
    """A work-plan item answering a proposal, with its budget and location."""

    item: WorkPlanItem
    budget: Decimal = Decimal(0)
    location: Region | None = None


@transaction.atomic
def decide(
    proposal: Proposal,
    *,
    actor: Any,
    outcome: str,
    reason: str = "",
    deferred_to: int | None = None,
    links: Sequence[LinkSpec] = (),
    today: dt.date | None = None,
) -> Proposal:
    """Record the decision on a proposal: accommodated or partly (with the work-plan items, budget
    and location that answer it), deferred (to a later year) or rejected (with a reason).
    `outcome=undecided` takes a decision back while decisions are open."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    require(actor, "change", proposal.regency_id)
    calendar = rules.Calendar.of(proposal.regency, proposal.year)
    closed = calendar.decisions_closed(today)
    if closed:
        raise ValidationError(closed)
    outcome = Outcome(outcome)
    errors: dict[str, list[str]] = {}
    _check_outcome(errors, proposal, outcome, reason, deferred_to, links)
    if outcome != Outcome.DEFERRED:
        deferred_to = None
    existing_links = {link.item_id: link.budget for link in proposal.links.all()}
    if {link.item.pk: link.budget for link in links} != existing_links:
        renja_closed = calendar.work_plans_closed(today)
        if renja_closed:
            errors.setdefault("links", []).append(renja_closed)
    _check_links(errors, proposal, links)
    if errors:
        raise ValidationError(errors)
    return _record(proposal, actor, outcome, reason, deferred_to, links)


def _check_outcome(
    errors: dict[str, list[str]],
    proposal: Proposal,
    outcome: Outcome,
    reason: str,
    deferred_to: int | None,
    links: Sequence[LinkSpec],
) -> None:
    """What the decision itself needs: links for an accommodated proposal (and none otherwise),
    a reason for a rejection, a later year for a deferral."""
    if outcome in (Outcome.ACCOMMODATED, Outcome.PARTLY):
        if not links:
            errors.setdefault("links", []).append(
                _("An accommodated proposal is linked to the work-plan items that answer it.")
            )
        elif not any(link.budget > 0 for link in links):
            errors.setdefault("links", []).append(
                _("At least one linked work-plan item must give the budget that answers it.")
            )
    elif links:
        errors.setdefault("links", []).append(
            _("Only an accommodated or partly accommodated proposal is linked to work-plan items.")
        )
    if outcome == Outcome.REJECTED and not reason.strip():
        errors.setdefault("reason", []).append(_("Give the reason for rejecting the proposal."))
    if outcome == Outcome.DEFERRED and (deferred_to is None or deferred_to <= proposal.year):
        errors.setdefault("deferred_to", []).append(
            _("A deferred proposal needs the later year it is deferred to (after %(year)d).")
            % {"year": proposal.year}
        )


def _check_links(
    errors: dict[str, list[str]], proposal: Proposal, links: Sequence[LinkSpec]
) -> None:
    """Each link: an item of the regency's work plan of the year, once, with a budget it still
    has free, and a location in the regency."""
    others = _allocated_elsewhere(proposal, [link.item for link in links])
    problems = errors.setdefault("links", [])
    seen: set[int] = set()
    for link in links:
        item = link.item
        taken = others.get(item.pk, Decimal(0))
        if 0 <= link.budget <= item.budget and link.budget + taken > item.budget:
            problems.append(
                _(
                    "%(item)s has %(free)s of its budget %(total)s left for this proposal; the "
                    "rest answers other proposals."
                )
                % {"item": item, "free": max(item.budget - taken, Decimal(0)), "total": item.budget}
            )
        if item.pk in seen:
            problems.append(_("The work-plan item %(item)s is linked twice.") % {"item": item})
        seen.add(item.pk)
        problems.extend(_link_problems(proposal, link))
    if not problems:
        del errors["links"]


def _link_problems(proposal: Proposal, link: LinkSpec) -> list[str]:
    """What is wrong with one link (item, budget, location)."""
    item = link.item
    found = []
    if item.region_id != proposal.regency_id or item.year != proposal.year:
        found.append(
            _("%(item)s is not in the %(year)d work plan of this regency/city.")
            % {"item": item, "year": proposal.year}
        )
    if link.budget < 0 or link.budget > item.budget:
        found.append(
            _(
                "The budget answering the proposal (%(budget)s) must lie between 0 and the "
                "item's budget (%(total)s)."
            )
            % {"budget": link.budget, "total": item.budget}
        )
    if link.location is not None and not is_within(link.location.code, proposal.regency_id):
        found.append(_("%(location)s is not in this regency/city.") % {"location": link.location})
    return found


def _record(
    proposal: Proposal,
    actor: Any,
    outcome: Outcome,
    reason: str,
    deferred_to: int | None,
    links: Sequence[LinkSpec],
) -> Proposal:
    """Store the decision and its links, with their change records; a sub-activity the links
    give an uncoded proposal counts as its coding."""
    chosen = links[0].item.sub_activity if links and proposal.sub_activity_id is None else None
    taught = suggestions.before_coding(proposal, chosen)
    before = audit.snapshot(proposal)
    proposal.outcome = outcome
    proposal.outcome_reason = reason.strip()
    proposal.deferred_to = deferred_to
    proposal.decided_at = None if outcome == Outcome.UNDECIDED else timezone.now()
    proposal.decided_by = "" if outcome == Outcome.UNDECIDED else by(actor)
    if links and proposal.agency_id is None:
        proposal.agency = links[0].item.agency
    if links and proposal.sub_activity_id is None:
        proposal.sub_activity = links[0].item.sub_activity
    proposal.save()
    changes = audit.diff(before, audit.snapshot(proposal))
    _replace_links(proposal, links, actor)
    if changes:
        audit.record_change(actor, ChangeRecord.Action.UPDATE, proposal, changes)
    suggestions.after_coding(proposal, actor=actor, before=taught)
    return proposal


def _allocated_elsewhere(proposal: Proposal, items: Sequence[WorkPlanItem]) -> dict[int, Decimal]:
    """Per item, the budget already given to other proposals."""
    rows = (
        ProposalLink.objects.filter(item__in=[i.pk for i in items])
        .exclude(proposal=proposal)
        .values_list("item_id")
        .annotate(total=Sum("budget"))
        .values_list("item_id", "total")
    )
    return {item_id: total or Decimal(0) for item_id, total in rows}


def _replace_links(proposal: Proposal, links: Sequence[LinkSpec], actor: Any) -> None:
    """Make the proposal's links those given, with a change record for each change."""
    existing = {link.item_id: link for link in proposal.links.all()}
    wanted = {spec.item.pk: spec for spec in links}
    for item_id, link in existing.items():
        if item_id not in wanted:
            audit.delete_record(link, actor=actor, needs="change")
    for item_id, spec in wanted.items():
        location = spec.location or proposal.region
        current = existing.get(item_id)
        if current is None:
            link = ProposalLink(
                proposal=proposal, item=spec.item, budget=spec.budget, location=location
            )
            link.save()
            audit.record_change(
                actor, ChangeRecord.Action.CREATE, link, audit.diff({}, audit.snapshot(link))
            )
        else:
            before = audit.snapshot(current)
            current.budget = spec.budget
            current.location = location
            changes = audit.diff(before, audit.snapshot(current))
            if changes:
                current.save()
                audit.record_change(actor, ChangeRecord.Action.UPDATE, current, changes)
