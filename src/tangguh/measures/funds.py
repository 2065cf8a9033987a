"""A revolving fund's ledger (dana bergulir of a kelurahan): what each loan owes by a date, what
was repaid, the arrears, and the repayment rate.

A loan of amount A issued on day d in n monthly instalments owes A/n at the end of each month
1…n after d (the rupiah left over from the division falls on the last instalment). On a day t:

- due(t) = the instalments fallen due by t; repaid(t) = the repayments made by t;
- arrears(t) = max(0, due(t) − repaid(t)); outstanding(t) = max(0, A − repaid(t));
- days late = days since the oldest instalment not covered by the repayments (0 when none);
- repayment rate = Σ min(repaid, due) ÷ Σ due over the loans with something due: the share of
  what fell due that came back (CGAP's "repayment rate"; prepayments do not lift it above 1).

Pure Python over plain values, no Django.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 →
    28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(amount: int, issued_on: dt.date, instalments: int) -> list[tuple[dt.date, int]]:
    """The instalments of a loan: (due date, rupiah), equal but for the last."""
    if instalments < 1:
        raise ValueError("a loan has at least one instalment")
    share = amount // instalments
    rows = [(add_months(issued_on, i), share) for i in range(1, instalments + 1)]
    last_day, _ = rows[-1]
    rows[-1] = (last_day, amount - share * (instalments - 1))
    return rows


@dataclass(frozen=True)
class Loan:
    """A loan with its repayments (day, rupiah)."""

    amount: int
    issued_on: dt.date
    instalments: int
    repayments: Sequence[tuple[dt.date, int]] = ()


@dataclass(frozen=True)
class Standing:
    """Where a loan stands on a day."""

    due: int
    repaid: int
    arrears: int
    outstanding: int
    days_late: int

    @property
    def in_arrears(self) -> bool:
        return self.arrears > 0


def standing(loan: Loan, on: dt.date) -> Standing:
    """What the loan owed by `on`, what came back, its arrears and how late it is."""
    repaid = sum(amount for day, amount in loan.repayments if day <= on)
    due = 0
    days_late = 0
    for day, amount in schedule(loan.amount, loan.issued_on, loan.instalments):
        if day > on:
            break
        due += amount
        if due > repaid and not days_late:
            days_late = (on - day).days
    return Standing(
        due=due,
        repaid=repaid,
        arrears=max(0, due - repaid),
        outstanding=max(0, loan.amount - repaid),
        days_late=days_late if due > repaid else 0,
    )


@dataclass(frozen=True)
class Summary:
    """A fund's (or a kelurahan's) ledger on a day."""

    loans: int
    lent: int
    due: int
    repaid: int
    outstanding: int
    arrears: int
    loans_in_arrears: int
    repaid_of_due: int  # Σ min(repaid, due): repayments that met what fell due

    @property
    def repayment_rate(self) -> float | None:
        """Share of what fell due that was repaid (None while nothing is due)."""
        return None if not self.due else self.repaid_of_due / self.due


def summarise(rows: Iterable[tuple[Loan, Standing]]) -> Summary:
    """Totals of loans and their standings."""
    loans = lent = due = repaid = outstanding = arrears = late = of_due = 0
    for loan, s in rows:
        loans += 1
        lent += loan.amount
        due += s.due
        repaid += s.repaid
        outstanding += s.outstanding
        arrears += s.arrears
        late += s.in_arrears
        of_due += min(s.repaid, s.due)
    return Summary(loans, lent, due, repaid, outstanding, arrears, late, of_due)
