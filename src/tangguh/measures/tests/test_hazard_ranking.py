"""The multi-hazard diversity-and-intensity ranking, recomputed by hand."""

import math
from decimal import Decimal

import pytest

from tangguh.measures.hazard_ranking import (
    CRITERIA,
    HazardEventSummary,
    RankingMethod,
    RegionHazardHistory,
    default_weights,
    rank_regions,
    shannon_index,
)

D = Decimal
SIX = D("0.000001")


def summary(family, year, count, deaths, affected, houses) -> HazardEventSummary:
    """A summary with the event count as a Decimal."""
    return HazardEventSummary(family, year, D(count), deaths, affected, houses)


# Period 2020–2021: Y = 2 years.
KUPANG = RegionHazardHistory(
    "53.01",
    "Kupang",
    400_000,
    [
        summary("flood", 2020, 2, 1, 300, 10),
        summary("drought", 2020, 1, 0, 1000, None),
        summary("landslide", 2021, 1, None, None, 4),
        summary("flood", 2019, 5, 100, 5000, 500),  # before the period: ignored
    ],
)
BELU = RegionHazardHistory(
    "53.02",
    "Belu",
    200_000,
    [summary("flood", 2020, 2, 2, 100, 20), summary("flood", 2021, 2, 0, 50, 10)],
)
ALOR = RegionHazardHistory(
    "53.03", "Alor", 100_000, [summary("earthquake", 2021, 1, None, None, None)]
)


def rows_by_code(rows):
    """The rows keyed by region code."""
    return {row.region_code: row for row in rows}


def raw(row, name):
    """A row's raw value of a criterion."""
    return row.criterion(name).raw


def normalised(row, name):
    """A row's normalised value of a criterion."""
    return row.criterion(name).normalised


def test_it_computes_the_raw_criteria() -> None:
    rows = rows_by_code(rank_regions([KUPANG, BELU, ALOR], 2020, 2021))
    kupang = rows["53.01"]
    # families flood 2, drought 1, landslide 1 → 3 families, N = 4
    assert raw(kupang, "family_count") == 3
    # H' = −(0.5 ln 0.5 + 2 × 0.25 ln 0.25) = 1.5 ln 2 = 1.039721
    assert raw(kupang, "shannon").quantize(SIX) == D("1.039721")
    assert raw(kupang, "events_per_year") == 2  # 4 events / 2 years
    # deaths 1 + 0 (landslide unknown, left out) = 1 → 1 / 400,000 × 100,000 / 2 = 0.125
    assert raw(kupang, "deaths_rate") == D("0.125")
    # affected 300 + 1000 = 1300 → 1300 / 4 / 2 = 162.5
    assert raw(kupang, "affected_rate") == D("162.5")
    # houses 10 + 4 = 14 (drought unknown) → 14 / 4 / 2 = 1.75
    assert raw(kupang, "houses_rate") == D("1.75")
    belu = rows["53.02"]
    # one family: H' = 0; deaths 2 / 200,000 × 100,000 / 2 = 0.5; affected 150 / 2 / 2 = 37.5;
    # houses 30 / 2 / 2 = 7.5
    assert [raw(belu, name) for name in CRITERIA] == [1, 0, 2, D("0.5"), D("37.5"), D("7.5")]


def test_it_reports_events_with_unknown_effects() -> None:
    rows = rows_by_code(rank_regions([KUPANG, BELU, ALOR], 2020, 2021))
    kupang = rows["53.01"]
    assert kupang.events == 4
    # landslide: deaths and affected unknown; drought: houses unknown
    assert (kupang.events_unknown_deaths, kupang.events_unknown_affected) == (1, 1)
    assert (kupang.events_unknown_houses, kupang.events_with_unknown_effects) == (1, 2)
    assert rows["53.02"].events_with_unknown_effects == 0


def test_all_unknown_effects_give_no_rate_rather_than_zero() -> None:
    alor = rows_by_code(rank_regions([KUPANG, BELU, ALOR], 2020, 2021))["53.03"]
    for name in ("deaths_rate", "affected_rate", "houses_rate"):
        assert raw(alor, name) is None
        assert normalised(alor, name) is None
    assert alor.events_with_unknown_effects == 1


def test_it_normalises_min_max_and_ranks_by_weighted_score() -> None:
    rows = rank_regions([ALOR, BELU, KUPANG], 2020, 2021)
    assert [row.region_code for row in rows] == ["53.01", "53.02", "53.03"]
    assert [row.rank for row in rows] == [1, 2, 3]
    kupang, belu, alor = rows
    # family_count [3, 1, 1] → [1, 0, 0]; shannon [1.04, 0, 0] → [1, 0, 0];
    # events/yr [2, 2, 0.5] → [1, 1, 0]; deaths [0.125, 0.5, –] → [0, 1, –];
    # affected [162.5, 37.5, –] → [1, 0, –]; houses [1.75, 7.5, –] → [0, 1, –]
    assert [normalised(kupang, n) for n in CRITERIA] == [1, 1, 1, 0, 1, 0]
    assert [normalised(belu, n) for n in CRITERIA] == [0, 0, 1, 1, 0, 1]
    assert [normalised(alor, n) for n in CRITERIA] == [0, 0, 0, None, None, None]
    # Kupang 0.2 + 0.2 + 0.2 + 0 + 0.15 + 0 = 0.75; Belu 0.2 + 0.1 + 0.15 = 0.45;
    # Alor 0 over the weights of its known criteria (0.6)
    assert [row.score for row in rows] == [D("0.75"), D("0.45"), D(0)]
    assert {row.method_version for row in rows} == {"tangguh-ranking-2026.1"}


def test_a_missing_criterion_is_left_out_of_the_mean_not_scored_zero() -> None:
    other = RegionHazardHistory("53.04", "Other", 100_000, [summary("flood", 2020, 1, 0, 0, 0)])
    rows = rows_by_code(rank_regions([ALOR, other], 2020, 2021))
    # Both have 1 family, H' = 0, 0.5 events/yr: all normalised 0. Other has rates 0 (all equal →
    # 0) and Alor none; both score 0 and the tie goes to the lower code.
    assert rows["53.03"].rank == 1
    assert rows["53.03"].score == rows["53.04"].score == 0


def test_ties_are_broken_by_region_code() -> None:
    events = [summary("flood", 2020, 1, 0, 10, 1)]
    later = RegionHazardHistory("53.10", "B", 1000, events)
    earlier = RegionHazardHistory("53.05", "A", 1000, events)
    rows = rank_regions([later, earlier], 2020, 2020)
    assert [(row.region_code, row.rank) for row in rows] == [("53.05", 1), ("53.10", 2)]


def test_a_single_region_gets_zero_and_rank_one() -> None:
    [row] = rank_regions([KUPANG], 2020, 2021)
    assert (row.score, row.rank) == (D(0), 1)
    assert all(c.normalised == 0 for c in row.criteria)


def test_no_regions_give_no_rows() -> None:
    assert rank_regions([], 2020, 2021) == []


@pytest.mark.parametrize("population", [0, None])
def test_rates_need_a_positive_population(population) -> None:
    region = RegionHazardHistory("53.09", "X", population, [summary("flood", 2020, 1, 1, 1, 1)])
    [row] = rank_regions([region], 2020, 2020)
    assert [raw(row, n) for n in ("deaths_rate", "affected_rate", "houses_rate")] == [None] * 3
    assert raw(row, "events_per_year") == 1


def test_a_region_without_events_has_zero_rates() -> None:
    quiet = RegionHazardHistory("53.08", "Quiet", 50_000, [])
    rows = rows_by_code(rank_regions([KUPANG, quiet], 2020, 2021))
    assert [raw(rows["53.08"], n) for n in CRITERIA] == [0] * 6
    assert rows["53.08"].rank == 2


def test_shannon_is_ln_of_the_family_count_when_events_are_even() -> None:
    assert shannon_index([D(1)] * 4).quantize(SIX) == D(str(round(math.log(4), 6)))  # 1.386294
    assert shannon_index([]) == 0
    assert shannon_index([D(0), D(3)]) == 0  # one family with events


def test_fractional_event_counts_count() -> None:
    region = RegionHazardHistory(
        "53.07",
        "Y",
        1000,
        [summary("flood", 2020, "0.5", None, None, None), summary("drought", 2020, "1.5", 0, 0, 0)],
    )
    [row] = rank_regions([region], 2020, 2020)
    assert raw(row, "family_count") == 2
    # p = 0.25, 0.75: −(0.25 ln 0.25 + 0.75 ln 0.75) = 0.346574 + 0.215762 = 0.562335
    assert raw(row, "shannon").quantize(SIX) == D("0.562335")
    assert raw(row, "events_per_year") == 2
    assert row.events_with_unknown_effects == D("0.5")


def test_weights_are_configurable() -> None:
    weights = {name: D(0) for name in CRITERIA} | {"deaths_rate": D(1)}
    method = RankingMethod(version="deaths-only", weights=weights)
    rows = rank_regions([KUPANG, BELU, ALOR], 2020, 2021, method)
    # deaths rates 0.125 (Kupang) and 0.5 (Belu); Alor's is unknown and it scores 0
    assert [row.region_code for row in rows] == ["53.02", "53.01", "53.03"]
    assert rows[0].method_version == "deaths-only"


def test_it_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="exactly these criteria"):
        RankingMethod(weights={"shannon": D(1)})
    with pytest.raises(ValueError, match="positive sum"):
        RankingMethod(weights=dict.fromkeys(CRITERIA, D(0)))
    with pytest.raises(ValueError, match="positive sum"):
        RankingMethod(weights=default_weights() | {"shannon": D(-1)})
    with pytest.raises(ValueError, match="before it starts"):
        rank_regions([KUPANG], 2021, 2020)
    with pytest.raises(ValueError, match="unique"):
        rank_regions([KUPANG, KUPANG], 2020, 2021)
    negative = RegionHazardHistory("53.06", "Z", 10, [summary("flood", 2020, 1, -1, 0, 0)])
    with pytest.raises(ValueError, match="negative"):
        rank_regions([negative], 2020, 2020)
