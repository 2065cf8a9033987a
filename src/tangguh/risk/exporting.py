"""CSV downloads of risk profiles and climate vulnerability, in the columns the importers read
(`core.exporting` guards text that a spreadsheet would run as a formula)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from tangguh.core.exporting import write_csv
from tangguh.risk.choices import CLIMATE_WORDS_ID
from tangguh.risk.models import ClimateVulnerability, RiskProfile

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


def _number(value: Decimal | None) -> str:
    """An index without trailing zeros (0.7, not 0.700000)."""
    return "" if value is None else format(value.normalize(), "f")


def profile_rows(profiles: Iterable[RiskProfile]) -> Iterator[list[Any]]:
    """One row per profile, in PROFILE_HEADER order (class codes low/medium/high)."""
    for profile in profiles:
        yield [
            profile.region_id,
            profile.region.name,
            profile.hazard_id,
            profile.hazard.name,
            profile.year,
            profile.method.version,
            _number(profile.hazard_index),
            profile.hazard_class,
            _number(profile.vulnerability_index),
            profile.vulnerability_class,
            _number(profile.capacity_index),
            profile.capacity_class,
            _number(profile.risk_index_given),
            profile.risk_class_given,
            profile.source,
            profile.notes,
            _number(profile.risk_ratio),
            _number(profile.risk_normalised),
            profile.risk_class_by_index,
            profile.risk_class_by_matrix,
            profile.risk_class,
            profile.basis,
        ]


def climate_rows(records: Iterable[ClimateVulnerability]) -> Iterator[list[Any]]:
    """One row per climate class, in CLIMATE_HEADER order."""
    for record in records:
        yield [
            record.region_id,
            record.region.name,
            record.year,
            record.vulnerability_class,
            CLIMATE_WORDS_ID.get(record.vulnerability_class, ""),  # type: ignore[call-overload]
            _number(record.index),
            record.source,
            record.notes,
        ]


def write_profiles(profiles: Iterable[RiskProfile], out: IO[str]) -> int:
    """Write profiles as CSV; returns how many."""
    return write_csv(out, PROFILE_HEADER, profile_rows(profiles))


def write_climate(records: Iterable[ClimateVulnerability], out: IO[str]) -> int:
    """Write climate vulnerability classes as CSV; returns how many."""
    return write_csv(out, CLIMATE_HEADER, climate_rows(records))
