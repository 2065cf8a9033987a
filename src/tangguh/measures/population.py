"""Population by year: estimates from BPS poverty statistics, and which year's figure a rate uses.

BPS publishes, per regency and year (March Susenas), the poverty rate P0 (% of the population
below the poverty line) and the number of poor people (thousands). Their ratio is the population
BPS weighted that Susenas to: population ≈ poor × 1,000 / (P0 / 100). The published figures are
rounded (the count to 10 people, P0 to 0.01 point), so the estimate is good to about ±0.1 %; it
is rounded to the nearest 100. It is a statistical (projection-based) population, not a census
count and not Dukcapil's register, and its level can differ from Dukcapil's by tens of percent
(see `regions/data/ntt/SOURCES.md`).

A rate for a year uses that year's population when it is known, otherwise the nearest known year
(the later one on a tie), and says which year it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ROUND_TO = Decimal(100)


def population_from_poverty(poor_thousands: Decimal, p0_percent: Decimal) -> int:
    """Population ≈ poor (thousands) × 1,000 / (P0 / 100), rounded half up to the nearest 100."""
    if poor_thousands <= 0 or p0_percent <= 0 or p0_percent > 100:
        raise ValueError(
            f"need a positive number of poor and 0 < P0 ≤ 100, not {poor_thousands}, {p0_percent}"
        )
    people = poor_thousands * 1000 * 100 / p0_percent
    return int((people / ROUND_TO).quantize(Decimal(1), rounding=ROUND_HALF_UP) * ROUND_TO)


@dataclass(frozen=True)
class PopulationUsed:
    """The population a rate was divided by: its value, the year it belongs to and its source."""

    value: int | None
    year: int | None  # the year of the figure (None when there is no figure)
    requested_year: int | None
    source: str

    @property
    def other_year(self) -> bool:
        """True when the figure is of another year than the one asked for."""
        return self.year is not None and self.year != self.requested_year


def population_for(
    year: int | None, by_year: Mapping[int, int], source: str = ""
) -> PopulationUsed:
    """The population of `year`, else of the nearest year (the later one on a tie), else none."""
    usable = {y: p for y, p in by_year.items() if p > 0}
    if not usable:
        return PopulationUsed(None, None, year, source)
    chosen = max(usable) if year is None else min(usable, key=lambda y: (abs(y - year), -y))
    return PopulationUsed(usable[chosen], chosen, year, source)
