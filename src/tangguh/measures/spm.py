"""SPM disaster sub-affair (standar pelayanan minimal, sub-urusan bencana): achievement per basic
service and for the sub-affair, the quarters and the reporting deadline.

Sources, and how sure each rule is ([V] seen in the source or a copy of it, [S] a secondary
source, [U] not found, [tangguh] a choice of this application); see docs/methods/drr.md §3:

* the three basic services of a regency/city (PP 2/2018 Pasal 9(3); Permendagri 101/2018) [V]:
  information on disaster-prone areas, prevention and preparedness, rescue and evacuation of
  victims; the provinces have no disaster SPM [U, PP 2/2018 Pasal 9(2) not read];
* the four implementation stages per service: data collection, needs calculation, planning,
  delivery (Permendagri 59/2021) [V];
* achievement of a service = 0.8 × (served ÷ target × 100) + 0.2 × (quality standards met ÷
  required × 100), as regional SPM applications citing Permendagri 59/2021 compute it ("penerima
  layanan dasar 80 %", "mutu minimal layanan dasar 20 %") [V for the weights];
* the sub-affair figure as the plain mean of the services [S: the averaging rule was not read],
  so every figure built on it is shown as unverified;
* served is counted at most up to the target: a served count above the target needs a reason
  and counts as 100 % [tangguh];
* a quarter's report is due a configurable number of days after the quarter ends [tangguh: the
  cadence of the e-SPM reports was not confirmed against Permendagri 59/2021's annex].

Worked example (issue 11): 9,000/12,000 with 3/4 → 75.00; 4,000/10,000 with 5/5 → 52.00;
1,420/1,500 with 4/4 → 95.73; mean 74.24.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VERSION = "spm-bencana/2026.1"
LEGAL_BASIS = "PP 2/2018; Permendagri 101/2018; Permendagri 59/2021"
SERVED_WEIGHT = Decimal("0.8")
QUALITY_WEIGHT = Decimal("0.2")
SUBAFFAIR_VERIFIED = False  # the mean of the services: the averaging rule was not read
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")

# The basic services of a regency/city, in the order of Permendagri 101/2018.
SERVICES = ("information", "prevention", "rescue")
# The implementation stages of every service, in order (Permendagri 59/2021).
STAGES = ("data", "needs", "planning", "delivery")
# The quality (mutu) checklist of each service: its minimum activities as Permendagri 101/2018
# names them ([V] for information and prevention, [S] for rescue: its list was not read).
QUALITY_STANDARDS: dict[str, tuple[str, ...]] = {
    "information": ("risk_assessment", "kie"),
    "prevention": (
        "disaster_plan",
        "contingency_plan",
        "training",
        "exercise",
        "operations",
        "equipment",
    ),
    "rescue": ("rapid_assessment", "search", "first_aid", "evacuation"),
}
QUALITY_VERIFIED = {"information": True, "prevention": True, "rescue": False}
QUARTERS = (1, 2, 3, 4)
DEFAULT_DEADLINE_DAYS = 15


class SpmError(ValueError):
    """Numbers the formula cannot use (a target of 0, more standards met than required)."""


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Achievement:
    """One service's achievement: the served and quality percentages and the weighted figure
    (unrounded; `rounded` gives two places as reports show them)."""

    served_percent: Decimal
    quality_percent: Decimal
    value: Decimal

    @property
    def rounded(self) -> Decimal:
        """The achievement to two places (half up)."""
        return _round(self.value)


def achievement(served: int, target: int, met: int, required: int) -> Achievement:
    """0.8 × served share + 0.2 × quality share, both in percent; served above the target
    counts as the target (100 %)."""
    if target <= 0:
        raise SpmError("the target (people entitled) must be more than 0")
    if required <= 0:
        raise SpmError("the number of quality standards required must be more than 0")
    if served < 0 or met < 0:
        raise SpmError("served and standards met cannot be negative")
    if met > required:
        raise SpmError("more quality standards met than required")
    served_percent = Decimal(min(served, target)) * HUNDRED / Decimal(target)
    quality_percent = Decimal(met) * HUNDRED / Decimal(required)
    value = SERVED_WEIGHT * served_percent + QUALITY_WEIGHT * quality_percent
    return Achievement(served_percent, quality_percent, value)


def subaffair(values: Sequence[Achievement]) -> Decimal | None:
    """The sub-affair figure: the mean of the services' achievements (unverified rule), to two
    places; None without any service."""
    if not values:
        return None
    return _round(sum((a.value for a in values), Decimal(0)) / Decimal(len(values)))


def quarter_start(year: int, quarter: int) -> dt.date:
    """The first day of a quarter."""
    if quarter not in QUARTERS:
        raise SpmError(f"quarter {quarter} is not 1 to 4")
    return dt.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    """The last day of a quarter."""
    start = quarter_start(year, quarter)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, start.month + 3, 1)
    return following - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> int:
    """The quarter a day lies in."""
    return (day.month - 1) // 3 + 1


def is_future(year: int, quarter: int, today: dt.date) -> bool:
    """True when the quarter has not begun yet."""
    return quarter_start(year, quarter) > today


def deadline(year: int, quarter: int, days: int = DEFAULT_DEADLINE_DAYS) -> dt.date:
    """The last day a quarter's report is on time: `days` after the quarter ends."""
    return quarter_end(year, quarter) + dt.timedelta(days=days)


def report_status(
    reported_on: dt.date | None,
    year: int,
    quarter: int,
    today: dt.date,
    days: int = DEFAULT_DEADLINE_DAYS,
) -> str:
    """`on_time`, `late` (after the deadline), `missing` (not reported and the deadline has
    passed) or `open` (not reported, still before the deadline)."""
    due = deadline(year, quarter, days)
    if reported_on is not None:
        return "late" if reported_on > due else "on_time"
    return "missing" if today > due else "open"
