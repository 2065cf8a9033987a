"""Partner programmes (NGO, donor, university) that help villages plan."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tangguh.core import audit
from tangguh.planning.models import PartnerProgramme


@transaction.atomic
def create_programme(*, actor: Any, **values: Any) -> PartnerProgramme:
    """Register a partner programme in a regency/city or the province."""
    return audit.create_record(PartnerProgramme, actor=actor, **values)


@transaction.atomic
def update_programme(programme: PartnerProgramme, *, actor: Any, **values: Any) -> PartnerProgramme:
    """Change a partner programme (scope checked on the stored record and on the new values)."""
    stored = PartnerProgramme.objects.get(pk=programme.pk)
    return audit.update_record(stored, actor=actor, **values)
