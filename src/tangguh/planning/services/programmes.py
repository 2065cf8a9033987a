"""Partner programmes (NGO, donor, university) that help villages plan, with their villages of
intervention."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.planning.models import PartnerProgramme
from tangguh.regions.models import Level


def _snapshot(programme: PartnerProgramme, villages: Iterable[Any]) -> dict[str, Any]:
    codes = sorted(str(getattr(v, "pk", v)) for v in villages)
    return {**audit.snapshot(programme), "villages": codes}


def _check_villages(programme: PartnerProgramme, villages: list[Any]) -> None:
    """Villages (desa/kelurahan) within the programme's region."""
    root = programme.region_id
    wrong = [
        v.pk
        for v in villages
        if v.level != Level.VILLAGE or not (v.pk == root or v.pk.startswith(root + "."))
    ]
    if wrong:
        raise ValidationError(
            {
                "villages": _("Not villages of %(region)s: %(codes)s.")
                % {"region": root, "codes": ", ".join(wrong)}
            }
        )


@transaction.atomic
def create_programme(
    *, actor: Any, villages: Iterable[Any] = (), **values: Any
) -> PartnerProgramme:
    """Register a partner programme in a regency/city or the province."""
    villages = list(villages)
    programme = PartnerProgramme(**values)
    programme.full_clean()
    audit.check_allowed(actor, "add", programme)
    _check_villages(programme, villages)
    programme.save()
    programme.villages.set(villages)
    after = _snapshot(programme, villages)
    audit.record_change(actor, ChangeRecord.Action.CREATE, programme, audit.diff({}, after))
    return programme


@transaction.atomic
def update_programme(
    programme: PartnerProgramme,
    *,
    actor: Any,
    villages: Iterable[Any] | None = None,
    **values: Any,
) -> PartnerProgramme:
    """Change a partner programme (scope checked on the stored record and on the new values)."""
    stored = PartnerProgramme.objects.get(pk=programme.pk)
    audit.check_allowed(actor, "change", stored)
    current = list(stored.villages.all())
    before = _snapshot(stored, current)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.full_clean()
    audit.check_allowed(actor, "change", stored)
    wanted = current if villages is None else list(villages)
    _check_villages(stored, wanted)
    changes = audit.diff(before, _snapshot(stored, wanted))
    if changes:
        stored.save()
        stored.villages.set(wanted)
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored
