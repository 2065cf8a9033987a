"""Poverty measures: the Foster–Greer–Thorbecke indices as BPS computes them, poverty lines as
versioned data, the trajectory toward a target, and the targeting accuracy of a programme.

All computations are vectorised with numpy over whole registries (no Python loop per household).

FGT (Foster, Greer and Thorbecke 1984; BPS, "Penghitungan dan Analisis Kemiskinan Makro"):

    P_alpha = (1 / N) * sum over poor persons of ((z - y) / z) ** alpha

with z the poverty line (rupiah per person per month), y the household's monthly per-capita
expenditure and N the number of persons. Persons are counted through their household: a
household of `members` people carrying survey weight `weight` stands for weight x members
persons. BPS publishes P0, P1 and P2 multiplied by 100; the functions here return fractions.

Targeting accuracy (Coady, Grosh and Hoddinott 2004; methods spec §4.6): coverage of the eligible,
exclusion error, inclusion error, leakage of value, and the targeting differential.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

VERSION = "fgt-1"
LINES_FILE = Path(__file__).resolve().parent / "data" / "poverty_lines.csv"

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


class PovertyInputError(ValueError):
    """Inputs the measures cannot use (lengths differ, a non-positive line, negative values)."""


@dataclass(frozen=True)
class Fgt:
    """The FGT indices of a population for one line (fractions, not x 100)."""

    persons: float
    poor_persons: float
    p0: float
    p1: float
    p2: float
    line: float

    def published(self) -> tuple[float, float, float]:
        """P0, P1 and P2 as BPS publishes them (x 100, two decimals)."""
        return (round(self.p0 * 100, 2), round(self.p1 * 100, 2), round(self.p2 * 100, 2))


def _arrays(
    expenditure: ArrayLike, members: ArrayLike | None, weight: ArrayLike | None
) -> tuple[Floats, Floats]:
    """Per-capita expenditure and person weights (weight x members) as float arrays."""
    y = np.asarray(expenditure, dtype=np.float64)
    size = np.ones_like(y) if members is None else np.asarray(members, dtype=np.float64)
    w = np.ones_like(y) if weight is None else np.asarray(weight, dtype=np.float64)
    if y.ndim != 1 or y.shape != size.shape or y.shape != w.shape:
        raise PovertyInputError("expenditure, members and weight must be 1-D of one length")
    if np.any(y < 0) or np.any(size < 0) or np.any(w < 0):
        raise PovertyInputError("expenditure, members and weight must not be negative")
    return y, size * w


def fgt(
    expenditure: ArrayLike,
    line: float,
    members: ArrayLike | None = None,
    weight: ArrayLike | None = None,
) -> Fgt:
    """P0, P1 and P2 over persons for poverty line `line` (one row per household, or per person
    when `members` and `weight` are left out)."""
    if not line > 0:
        raise PovertyInputError("the poverty line must be positive")
    y, persons = _arrays(expenditure, members, weight)
    total = float(persons.sum())
    if total == 0:
        return Fgt(0.0, 0.0, float("nan"), float("nan"), float("nan"), float(line))
    gap = np.where(y < line, (line - y) / line, 0.0)
    poor = float(persons[y < line].sum())
    p1 = float((persons * gap).sum()) / total
    p2 = float((persons * gap * gap).sum()) / total
    return Fgt(total, poor, poor / total, p1, p2, float(line))


@dataclass(frozen=True)
class GroupFgt:
    """FGT indices for every group (village) at once; arrays indexed like `groups`."""

    groups: list[str]
    households: Ints
    persons: Floats
    poor_persons: Floats
    p0: Floats
    p1: Floats
    p2: Floats


def fgt_by_group(
    group: ArrayLike,
    expenditure: ArrayLike,
    lines: ArrayLike,
    members: ArrayLike | None = None,
    weight: ArrayLike | None = None,
) -> GroupFgt:
    """FGT per group (e.g. village code) in one pass: `lines` is one line for all, or one per
    row (each household measured against its own regency's line)."""
    labels = np.asarray(group)
    y, persons = _arrays(expenditure, members, weight)
    z = np.broadcast_to(np.asarray(lines, dtype=np.float64), y.shape)
    if labels.shape != y.shape:
        raise PovertyInputError("group must have one label per household")
    if np.any(z <= 0):
        raise PovertyInputError("every poverty line must be positive")
    names, index = np.unique(labels, return_inverse=True)
    count = len(names)
    poor = y < z
    gap = np.where(poor, (z - y) / z, 0.0)
    total = np.bincount(index, weights=persons, minlength=count).astype(np.float64)
    poor_persons = np.bincount(index, weights=persons * poor, minlength=count).astype(np.float64)
    depth = np.bincount(index, weights=persons * gap, minlength=count)
    severity = np.bincount(index, weights=persons * gap * gap, minlength=count)
    with np.errstate(invalid="ignore", divide="ignore"):
        return GroupFgt(
            groups=[str(name) for name in names],
            households=np.bincount(index, minlength=count).astype(np.int64),
            persons=total,
            poor_persons=poor_persons,
            p0=poor_persons / total,
            p1=depth / total,
            p2=severity / total,
        )


def fgt_from_sums(
    groups: list[str],
    households: ArrayLike,
    persons: ArrayLike,
    poor_persons: ArrayLike,
    depth: ArrayLike,
    severity: ArrayLike,
) -> GroupFgt:
    """FGT per group from sums already taken (by a database's GROUP BY): per group the
    households, the persons (sum of w = weight x members), the poor persons (sum of w below the
    line), the depth (sum of w x gap) and the severity (sum of w x gap^2), gap = (z - y) / z.
    The same figures as `fgt_by_group` over the rows the sums were taken from."""
    total = np.asarray(persons, dtype=np.float64)
    sums = [np.asarray(values, dtype=np.float64) for values in (poor_persons, depth, severity)]
    count = np.asarray(households, dtype=np.int64)
    if any(values.shape != (len(groups),) for values in (total, count, *sums)):
        raise PovertyInputError("one sum of each kind per group")
    if np.any(total < 0) or any(np.any(values < 0) for values in sums):
        raise PovertyInputError("sums of persons must not be negative")
    poor, gap, gap2 = sums
    with np.errstate(invalid="ignore", divide="ignore"):
        return GroupFgt(
            groups=list(groups),
            households=count,
            persons=total,
            poor_persons=poor,
            p0=poor / total,
            p1=gap / total,
            p2=gap2 / total,
        )


# --- Poverty lines: versioned data with their sources -------------------------------------------


@dataclass(frozen=True)
class PovertyLine:
    """A poverty line in rupiah per person per month, for a region (Kemendagri code, "" for
    Indonesia) and year, with the basis it was set on and its source."""

    kind: str  # "national" (BPS's garis kemiskinan) or "extreme"
    region: str
    year: int
    rupiah: float | None  # None: the basis in force that year, its rupiah value not shipped
    basis: str
    source: str
    note: str = ""


@cache
def shipped_lines() -> tuple[PovertyLine, ...]:
    """The lines tangguh ships (`measures/data/poverty_lines.csv`) besides BPS's regency lines."""
    with LINES_FILE.open(encoding="utf-8") as handle:
        return tuple(
            PovertyLine(
                kind=row["kind"],
                region=row["region"],
                year=int(row["year"]),
                rupiah=float(row["rupiah_per_capita_month"])
                if row["rupiah_per_capita_month"]
                else None,
                basis=row["basis"],
                source=row["source"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        )


def line_for(
    kind: str, region: str, year: int, lines: tuple[PovertyLine, ...] | None = None
) -> PovertyLine | None:
    """The line of `kind` for a region and year: the region's own, else its nearest ancestor's
    ("53.71.01" → "53.71" → "53" → ""); None when no rupiah value of that year is known."""
    table = shipped_lines() if lines is None else lines
    parts = region.split(".") if region else []
    candidates = [".".join(parts[:n]) for n in range(len(parts), 0, -1)] + [""]
    for code in candidates:
        for line in table:
            found = line.kind == kind and line.region == code and line.year == year
            if found and line.rupiah is not None:
                return line
    return None


# --- Progress toward a target ------------------------------------------------------------------


@dataclass(frozen=True)
class Trajectory:
    """Where a rate stands against a target: the fall needed each year from the last observed
    year to reach the target in its year, against the fall the observed series shows."""

    last_year: int
    last_rate: float
    target_rate: float
    target_year: int
    needed_per_year: float  # percentage points a year (positive = a fall)
    observed_per_year: float | None  # least-squares fall a year over the observed years
    projected_rate: float | None  # where the observed trend leads in the target year
    years_observed: int

    @property
    def on_track(self) -> bool | None:
        """True when the observed trend reaches the target in time (None: too few years)."""
        if self.observed_per_year is None or self.projected_rate is None:
            return None
        return self.projected_rate <= self.target_rate

    @property
    def gap(self) -> float:
        """Percentage points still to go."""
        return self.last_rate - self.target_rate

    def path(self) -> list[tuple[int, float]]:
        """The straight path needed, year by year, from the last observation to the target."""
        years = range(self.last_year, self.target_year + 1)
        return [(y, self.last_rate - self.needed_per_year * (y - self.last_year)) for y in years]


def trajectory(
    observed: list[tuple[int, float]],
    target_rate: float,
    target_year: int,
    since: int | None = None,
) -> Trajectory:
    """The trajectory toward `target_rate` (percent) by `target_year` from an observed series of
    (year, rate) pairs; the observed trend is the least-squares slope over the years from
    `since` (default: all), at least two of them."""
    series = sorted((y, r) for y, r in observed if since is None or y >= since)
    if not series:
        raise PovertyInputError("no observed year")
    last_year, last_rate = series[-1]
    remaining = target_year - last_year
    if remaining <= 0:
        needed = 0.0 if last_rate <= target_rate else float("inf")
    else:
        needed = (last_rate - target_rate) / remaining
    observed_fall: float | None = None
    projected: float | None = None
    if len(series) >= 2:
        years = np.array([y for y, _ in series], dtype=np.float64)
        rates = np.array([r for _, r in series], dtype=np.float64)
        slope, intercept = np.polyfit(years, rates, 1)
        observed_fall = float(-slope)
        projected = max(0.0, float(slope * target_year + intercept))  # a rate is never below 0
    return Trajectory(
        last_year=last_year,
        last_rate=last_rate,
        target_rate=target_rate,
        target_year=target_year,
        needed_per_year=needed,
        observed_per_year=observed_fall,
        projected_rate=projected,
        years_observed=len(series),
    )


# --- Targeting accuracy --------------------------------------------------------------------------


@dataclass(frozen=True)
class Targeting:
    """How well recipients match the eligible (household counts, weighted)."""

    eligible: float
    recipients: float
    reached: float  # eligible and receiving
    coverage: float  # of the eligible
    exclusion_error: float  # eligible but not receiving, share of the eligible
    inclusion_error: float  # receiving but not eligible, share of the recipients
    leakage: float  # share of the benefit value going to the non-eligible
    differential: float  # coverage of the eligible - coverage of the non-eligible


def targeting(
    eligible: ArrayLike,
    receives: ArrayLike,
    benefit: ArrayLike | None = None,
    weight: ArrayLike | None = None,
) -> Targeting:
    """Coverage, exclusion and inclusion errors, leakage and the targeting differential of a
    programme, from boolean arrays over the same households."""
    e = np.asarray(eligible, dtype=bool)
    r = np.asarray(receives, dtype=bool)
    w = np.ones(e.shape) if weight is None else np.asarray(weight, dtype=np.float64)
    b = r.astype(np.float64) if benefit is None else np.asarray(benefit, dtype=np.float64) * r
    if e.shape != r.shape or e.shape != w.shape or e.shape != b.shape:
        raise PovertyInputError("eligible, receives, benefit and weight must have one length")
    n_eligible = float(w[e].sum())
    n_recipients = float(w[r].sum())
    reached = float(w[e & r].sum())
    not_eligible = float(w[~e].sum())
    value = float((b * w).sum())
    nan = float("nan")
    coverage = reached / n_eligible if n_eligible else nan
    other_coverage = float(w[~e & r].sum()) / not_eligible if not_eligible else nan
    return Targeting(
        eligible=n_eligible,
        recipients=n_recipients,
        reached=reached,
        coverage=coverage,
        exclusion_error=1 - coverage if n_eligible else nan,
        inclusion_error=float(w[~e & r].sum()) / n_recipients if n_recipients else nan,
        leakage=float((b * w)[~e].sum()) / value if value else nan,
        differential=coverage - other_coverage,
    )


# --- A synthetic registry calibrated to a published rate ----------------------------------------


@dataclass(frozen=True)
class SyntheticHouseholds:
    """Columns of a synthetic registry (one entry per household)."""

    members: Ints
    expenditure: Ints
    decile: Ints
    head_female: NDArray[np.bool_]
    children: Ints
    elderly: Ints
    disabled: Ints
    group: Ints


def synthetic_households(
    count: int, line: float, p0: float, seed: int, spread: float = 0.42, groups: int = 1
) -> SyntheticHouseholds:
    """`count` households whose person-weighted headcount rate at `line` is `p0` (a fraction).

    Method: household sizes 1 + Poisson(3.2) capped at 12 (NTT's mean household is about 4.2
    persons); log per-capita expenditure normal with standard deviation `spread`, lower for
    larger households (a household of six is about 10 % poorer per head than one of four). With
    `groups` (villages), households are spread over the groups unevenly (Dirichlet shares) and
    each group's expenditure is shifted by its own effect (standard deviation 0.25 in logs), so
    village rates differ. Then all expenditures are scaled so that the line falls between the
    two neighbouring households where the person-weighted share below it comes closest to `p0`
    (within half a household). DTSEN-like deciles rank households on expenditure plus noise (a
    proxy-means score is not expenditure), in ten groups of equal household counts."""
    if count <= 0 or not 0 < p0 < 1 or not line > 0:
        raise PovertyInputError("count must be positive, p0 between 0 and 1, the line positive")
    rng = np.random.default_rng(seed)
    members = np.minimum(1 + rng.poisson(3.2, count), 12).astype(np.int64)
    z_score = NormalDist().inv_cdf(p0)
    log_y = np.log(line) - spread * z_score + rng.normal(0.0, spread, count)
    log_y -= 0.05 * (members - 4)
    shares = rng.dirichlet(np.full(max(groups, 1), 4.0))
    group = rng.choice(max(groups, 1), size=count, p=shares).astype(np.int64)
    if groups > 1:
        log_y += rng.normal(0.0, 0.25, groups)[group]
    y = np.exp(log_y)
    # Put the line between two neighbouring households, where the share of persons below it
    # comes closest to p0 (within half a household).
    order = np.argsort(y, kind="stable")
    share = np.cumsum(members[order]) / members.sum()
    k = int(np.argmin(np.abs(share - p0)))
    below, above = float(y[order][k]), float(y[order][min(k + 1, count - 1)])
    y *= line / ((below + above) / 2 if above > below else below * 1.0001)
    expenditure = np.maximum(np.round(y), 1).astype(np.int64)
    score = np.log(expenditure) + rng.normal(0.0, spread * 0.6, count)
    rank = np.argsort(np.argsort(score, kind="stable"), kind="stable")
    decile = (rank * 10 // count + 1).astype(np.int64)
    children = rng.binomial(np.maximum(members - 1, 0), 0.38).astype(np.int64)
    elderly = rng.binomial(members - children, 0.08).astype(np.int64)
    disabled = rng.binomial(members, 0.02).astype(np.int64)
    head_female = rng.random(count) < 0.16
    return SyntheticHouseholds(
        members, expenditure, decile, head_female, children, elderly, disabled, group
    )
