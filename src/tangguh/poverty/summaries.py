"""Read models of the poverty module: BPS's series of a region, the line a measure uses, FGT
measures of a region and of its villages from the registry, the trajectory toward a target, and
the key figures other modules may show. Other modules import this file only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.generations import memoised
from tangguh.core.registry import Fact, SearchHit
from tangguh.core.scope import user_scope, within_q
from tangguh.measures import poverty
from tangguh.poverty.models import Household, Livelihood, LocalEstimate, Target
from tangguh.regions import codes as region_codes
from tangguh.regions.models import Indicator, Level, Region, Statistic

NATIONAL, EXTREME = "national", "extreme"
LINE_KINDS = {
    NATIONAL: gettext_lazy("BPS poverty line"),
    EXTREME: gettext_lazy("extreme-poverty line"),
}


@dataclass(frozen=True)
class Line:
    """The poverty line a measure uses, and where it comes from."""

    rupiah: float
    kind: str
    region: str
    year: int
    basis: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rupiah": self.rupiah,
            "kind": self.kind,
            "region": self.region,
            "year": self.year,
            "basis": self.basis,
            "source": self.source,
        }


def regency_of(code: str) -> str:
    """The regency/city code of a region at or below that level ("53.71.01.1001" → "53.71")."""
    return ".".join(code.split(".")[:2])


def bps_series(code: str) -> dict[int, dict[str, Decimal]]:
    """BPS's published figures of a region by year: {year: {indicator: value}} (kept per
    generation of the statistics, as are the source, the lines and the local estimates)."""
    return memoised("statistics", (code,), lambda: _bps_series(code))


def _bps_series(code: str) -> dict[int, dict[str, Decimal]]:
    found: dict[int, dict[str, Decimal]] = {}
    rows = Statistic.objects.filter(region_id=code).values_list("year", "indicator", "value")
    for year, indicator, value in rows.order_by("year"):
        found.setdefault(year, {})[indicator] = value
    return found


def statistic_source(code: str) -> str:
    """The source BPS's figures of a region are loaded with."""
    found = Statistic.objects.filter(region_id=code).values_list("source", flat=True)
    return memoised("statistics", (found,), lambda: str(found.first() or ""))


def local_estimates(code: str) -> list[LocalEstimate]:
    """Figures that are not BPS statistics, kept apart, with their source."""
    found = LocalEstimate.objects.filter(region_id=code).order_by("year", "indicator")
    return memoised("statistics", (found,), lambda: list(found))


def line_for(code: str, year: int, kind: str = NATIONAL) -> Line | None:
    """The line of a region and year: BPS's poverty line of its regency/city (else of the
    province) for `national`; the shipped extreme-poverty line for `extreme`."""
    return memoised("statistics", (code, year, kind), lambda: _line_for(code, year, kind))


def _line_for(code: str, year: int, kind: str) -> Line | None:
    if kind == NATIONAL:
        regency = regency_of(code)
        for where in (regency, regency.split(".")[0]):
            stat = Statistic.objects.filter(
                region_id=where, year=year, indicator=Indicator.POVERTY_LINE
            ).first()
            if stat is not None:
                return Line(
                    float(stat.value),
                    NATIONAL,
                    where,
                    year,
                    _("BPS basic-needs poverty line (garis kemiskinan)"),
                    stat.source,
                )
    shipped = poverty.line_for(kind, code, year)
    if shipped is None or shipped.rupiah is None:
        return None
    return Line(shipped.rupiah, kind, shipped.region, year, shipped.basis, shipped.source)


def given_line(rupiah: float, year: int) -> Line:
    """A line the user gives."""
    return Line(rupiah, "given", "", year, _("given by the user"), "")


def region_households(visible: QuerySet[Household], code: str, year: int) -> QuerySet[Household]:
    """The visible households of a region's subtree in a year."""
    return visible.filter(within_q("region__code", code), year=year)


def measure(visible: QuerySet[Household], code: str, year: int, line: Line) -> poverty.Fgt:
    """P0, P1 and P2 over the persons of a region's registry for one line (the sums taken by the
    database; kept per generation of the registry)."""
    households = region_households(visible, code, year)

    def compute() -> poverty.Fgt:
        sums = households.order_by().aggregate(**_fgt_sums(line.rupiah))
        if not sums["n"]:
            return poverty.fgt([], line.rupiah)
        found = poverty.fgt_from_sums(
            [code], *([sums[k]] for k in ("n", "persons", "poor", "depth", "severity"))
        )
        return poverty.Fgt(
            float(found.persons[0]),
            float(found.poor_persons[0]),
            float(found.p0[0]),
            float(found.p1[0]),
            float(found.p2[0]),
            float(line.rupiah),
        )

    return memoised("households", (households, line.rupiah), compute)


@dataclass(frozen=True)
class VillageRow:
    """A village's measures from the registry."""

    code: str
    name: str
    district: str
    households: int
    persons: float
    poor_persons: float
    p0: float
    p1: float
    p2: float
    extreme_p0: float | None


def village_measures(
    visible: QuerySet[Household], code: str, year: int, line: Line, extreme: Line | None
) -> list[VillageRow]:
    """Every village of a region with registry households: P0, P1, P2 at `line` and the
    extreme-poverty rate (the sums taken by the database, one GROUP BY; kept per generation
    of the registry)."""
    households = region_households(visible, code, year)
    extreme_rupiah = None if extreme is None else extreme.rupiah
    return memoised(
        "households",
        (households, line.rupiah, extreme_rupiah),
        lambda: _village_measures(households, line, extreme),
    )


def _fgt_sums(line: float, extreme: float | None = None) -> dict[str, Any]:
    """The database's sums for FGT (no household leaves it): households, persons
    w = weight x members, and below `line` the sums of w, w x gap and w x gap^2 with
    gap = (z - y) / z; the sum of w below `extreme` when given."""
    w = ExpressionWrapper(F("members") * F("weight"), output_field=FloatField())
    z = Value(float(line), output_field=FloatField())
    gap = ExpressionWrapper((z - F("expenditure_per_capita")) / z, output_field=FloatField())
    zero = Value(0.0, output_field=FloatField())

    def below(rupiah: float, then: Any) -> Sum:
        poor = Q(expenditure_per_capita__lt=rupiah)
        return Sum(Case(When(poor, then=then), default=zero, output_field=FloatField()))

    sums: dict[str, Any] = {
        "n": Count("id"),
        "persons": Sum(w),
        "poor": below(line, w),
        "depth": below(line, w * gap),
        "severity": below(line, w * gap * gap),
    }
    if extreme is not None:
        sums["extreme"] = below(extreme, w)
    return sums


def _village_sums(
    households: QuerySet[Household], line: float, extreme: float | None
) -> list[tuple[Any, ...]]:
    """Per village (GROUP BY), the sums of `_fgt_sums`, by village code."""
    sums = _fgt_sums(line, extreme)
    # Every column read is in the index household_year_region_fgt: the database reads the index
    # alone, already in village order (0.2 s at 500,000 households on SQLite).
    grouped = households.order_by().values("region_id").annotate(**sums).order_by("region_id")
    return list(grouped.values_list("region_id", *sums))


def _village_measures(
    households: QuerySet[Household], line: Line, extreme: Line | None
) -> list[VillageRow]:
    rows = _village_sums(households, line.rupiah, None if extreme is None else extreme.rupiah)
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    codes = [str(code) for code in columns[0]]
    found = poverty.fgt_from_sums(codes, *columns[1:6])
    extreme_p0: Any = None
    if extreme is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            extreme_p0 = np.asarray(columns[6], dtype=np.float64) / found.persons
    names = {
        found_code: (name, district or "")
        for found_code, name, district in Region.objects.filter(code__in=found.groups).values_list(
            "code", "name", "parent__name"
        )
    }
    return [
        VillageRow(
            code=group,
            name=names.get(group, ("", ""))[0],
            district=names.get(group, ("", ""))[1],
            households=int(found.households[i]),
            persons=float(found.persons[i]),
            poor_persons=float(found.poor_persons[i]),
            p0=float(found.p0[i]),
            p1=float(found.p1[i]),
            p2=float(found.p2[i]),
            extreme_p0=None if extreme_p0 is None else float(extreme_p0[i]),
        )
        for i, group in enumerate(found.groups)
    ]


def priority_villages(rows: list[VillageRow]) -> list[VillageRow]:
    """Villages ranked for attention: most poor persons first, then the deepest poverty (P1)."""
    return sorted(rows, key=lambda r: (-r.poor_persons, -r.p1, r.code))


def registry_years(visible: QuerySet[Household], code: str) -> list[int]:
    """The years a region's registry holds, newest first."""
    found = visible.filter(within_q("region__code", code)).values_list("year", flat=True)
    return memoised("households", (found,), lambda: sorted(set(found.distinct()), reverse=True))


def p0_series(code: str) -> list[tuple[int, float]]:
    """BPS's P0 of a region by year (percent)."""
    return [
        (year, float(values[Indicator.POVERTY_RATE]))
        for year, values in bps_series(code).items()
        if Indicator.POVERTY_RATE in values
    ]


def extreme_series(code: str) -> list[tuple[int, float, str]]:
    """Local extreme-poverty estimates of a region (year, percent, source); not BPS figures."""
    return [
        (e.year, float(e.value), e.source)
        for e in local_estimates(code)
        if e.indicator == LocalEstimate.Indicator.EXTREME_RATE
    ]


def observed_for(target: Target) -> list[tuple[int, float]]:
    """The observed rates of the target's measure: BPS's P0 from 2015, or the local
    extreme-poverty estimates."""
    if target.measure == Target.Measure.POVERTY:
        return [(y, r) for y, r in p0_series(target.region_id) if y >= 2015]
    return [(y, r) for y, r, _s in extreme_series(target.region_id)]


def target_trajectory(
    target: Target, observed: list[tuple[int, float]] | None = None
) -> poverty.Trajectory | None:
    """Where the target's measure stands and the fall it needs each year, against the observed
    trend (`observed`, when already read for the target's region and measure)."""
    observed = observed_for(target) if observed is None else observed
    if not observed:
        return None
    return poverty.trajectory(observed, float(target.target_rate), target.target_year)


# --- What other modules and pages may show ---------------------------------------------------


def trajectories(targets: list[Target]) -> list[tuple[Target, poverty.Trajectory | None]]:
    """Each target with its trajectory, the series read once per region and measure."""
    read: dict[tuple[str, str], list[tuple[int, float]]] = {}
    found = []
    for target in targets:
        key = (target.region_id, target.measure)
        if key not in read:
            read[key] = observed_for(target)
        found.append((target, target_trajectory(target, read[key])))
    return found


def region_facts(user: Any, code: str) -> list[Fact]:
    """Key figures of a region: its registry households and the latest BPS rate."""
    facts: list[Fact] = []
    visible = Household.objects.restrict(user, "view")
    years = registry_years(visible, code) if not user_scope(user, "view").is_empty else []
    if years:
        count = region_households(visible, code, years[0]).count()
        url = reverse("poverty:dashboard") + f"?region={code}&year={years[0]}"
        facts.append(Fact(_("Registry households (%(year)d)") % {"year": years[0]}, count, url))
    series = p0_series(regency_of(code)) if "." in code else p0_series(code)
    if series and len(code.split(".")) <= 2:
        year, rate = series[-1]
        facts.append(Fact(_("Poverty rate P0, BPS (%(year)d)") % {"year": year}, f"{rate:.2f} %"))
    if code.count(".") >= 2:  # a sub-district or village: its livelihoods (and its sub-district's)
        found = Livelihood.objects.restrict(user, "view").filter(
            region_id__in=[code, *region_codes.ancestors_of(code)]
        )
        names = list(dict.fromkeys(found.values_list("commodity", flat=True)))
        if names:
            district = ".".join(code.split(".")[:3])
            url = reverse("poverty:livelihood-list") + f"?region={district}"
            facts.append(Fact(_("Livelihood potential"), ", ".join(names), url))
    return facts


def livelihood_recorded(code: str, commodity: str) -> bool:
    """True when `commodity` is recorded as a livelihood potential in the region, within it or
    in a region containing it (a village proposal may name its sub-district's commodity)."""
    named = Q(commodity__iexact=commodity.strip())
    return (
        Livelihood.objects.within(code).filter(named).exists()
        or Livelihood.objects.filter(named, region_id__in=region_codes.ancestors_of(code)).exists()
    )


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Households found by their id (never by an identifier)."""
    if len(text) < 3:
        return []
    found = (
        Household.objects.restrict(user, "view")
        .filter(Household.id_starts_q(text))
        .select_related("region")
        .order_by("-year", "household_id")[:limit]
    )
    return [
        SearchHit(str(h), h.get_absolute_url(), f"{h.region.name} · {h.region_id}") for h in found
    ]


def villages_with_registry(user: Any, code: str, year: int) -> int:
    """How many villages of a region have households in the registry for a year."""
    visible = Household.objects.restrict(user, "view")
    return region_households(visible, code, year).values("region").distinct().count()


def is_village(region: Region) -> bool:
    return region.level == Level.VILLAGE
