"""Audited writes of the poverty module: targets, the reveal of a household's identifiers, and
(through `importers` and `estimates`) the registry and local estimates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.scope import user_scope
from tangguh.poverty import identifiers
from tangguh.poverty.beneficiaries import import_beneficiaries
from tangguh.poverty.importers import import_households
from tangguh.poverty.models import Household, IdentifierReveal, Programme, Target

__all__ = [
    "can_reveal",
    "create_programme",
    "create_target",
    "delete_programme",
    "delete_target",
    "import_beneficiaries",
    "import_households",
    "reveal_identifiers",
    "update_programme",
    "update_target",
]
MIN_REASON = 10


def can_reveal(user: Any, household: Household) -> bool:
    """Whether a user may see a household's identifiers: a manager of its region."""
    return bool(user_scope(user, "manage").covers(household.region_id))


@transaction.atomic
def reveal_identifiers(household: Household, *, actor: Any, reason: str) -> dict[str, str]:
    """The household's NIK and KK number for a manager of its region who gives a reason; the
    reveal (who, when, why, not the numbers) is recorded and logged."""
    reason = " ".join(str(reason).split())
    if actor is None or not can_reveal(actor, household):
        raise PermissionDenied(
            _("Only a manager of %(region)s may see a household's identifiers.")
            % {"region": household.region_id}
        )
    if len(reason) < MIN_REASON:
        message = _("Say why you need the identifiers (at least %(count)d characters).")
        raise ValidationError({"reason": message % {"count": MIN_REASON}})
    audit.create_record(
        IdentifierReveal,
        actor=actor,
        needs="manage",
        household=household,
        region=household.region,
        user=actor,
        reason=reason[:500],
    )
    return {
        "nik": identifiers.decrypt(household.nik_token) if household.nik_token else "",
        "kk": identifiers.decrypt(household.kk_token) if household.kk_token else "",
    }


def create_target(*, actor: Any, **values: Any) -> Target:
    """Record a poverty-reduction target of a regency/city."""
    return audit.create_record(Target, actor=actor, **values)


def update_target(target: Target, *, actor: Any, **values: Any) -> Target:
    """Change a target."""
    return audit.update_record(target, actor=actor, **values)


def delete_target(target: Target, *, actor: Any) -> None:
    """Delete a target."""
    audit.delete_record(target, actor=actor)


def create_programme(*, actor: Any, **values: Any) -> Programme:
    """Record a poverty programme of a regency/city or the province."""
    return audit.create_record(Programme, actor=actor, **values)


def update_programme(programme: Programme, *, actor: Any, **values: Any) -> Programme:
    """Change a programme."""
    return audit.update_record(programme, actor=actor, **values)


def delete_programme(programme: Programme, *, actor: Any) -> None:
    """Delete a programme with its beneficiaries (each logged in its village)."""
    with transaction.atomic():
        for beneficiary in programme.beneficiaries.select_related("household"):
            audit.delete_record(beneficiary, actor=actor)
        audit.delete_record(programme, actor=actor)
