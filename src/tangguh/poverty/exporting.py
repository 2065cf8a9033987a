"""Downloads of the poverty module: ranked villages, households (identifiers masked), targets,
and BPS's series. One row generator per kind serves pages (Excel/CSV) and commands."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tangguh.poverty.identifiers import masked
from tangguh.poverty.models import Household, Target
from tangguh.poverty.summaries import VillageRow

VILLAGE_COLUMNS = [
    "rank",
    "village_code",
    "village",
    "district",
    "households",
    "persons",
    "poor_persons",
    "p0",
    "p1",
    "p2",
    "extreme_p0",
]
HOUSEHOLD_COLUMNS = [
    "id",
    "household_id",
    "year",
    "region_code",
    "village",
    "members",
    "weight",
    "expenditure_per_capita",
    "decile",
    "head_sex",
    "disabled_members",
    "elderly_members",
    "child_members",
    "nik",
    "kk",
    "synthetic",
]
TARGET_COLUMNS = ["id", "region_code", "measure", "target_rate", "target_year", "basis"]
SERIES_COLUMNS = ["year", "p0", "poor_thousands", "p1", "p2", "poverty_line", "source"]


def village_rows(rows: Iterable[VillageRow]) -> Iterator[list[Any]]:
    """Ranked villages: measures as fractions (not x 100)."""
    for rank, r in enumerate(rows, start=1):
        yield [
            rank,
            r.code,
            r.name,
            r.district,
            r.households,
            round(r.persons, 2),
            round(r.poor_persons, 2),
            round(r.p0, 6),
            round(r.p1, 6),
            round(r.p2, 6),
            "" if r.extreme_p0 is None else round(r.extreme_p0, 6),
        ]


def household_rows(queryset: QuerySet[Household]) -> Iterator[list[Any]]:
    """Households with their identifiers masked (an export never holds a NIK)."""
    for h in queryset.select_related("region").order_by("region_id", "household_id"):
        yield [
            h.pk,
            h.household_id,
            h.year,
            h.region_id,
            h.region.name,
            h.members,
            h.weight,
            h.expenditure_per_capita,
            h.decile,
            h.head_sex,
            h.disabled_members,
            h.elderly_members,
            h.child_members,
            masked(h.nik_token),
            masked(h.kk_token),
            _("yes") if h.synthetic else _("no"),
        ]


def target_rows(queryset: QuerySet[Target]) -> Iterator[list[Any]]:
    for t in queryset.order_by("region_id", "target_year"):
        yield [t.pk, t.region_id, t.measure, t.target_rate, t.target_year, t.basis]


def series_rows(series: dict[int, dict[str, Decimal]], source: str) -> Iterator[list[Any]]:
    for year in sorted(series):
        values = series[year]
        yield [
            year,
            *(values.get(k, "") for k in ("p0", "poor_thousands", "p1", "p2", "poverty_line")),
            source,
        ]


LEDGER_COLUMNS = [
    "on",
    "village_code",
    "village",
    "funds",
    "capital",
    "loans",
    "lent",
    "due",
    "repaid",
    "outstanding",
    "arrears",
    "loans_in_arrears",
    "repayment_rate",
]


def ledger_rows(villages: Iterable[Any], on: Any) -> Iterator[list[Any]]:
    """Each kelurahan's revolving-fund ledger on a day (`ledger.VillageLedger`s)."""
    for v in villages:
        t = v.totals
        rate = t.repayment_rate
        yield [
            on.isoformat(),
            v.code,
            v.name,
            v.fund_count,
            v.capital,
            t.loans,
            t.lent,
            t.due,
            t.repaid,
            t.outstanding,
            t.arrears,
            t.loans_in_arrears,
            "" if rate is None else round(rate, 4),
        ]


FINDING_COLUMNS = [
    "id",
    "programme",
    "region_code",
    "found_on",
    "source",
    "finding",
    "action",
    "owner",
    "due_on",
    "status",
    "done_on",
    "overdue",
]


def finding_rows(findings: QuerySet[Any], today: Any) -> Iterator[list[Any]]:
    """Findings with their follow-up, flagged when overdue on `today`."""
    for f in findings.select_related("programme").order_by("due_on", "id"):
        yield [
            f.pk,
            f.programme.code,
            f.programme.region_id,
            f.found_on.isoformat(),
            f.source,
            f.finding,
            f.action,
            f.owner,
            f.due_on.isoformat(),
            f.status,
            f.done_on.isoformat() if f.done_on else "",
            "yes" if f.is_overdue(today) else "no",
        ]


LIVELIHOOD_COLUMNS = [
    "id",
    "region_code",
    "region",
    "commodity",
    "sector",
    "description",
    "source",
    "source_url",
]


def livelihood_rows(items: QuerySet[Any]) -> Iterator[list[Any]]:
    """Livelihood potentials with their sources."""
    for item in items.select_related("region").order_by("region_id", "commodity"):
        yield [
            item.pk,
            item.region_id,
            str(item.region.name),
            item.commodity,
            item.sector,
            item.description,
            item.source,
            item.source_url,
        ]
