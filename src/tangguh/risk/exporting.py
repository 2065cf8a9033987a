"""CSV exports of risk profiles and climate vulnerability, in the columns the importers read."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from tangguh.risk.choices import CLIMATE_WORDS_ID
from tangguh.risk.models import ClimateVulnerability, RiskProfile

# Text cells starting with these run as formulas in spreadsheet programs: an apostrophe guards
# them, and the importer takes it off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PROFILE_HEADER = [
    "region_code",
    "region_name",
    "hazard",
    "hazard_name",
    "year",
    "method_version",
    "hazard_index",
    "hazard_class",
    "vulnerability_index",
    "vulnerability_class",
    "capacity_index",
    "capacity_class",
    "risk_index",
    "risk_class",
    "source",
    "notes",
    "risk_ratio",
    "risk_index_computed",
    "risk_class_by_index",
    "risk_class_by_matrix",
    "risk_class_result",
    "risk_basis",
]
CLIMATE_HEADER = [
    "region_code",
    "region_name",
    "year",
    "climate_vulnerability_class",
    "climate_vulnerability_name",
    "index",
    "source",
    "notes",
]


def guard(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unguard(text: str) -> str:
    """The text before `guard`."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def profile_row(profile: RiskProfile) -> list[Any]:
    """One profile as a CSV row (class codes low/medium/high; the importer reads them back)."""
    return [
        profile.region_id,
        profile.region.name,
        profile.hazard_id,
        profile.hazard.name,
        profile.year or "",
        profile.method.version,
        _number(profile.hazard_index),
        profile.hazard_class,
        _number(profile.vulnerability_index),
        profile.vulnerability_class,
        _number(profile.capacity_index),
        profile.capacity_class,
        _number(profile.risk_index_given),
        profile.risk_class_given,
        guard(profile.source),
        guard(profile.notes),
        _number(profile.risk_ratio),
        _number(profile.risk_normalised),
        profile.risk_class_by_index,
        profile.risk_class_by_matrix,
        profile.risk_class,
        profile.basis,
    ]


def write_profiles(profiles: Iterable[RiskProfile], out: IO[str]) -> int:
    """Write profiles as CSV; returns how many."""
    writer = csv.writer(out)
    writer.writerow(PROFILE_HEADER)
    count = 0
    for profile in profiles:
        writer.writerow(profile_row(profile))
        count += 1
    return count


def write_climate(records: Iterable[ClimateVulnerability], out: IO[str]) -> int:
    """Write climate vulnerability classes as CSV; returns how many."""
    writer = csv.writer(out)
    writer.writerow(CLIMATE_HEADER)
    count = 0
    for record in records:
        writer.writerow(
            [
                record.region_id,
                record.region.name,
                record.year or "",
                record.vulnerability_class,
                CLIMATE_WORDS_ID.get(record.vulnerability_class, ""),  # type: ignore[call-overload]
                _number(record.index),
                guard(record.source),
                guard(record.notes),
            ]
        )
        count += 1
    return count
