"""Plausibility of the counts of people of an event against the population of its region.

Two limits, so that a typing slip (99,999,999,999 affected people in one village) is never saved
without a question:

- **refused**: a count above the population of Indonesia (`models.NATIONAL_POPULATION`) cannot
  be right for an event in one region, whatever the region; the model refuses it everywhere
  (form, API, imports: `models.absurd_problems`).
- **to confirm**: a count above the population of the event's region asks the person (the form's
  tick box, the API's `confirm_implausible`) to confirm it. The region's own population is used
  when it is on record, else that of the nearest region containing it (the shipped geography
  holds the populations of the province and its regencies/cities, so a village's event is
  compared with its regency's), else `UNKNOWN_POPULATION_LIMIT`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tangguh.disasters.models import NATIONAL_POPULATION, Event, people_counts
from tangguh.regions import codes
from tangguh.regions.models import Region

# When no population is on record for the region nor any region containing it: more people than
# live in any regency/city of NTT (the largest, Kab. Timor Tengah Selatan, had 490,642 inhabitants
# in December 2024, Dukcapil) asks for a confirmation.
UNKNOWN_POPULATION_LIMIT = 500_000


@dataclass(frozen=True)
class Doubt:
    """A count larger than the population it is compared with."""

    field: str  # the effect ("affected") or a part of one ("affected__female")
    label: str
    count: int
    limit: int
    limit_region: str  # the region whose population is the limit ('' for the fixed limit)

    @property
    def message(self) -> str:
        """Why the count needs a confirmation, in the user's language."""
        values = {
            "label": capfirst(self.label),
            "count": number_format(self.count, force_grouping=True),
            "limit": number_format(self.limit, force_grouping=True),
            "region": self.limit_region,
        }
        if self.limit_region:
            return (
                _("%(label)s: %(count)s is more than the %(limit)s inhabitants of %(region)s.")
                % values
            )
        return (
            _(
                "%(label)s: %(count)s is more than %(limit)s, the most a count may be without a "
                "confirmation when the region's population is not on record."
            )
            % values
        )


def doubts(
    region: Region, values: Mapping[str, Any], disaggregation: Any, stored: Event | None = None
) -> list[Doubt]:
    """Counts of people above the population of the event's region (or the nearest region
    containing it with a population on record), to be confirmed by the person entering them.
    A count the stored event already holds in the same region was confirmed before: not asked
    again."""
    counted = list(people_counts(values, disaggregation))
    if not counted:
        return []
    kept: set[tuple[str, int]] = set()
    if stored is not None and stored.pk and stored.region_id == region.code:
        kept = {
            (name, n) for name, _label, n in people_counts(stored.effects, stored.disaggregation)
        }
    limit, limit_region = population_limit(region)
    return [
        Doubt(name, label, count, limit, limit_region)
        for name, label, count in counted
        if limit < count <= NATIONAL_POPULATION and (name, count) not in kept
    ]


def population_limit(region: Region) -> tuple[int, str]:
    """The population counts are compared with, and the name of its region ('' when none is on
    record and the fixed limit applies)."""
    if region.population:
        return region.population, region.name
    found = (
        Region.objects.filter(code__in=codes.ancestors_of(region.code), population__isnull=False)
        .order_by("-level")
        .only("name", "population")
        .first()
    )
    if found is not None and found.population:
        return found.population, found.name
    return UNKNOWN_POPULATION_LIMIT, ""


def token(found: list[Doubt]) -> str:
    """A short digest of the doubtful counts: a confirmation holds for these figures only."""
    text = ";".join(f"{d.field}={d.count}" for d in sorted(found, key=lambda d: d.field))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
