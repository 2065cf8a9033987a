"""What the planning services share: the regency of a code, the scope checks, the nomenclature
list a government uses, and the one way to find a sub-activity by its code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.core import audit
from tangguh.core.scope import ACTION_LABELS, user_scope
from tangguh.nomenclature.models import Edition, Government, Item, Level, bidang_of
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region


def regency_code(code: str) -> str:
    """The regency/city a region code lies in (`53.01.27.2002` → `53.01`)."""
    return ".".join(code.split(".")[:2])


def refuse(message: str) -> None:
    """Refuse the write (403)."""
    raise PermissionDenied(message)


def require(actor: Any, action: str, code: str) -> None:
    """Refuse unless the actor may `action` planning records of region `code`."""
    if actor is not None and not user_scope(actor, action).covers(code):
        refuse(
            _("You may not %(action)s planning records of %(region)s.")
            % {"action": action_label(action), "region": code}
        )


def action_label(action: str) -> str:
    """An action as messages name it, in the user's language."""
    return str(ACTION_LABELS.get(action, action))


def by(actor: Any) -> str:
    """How a record names who made it."""
    return audit.actor_label(actor)


def government_of(region: Region) -> str:
    """Which nomenclature list a government uses: the province's or the regencies'."""
    return Government.PROVINSI if region.level == RegionLevel.PROVINCE else Government.KABKOTA


# ---------------------------------------------------------------------------------------------
# Sub-activities


def clean_code(code: str) -> str:
    """A sub-activity code as typed, without spaces and in capitals (`x.xx` → `X.XX`)."""
    return "".join(str(code).split()).upper()


def sub_activities_by_code(
    wanted: Iterable[str], government: str, edition: Edition | None
) -> dict[str, Item]:
    """The sub-activities of an edition's list for a government, by code (codes not found are
    left out)."""
    if edition is None:
        return {}
    found = Item.objects.filter(
        edition=edition,
        government=government,
        level=Level.SUB_KEGIATAN,
        code__in={clean_code(c) for c in wanted},
    )
    return {item.code: item for item in found.select_related("edition")}


def find_sub_activity(
    code: str, government: str, *, year: int | None = None, edition: Edition | None = None
) -> Item | None:
    """The sub-activity with a code in the list of a government, in the edition given or in
    force for a budget year (None when there is none)."""
    if edition is None and year is not None:
        edition = Edition.for_year(year)
    return sub_activities_by_code([code], government, edition).get(clean_code(code))


def check_sub_activity(sub_activity: Item, government: str, field: str) -> None:
    """Refuse an item that is not a sub-activity the government may use."""
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
    """Refuse a sub-activity of a field of affairs the agency does not hold."""
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
