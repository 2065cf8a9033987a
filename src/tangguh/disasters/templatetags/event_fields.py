"""Template filters of the disasters pages: the fields of an events table named for people."""

from __future__ import annotations

from django import template
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tangguh.disasters.models import Event, effect_label

register = template.Library()

# The fields of the column mapping (formats.mapped.FIELDS) that are not effects of an event.
MAPPING_LABELS = {
    "datetime": _("Date (and time) of the event"),
    "year": _("Year"),
    "month": _("Month"),
    "day": _("Day"),
    "region_code": _("Region code (Kemendagri)"),
    "region_bps": _("Regency/city code (BPS)"),
    "regency_name": _("Regency/city name"),
    "province_code": _("Province code"),
    "hazard_code": _("Hazard code (DIBI)"),
    "hazard_family": _("Hazard"),
    "hazard_subtype": _("Hazard sub-type"),
    "location": _("Place (sub-district, village)"),
    "village": _("Village"),
    "source_id": _("Record id"),
    "chronology": _("Chronology or description"),
    "cause": _("Cause"),
    "source": _("Source"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "event_count": _("Number of events"),
}


@register.filter
def mapping_label(field: str) -> str:
    """A field of the column mapping by its name for people (the name itself when unknown)."""
    if field in MAPPING_LABELS:
        return str(MAPPING_LABELS[field])
    if field in Event.effect_fields:
        return str(capfirst(effect_label(field)))
    return field
