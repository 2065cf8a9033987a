"""How well the suggestions serve a regency's planners, over time: of the proposals they coded,
how often the code chosen was the first suggestion, or among the first five (read from the
`Coding` records the services write at coding time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import formats

from tangguh.planning.models import Coding

BY = ("month", "year")
TOP = 5  # "within the first five suggestions"
RECENT = 10


@dataclass(frozen=True)
class Period:
    """The codings of one month (or budget year), or of all time."""

    key: str
    label: str
    codings: int
    first: int
    top: int
    not_suggested: int
    confidence: float | None  # mean confidence of the first suggestion

    @property
    def first_share(self) -> float | None:
        """Share of codings where the first suggestion was chosen."""
        return self.first / self.codings if self.codings else None

    @property
    def top_share(self) -> float | None:
        """Share of codings where the code chosen was among the first five suggestions."""
        return self.top / self.codings if self.codings else None

    def as_dict(self) -> dict[str, Any]:
        """The period as the API gives it."""
        return {
            "period": self.key,
            "label": self.label,
            "codings": self.codings,
            "first": self.first,
            "top5": self.top,
            "not_suggested": self.not_suggested,
            "first_share": _rounded(self.first_share),
            "top5_share": _rounded(self.top_share),
            "mean_confidence": _rounded(self.confidence),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


COUNTS = {
    "n": Count("pk"),
    "first": Count("pk", filter=Q(rank=1)),
    "top": Count("pk", filter=Q(rank__lte=TOP)),
    "missed": Count("pk", filter=Q(rank__isnull=True)),
    "confidence": Avg("confidence"),
}


def _period(key: str, label: str, row: dict[str, Any]) -> Period:
    return Period(key, label, row["n"], row["first"], row["top"], row["missed"], row["confidence"])


UNMEASURED = ("error", "no_edition")  # codings made when the matcher could not suggest


def codings_of(regency: str) -> QuerySet[Coding]:
    """The codings made in a regency/city that measure the suggestions (not those made while
    the matcher failed or had no nomenclature to suggest from)."""
    return Coding.objects.filter(region_id=regency).exclude(status__in=UNMEASURED)


def accuracy(regency: str, by: str = "month") -> tuple[list[Period], Period]:
    """A regency's codings by month of coding (or by budget year of the proposals), oldest
    first, and all of them together."""
    codings = codings_of(regency)
    if by == "year":
        grouped = codings.annotate(period=F("year"))
    else:
        grouped = codings.annotate(period=TruncMonth("created_at"))
    rows = grouped.values("period").annotate(**COUNTS).order_by("period")
    periods = []
    for row in rows:
        value = row["period"]
        if by == "year":
            key = label = str(value)
        else:
            key, label = f"{value:%Y-%m}", formats.date_format(value, "YEAR_MONTH_FORMAT")
        periods.append(_period(key, label, row))
    total = codings.order_by().aggregate(**COUNTS)
    return periods, _period("all", "", total)


def recent(regency: str, count: int = RECENT) -> QuerySet[Coding]:
    """The latest codings of a regency/city, with their proposals."""
    return codings_of(regency).select_related("proposal").order_by("-created_at", "-id")[:count]
