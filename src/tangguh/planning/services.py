"""Audited writes of the planning cycle, with the calendar and scope rules enforced here (pages,
API, imports and the CLI all come through these functions).

Who may do what (on top of the calendar):
- proposals: anyone who may add/change records in the proposal's location (a village officer in
  their village, a facilitator or planner in their regency);
- recommendations: at village level, in the village; at sub-district level, in the sub-district;
  at agency and Bappeda level, in the regency/city;
- coding, decisions, work plans and the calendar: in the regency/city. A user who belongs to an
  agency edits only that agency's work plan unless they are a manager there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import ACTION_LABELS, is_within, user_scope
from tangguh.nomenclature.models import Edition, Government, Item, Level, bidang_of
from tangguh.planning import rules
from tangguh.planning.models import (
    TRAIL_ORDER,
    VILLAGE_SOURCES,
    Outcome,
    PartnerProgramme,
    PlanningStage,
    Proposal,
    ProposalLink,
    Recommendation,
    Stage,
    TrailLevel,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.regions import codes
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region


def regency_code(code: str) -> str:
    """The regency/city a region code lies in (`53.01.27.2002` → `53.01`)."""
    return ".".join(code.split(".")[:2])


def _refuse(message: str) -> None:
    raise PermissionDenied(message)


def _require(actor: Any, action: str, code: str) -> None:
    if actor is not None and not user_scope(actor, action).covers(code):
        _refuse(
            _("You may not %(action)s planning records of %(region)s.")
            % {"action": _action_label(action), "region": code}
        )


def _action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _by(actor: Any) -> str:
    return audit.actor_label(actor)


def government_of(region: Region) -> str:
    """Which nomenclature list a government uses: the province's or the regencies'."""
    return Government.PROVINSI if region.level == RegionLevel.PROVINCE else Government.KABKOTA


# ---------------------------------------------------------------------------------------------
# Calendar


@transaction.atomic
def set_stage(
    region: Region,
    year: int,
    stage: str,
    starts: dt.date,
    ends: dt.date,
    *,
    actor: Any,
    note: str = "",
) -> PlanningStage:
    """Set (create or change) the dates of one stage of a regency's calendar."""
    if region.level != RegionLevel.REGENCY:
        raise ValidationError({"region": _("A planning calendar belongs to a regency or city.")})
    _require(actor, "change", region.code)
    existing = PlanningStage.objects.filter(region=region, year=year, stage=stage).first()
    if existing is not None and (existing.starts, existing.ends) != (starts, ends):
        _protect_started(existing, actor)
    values: dict[str, Any] = {"starts": starts, "ends": ends, "note": note}
    others = [
        rules.Window(Stage(s.stage), s.starts, s.ends)
        for s in PlanningStage.objects.filter(region=region, year=year).exclude(stage=stage)
    ]
    problems = rules.check_order([*others, rules.Window(Stage(stage), starts, ends)])
    if ends < starts:
        problems.insert(0, _("The stage ends before it starts."))
    if problems:
        raise ValidationError({"starts": problems})
    if existing is None:
        return audit.create_record(
            PlanningStage,
            actor=actor,
            needs="change",
            region=region,
            year=year,
            stage=stage,
            **values,
        )
    return audit.update_record(existing, actor=actor, **values)


@transaction.atomic
def delete_stage(stage: PlanningStage, *, actor: Any) -> None:
    """Remove one stage's dates (a stage already under way or over: managers only)."""
    _require(actor, "change", stage.region_id)
    _protect_started(stage, actor)
    audit.delete_record(stage, actor=actor, needs="change")


def _protect_started(stage: PlanningStage, actor: Any) -> None:
    """Moving or removing a stage that has begun reopens (or closes) what it governs, such as
    frozen decisions: only a manager of the regency/city (or the system) may do it."""
    if stage.starts > rules.today() or actor is None:
        return
    if not user_scope(actor, "manage").covers(stage.region_id):
        _refuse(
            _(
                "%(stage)s began on %(date)s: only a manager of %(region)s may move or remove "
                "it, since that reopens or closes what it decides."
            )
            % {
                "stage": Stage(stage.stage).label,
                "date": stage.starts.isoformat(),
                "region": stage.region_id,
            }
        )


# ---------------------------------------------------------------------------------------------
# Partner programmes


@transaction.atomic
def create_programme(*, actor: Any, **values: Any) -> PartnerProgramme:
    """Register a partner programme in a regency/city or the province."""
    return audit.create_record(PartnerProgramme, actor=actor, **values)


@transaction.atomic
def update_programme(programme: PartnerProgramme, *, actor: Any, **values: Any) -> PartnerProgramme:
    """Change a partner programme (scope checked on the stored record and on the new values)."""
    stored = PartnerProgramme.objects.get(pk=programme.pk)
    return audit.update_record(stored, actor=actor, **values)


# ---------------------------------------------------------------------------------------------
# Proposals

PROPOSAL_CONTENT = (
    "source_kind",
    "title",
    "description",
    "problem",
    "volume",
    "unit",
    "estimated_cost",
    "priority",
    "women",
    "men",
    "disabled",
    "elderly",
    "children",
    "phases",
    "poverty",
    "climate_adaptation",
    "livelihood",
    "partner_programme",
    "reference",
    "region",
    "year",
)


def _proposal_snapshot(proposal: Proposal, hazards: Iterable[Any]) -> dict[str, Any]:
    return {
        **audit.snapshot(proposal),
        "hazards": sorted(str(getattr(h, "pk", h)) for h in hazards),
    }


def _check_proposal(proposal: Proposal, *, calendar_check: bool = True) -> None:
    region: Region = proposal.region
    if region.level < RegionLevel.REGENCY:
        raise ValidationError(
            {"region": _("A proposal is located in a regency, sub-district or village.")}
        )
    if proposal.source_kind in VILLAGE_SOURCES and region.level == RegionLevel.REGENCY:
        raise ValidationError(
            {
                "region": _(
                    "A proposal from a village or sub-district forum or a village plan needs its "
                    "village or sub-district."
                )
            }
        )
    if not region.is_active:
        raise ValidationError(
            {"region": _("%(region)s is no longer an active region.") % {"region": region}}
        )
    proposal.regency_id = regency_code(region.code)
    programme = proposal.partner_programme
    if programme is not None and programme.region_id not in {
        region.code,
        *codes.ancestors_of(region.code),
    }:
        raise ValidationError(
            {
                "partner_programme": _(
                    "The partner programme %(programme)s does not work in %(region)s."
                )
                % {"programme": programme, "region": region}
            }
        )
    if proposal.reference:
        clash = Proposal.objects.filter(
            regency_id=proposal.regency_id, year=proposal.year, reference=proposal.reference
        ).exclude(pk=proposal.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "reference": _(
                        "Another proposal of %(year)d in this regency already has the "
                        "reference %(reference)s."
                    )
                    % {"year": proposal.year, "reference": proposal.reference}
                }
            )
    if calendar_check:
        closed = rules.Calendar.of(proposal.regency, proposal.year).proposals_closed(
            proposal.source_kind
        )
        if closed:
            raise ValidationError(closed)


@transaction.atomic
def create_proposal(*, actor: Any, hazards: Iterable[Any] = (), **values: Any) -> Proposal:
    """Record a proposal; the calendar must still accept proposals of its source."""
    hazards = list(hazards)
    proposal = Proposal(**values)
    if proposal.region_id:
        proposal.regency_id = regency_code(proposal.region_id)
    proposal.full_clean(exclude=["regency"])
    audit.check_allowed(actor, "add", proposal)
    _check_proposal(proposal)
    proposal.save()
    proposal.hazards.set(hazards)
    audit.record_change(
        actor,
        ChangeRecord.Action.CREATE,
        proposal,
        audit.diff({}, _proposal_snapshot(proposal, hazards)),
    )
    return proposal


@transaction.atomic
def update_proposal(
    proposal: Proposal, *, actor: Any, hazards: Iterable[Any] | None = None, **values: Any
) -> Proposal:
    """Change what a proposal asks for (only while its source's window is open)."""
    stored = Proposal.objects.select_for_update().get(pk=proposal.pk)
    audit.check_allowed(actor, "change", stored)
    if stored.outcome != Outcome.UNDECIDED:
        raise ValidationError(
            _(
                "This proposal has been decided (%(outcome)s): what it asks for can no longer "
                "change. The planners must take the decision back first."
            )
            % {"outcome": Outcome(stored.outcome).label}
        )
    closed = rules.Calendar.of(stored.regency, stored.year).proposals_closed(stored.source_kind)
    if closed:
        raise ValidationError(closed)
    current = list(stored.hazards.all())
    before = _proposal_snapshot(stored, current)
    unknown = set(values) - set(PROPOSAL_CONTENT)
    if unknown:
        raise ValueError(f"not proposal content: {sorted(unknown)}")
    for name, value in values.items():
        setattr(stored, name, value)
    stored.regency_id = regency_code(stored.region_id)
    stored.full_clean(exclude=["regency"])
    audit.check_allowed(actor, "change", stored)
    _check_proposal(stored)
    wanted = current if hazards is None else list(hazards)
    changes = audit.diff(before, _proposal_snapshot(stored, wanted))
    if changes:
        stored.save()
        stored.hazards.set(wanted)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_proposal(proposal: Proposal, *, actor: Any) -> None:
    """Withdraw a proposal that has not been decided, while its window is open."""
    audit.check_allowed(actor, "delete", proposal)
    if proposal.outcome != Outcome.UNDECIDED:
        raise ValidationError(
            _("A decided proposal cannot be withdrawn; its decision stays on record.")
        )
    closed = rules.Calendar.of(proposal.regency, proposal.year).proposals_closed(
        proposal.source_kind
    )
    if closed:
        raise ValidationError(closed)
    for recommendation in proposal.recommendations.all():
        audit.delete_record(recommendation, actor=actor)
    audit.delete_record(proposal, actor=actor)


@transaction.atomic
def carry_forward(proposal: Proposal, *, actor: Any) -> Proposal:
    """Take a deferred proposal up again in the year it was deferred to: a new proposal there,
    with the same content, linked to the old one (the later year's calendar must accept it)."""
    stored = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if stored.outcome != Outcome.DEFERRED or not stored.deferred_to:
        raise ValidationError(_("Only a proposal deferred to a later year can be carried over."))
    if Proposal.objects.filter(carried_from=stored).exists():
        raise ValidationError(
            _("This proposal was already carried over to %(year)d.") % {"year": stored.deferred_to}
        )
    values = {
        name: getattr(stored, name)
        for name in PROPOSAL_CONTENT
        if name not in ("year", "region", "reference")
    }
    clash = Proposal.objects.filter(
        regency_id=stored.regency_id, year=stored.deferred_to, reference=stored.reference
    ).exists()
    carried = create_proposal(
        actor=actor,
        region=stored.region,
        year=stored.deferred_to,
        reference="" if clash else stored.reference,
        hazards=list(stored.hazards.all()),
        **values,
    )
    carried.carried_from = stored
    carried.save(update_fields=["carried_from"])
    audit.record_change(
        actor, ChangeRecord.Action.UPDATE, carried, {"carried_from": [None, stored.pk]}
    )
    return carried


def _level_region(proposal: Proposal, level: str) -> str:
    code = proposal.region_id
    if level == TrailLevel.VILLAGE:
        return code
    if level == TrailLevel.DISTRICT:
        return ".".join(code.split(".")[:3])
    return proposal.regency_id


@transaction.atomic
def recommend(
    proposal: Proposal,
    *,
    actor: Any,
    level: str,
    verdict: str,
    note: str = "",
    volume: Decimal | None = None,
    cost: Decimal | None = None,
    agency: Agency | None = None,
) -> Recommendation:
    """Add one level's recommendation to the proposal's trail."""
    where = _level_region(proposal, level)
    _require(actor, "change", where)
    closed = rules.Calendar.of(proposal.regency, proposal.year).decisions_closed()
    if closed:
        raise ValidationError(closed)
    if agency is not None and agency.region_id != proposal.regency_id:
        raise ValidationError({"agency": _("The agency is not one of this regency/city.")})
    if level == TrailLevel.AGENCY and agency is None:
        agency = getattr(actor, "agency", None) if actor is not None else None
        if agency is not None and agency.region_id != proposal.regency_id:
            agency = None
    recommendation = Recommendation(
        proposal=proposal,
        level=level,
        verdict=verdict,
        note=note,
        volume=volume,
        cost=cost,
        agency=agency,
        by=_by(actor),
    )
    recommendation.full_clean()
    recommendation.save()
    audit.record_change(
        actor,
        ChangeRecord.Action.CREATE,
        recommendation,
        audit.diff({}, audit.snapshot(recommendation)),
    )
    if TRAIL_ORDER.index(TrailLevel(level)) > TRAIL_ORDER.index(TrailLevel(proposal.stage)):
        before = audit.snapshot(proposal)
        proposal.stage = level
        proposal.save(update_fields=["stage", "updated_at"])
        audit.record_change(
            actor,
            ChangeRecord.Action.UPDATE,
            proposal,
            audit.diff(before, audit.snapshot(proposal)),
        )
    return recommendation


def check_sub_activity(sub_activity: Item, government: str, field: str) -> None:
    if sub_activity.level != Level.SUB_KEGIATAN:
        raise ValidationError(
            {field: _("%(code)s is not a sub-activity.") % {"code": sub_activity.code}}
        )
    if sub_activity.government != government or not sub_activity.offered:
        raise ValidationError(
            {
                field: _("%(code)s is not a sub-activity a %(government)s government may use.")
                % {"code": sub_activity.code, "government": Government(government).label}
            }
        )


def agency_holds(agency: Agency, code: str) -> bool:
    """True when the agency holds the bidang of a code (the support programme X.XX fits all)."""
    bidang = bidang_of(code)
    return bidang.startswith("X") or bidang in (agency.bidang_codes or [])


def check_agency_holds(agency: Agency, sub_activity: Item, field: str) -> None:
    if not agency_holds(agency, sub_activity.code):
        raise ValidationError(
            {
                field: _(
                    "%(agency)s does not hold the field of affairs %(bidang)s of sub-activity "
                    "%(code)s."
                )
                % {"agency": agency, "bidang": sub_activity.bidang, "code": sub_activity.code}
            }
        )


@transaction.atomic
def code_proposal(
    proposal: Proposal, *, actor: Any, sub_activity: Item | None, agency: Agency | None
) -> Proposal:
    """Set the sub-activity and the responsible agency a proposal is coded to."""
    _require(actor, "change", proposal.regency_id)
    closed = rules.Calendar.of(proposal.regency, proposal.year).decisions_closed()
    if closed:
        raise ValidationError(closed)
    if sub_activity is not None:
        check_sub_activity(sub_activity, government_of(proposal.regency), "sub_activity")
    if agency is not None:
        if agency.region_id != proposal.regency_id:
            raise ValidationError({"agency": _("The agency is not one of this regency/city.")})
        if sub_activity is not None:
            check_agency_holds(agency, sub_activity, "agency")
    before = audit.snapshot(proposal)
    proposal.sub_activity = sub_activity
    proposal.agency = agency
    changes = audit.diff(before, audit.snapshot(proposal))
    if changes:
        proposal.save(update_fields=["sub_activity", "agency", "updated_at"])
        audit.record_change(actor, ChangeRecord.Action.UPDATE, proposal, changes)
    return proposal


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
    _require(actor, "change", proposal.regency_id)
    calendar = rules.Calendar.of(proposal.regency, proposal.year)
    closed = calendar.decisions_closed(today)
    if closed:
        raise ValidationError(closed)
    outcome = Outcome(outcome)
    errors: dict[str, list[str]] = {}
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
    if outcome == Outcome.DEFERRED:
        if deferred_to is None or deferred_to <= proposal.year:
            errors.setdefault("deferred_to", []).append(
                _("A deferred proposal needs the later year it is deferred to (after %(year)d).")
                % {"year": proposal.year}
            )
    elif deferred_to is not None:
        deferred_to = None
    existing_links = {link.item_id: link.budget for link in proposal.links.all()}
    wanted_links = {link.item.pk: link.budget for link in links}
    if wanted_links != existing_links:
        renja_closed = calendar.work_plans_closed(today)
        if renja_closed:
            errors.setdefault("links", []).append(renja_closed)
    others = _allocated_elsewhere(proposal, [link.item for link in links])
    seen: set[int] = set()
    for link in links:
        item = link.item
        if (
            0 <= link.budget <= item.budget
            and link.budget + others.get(item.pk, Decimal(0)) > item.budget
        ):
            errors.setdefault("links", []).append(
                _(
                    "%(item)s has %(free)s of its budget %(total)s left for this proposal; the "
                    "rest answers other proposals."
                )
                % {
                    "item": item,
                    "free": max(item.budget - others.get(item.pk, Decimal(0)), Decimal(0)),
                    "total": item.budget,
                }
            )
        if item.pk in seen:
            errors.setdefault("links", []).append(
                _("The work-plan item %(item)s is linked twice.") % {"item": item}
            )
        seen.add(item.pk)
        if item.region_id != proposal.regency_id or item.year != proposal.year:
            errors.setdefault("links", []).append(
                _("%(item)s is not in the %(year)d work plan of this regency/city.")
                % {"item": item, "year": proposal.year}
            )
        if link.budget < 0 or link.budget > item.budget:
            errors.setdefault("links", []).append(
                _(
                    "The budget answering the proposal (%(budget)s) must lie between 0 and the "
                    "item's budget (%(total)s)."
                )
                % {"budget": link.budget, "total": item.budget}
            )
        if link.location is not None and not is_within(link.location.code, proposal.regency_id):
            errors.setdefault("links", []).append(
                _("%(location)s is not in this regency/city.") % {"location": link.location}
            )
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(proposal)
    proposal.outcome = outcome
    proposal.outcome_reason = reason.strip()
    proposal.deferred_to = deferred_to
    proposal.decided_at = None if outcome == Outcome.UNDECIDED else timezone.now()
    proposal.decided_by = "" if outcome == Outcome.UNDECIDED else _by(actor)
    if links and proposal.agency_id is None:
        proposal.agency = links[0].item.agency
    if links and proposal.sub_activity_id is None:
        proposal.sub_activity = links[0].item.sub_activity
    proposal.save()
    changes = audit.diff(before, audit.snapshot(proposal))
    _replace_links(proposal, links, actor)
    if changes:
        audit.record_change(actor, ChangeRecord.Action.UPDATE, proposal, changes)
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


# ---------------------------------------------------------------------------------------------
# Work plans

ITEM_FIELDS = (
    "indicator",
    "target",
    "unit",
    "budget",
    "funding_source",
    "partner_programme",
    "phases",
    "climate",
    "poverty",
    "inclusion",
    "status",
    "note",
)


def _item_snapshot(item: WorkPlanItem, locations: Iterable[Any]) -> dict[str, Any]:
    return {
        **audit.snapshot(item),
        "locations": sorted(str(getattr(r, "pk", r)) for r in locations),
    }


def work_plan_refusal(actor: Any, agency: Agency) -> str | None:
    """Why `actor` may not change the agency's work plan (None: they may): editors of the
    regency/city may, but a user who belongs to an agency only for that agency unless they are a
    manager there."""
    if actor is None or actor.is_superuser:
        return None
    if not user_scope(actor, "change").covers(agency.region_id):
        return _("You may not %(action)s planning records of %(region)s.") % {
            "action": _action_label("change"),
            "region": agency.region_id,
        }
    own = getattr(actor, "agency_id", None)
    if (
        own is not None
        and own != agency.pk
        and not user_scope(actor, "manage").covers(agency.region_id)
    ):
        return _("You work for %(own)s and may not change the work plan of %(agency)s.") % {
            "own": actor.agency,
            "agency": agency,
        }
    return None


def _check_agency_actor(actor: Any, agency: Agency) -> None:
    refusal = work_plan_refusal(actor, agency)
    if refusal:
        _refuse(refusal)


def _check_item(item: WorkPlanItem, locations: Sequence[Region]) -> None:
    agency: Agency = item.agency
    region = agency.region
    check_sub_activity(item.sub_activity, government_of(region), "sub_activity")
    check_agency_holds(agency, item.sub_activity, "sub_activity")
    outside = [r.code for r in locations if not is_within(r.code, region.code)]
    if outside:
        raise ValidationError(
            {
                "locations": _("Not in %(region)s: %(codes)s.")
                % {"region": region, "codes": ", ".join(outside)}
            }
        )
    if item.partner_programme is not None and item.partner_programme.region_id not in {
        region.code,
        *codes.ancestors_of(region.code),
    }:
        raise ValidationError(
            {
                "partner_programme": _("The partner programme does not work in %(region)s.")
                % {"region": region}
            }
        )


def _work_plans_closed(agency: Agency, year: int) -> str | None:
    return rules.Calendar.of(agency.region, year).work_plans_closed()


@transaction.atomic
def create_item(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    sub_activity: Item,
    locations: Sequence[Region] = (),
    **values: Any,
) -> WorkPlanItem:
    """Add a sub-activity to an agency's work plan; indicator and unit default from the
    nomenclature."""
    _check_agency_actor(actor, agency)
    closed = _work_plans_closed(agency, year)
    if closed:
        raise ValidationError(closed)
    values.setdefault("indicator", sub_activity.indicator)
    values.setdefault("unit", sub_activity.unit[:255])
    if not values.get("indicator"):
        values["indicator"] = sub_activity.indicator
    if not values.get("unit"):
        values["unit"] = sub_activity.unit[:255]
    item = WorkPlanItem(
        agency=agency, region_id=agency.region_id, year=year, sub_activity=sub_activity, **values
    )
    item.full_clean()
    locations = list(locations)
    _check_item(item, locations)
    item.save()
    item.locations.set(locations)
    audit.record_change(
        actor, ChangeRecord.Action.CREATE, item, audit.diff({}, _item_snapshot(item, locations))
    )
    return item


@transaction.atomic
def update_item(
    item: WorkPlanItem,
    *,
    actor: Any,
    locations: Sequence[Region] | None = None,
    sub_activity: Item | None = None,
    **values: Any,
) -> WorkPlanItem:
    """Change a work-plan item (not once the year's Renja is final)."""
    stored = WorkPlanItem.objects.select_for_update().get(pk=item.pk)
    _check_agency_actor(actor, stored.agency)
    closed = _work_plans_closed(stored.agency, stored.year)
    if closed:
        raise ValidationError(closed)
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not work-plan fields: {sorted(unknown)}")
    current = list(stored.locations.all())
    before = _item_snapshot(stored, current)
    for name, value in values.items():
        setattr(stored, name, value)
    if sub_activity is not None:
        stored.sub_activity = sub_activity
    if not stored.indicator:
        stored.indicator = stored.sub_activity.indicator
    if not stored.unit:
        stored.unit = stored.sub_activity.unit[:255]
    stored.full_clean()
    wanted = current if locations is None else list(locations)
    _check_item(stored, wanted)
    given = stored.links.aggregate(total=Sum("budget"))["total"] or Decimal(0)
    if given > stored.budget:
        raise ValidationError(
            {"budget": _("Proposals linked to this item were given more than its new budget.")}
        )
    changes = audit.diff(before, _item_snapshot(stored, wanted))
    if changes:
        stored.save()
        stored.locations.set(wanted)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_item(item: WorkPlanItem, *, actor: Any) -> None:
    """Remove a work-plan item that no decision relies on."""
    _check_agency_actor(actor, item.agency)
    closed = _work_plans_closed(item.agency, item.year)
    if closed:
        raise ValidationError(closed)
    if item.links.exists():
        raise ValidationError(
            _("Decisions on %(count)d proposal(s) rely on this item; change them first.")
            % {"count": item.links.count()}
        )
    audit.delete_record(item, actor=actor, needs="change")


@dataclass
class CopyReport:
    """What copying a work plan forward did."""

    created: list[WorkPlanItem]
    skipped: list[tuple[WorkPlanItem, str]]


@transaction.atomic
def copy_forward(agency: Agency, *, from_year: int, to_year: int, actor: Any) -> CopyReport:
    """Copy an agency's items of one year into a later year as drafts (without their links),
    finding each sub-activity again in the later year's edition by code or by name and parent."""
    if to_year <= from_year:
        raise ValidationError(_("Copy into a later year."))
    _check_agency_actor(actor, agency)
    closed = _work_plans_closed(agency, to_year)
    if closed:
        raise ValidationError(closed)
    target_edition = Edition.for_year(to_year)
    report = CopyReport(created=[], skipped=[])
    existing = set(
        WorkPlanItem.objects.filter(agency=agency, year=to_year).values_list(
            "sub_activity_id", flat=True
        )
    )
    source = WorkPlanItem.objects.filter(agency=agency, year=from_year).select_related(
        "sub_activity__parent", "sub_activity__edition"
    )
    for old in source:
        sub = old.sub_activity
        if target_edition is not None:
            found = sub.counterpart_in(target_edition)
            if found is None:
                report.skipped.append(
                    (
                        old,
                        _("%(code)s is not in edition %(edition)s")
                        % {"code": sub.code, "edition": target_edition.name},
                    )
                )
                continue
            sub = found
        if sub.pk in existing:
            report.skipped.append((old, _("already in the %(year)d work plan") % {"year": to_year}))
            continue
        values = {name: getattr(old, name) for name in ITEM_FIELDS if name != "status"}
        item = create_item(
            actor=actor,
            agency=agency,
            year=to_year,
            sub_activity=sub,
            locations=list(old.locations.all()),
            **values,
        )
        item.copied_from = old
        item.save(update_fields=["copied_from"])
        existing.add(sub.pk)
        report.created.append(item)
    return report


@transaction.atomic
def finalise(agency: Agency, year: int, *, actor: Any) -> int:
    """Mark every draft item of an agency's work plan final; returns how many changed."""
    changed = 0
    for item in WorkPlanItem.objects.filter(agency=agency, year=year, status=WorkPlanStatus.DRAFT):
        update_item(item, actor=actor, status=WorkPlanStatus.FINAL)
        changed += 1
    return changed
