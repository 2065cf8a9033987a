"""Read models of the revolving funds and of monitoring: each loan's standing on a day, each
fund's and each kelurahan's ledger (lent, due, repaid, arrears, repayment rate), programme
outputs against their targets, overdue follow-ups. The arithmetic is `measures.funds`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from tangguh.core.querysets import RegionQuerySet
from tangguh.measures import funds
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    FundRepayment,
    Livelihood,
    ProgrammeOutput,
)
from tangguh.regions import codes


@dataclass(frozen=True)
class LoanRow:
    loan: FundLoan
    standing: funds.Standing


def _as_measure(loan: FundLoan) -> funds.Loan:
    return funds.Loan(
        amount=loan.amount,
        issued_on=loan.issued_on,
        instalments=loan.instalments,
        repayments=[(r.paid_on, r.amount) for r in loan.repayments.all()],
    )


def loan_rows(loans: QuerySet[FundLoan], on: dt.date) -> list[LoanRow]:
    """Each loan with where it stands on `on` (two queries, whatever the number of loans)."""
    queryset = loans.select_related("fund", "fund__region").prefetch_related(
        Prefetch("repayments", queryset=FundRepayment.objects.order_by("paid_on", "id"))
    )
    rows = []
    for loan in queryset:
        measured = _as_measure(loan)
        rows.append(LoanRow(loan, funds.standing(measured, on)))
    return rows


def summary(rows: Iterable[LoanRow]) -> funds.Summary:
    """Totals of loan rows."""
    return funds.summarise((_as_measure(r.loan), r.standing) for r in rows)


@dataclass(frozen=True)
class VillageLedger:
    """The ledger of one kelurahan's funds."""

    code: str
    name: str
    fund_count: int
    capital: int
    totals: funds.Summary


def by_village(
    funds_qs: QuerySet[Any], loans: QuerySet[FundLoan], on: dt.date
) -> list[VillageLedger]:
    """Each kelurahan with funds: capital, loans, arrears and repayment rate on `on`, the lowest
    repayment rate first (those with nothing due yet last)."""
    capital: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for fund in funds_qs.select_related("region"):
        capital[fund.region_id] += int(fund.capital)
        count[fund.region_id] += 1
        names[fund.region_id] = str(fund.region.name)
    grouped: dict[str, list[LoanRow]] = defaultdict(list)
    for row in loan_rows(loans.filter(fund__in=funds_qs), on):
        grouped[row.loan.fund.region_id].append(row)
    ledgers = [
        VillageLedger(code, names[code], count[code], capital[code], summary(grouped[code]))
        for code in names
    ]
    return sorted(
        ledgers,
        key=lambda v: (
            v.totals.repayment_rate is None,
            v.totals.repayment_rate or 0.0,
            v.code,
        ),
    )


def ledger_dict(totals: funds.Summary) -> dict[str, Any]:
    """A summary as JSON-ready values (the repayment rate a fraction, or None)."""
    rate = totals.repayment_rate
    return {
        "loans": totals.loans,
        "lent": totals.lent,
        "due": totals.due,
        "repaid": totals.repaid,
        "outstanding": totals.outstanding,
        "arrears": totals.arrears,
        "loans_in_arrears": totals.loans_in_arrears,
        "repayment_rate": None if rate is None else round(rate, 4),
    }


def overdue_findings(findings: QuerySet[Finding], today: dt.date) -> QuerySet[Finding]:
    """Findings whose follow-up is past its date and not done."""
    return findings.filter(Finding.overdue_q(today))


@dataclass(frozen=True)
class QuarterRow:
    """One output indicator of a programme in a year, quarter by quarter."""

    indicator: str
    unit: str
    quarters: list[ProgrammeOutput | None]


def output_table(outputs: Iterable[ProgrammeOutput]) -> dict[int, list[QuarterRow]]:
    """Outputs by year and indicator, with the four quarters side by side."""
    table: dict[int, dict[str, list[ProgrammeOutput | None]]] = defaultdict(dict)
    units: dict[tuple[int, str], str] = {}
    for output in outputs:
        quarters = table[output.year].setdefault(output.indicator, [None, None, None, None])
        quarters[output.quarter - 1] = output
        units[(output.year, output.indicator)] = output.unit
    return {
        year: [
            QuarterRow(indicator, units[(year, indicator)], quarters)
            for indicator, quarters in sorted(rows.items())
        ]
        for year, rows in sorted(table.items(), reverse=True)
    }


def livelihoods_by_village(
    livelihoods: RegionQuerySet[Livelihood], region_code: str, villages: Iterable[str]
) -> dict[str, str]:
    """The commodities of each village, its own and its sub-district's ("kunyit, jahe"), among
    the potentials recorded within `region_code`."""
    recorded: dict[str, list[str]] = defaultdict(list)
    for code, commodity in livelihoods.within(region_code).values_list("region_id", "commodity"):
        recorded[code].append(commodity)
    shown = {}
    for village in villages:
        names = [*recorded.get(village, []), *recorded.get(codes.parent_of(village) or "", [])]
        if names:
            shown[village] = ", ".join(dict.fromkeys(names))
    return shown
