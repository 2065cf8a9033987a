"""SPM achievement (Permendagri 59/2021), checked on the worked example of issue 11."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tangguh.measures.spm import (
    QUALITY_STANDARDS,
    SERVICES,
    SpmError,
    achievement,
    deadline,
    is_future,
    quarter_end,
    quarter_of,
    quarter_start,
    report_status,
    subaffair,
)


@pytest.mark.parametrize(
    ("served", "target", "met", "required", "expected"),
    [
        (9_000, 12_000, 3, 4, "75.00"),
        (4_000, 10_000, 5, 5, "52.00"),
        (1_420, 1_500, 4, 4, "95.73"),
    ],
)
def test_each_service_of_the_worked_example(
    served: int, target: int, met: int, required: int, expected: str
) -> None:
    assert achievement(served, target, met, required).rounded == Decimal(expected)


def test_the_sub_affair_is_the_mean_of_the_services() -> None:
    services = [
        achievement(9_000, 12_000, 3, 4),
        achievement(4_000, 10_000, 5, 5),
        achievement(1_420, 1_500, 4, 4),
    ]
    assert subaffair(services) == Decimal("74.24")
    assert subaffair([]) is None


def test_the_parts_are_kept() -> None:
    found = achievement(1_420, 1_500, 4, 4)
    assert found.served_percent.quantize(Decimal("0.0001")) == Decimal("94.6667")
    assert found.quality_percent == Decimal(100)


def test_served_above_the_target_counts_as_the_target() -> None:
    assert achievement(13_000, 12_000, 4, 4).rounded == Decimal("100.00")


@pytest.mark.parametrize(
    ("served", "target", "met", "required"),
    [(1, 0, 1, 1), (1, 10, 1, 0), (-1, 10, 1, 1), (1, 10, 5, 4)],
)
def test_numbers_the_formula_cannot_use_are_refused(
    served: int, target: int, met: int, required: int
) -> None:
    with pytest.raises(SpmError):
        achievement(served, target, met, required)


def test_three_services_each_with_its_checklist() -> None:
    assert SERVICES == ("information", "prevention", "rescue")
    assert [len(QUALITY_STANDARDS[s]) for s in SERVICES] == [2, 6, 4]


def test_quarters_and_deadlines() -> None:
    assert quarter_start(2025, 3) == dt.date(2025, 7, 1)
    assert quarter_end(2025, 1) == dt.date(2025, 3, 31)
    assert quarter_end(2025, 4) == dt.date(2025, 12, 31)
    assert quarter_of(dt.date(2025, 11, 5)) == 4
    assert deadline(2025, 3, 15) == dt.date(2025, 10, 15)
    assert is_future(2026, 1, dt.date(2025, 12, 31))
    assert not is_future(2025, 4, dt.date(2025, 10, 1))
    with pytest.raises(SpmError):
        quarter_start(2025, 5)


def test_a_report_is_late_after_the_deadline() -> None:
    today = dt.date(2026, 1, 1)
    assert report_status(dt.date(2025, 10, 15), 2025, 3, today) == "on_time"
    assert report_status(dt.date(2025, 10, 16), 2025, 3, today) == "late"
    assert report_status(dt.date(2025, 10, 20), 2025, 3, today, days=30) == "on_time"
    assert report_status(None, 2025, 3, today) == "missing"
    assert report_status(None, 2025, 4, today) == "open"
