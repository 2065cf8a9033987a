"""What planners teach the matcher, and how well its suggestions serve them.

- Every coding (on the page, by the API, by the decisions workbook) is recorded as a `Coding`
  with where the chosen code stood among the suggestions made just before (the regency's
  accuracy over time), and taught to the cached index of the regency when the write is
  committed (`planning.matching.taught`): the next suggestion there already knows it.
- A suggestion marked wrong (`mark_wrong`) is recorded with the audit trail and forbidden in the
  regency/city at once (`planning.matching.forbidden`); withdrawing the mark, or coding the
  proposal to that very sub-activity later, takes it back.

The cached index is taught after the commit, robustly: if that fails, the write stands and the
next suggestion in the regency reads the change from the database instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.context import current_source
from tangguh.measures.matching.regional import text_terms
from tangguh.nomenclature.models import Item
from tangguh.planning import matching
from tangguh.planning.models import Coding, Proposal, WrongSuggestion
from tangguh.planning.services.common import by, check_sub_activity, require
from tangguh.regions.models import Region

MAX_TEXT_LENGTH = 10_000
logger = logging.getLogger(__name__)


def codes_of(proposal: Proposal) -> set[str]:
    """The codes a proposal teaches: its sub-activity and those of its work-plan items."""
    codes = set(proposal.links.values_list("item__sub_activity__code", flat=True))
    if proposal.sub_activity is not None:
        codes.add(proposal.sub_activity.code)
    return codes


@dataclass(frozen=True)
class Before:
    """What a proposal taught before a coding or decision, and where the newly chosen code
    stood among its suggestions (None when nothing new is chosen)."""

    codes: frozenset[str]
    code: str
    standing: matching.Standing | None
    version: tuple[Any, ...]


def before_coding(proposal: Proposal, chosen: Item | None) -> Before:
    """Read before the write: the codes the proposal teaches, the regency's memory version, and
    where `chosen` stands among the suggestions (so that the proposal does not teach itself)."""
    standing = None
    if chosen is not None and chosen.pk != proposal.sub_activity_id:
        try:
            standing = matching.standing(proposal, chosen.code)
        except Exception:  # a matcher failure must not stop a planner from coding
            logger.exception("no standing for proposal %s", proposal.pk)
            standing = matching.Standing(None, "", None, "error")
    return Before(
        codes=frozenset(codes_of(proposal)),
        code=proposal.sub_activity.code if proposal.sub_activity is not None else "",
        standing=standing,
        version=matching.region_version(proposal.regency_id),
    )


def after_coding(proposal: Proposal, *, actor: Any, before: Before) -> None:
    """Record a coding (when a new sub-activity was chosen), take back the marks the planner
    now contradicts, and teach the regency's cached index when the write is committed."""
    chosen = proposal.sub_activity
    standing = before.standing
    if standing is not None and chosen is not None:
        Coding.objects.create(
            region_id=proposal.regency_id,
            proposal=proposal,
            year=proposal.year,
            code=chosen.code,
            previous_code=before.code,
            rank=standing.rank,
            suggested_code=standing.first_code,
            confidence=standing.first_confidence,
            status=standing.status,
            channel=current_source()[:10],
            by=by(actor),
        )
    after = codes_of(proposal)
    lost = set(before.codes) - after
    contradicted = WrongSuggestion.objects.filter(
        proposal=proposal, sub_activity__code__in=after
    ).select_related("sub_activity")
    for mark in contradicted:
        audit.delete_record(mark, actor=actor, needs="change")
        lost.add(mark.sub_activity.code)
    if after != before.codes or lost:
        teach = partial(matching.taught, proposal.pk, before=before.version, withdrawn=bool(lost))
        transaction.on_commit(teach, robust=True)


def _government_region(region: Region | None) -> Region:
    """The regency/city (or the province) whose suggestions a mark changes."""
    if region is None:
        raise ValidationError({"region": _("Say for which regency or city the mark holds.")})
    return matching.government_region(region)


@transaction.atomic
def mark_wrong(
    *,
    actor: Any,
    sub_activity: Item,
    proposal: Proposal | None = None,
    region: Region | None = None,
    text: str = "",
    note: str = "",
) -> WrongSuggestion:
    """Mark a suggested sub-activity wrong for a proposal (or for a text of a region): the
    matcher stops suggesting it in that regency/city for essentially the same text. Marking
    the same pair again changes nothing."""
    if proposal is not None:
        region, text = proposal.regency, proposal.text
    government = _government_region(region)
    require(actor, "change", government.code)
    check_sub_activity(sub_activity, matching.government_of(government), "sub_activity")
    text = text.strip()
    if len(text) > MAX_TEXT_LENGTH and proposal is None:
        raise ValidationError(
            {"text": _("Give at most %(count)d characters.") % {"count": MAX_TEXT_LENGTH}}
        )
    if not text_terms(text):
        raise ValidationError(
            {"text": _("The text has no words: a mark needs words to be recognised by.")}
        )
    before = matching.region_version(government.code)
    existing = WrongSuggestion.objects.filter(
        region=government, proposal=proposal, sub_activity=sub_activity, text=text
    ).first()
    if existing is not None:
        return existing
    mark = audit.create_record(
        WrongSuggestion,
        actor=actor,
        needs="change",
        region=government,
        proposal=proposal,
        text=text,
        sub_activity=sub_activity,
        note=note.strip()[:500],
        marked_by=by(actor),
    )
    transaction.on_commit(partial(matching.forbidden, mark.pk, before=before), robust=True)
    return mark


@transaction.atomic
def withdraw_wrong_mark(mark: WrongSuggestion, *, actor: Any) -> None:
    """Take a "marked wrong" back: the sub-activity may be suggested again for that text."""
    region = mark.region_id
    audit.delete_record(mark, actor=actor, needs="change")
    transaction.on_commit(partial(matching.withdrawn, region), robust=True)
