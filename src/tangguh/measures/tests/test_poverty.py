"""FGT measures, poverty lines, trajectories, targeting and the synthetic registry, checked on
the worked examples of issue 12 and the methods spec."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tangguh.measures import poverty
from tangguh.measures.poverty import PovertyInputError

LINE = 527_275  # NTT's poverty line, March 2024


def test_fgt_of_five_persons_matches_the_worked_example() -> None:
    result = poverty.fgt([300_000, 400_000, 500_000, 600_000, 800_000], LINE)
    assert result.published() == (60.00, 14.48, 4.93)
    assert result.persons == 5
    assert result.poor_persons == 3
    assert math.isclose(result.p1, ((227_275 + 127_275 + 27_275) / LINE) / 5)


def test_fgt_of_three_weighted_households_matches_the_worked_example() -> None:
    result = poverty.fgt(
        [300_000, 450_000, 700_000], LINE, members=[4, 5, 3], weight=[100, 80, 120]
    )
    assert result.published() == (68.97, 19.92, 7.15)
    assert result.persons == 1160
    assert result.poor_persons == 800


def test_a_household_exactly_at_the_line_is_not_poor() -> None:
    assert poverty.fgt([LINE, LINE - 1], LINE).p0 == 0.5


def test_fgt_refuses_bad_input() -> None:
    with pytest.raises(PovertyInputError):
        poverty.fgt([1, 2], 0)
    with pytest.raises(PovertyInputError):
        poverty.fgt([1, 2], LINE, members=[1])
    with pytest.raises(PovertyInputError):
        poverty.fgt([-1, 2], LINE)
    assert math.isnan(poverty.fgt([], LINE).p0)


def test_fgt_by_group_equals_fgt_of_each_group() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(200_000, 1_200_000, 300)
    size = rng.integers(1, 8, 300)
    group = rng.choice(["a", "b", "c"], 300)
    lines = np.where(group == "c", 600_000, LINE)
    found = poverty.fgt_by_group(group, y, lines, members=size)
    for i, name in enumerate(found.groups):
        mask = group == name
        alone = poverty.fgt(y[mask], float(lines[mask][0]), members=size[mask])
        assert math.isclose(found.p0[i], alone.p0)
        assert math.isclose(found.p1[i], alone.p1)
        assert math.isclose(found.p2[i], alone.p2)
        assert found.households[i] == mask.sum()


def test_fgt_from_sums_gives_the_worked_example_of_households() -> None:
    # households (4, 100, Rp300k), (5, 80, Rp450k), (3, 120, Rp700k): w = 400, 400, 360
    gaps = [(LINE - 300_000) / LINE, (LINE - 450_000) / LINE]
    found = poverty.fgt_from_sums(
        ["v"], [3], [1160], [800], [400 * sum(gaps)], [400 * sum(g * g for g in gaps)]
    )
    shown = [round(float(values[0]) * 100, 2) for values in (found.p0, found.p1, found.p2)]
    assert shown == [68.97, 19.92, 7.15]
    with pytest.raises(PovertyInputError):
        poverty.fgt_from_sums(["v", "w"], [3], [1160], [800], [1], [1])


def test_lines_are_versioned_data_with_sources() -> None:
    extreme = poverty.line_for("extreme", "53.71.01.1001", 2023)
    assert extreme is not None
    assert extreme.rupiah == 351_957
    assert "1.90" in extreme.basis
    assert extreme.source
    # Since 2024 BPS uses US$2.15 PPP 2017 with a spatial deflator: the basis is known, the
    # regional rupiah value is not shipped, so there is no line to compute with.
    assert poverty.line_for("extreme", "53.71", 2024) is None
    bases = [line for line in poverty.shipped_lines() if line.kind == "extreme"]
    assert any("2.15" in line.basis and line.year == 2024 for line in bases)
    ntt = poverty.line_for("national", "53.01", 2024)
    assert ntt is not None
    assert ntt.rupiah == LINE
    assert ntt.region == "53"


def test_trajectory_of_kota_kupang_toward_a_lower_rate() -> None:
    observed = [(2021, 9.17), (2022, 8.61), (2023, 8.61), (2024, 8.24), (2025, 7.57)]
    path = poverty.trajectory(observed, target_rate=0.0, target_year=2026)
    assert path.needed_per_year == pytest.approx(7.57)
    assert path.observed_per_year == pytest.approx(0.36, abs=0.01)
    assert path.on_track is False
    assert path.gap == pytest.approx(7.57)
    assert path.path() == [(2025, 7.57), (2026, 0.0)]
    easy = poverty.trajectory(observed, target_rate=7.5, target_year=2027)
    assert easy.on_track is True
    single = poverty.trajectory([(2023, 0.64)], target_rate=0.0, target_year=2026)
    assert single.on_track is None
    assert single.needed_per_year == pytest.approx(0.64 / 3)


def test_targeting_errors_follow_the_definitions() -> None:
    eligible = [True, True, True, True, False, False, False, False, False, False]
    receives = [True, True, True, False, True, False, False, False, False, False]
    benefit = [100, 100, 100, 0, 200, 0, 0, 0, 0, 0]
    result = poverty.targeting(eligible, receives, benefit)
    assert result.coverage == 0.75
    assert result.exclusion_error == 0.25
    assert result.inclusion_error == 0.25
    assert result.leakage == 200 / 500
    assert result.differential == pytest.approx(0.75 - 1 / 6)


@pytest.mark.parametrize(("p0", "line"), [(0.0861, 732_921), (0.2262, 436_000), (0.30, 500_000)])
def test_a_synthetic_registry_reproduces_the_published_rate(p0: float, line: int) -> None:
    made = poverty.synthetic_households(5_000, line, p0, seed=7)
    result = poverty.fgt(made.expenditure, line, members=made.members)
    # Calibrated to within one household of the rate.
    assert abs(result.p0 - p0) <= made.members.max() / made.members.sum()
    assert set(np.unique(made.decile)) == set(range(1, 11))
    assert np.all(made.children + made.elderly <= made.members)
    again = poverty.synthetic_households(5_000, line, p0, seed=7)
    assert np.array_equal(again.expenditure, made.expenditure)


def test_villages_of_a_synthetic_registry_differ_but_the_whole_keeps_the_rate() -> None:
    made = poverty.synthetic_households(20_000, 732_921, 0.0861, seed=3, groups=51)
    whole = poverty.fgt(made.expenditure, 732_921, members=made.members)
    assert abs(whole.p0 - 0.0861) < 0.001
    villages = poverty.fgt_by_group(made.group, made.expenditure, 732_921, members=made.members)
    assert len(villages.groups) == 51
    assert villages.p0.max() - villages.p0.min() > 0.05
