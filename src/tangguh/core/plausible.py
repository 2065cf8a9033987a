"""Plausible dates and years per kind of record (issue 14, item 8): one place, configurable.

`settings.PLAUSIBLE_YEARS` maps a kind of record to (first year, years ahead of today): disaster
history reaches back to 1800 and never into the future; risk and climate assessments and plans
are made near the present. Spreadsheet placeholders (1900-01-01, 1899-12-30/31: what Excel and
LibreOffice show for an empty or zero date cell) are never real dates. Models check in `clean`
or with a `PlausibleYear` validator on the field (`core.models.year_field(plausible=KIND)`: forms,
API serializers and services all run it), importers through `year_parser`/`date_problem`, with
the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_YEARS: dict[str, tuple[int, int]] = {
    "disasters": (1800, 0),
    "risk": (2000, 5),
    "climate": (2000, 10),
    "plans": (2000, 10),
    "assessments": (2000, 5),
}
PLACEHOLDER_DATES = frozenset({dt.date(1900, 1, 1), dt.date(1899, 12, 30), dt.date(1899, 12, 31)})
WHAT = {
    "disasters": gettext_lazy("a disaster event"),
    "risk": gettext_lazy("a risk assessment"),
    "climate": gettext_lazy("a climate vulnerability assessment"),
    "plans": gettext_lazy("a plan"),
    "assessments": gettext_lazy("an assessment"),
}


def year_range(kind: str, today: dt.date | None = None) -> tuple[int, int]:
    """The first and last plausible year of a kind of record."""
    configured: dict[str, Any] = {**DEFAULT_YEARS, **getattr(settings, "PLAUSIBLE_YEARS", {})}
    first, ahead = configured[kind]
    return int(first), (today or timezone.localdate()).year + int(ahead)


def year_problem(kind: str, year: int | None) -> str | None:
    """Why `year` is not plausible for the kind of record (None: it is)."""
    if year is None:
        return None
    first, last = year_range(kind)
    if first <= year <= last:
        return None
    return _("%(year)s is not a plausible year for %(what)s (from %(first)d to %(last)d)") % {
        "year": year,
        "what": WHAT.get(kind, kind),
        "first": first,
        "last": last,
    }


def date_problem(kind: str, date: dt.date | None) -> str | None:
    """Why `date` is not plausible for the kind of record (None: it is)."""
    if date is None:
        return None
    if date in PLACEHOLDER_DATES:
        return _(
            "%(date)s is the date a spreadsheet shows for an empty or zero cell, not a real date"
        ) % {"date": date.isoformat()}
    return year_problem(kind, date.year)


def year_parser(kind: str, parse: Callable[[Any], int | None]) -> Callable[[Any], int | None]:
    """A cell parser giving a plausible year of the kind (its message as a BadValue)."""
    from tangguh.core.importing.cells import BadValue

    def parse_plausible(cell: Any) -> int | None:
        year = parse(cell)
        problem = year_problem(kind, year)
        if problem:
            raise BadValue(problem)
        return year

    return parse_plausible


@deconstructible
class PlausibleYear:
    """A field validator: the year must be plausible for the kind of record (read at each call,
    so the setting applies without a migration)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, value: Any) -> None:
        problem = year_problem(self.kind, value) if isinstance(value, int) else None
        if problem:
            raise ValidationError(problem, code="implausible_year")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleYear) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(self.kind)
