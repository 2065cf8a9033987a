"""Pieces the planning API modules share: year and money fields, sub-activities named by code,
region codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.plausible import PlausibleYear
from tangguh.core.querysets import related_rows
from tangguh.core.scope import user_scope
from tangguh.nomenclature.models import Edition, Government, Item
from tangguh.planning import services
from tangguh.planning.models import MAX_MONEY
from tangguh.regions.api import RegionCodeField
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region

MAX_TEXTS = 500  # texts in one POST /matches/
MAX_TEXT_LENGTH = 10_000
MAX_TOP = 20


def year_field(**kwargs: Any) -> serializers.IntegerField:
    """A budget year within the years the planning models accept: a plausible year for a plan
    (core.plausible, settings.PLAUSIBLE_YEARS)."""
    validators = [*kwargs.pop("validators", []), PlausibleYear("plans")]
    return serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, validators=validators, **kwargs
    )


def money_field(**kwargs: Any) -> serializers.DecimalField:
    """An amount in rupiah, from 0 to the planning models' ceiling."""
    return serializers.DecimalField(
        max_digits=17, decimal_places=2, min_value=Decimal(0), max_value=MAX_MONEY, **kwargs
    )


def regency_of(region: Region, field: str = "region") -> Region:
    """The regency/city a region lies in; 400 for the province."""
    if region.level < RegionLevel.REGENCY:
        raise exceptions.ValidationError(
            {field: [_("Choose a regency or city, or a region within one.")]}
        )
    if region.level == RegionLevel.REGENCY:
        return region
    return Region.objects.get(code=services.regency_code(region.code))


def check_view(user: Any, region: Region) -> None:
    """403 unless the user may view some part of the region."""
    if not user_scope(user, "view").overlaps(region.code):
        raise exceptions.PermissionDenied(
            _("You have no access to region %(code)s.") % {"code": region.code}
        )


# ---------------------------------------------------------------------------------------------
# Sub-activities named by code


@extend_schema_field(
    {
        "type": "string",
        "example": "1.05.03.2.02.0018",
        "description": "A sub-activity code of the nomenclature edition in force for the budget "
        "year, in the list of the record's government (regency/city or province).",
    }
)
class SubActivityCodeField(serializers.Field):
    """A sub-activity given by its code (resolved against the edition of the record's year)."""

    default_error_messages = {"invalid": gettext_lazy("Give a sub-activity code as text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        return str(data).strip().upper()

    def to_representation(self, value: Any) -> str:
        return str(value.code if isinstance(value, Item) else value)


def sub_activity_for(code: str, year: int, government_region: Region) -> Item:
    """The sub-activity with `code` in the edition for `year`, in the list of the government of
    `government_region`; a validation error naming the edition when there is none."""
    edition = Edition.for_year(year)
    if edition is None:
        raise exceptions.ValidationError(
            {"sub_activity": [_("No nomenclature edition has been loaded.")]}
        )
    government = services.government_of(government_region)
    item = services.find_sub_activity(code, government, edition=edition)
    if item is None:
        raise exceptions.ValidationError(
            {
                "sub_activity": [
                    _(
                        "%(code)s is not a sub-activity in nomenclature edition %(edition)s "
                        "(list: %(government)s)."
                    )
                    % {
                        "code": code,
                        "government": Government(government).label,
                        "edition": edition.name,
                    }
                ]
            }
        )
    return item


class RegionCodesField(serializers.ListField):
    """Region codes (dots optional), turned into Regions."""

    child = RegionCodeField()

    def get_attribute(self, instance: Any) -> Any:
        if len(self.source_attrs) == 1 and getattr(instance, "pk", None) is not None:
            return related_rows(instance, self.source_attrs[0])
        return super().get_attribute(instance)

    def to_representation(self, data: Any) -> list[str]:
        regions = data.all() if hasattr(data, "all") else data
        return sorted(str(getattr(r, "code", r)) for r in regions)
