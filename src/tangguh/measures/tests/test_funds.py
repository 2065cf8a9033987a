"""The revolving-fund ledger: schedule, arrears, days late and the repayment rate, by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tangguh.measures.funds import Loan, add_months, schedule, standing, summarise

D = dt.date


def test_months_are_added_to_the_last_day_of_a_short_month() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert add_months(D(2023, 12, 15), 1) == D(2024, 1, 15)


def test_the_last_instalment_takes_what_the_division_leaves() -> None:
    rows = schedule(1_000_000, D(2024, 1, 10), 3)
    assert rows == [(D(2024, 2, 10), 333_333), (D(2024, 3, 10), 333_333), (D(2024, 4, 10), 333_334)]
    assert sum(r for _, r in rows) == 1_000_000
    with pytest.raises(ValueError, match="at least one instalment"):
        schedule(1_000, D(2024, 1, 1), 0)


def test_a_loan_behind_its_schedule_is_in_arrears_since_its_oldest_unpaid_instalment() -> None:
    # Rp1.2 million over 12 months from 1 Jan: Rp100k due on the 1st of Feb, Mar, ...
    loan = Loan(1_200_000, D(2024, 1, 1), 12, [(D(2024, 2, 1), 100_000), (D(2024, 3, 5), 50_000)])
    s = standing(loan, D(2024, 5, 1))  # four instalments due (Feb-May), 150k repaid
    assert (s.due, s.repaid, s.arrears, s.outstanding) == (400_000, 150_000, 250_000, 1_050_000)
    assert s.days_late == (D(2024, 5, 1) - D(2024, 3, 1)).days  # March's instalment is unmet
    assert s.in_arrears
    before = standing(loan, D(2024, 1, 31))
    assert (before.due, before.arrears, before.days_late) == (0, 0, 0)


def test_prepayment_clears_arrears_but_does_not_lift_the_rate_above_one() -> None:
    early = Loan(600_000, D(2024, 1, 1), 6, [(D(2024, 1, 20), 600_000)])
    late = Loan(600_000, D(2024, 1, 1), 6, [(D(2024, 2, 1), 100_000)])
    on = D(2024, 4, 1)  # three instalments (300k) due on each
    total = summarise([(loan, standing(loan, on)) for loan in (early, late)])
    assert (total.loans, total.lent, total.due, total.repaid) == (2, 1_200_000, 600_000, 700_000)
    assert (total.arrears, total.loans_in_arrears, total.outstanding) == (200_000, 1, 500_000)
    assert total.repaid_of_due == 300_000 + 100_000
    assert total.repayment_rate == pytest.approx(400_000 / 600_000)
    assert summarise([]).repayment_rate is None
