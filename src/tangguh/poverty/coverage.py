"""Who programmes reach: coverage of the poor and the extreme poor, inclusion and exclusion
errors and leakage of each programme, and overlaps (households in several programmes, poor
households in none), from the registry and the beneficiaries of a year (numpy, one pass)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from tangguh.measures import poverty
from tangguh.poverty import summaries
from tangguh.poverty.models import Beneficiary, Household, Programme


@dataclass(frozen=True)
class Coverage:
    """A programme's reach in a year (household counts, weighted)."""

    programme: Programme
    year: int
    households: float
    recipients: float
    eligibility: str
    eligible: poverty.Targeting
    poor: poverty.Targeting | None
    extreme: poverty.Targeting | None


@dataclass(frozen=True)
class Registry:
    """The columns of a region's registry for a year."""

    ids: np.ndarray
    spend: np.ndarray
    decile: np.ndarray  # 0 where unknown
    weight: np.ndarray
    poor: np.ndarray | None
    extreme: np.ndarray | None


def registry(visible: QuerySet[Household], code: str, year: int) -> Registry:
    rows = list(
        summaries.region_households(visible, code, year).values_list(
            "pk", "expenditure_per_capita", "decile", "weight"
        )
    )
    ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    spend = np.asarray([r[1] for r in rows], dtype=np.float64)
    decile = np.asarray([r[2] or 0 for r in rows], dtype=np.int64)
    weight = np.asarray([r[3] for r in rows], dtype=np.float64)
    line = summaries.line_for(code, year)
    extreme = summaries.line_for(code, year, summaries.EXTREME)
    return Registry(
        ids,
        spend,
        decile,
        weight,
        spend < line.rupiah if line else None,
        spend < extreme.rupiah if extreme else None,
    )


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The index in `ids` of each of `wanted` (-1 where absent), vectorised."""
    if not len(ids) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    at = np.minimum(np.searchsorted(ids[order], wanted), len(ids) - 1)
    return np.where(ids[order][at] == wanted, order[at], -1)


def _receives(reg: Registry, programme: Programme, year: int) -> tuple[np.ndarray, np.ndarray]:
    """Which households receive the programme, and the benefit each received (the programme's
    yearly benefit where none is recorded)."""
    rows = list(
        Beneficiary.objects.filter(programme=programme, year=year).values_list(
            "household_id", "benefit"
        )
    )
    default = float(programme.benefit_per_year or 1)
    paid_ids = np.asarray([r[0] for r in rows], dtype=np.int64)
    amounts = np.asarray([default if r[1] is None else float(r[1]) for r in rows], np.float64)
    at = _positions(reg.ids, paid_ids)
    receives = np.zeros(len(reg.ids), bool)
    benefit = np.zeros(len(reg.ids), np.float64)
    receives[at[at >= 0]] = True
    benefit[at[at >= 0]] = amounts[at >= 0]
    return receives, benefit


def programme_coverage(
    programme: Programme, year: int, visible: QuerySet[Household], reg: Registry | None = None
) -> Coverage:
    """A programme's coverage and targeting errors among the registry of its region."""
    reg = reg or registry(visible, programme.region_id, year)
    receives, benefit = _receives(reg, programme, year)
    if programme.max_decile:
        eligible = (reg.decile >= 1) & (reg.decile <= programme.max_decile)
        rule = f"decile<={programme.max_decile}"
    else:
        eligible = reg.poor if reg.poor is not None else np.zeros(len(reg.ids), bool)
        rule = "poor"
    return Coverage(
        programme=programme,
        year=year,
        households=float(reg.weight.sum()),
        recipients=float(reg.weight[receives].sum()),
        eligibility=rule,
        eligible=poverty.targeting(eligible, receives, benefit, reg.weight),
        poor=None
        if reg.poor is None
        else poverty.targeting(reg.poor, receives, benefit, reg.weight),
        extreme=None
        if reg.extreme is None
        else poverty.targeting(reg.extreme, receives, benefit, reg.weight),
    )


@dataclass(frozen=True)
class Overlaps:
    """Households by how many programmes reach them, and the poor reached by none."""

    by_count: list[tuple[int, float]]
    poor_in_none: float
    poor: float
    extreme_in_none: float | None


def overlaps(
    programmes: list[Programme], year: int, visible: QuerySet[Household], code: str
) -> Overlaps:
    reg = registry(visible, code, year)
    pairs = Beneficiary.objects.filter(programme__in=programmes, year=year).values_list(
        "household_id", flat=True
    )
    at = _positions(reg.ids, np.fromiter(pairs, np.int64))
    counts = np.bincount(at[at >= 0], minlength=len(reg.ids))
    by_count = [(int(n), float(reg.weight[counts == n].sum())) for n in np.unique(counts)]
    none = counts == 0
    return Overlaps(
        by_count=by_count,
        poor_in_none=float(reg.weight[none & reg.poor].sum()) if reg.poor is not None else 0.0,
        poor=float(reg.weight[reg.poor].sum()) if reg.poor is not None else 0.0,
        extreme_in_none=float(reg.weight[none & reg.extreme].sum())
        if reg.extreme is not None
        else None,
    )


def as_dict(c: Coverage) -> dict[str, Any]:
    def part(t: poverty.Targeting | None) -> dict[str, float | None] | None:
        if t is None:
            return None
        return {k: (None if v != v else v) for k, v in t.__dict__.items()}

    return {
        "programme": c.programme.code,
        "year": c.year,
        "households": c.households,
        "recipients": c.recipients,
        "eligibility": c.eligibility,
        "eligible": part(c.eligible),
        "poor": part(c.poor),
        "extreme_poor": part(c.extreme),
    }
