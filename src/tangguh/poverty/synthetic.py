"""A synthetic household registry calibrated to BPS's published figures of a regency/city and
year (method: `measures.poverty.synthetic_households`; docs/poverty.md). Every row is labelled
synthetic; identifiers, when asked for, use the serial 0000 that Dukcapil never issues."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from tangguh.measures import poverty
from tangguh.poverty import summaries
from tangguh.regions.models import Indicator, Level, Region

HEADER = [
    "household_id",
    "region_code",
    "members",
    "expenditure_per_capita",
    "weight",
    "decile",
    "head_sex",
    "disabled_members",
    "elderly_members",
    "child_members",
    "nik",
    "synthetic",
]


class CannotCalibrate(ValueError):
    """No published rate or line to calibrate to (the message says which)."""


@dataclass(frozen=True)
class Calibration:
    """What a synthetic registry reproduces."""

    regency: str
    year: int
    p0_percent: float
    line: float
    villages: list[str]


def calibration(region: Region, year: int) -> Calibration:
    """BPS's P0 and poverty line of the region's regency/city for the year, and its villages."""
    regency = summaries.regency_of(region.code)
    values = summaries.bps_series(regency).get(year, {})
    if Indicator.POVERTY_RATE not in values or Indicator.POVERTY_LINE not in values:
        raise CannotCalibrate(
            _("BPS published no poverty rate and line of %(code)s for %(year)d.")
            % {"code": regency, "year": year}
        )
    villages = Region.objects.filter(level=Level.VILLAGE, is_active=True).within(region.code)
    codes = list(villages.order_by("code").values_list("code", flat=True))
    if region.level == Level.VILLAGE:
        codes = [region.code]
    if not codes:
        raise CannotCalibrate(_("%(code)s has no villages.") % {"code": region.code})
    return Calibration(
        regency,
        year,
        float(values[Indicator.POVERTY_RATE]),
        float(values[Indicator.POVERTY_LINE]),
        codes,
    )


def _nik(village: str, rng: np.random.Generator, female: bool) -> str:
    digits = village.replace(".", "")[:6]
    day = int(rng.integers(1, 29)) + (40 if female else 0)
    month = int(rng.integers(1, 13))
    year = int(rng.integers(40, 100))
    return f"{digits}{day:02d}{month:02d}{year:02d}0000"  # serial 0000: never issued


def rows(
    cal: Calibration, households: int, seed: int, with_nik: bool = False
) -> Iterator[list[Any]]:
    """The registry's rows, in HEADER's order."""
    made = poverty.synthetic_households(
        households, cal.line, cal.p0_percent / 100, seed, groups=len(cal.villages)
    )
    rng = np.random.default_rng(seed + 1)
    prefix = f"SYN{cal.regency.replace('.', '')}-{seed}-"
    for i in range(households):
        village = cal.villages[int(made.group[i])]
        female = bool(made.head_female[i])
        yield [
            f"{prefix}{i + 1:07d}",
            village,
            int(made.members[i]),
            int(made.expenditure[i]),
            1,
            int(made.decile[i]),
            "F" if female else "M",
            int(made.disabled[i]),
            int(made.elderly[i]),
            int(made.children[i]),
            _nik(village, rng, female) if with_nik else "",
            "yes",
        ]
