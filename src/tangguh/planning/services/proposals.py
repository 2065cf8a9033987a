"""Proposals (usulan): recording, changing and withdrawing them while the calendar allows, carrying
a deferred one over, its recommendation trail and its coding to a sub-activity and agency."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import Item
from tangguh.planning import rules
from tangguh.planning.models import (
    TRAIL_ORDER,
    VILLAGE_SOURCES,
    Outcome,
    Proposal,
    Recommendation,
    TrailLevel,
)
from tangguh.planning.services import suggestions
from tangguh.planning.services.common import (
    by,
    check_agency_holds,
    check_sub_activity,
    government_of,
    regency_code,
    require,
)
from tangguh.regions import codes
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region

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
    "livelihood_commodity",
    "partner_programme",
    "reference",
    "region",
    "year",
)


def _proposal_snapshot(proposal: Proposal, hazards: Iterable[Any]) -> dict[str, Any]:
    """The proposal and its hazards as the change log records them."""
    return {
        **audit.snapshot(proposal),
        "hazards": sorted(str(getattr(h, "pk", h)) for h in hazards),
    }


def _check_proposal(proposal: Proposal, *, calendar_check: bool = True) -> None:
    """Where a proposal may lie, its programme, its reference and (usually) the calendar."""
    region: Region = proposal.region
    _check_location(proposal, region)
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
    _check_reference(proposal)
    if calendar_check:
        closed = rules.Calendar.of(proposal.regency, proposal.year).proposals_closed(
            proposal.source_kind
        )
        if closed:
            raise ValidationError(closed)


def _check_location(proposal: Proposal, region: Region) -> None:
    """A proposal lies in an active regency, sub-district or village (in a village or
    sub-district for village sources)."""
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


def _check_reference(proposal: Proposal) -> None:
    """A reference is unique among the proposals of a regency and year."""
    if not proposal.reference:
        return
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
    """The region in which a level recommends a proposal."""
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
    require(actor, "change", where)
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
        by=by(actor),
    )
    recommendation.full_clean()
    recommendation.save()
    audit.record_change(
        actor,
        ChangeRecord.Action.CREATE,
        recommendation,
        audit.diff({}, audit.snapshot(recommendation)),
    )
    _reach(proposal, level, actor)
    return recommendation


def _reach(proposal: Proposal, level: str, actor: Any) -> None:
    """The proposal has reached `level` (when it is higher than the stage it had reached)."""
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


@transaction.atomic
def code_proposal(
    proposal: Proposal, *, actor: Any, sub_activity: Item | None, agency: Agency | None
) -> Proposal:
    """Set the sub-activity and the responsible agency a proposal is coded to."""
    require(actor, "change", proposal.regency_id)
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
    taught = suggestions.before_coding(proposal, sub_activity)
    before = audit.snapshot(proposal)
    proposal.sub_activity = sub_activity
    proposal.agency = agency
    changes = audit.diff(before, audit.snapshot(proposal))
    if changes:
        proposal.save(update_fields=["sub_activity", "agency", "updated_at"])
        audit.record_change(actor, ChangeRecord.Action.UPDATE, proposal, changes)
    suggestions.after_coding(proposal, actor=actor, before=taught)
    return proposal
