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
