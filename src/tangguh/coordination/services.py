"""Audited writes of coordination: stakeholders, commitments with their regions, parties and
signatories, follow-up items with their supporting parties, and progress updates.

A follow-up item's status changes only through `record_progress` (page, API, spreadsheet):
going backwards (done → in progress) needs a note. Items and updates are checked and logged in
the item's region; signatories in the commitment's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.coordination.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Commitment,
    Forum,
    ForumMember,
    Meeting,
    ProgressUpdate,
    Signatory,
    Stakeholder,
    SupportDelivery,
    codes_related,
    goes_backwards,
    lies_within,
)
from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import user_scope
from tangguh.planning.summaries import partner_programmes

M = TypeVar("M", bound=models.Model)


def _fresh(obj: M) -> M:
    """The stored row (a ModelForm may already have written new values into `obj`)."""
    return type(obj)._default_manager.get(pk=obj.pk)


def _ids(objects: Iterable[Any]) -> list[Any]:
    return sorted(getattr(o, "pk", o) for o in objects)


def _visible_parties(actor: Any, parties: Iterable[Stakeholder], field: str) -> None:
    """Parties must be ones the actor may read (no linking by guessed ids)."""
    if actor is None:
        return
    ids = [p.pk for p in parties]
    seen = set(
        Stakeholder.objects.visible_from_below(actor)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    if set(ids) - seen:
        raise ValidationError({field: _("Choose stakeholders of your regions.")})


# ---------------------------------------------------------------------------------------------
# Stakeholders


def _check_work_regions(stakeholder: Stakeholder, regions: list[Any]) -> None:
    outside = [r.pk for r in regions if not lies_within(r.pk, stakeholder.region_id)]
    if outside:
        raise ValidationError(
            {
                "regions_of_work": _("Outside %(region)s: %(codes)s.")
                % {"region": stakeholder.region_id, "codes": ", ".join(outside)}
            }
        )


@transaction.atomic
def create_stakeholder(
    *, actor: Any, regions_of_work: Iterable[Any] = (), **values: Any
) -> Stakeholder:
    """Register a stakeholder in the province or a regency/city, with its regions of work."""
    regions = list(regions_of_work)
    stakeholder = Stakeholder(**values)
    stakeholder.full_clean()
    audit.check_allowed(actor, "add", stakeholder)
    _check_work_regions(stakeholder, regions)
    stakeholder.save()
    stakeholder.regions_of_work.set(regions)
    after = {**audit.snapshot(stakeholder), "regions_of_work": _ids(regions)}
    audit.record_change(actor, ChangeRecord.Action.CREATE, stakeholder, audit.diff({}, after))
    return stakeholder


@transaction.atomic
def update_stakeholder(
    stakeholder: Stakeholder,
    *,
    actor: Any,
    regions_of_work: Iterable[Any] | None = None,
    **values: Any,
) -> Stakeholder:
    """Change a stakeholder (and, when given, its regions of work)."""
    stored = _fresh(stakeholder)
    audit.check_allowed(actor, "change", stored)
    current = list(stored.regions_of_work.all())
    before = {**audit.snapshot(stored), "regions_of_work": _ids(current)}
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    audit.check_allowed(actor, "change", stored)
    wanted = current if regions_of_work is None else list(regions_of_work)
    _check_work_regions(stored, wanted)
    changes = audit.diff(before, {**audit.snapshot(stored), "regions_of_work": _ids(wanted)})
    if changes:
        stored.save()
        stored.regions_of_work.set(wanted)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_stakeholder(stakeholder: Stakeholder, *, actor: Any) -> None:
    """Remove a stakeholder no follow-up item names as responsible."""
    audit.delete_record(stakeholder, actor=actor)


# ---------------------------------------------------------------------------------------------
# Commitments


def _commitment_snapshot(
    commitment: Commitment, regions: Iterable[Any], parties: Iterable[Any]
) -> dict[str, Any]:
    return {**audit.snapshot(commitment), "regions": _ids(regions), "parties": _ids(parties)}


def _check_regions(commitment: Commitment, regions: list[Any]) -> None:
    """At least one region; every region within the government that convened."""
    if not regions:
        raise ValidationError({"regions": _("Name the regions that committed.")})
    outside = [r.pk for r in regions if not lies_within(r.pk, commitment.region_id)]
    if outside:
        raise ValidationError(
            {
                "regions": _("Outside %(region)s: %(codes)s.")
                % {"region": commitment.region_id, "codes": ", ".join(outside)}
            }
        )


def _check_parties(commitment: Commitment, parties: list[Stakeholder]) -> None:
    wrong = [p.name for p in parties if not codes_related(p.region_id, commitment.region_id)]
    if wrong:
        raise ValidationError(
            {
                "parties": _("Not stakeholders of %(region)s: %(names)s.")
                % {"region": commitment.region_id, "names": ", ".join(wrong)}
            }
        )


@transaction.atomic
def create_commitment(
    *, actor: Any, regions: Iterable[Any] = (), parties: Iterable[Any] = (), **values: Any
) -> Commitment:
    """Record a signed commitment with the regions that committed and its parties."""
    regions, parties = list(regions), list(parties)
    commitment = Commitment(**values)
    commitment.full_clean()
    audit.check_allowed(actor, "add", commitment)
    _check_regions(commitment, regions)
    _visible_parties(actor, parties, "parties")
    _check_parties(commitment, parties)
    commitment.save()
    commitment.regions.set(regions)
    commitment.parties.set(parties)
    after = _commitment_snapshot(commitment, regions, parties)
    audit.record_change(actor, ChangeRecord.Action.CREATE, commitment, audit.diff({}, after))
    return commitment


@transaction.atomic
def update_commitment(
    commitment: Commitment,
    *,
    actor: Any,
    regions: Iterable[Any] | None = None,
    parties: Iterable[Any] | None = None,
    **values: Any,
) -> Commitment:
    """Change a commitment (and, when given, its regions and parties)."""
    stored = _fresh(commitment)
    audit.check_allowed(actor, "change", stored)
    current_regions, current_parties = list(stored.regions.all()), list(stored.parties.all())
    before = _commitment_snapshot(stored, current_regions, current_parties)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    audit.check_allowed(actor, "change", stored)
    wanted_regions = current_regions if regions is None else list(regions)
    wanted_parties = current_parties if parties is None else list(parties)
    _check_regions(stored, wanted_regions)
    if parties is not None:
        _visible_parties(actor, wanted_parties, "parties")
    _check_parties(stored, wanted_parties)
    used = set(stored.signatories.values_list("region_id", flat=True))
    dropped = used - {r.pk for r in wanted_regions}
    if dropped:
        raise ValidationError(
            {
                "regions": _("Signatories still sign for %(codes)s.")
                % {"codes": ", ".join(sorted(dropped))}
            }
        )
    changes = audit.diff(before, _commitment_snapshot(stored, wanted_regions, wanted_parties))
    if changes:
        stored.save()
        stored.regions.set(wanted_regions)
        stored.parties.set(wanted_parties)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_commitment(commitment: Commitment, *, actor: Any) -> None:
    """Remove a commitment with its signatories, follow-up items and their updates (each
    deletion logged)."""
    audit.check_allowed(actor, "delete", commitment)
    for item in commitment.actions.all():
        delete_action(item, actor=actor)
    for signatory in commitment.signatories.select_related("commitment"):
        audit.delete_record(signatory, actor=actor)
    audit.delete_record(commitment, actor=actor)


@transaction.atomic
def create_signatory(*, actor: Any, **values: Any) -> Signatory:
    """Record who signed for a region."""
    return audit.create_record(Signatory, actor=actor, **values)


@transaction.atomic
def update_signatory(signatory: Signatory, *, actor: Any, **values: Any) -> Signatory:
    """Correct a signatory."""
    return audit.update_record(_fresh(signatory), actor=actor, **values)


@transaction.atomic
def delete_signatory(signatory: Signatory, *, actor: Any) -> None:
    """Remove a signatory."""
    audit.delete_record(signatory, actor=actor)


# ---------------------------------------------------------------------------------------------
# Follow-up items


def _action_snapshot(item: ActionItem, supporting: Iterable[Any]) -> dict[str, Any]:
    return {**audit.snapshot(item), "supporting": _ids(supporting)}


def _check_links(actor: Any, item: ActionItem, supporting: list[Stakeholder]) -> None:
    """The parties and the work-plan item are ones the actor may read, around the item's
    region."""
    if item.responsible is not None:
        _visible_parties(actor, [item.responsible], "responsible")
    _visible_parties(actor, supporting, "supporting")
    wrong = [p.name for p in supporting if not codes_related(p.region_id, item.region_id)]
    if wrong:
        raise ValidationError(
            {
                "supporting": _("Registered outside %(region)s: %(names)s.")
                % {"region": item.region_id, "names": ", ".join(wrong)}
            }
        )
    work_item = item.work_plan_item
    if (
        work_item is not None
        and actor is not None
        and not user_scope(actor, "view").covers(work_item.region_id)
    ):
        raise ValidationError({"work_plan_item": _("Choose a work-plan item of your regions.")})


@transaction.atomic
def create_action(*, actor: Any, supporting: Iterable[Any] = (), **values: Any) -> ActionItem:
    """Add an item to a commitment's follow-up plan."""
    supporting = list(supporting)
    item = ActionItem(**values)
    item.last_update_on = timezone.localdate()
    item.full_clean()
    audit.check_allowed(actor, "add", item)
    _check_links(actor, item, supporting)
    item.save()
    item.supporting.set(supporting)
    after = _action_snapshot(item, supporting)
    audit.record_change(actor, ChangeRecord.Action.CREATE, item, audit.diff({}, after))
    return item


@transaction.atomic
def update_action(
    item: ActionItem, *, actor: Any, supporting: Iterable[Any] | None = None, **values: Any
) -> ActionItem:
    """Change a follow-up item (its status changes through `record_progress`)."""
    values.pop("status", None)
    stored = _fresh(item)
    audit.check_allowed(actor, "change", stored)
    current = list(stored.supporting.all())
    before = _action_snapshot(stored, current)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    audit.check_allowed(actor, "change", stored)
    wanted = current if supporting is None else list(supporting)
    _check_links(actor, stored, wanted)
    changes = audit.diff(before, _action_snapshot(stored, wanted))
    if changes:
        stored.save()
        stored.supporting.set(wanted)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_action(item: ActionItem, *, actor: Any) -> None:
    """Remove a follow-up item and its progress updates (each deletion logged)."""
    audit.check_allowed(actor, "delete", item)
    for update in item.updates.select_related("item"):
        audit.delete_record(update, actor=actor)
    audit.delete_record(item, actor=actor)


def progress_refusal(item: ActionItem, status: str, note: str) -> str:
    """Why a change of status is refused ('' when it is not): going backwards needs a note."""
    if status not in ActionStatus.values:
        return _("Unknown status %(status)s.") % {"status": status}
    if goes_backwards(item.status, status) and not note.strip():
        return _("The status goes back from %(old)s to %(new)s: say why in a note.") % {
            "old": ActionStatus(item.status).label,
            "new": ActionStatus(status).label,
        }
    return ""


@transaction.atomic
def record_progress(
    item: ActionItem, *, actor: Any, status: str, note: str = "", **values: Any
) -> ProgressUpdate:
    """Report progress on an item: its new status, a note, the realised value and evidence.
    Going backwards needs a note."""
    stored = _fresh(item)
    audit.check_allowed(actor, "change", stored)
    refusal = progress_refusal(stored, status, note)
    if refusal:
        raise ValidationError({"note": refusal})
    values.setdefault("date", timezone.localdate())
    update = audit.create_record(
        ProgressUpdate,
        actor=actor,
        needs="change",
        item=stored,
        status=status,
        note=note,
        by=audit.actor_label(actor),
        **values,
    )
    latest = max(update.date, stored.last_update_on or update.date)
    audit.update_record(stored, actor=actor, status=status, last_update_on=latest)
    return update


@transaction.atomic
def delete_progress(update: ProgressUpdate, *, actor: Any) -> None:
    """Remove a progress update (the item keeps its status)."""
    audit.delete_record(update, actor=actor, needs="change")


# ---------------------------------------------------------------------------------------------
# Forums and meetings


@transaction.atomic
def create_forum(*, actor: Any, **values: Any) -> Forum:
    """Record a forum and its legal basis."""
    return audit.create_record(Forum, actor=actor, **values)


@transaction.atomic
def update_forum(forum: Forum, *, actor: Any, **values: Any) -> Forum:
    """Change a forum."""
    return audit.update_record(_fresh(forum), actor=actor, **values)


@transaction.atomic
def delete_forum(forum: Forum, *, actor: Any) -> None:
    """Remove a forum and its members (each deletion logged); its meetings keep their record
    only when the forum is unlinked first."""
    audit.check_allowed(actor, "delete", forum)
    for member in forum.members.select_related("forum"):
        audit.delete_record(member, actor=actor)
    audit.delete_record(forum, actor=actor)


@transaction.atomic
def create_member(*, actor: Any, **values: Any) -> ForumMember:
    """Add a member to a forum."""
    return audit.create_record(ForumMember, actor=actor, **values)


@transaction.atomic
def update_member(member: ForumMember, *, actor: Any, **values: Any) -> ForumMember:
    """Change a member."""
    return audit.update_record(_fresh(member), actor=actor, **values)


@transaction.atomic
def delete_member(member: ForumMember, *, actor: Any) -> None:
    """Remove a member."""
    audit.delete_record(member, actor=actor)


@transaction.atomic
def create_meeting(*, actor: Any, **values: Any) -> Meeting:
    """Record a coordination meeting."""
    return audit.create_record(Meeting, actor=actor, **values)


@transaction.atomic
def update_meeting(meeting: Meeting, *, actor: Any, **values: Any) -> Meeting:
    """Change a meeting."""
    return audit.update_record(_fresh(meeting), actor=actor, **values)


@transaction.atomic
def delete_meeting(meeting: Meeting, *, actor: Any) -> None:
    """Remove a meeting and its attendance (each deletion logged)."""
    audit.check_allowed(actor, "delete", meeting)
    for row in meeting.attendance.select_related("meeting"):
        audit.delete_record(row, actor=actor)
    audit.delete_record(meeting, actor=actor)


@transaction.atomic
def create_attendance(*, actor: Any, **values: Any) -> Attendance:
    """Record who came from a region and agency."""
    return audit.create_record(Attendance, actor=actor, **values)


@transaction.atomic
def update_attendance(row: Attendance, *, actor: Any, **values: Any) -> Attendance:
    """Correct attendance."""
    return audit.update_record(_fresh(row), actor=actor, **values)


@transaction.atomic
def delete_attendance(row: Attendance, *, actor: Any) -> None:
    """Remove attendance."""
    audit.delete_record(row, actor=actor)


# ---------------------------------------------------------------------------------------------
# Support delivered to villages


def _check_programme_visible(actor: Any, values: dict[str, Any]) -> None:
    """A programme named must be one the actor may read (no linking by guessed ids)."""
    programme = values.get("programme")
    if programme is None or actor is None:
        return
    if not partner_programmes().visible_from_below(actor).filter(pk=programme.pk).exists():
        raise ValidationError({"programme": _("Choose a partner programme of your regions.")})


@transaction.atomic
def create_support(*, actor: Any, **values: Any) -> SupportDelivery:
    """Record a training or stimulus package delivered in a village."""
    _check_programme_visible(actor, values)
    return audit.create_record(SupportDelivery, actor=actor, **values)


@transaction.atomic
def update_support(support: SupportDelivery, *, actor: Any, **values: Any) -> SupportDelivery:
    """Correct support delivered."""
    stored = _fresh(support)
    programme = values.get("programme")
    if programme is not None and programme.pk != stored.programme_id:
        _check_programme_visible(actor, values)
    return audit.update_record(stored, actor=actor, **values)


@transaction.atomic
def delete_support(support: SupportDelivery, *, actor: Any) -> None:
    """Remove support delivered."""
    audit.delete_record(support, actor=actor)
