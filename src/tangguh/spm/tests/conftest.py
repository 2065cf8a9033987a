"""Fixtures of the SPM tests: the three services of Kota Kupang in 2025."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tangguh.regions.models import Region
from tangguh.spm import services
from tangguh.spm.models import ServiceRecord


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def record_values(**extra: Any) -> dict[str, Any]:
    """Kota Kupang's information service in 2025, target 12,000, one standard of two met."""
    base: dict[str, Any] = {
        "region": region("53.71"),
        "year": 2025,
        "service": "information",
        "target": 12_000,
        "quality_met": ["kie"],
    }
    return {**base, **extra}


@pytest.fixture
def kota_record(db: Any) -> ServiceRecord:
    """Kota Kupang's information service in 2025."""
    return services.create_record(actor=None, **record_values())


def quarter(record: ServiceRecord, q: int, served: int, **extra: Any) -> Any:
    """A quarter's figures, reported ten days after the quarter ended."""
    day = {1: dt.date(2025, 4, 10), 2: dt.date(2025, 7, 10), 3: dt.date(2025, 10, 10)}.get(
        q, dt.date(2026, 1, 10)
    )
    values = {"reported_on": day, **extra}
    return services.create_quarter(actor=None, record=record, quarter=q, served=served, **values)
