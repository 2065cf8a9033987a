"""The agencies' work plans (Renja/RKT): items, copying a plan forward, finalising it. A user who
belongs to an agency changes only that agency's plan unless they are a manager there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import is_within, user_scope
from tangguh.nomenclature.models import Edition, Item
from tangguh.planning import rules
from tangguh.planning.models import WorkPlanItem, WorkPlanStatus
from tangguh.planning.services.common import (
    action_label,
    check_agency_holds,
    check_sub_activity,
    government_of,
    refuse,
)
from tangguh.regions import codes
from tangguh.regions.models import Region

ITEM_FIELDS = (
    "indicator",
    "target",
    "unit",
    "budget",
    "funding_source",
    "partner_programme",
    "practice",
    "phases",
    "climate",
    "poverty",
    "inclusion",
    "status",
    "note",
)


def _item_snapshot(item: WorkPlanItem, locations: Iterable[Any]) -> dict[str, Any]:
    """The item and its locations as the change log records them."""
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
            "action": action_label("change"),
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
    """Refuse an actor who may not change the agency's work plan."""
    refusal = work_plan_refusal(actor, agency)
    if refusal:
        refuse(refusal)


def _check_item(item: WorkPlanItem, locations: Sequence[Region]) -> None:
    """The sub-activity, locations and programme suit the agency."""
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
    """Why the agency's work plan of a year is closed (None: open)."""
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
        sub, skipped = _counterpart(old.sub_activity, target_edition)
        if sub is not None and sub.pk in existing:
            skipped = _("already in the %(year)d work plan") % {"year": to_year}
        if sub is None or skipped:
            report.skipped.append((old, skipped))
            continue
        report.created.append(_copy(old, agency, sub, to_year, actor))
        existing.add(sub.pk)
    return report


def _counterpart(sub: Item, edition: Edition | None) -> tuple[Item | None, str]:
    """The sub-activity in a later edition, or why there is none."""
    if edition is None:
        return sub, ""
    found = sub.counterpart_in(edition)
    if found is None:
        return None, _("%(code)s is not in edition %(edition)s") % {
            "code": sub.code,
            "edition": edition.name,
        }
    return found, ""


def _copy(old: WorkPlanItem, agency: Agency, sub: Item, year: int, actor: Any) -> WorkPlanItem:
    """A draft copy of an item in a later year, without its links."""
    values = {name: getattr(old, name) for name in ITEM_FIELDS if name != "status"}
    item = create_item(
        actor=actor,
        agency=agency,
        year=year,
        sub_activity=sub,
        locations=list(old.locations.all()),
        **values,
    )
    item.copied_from = old
    item.save(update_fields=["copied_from"])
    return item


@transaction.atomic
def finalise(agency: Agency, year: int, *, actor: Any) -> int:
    """Mark every draft item of an agency's work plan final; returns how many changed. Refused
    before anything is read when the actor may not change the work plan (the refusal does not
    depend on whether it has drafts)."""
    refusal = work_plan_refusal(actor, agency)
    if refusal:
        raise PermissionDenied(refusal)
    changed = 0
    for item in WorkPlanItem.objects.filter(agency=agency, year=year, status=WorkPlanStatus.DRAFT):
        update_item(item, actor=actor, status=WorkPlanStatus.FINAL)
        changed += 1
    return changed
