"""tangguh's event-history indicator: recomputed by hand, and its promises checked as properties."""

import math
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tangguh.measures.hazard_ranking import (
    BOUNDS,
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


def ln(x) -> Decimal:
    """Natural logarithm in Decimal."""
    return D(x).ln()


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


def scaled(row, name):
    """A row's scaled (0–1) value of a criterion."""
    return row.criterion(name).normalised


def test_it_computes_the_raw_criteria() -> None:
    rows = rows_by_code(rank_regions([KUPANG, BELU, ALOR], 2020, 2021))
    kupang = rows["53.01"]
    # families flood 2, drought 1, landslide 1 → 3 families, N = 4
    assert raw(kupang, "family_count") == 3
    assert raw(kupang, "events_per_year") == 2  # 4 events / 2 years
    # deaths 1 + 0 (landslide unknown, left out) = 1 → 1 / 400,000 × 100,000 / 2 = 0.125
    assert raw(kupang, "deaths_rate") == D("0.125")
    # affected 300 + 1000 = 1300 → 1300 / 4 / 2 = 162.5
    assert raw(kupang, "affected_rate") == D("162.5")
    # houses 10 + 4 = 14 (drought unknown) → 14 / 4 / 2 = 1.75
    assert raw(kupang, "houses_rate") == D("1.75")
    # H' = −(0.5 ln 0.5 + 2 × 0.25 ln 0.25) = 1.5 ln 2 = 1.039721 (shown, not scored)
    assert kupang.shannon.quantize(SIX) == D("1.039721")
    belu = rows["53.02"]
    # one family; deaths 2 / 200,000 × 100,000 / 2 = 0.5; affected 150 / 2 / 2 = 37.5;
    # houses 30 / 2 / 2 = 7.5
    assert [raw(belu, name) for name in CRITERIA] == [1, 2, D("0.5"), D("37.5"), D("7.5")]


def test_it_scales_against_fixed_bounds_and_ranks_by_weighted_score() -> None:
    rows = rank_regions([ALOR, BELU, KUPANG], 2020, 2021)
    assert [row.region_code for row in rows] == ["53.01", "53.02", "53.03"]
    assert [row.rank for row in rows] == [1, 2, 3]
    kupang, belu, alor = rows
    # Kupang: 3/13 = 0.230769; ln 3/ln 41 = 0.295837; ln 1.125/ln 101 = 0.025521;
    # ln 163.5/ln 100,001 = 0.442703; ln 2.75/ln 25,001 = 0.099895
    expected = [D(3) / 13, ln(3) / ln(41), ln("1.125") / ln(101)]
    expected += [ln("163.5") / ln(100_001), ln("2.75") / ln(25_001)]
    assert [scaled(kupang, n) for n in CRITERIA] == expected
    # 0.4 × 0.230769 + 0.2 × 0.295837 + 0.1 × 0.025521 + 0.15 × 0.442703 + 0.15 × 0.099895
    assert kupang.score == D("0.235417")
    # Belu: 1/13, ln 3/ln 41, ln 1.5/ln 101, ln 38.5/ln 100,001, ln 8.5/ln 25,001 → 0.177985
    assert belu.score == D("0.177985")
    # Alor: 1/13 and ln 1.5/ln 41; its three unknown rates score 0 → 0.4/13 + 0.2 × 0.109185
    assert [scaled(alor, n) for n in CRITERIA[2:]] == [0, 0, 0]
    assert alor.score == D("0.052606")
    assert alor.criteria_missing == 3
    assert {row.method_version for row in rows} == {"tangguh-events-2026.2"}


def test_a_region_s_score_does_not_depend_on_the_others() -> None:
    together = rows_by_code(rank_regions([KUPANG, BELU, ALOR], 2020, 2021))
    for region in (KUPANG, BELU, ALOR):
        [alone] = rank_regions([region], 2020, 2021)
        assert alone.score == together[region.region_code].score


def test_a_blank_figure_never_scores_more_than_a_reported_zero() -> None:
    blank = RegionHazardHistory("53.04", "Blank", 100_000, [summary("flood", 2020, 1, None, 5, 1)])
    zero = replace(blank, region_code="53.05", events=[summary("flood", 2020, 1, 0, 5, 1)])
    rows = rows_by_code(rank_regions([blank, zero], 2020, 2020))
    assert rows["53.04"].score == rows["53.05"].score
    assert rows["53.04"].criterion("deaths_rate").missing
    assert not rows["53.05"].criterion("deaths_rate").missing


def test_criteria_beyond_their_bound_count_as_one() -> None:
    seroja = RegionHazardHistory(
        "53.13", "Lembata", 1000, [summary("extreme_weather", 2021, 50, 500, 200_000, 90_000)]
    )
    [row] = rank_regions([seroja], 2021, 2021)
    assert [scaled(row, n) for n in CRITERIA[1:]] == [1, 1, 1, 1]


def test_the_bounds_are_fixed_constants() -> None:
    assert RankingMethod().bounds == BOUNDS
    assert BOUNDS["family_count"] == 13  # the 13 hazards of Perka BNPB 2/2012


def test_ties_are_broken_by_region_code() -> None:
    events = [summary("flood", 2020, 1, 0, 10, 1)]
    later = RegionHazardHistory("53.10", "B", 1000, events)
    earlier = RegionHazardHistory("53.05", "A", 1000, events)
    rows = rank_regions([later, earlier], 2020, 2020)
    assert [(row.region_code, row.rank) for row in rows] == [("53.05", 1), ("53.10", 2)]


def test_no_regions_give_no_rows() -> None:
    assert rank_regions([], 2020, 2021) == []


@pytest.mark.parametrize("population", [0, None])
def test_rates_need_a_positive_population(population) -> None:
    region = RegionHazardHistory("53.09", "X", population, [summary("flood", 2020, 1, 1, 1, 1)])
    [row] = rank_regions([region], 2020, 2020)
    assert [raw(row, n) for n in ("deaths_rate", "affected_rate", "houses_rate")] == [None] * 3
    assert raw(row, "events_per_year") == 1


def test_a_region_without_events_has_zero_rates_and_scores_zero() -> None:
    quiet = RegionHazardHistory("53.08", "Quiet", 50_000, [])
    rows = rows_by_code(rank_regions([KUPANG, quiet], 2020, 2021))
    assert [raw(rows["53.08"], n) for n in CRITERIA] == [0] * 5
    assert (rows["53.08"].score, rows["53.08"].rank) == (0, 2)


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
    assert raw(row, "events_per_year") == 2
    assert row.events_with_unknown_effects == D("0.5")


def test_weights_are_configurable() -> None:
    weights = {name: D(0) for name in CRITERIA} | {"deaths_rate": D(1)}
    method = RankingMethod(version="deaths-only", weights=weights)
    rows = rank_regions([KUPANG, BELU, ALOR], 2020, 2021, method)
    # deaths rates 0.125 (Kupang) and 0.5 (Belu); Alor's is unknown and scores 0
    assert [row.region_code for row in rows] == ["53.02", "53.01", "53.03"]
    assert rows[0].method_version == "deaths-only"


def test_it_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="exactly"):
        RankingMethod(weights={"family_count": D(1)})
    with pytest.raises(ValueError, match="positive sum"):
        RankingMethod(weights=dict.fromkeys(CRITERIA, D(0)))
    with pytest.raises(ValueError, match="positive sum"):
        RankingMethod(weights=default_weights() | {"family_count": D(-1)})
    with pytest.raises(ValueError, match="bounds must be positive"):
        RankingMethod(bounds=BOUNDS | {"deaths_rate": D(0)})
    with pytest.raises(ValueError, match="before it starts"):
        rank_regions([KUPANG], 2021, 2020)
    with pytest.raises(ValueError, match="unique"):
        rank_regions([KUPANG, KUPANG], 2020, 2021)
    negative = RegionHazardHistory("53.06", "Z", 10, [summary("flood", 2020, 1, -1, 0, 0)])
    with pytest.raises(ValueError, match="negative"):
        rank_regions([negative], 2020, 2020)


# --- properties ----------------------------------------------------------------------------------

FIRST, LAST = 2020, 2022
counts = st.integers(0, 10_000) | st.none()
summaries = st.builds(
    HazardEventSummary,
    hazard_family=st.sampled_from(["flood", "drought", "landslide", "earthquake", "wind"]),
    year=st.integers(2019, 2023),  # some outside the period
    event_count=st.integers(0, 8).map(lambda n: D(n) / 2),
    deaths_and_missing=counts,
    affected=counts,
    houses_damaged=counts,
)
histories = st.builds(
    RegionHazardHistory,
    region_code=st.just("53.01"),
    name=st.just("R"),
    population=st.integers(1, 2_000_000) | st.none() | st.just(0),
    events=st.lists(summaries, max_size=8),
)
EFFECTS = ("deaths_and_missing", "affected", "houses_damaged")


def score(history: RegionHazardHistory) -> Decimal:
    """The score of one region over FIRST–LAST."""
    [row] = rank_regions([history], FIRST, LAST)
    return row.score


@settings(max_examples=300, deadline=None)
@given(histories, st.data())
def test_reporting_one_more_death_affected_person_or_house_never_lowers_the_score(
    history, data
) -> None:
    if not history.events:
        return
    index = data.draw(st.integers(0, len(history.events) - 1))
    effect = data.draw(st.sampled_from(EFFECTS))
    before = history.events[index]
    old = getattr(before, effect)
    # one more: from unknown to 1, or n to n + 1
    after = replace(before, **{effect: 1 if old is None else old + 1})
    events = [*history.events[:index], after, *history.events[index + 1 :]]
    assert score(replace(history, events=events)) >= score(history)


@settings(max_examples=300, deadline=None)
@given(histories, summaries)
def test_reporting_one_more_event_never_lowers_the_score(history, extra) -> None:
    more = replace(history, events=[*history.events, extra])
    assert score(more) >= score(history)


@settings(max_examples=200, deadline=None)
@given(histories, histories)
def test_removing_another_region_never_changes_a_region_s_score(history, other) -> None:
    other = replace(other, region_code="53.02")
    together = rows_by_code(rank_regions([history, other], FIRST, LAST))
    [alone] = rank_regions([history], FIRST, LAST)
    assert together["53.01"].score == alone.score


@settings(max_examples=200, deadline=None)
@given(histories)
def test_a_blank_effect_scores_as_a_reported_zero(history) -> None:
    zeros = [
        replace(e, **{name: 0 for name in EFFECTS if getattr(e, name) is None})
        for e in history.events
    ]
    assert score(replace(history, events=zeros)) == score(history)
