"""Sendai indicators from event effects, checked against figures worked out by hand."""

from decimal import Decimal

import pytest

from tangguh.disasters.records import EFFECTS
from tangguh.measures.sendai import (
    EFFECT_FIELDS,
    EventEffects,
    Indicator,
    SendaiAssumptions,
    sendai_indicators,
)

D = Decimal
POPULATION = 250_000

# E1 reports most fields; E2 a few (some of them as reported zeros); E3 nothing at all.
E1 = EventEffects(
    {
        "deaths": 2,
        "missing": 1,
        "injured": 5,
        "affected": 100,
        "displaced": 40,
        "houses_destroyed": None,
        "houses_heavy": 3,
        "houses_moderate": 4,
        "houses_light": 10,
        "houses_flooded": 20,
        "health_damaged": 1,
        "education_damaged": 2,
        "bridges_damaged": 1,
        "office_damaged": None,
        "roads_km": D("1.5"),
        "rice_fields_ha": D("2.5"),
        "plantations_ha": None,
        "economic_loss": D("250000000"),
    }
)
E2 = EventEffects(
    {
        "deaths": 0,
        "missing": None,
        "houses_light": 2,
        "education_damaged": 0,
        "plantations_ha": D("4"),
    }
)
E3 = EventEffects({"deaths": None})
EVENTS = [E1, E2, E3]


def by_code(indicators: list[Indicator]) -> dict[str, Indicator]:
    """The indicators keyed by code."""
    return {i.code: i for i in indicators}


def compute(events=EVENTS, population=POPULATION, **assumptions) -> dict[str, Indicator]:
    """The indicators of the sample events under the given assumptions, keyed by code."""
    return by_code(sendai_indicators(events, population, SendaiAssumptions(**assumptions)))


def test_it_mirrors_the_effect_fields_of_the_event_records() -> None:
    assert tuple(EFFECTS) == EFFECT_FIELDS


def test_it_returns_the_indicators_in_sendai_order() -> None:
    codes = [i.code for i in sendai_indicators(EVENTS, POPULATION)]
    assert codes == [
        "A-1", "A-2", "A-3", "B-1", "B-2", "B-3", "B-4", "B-5",
        "C-1", "C-2", "C-4", "D-1", "D-2", "D-3", "D-4", "D-4 roads", "D-5",
    ]  # fmt: skip


def test_it_counts_deaths_and_a_reported_zero_but_not_an_unknown() -> None:
    a2 = compute()["A-2"]
    # E1 2 + E2 0 (a reported zero counts as reporting) = 2; E3 unknown.
    assert (a2.value, a2.events_counted, a2.events_unknown, a2.events_partial) == (D(2), 2, 1, 0)
    # 2 / 250,000 × 100,000 = 0.80
    assert a2.per_100k == D("0.80")


def test_it_sums_the_known_parts_of_a_compound_and_flags_partly_reported_events() -> None:
    a1 = compute()["A-1"]
    # E1: 2 deaths + 1 missing = 3; E2: 0 deaths + missing unknown = 0 (partial); E3 left out.
    assert (a1.value, a1.events_counted, a1.events_unknown, a1.events_partial) == (D(3), 2, 1, 1)
    # 3 / 250,000 × 100,000 = 1.20
    assert a1.per_100k == D("1.20")
    a3 = compute()["A-3"]
    # only E1 reports missing: 1; 1 / 2.5 = 0.40
    assert (a3.value, a3.per_100k, a3.events_counted, a3.events_unknown) == (D(1), D("0.40"), 1, 2)


def test_it_turns_damaged_and_destroyed_houses_into_people() -> None:
    result = compute()
    b3, b4 = result["B-3"], result["B-4"]
    # B-3 = (moderate + light) × 4.3: E1 (4 + 10) × 4.3 = 60.2; E2 (light 2) × 4.3 = 8.6 → 68.8
    assert (b3.value, b3.events_counted, b3.events_partial) == (D("68.8"), 2, 1)
    assert b3.per_100k == D("27.52")  # 68.8 / 2.5
    # B-4 = (destroyed + heavy) × 4.3: E1 destroyed unknown, heavy 3 → 12.9; E2, E3 unknown
    assert (b4.value, b4.events_counted, b4.events_unknown, b4.events_partial) == (
        D("12.9"),
        1,
        2,
        1,
    )
    assert b4.per_100k == D("5.16")  # 12.9 / 2.5


def test_b1_adds_injured_dwellings_and_directly_affected() -> None:
    result = compute()
    b1 = result["B-1"]
    # E1: injured 5 + 60.2 + 12.9 + affected 100 = 178.1; E2: 8.6 → 186.7
    assert b1.value == D("186.7")
    parts = [result[code].value for code in ("B-2", "B-3", "B-4")]
    assert b1.value == sum(part for part in parts if part is not None) + 100
    assert (b1.events_counted, b1.events_unknown, b1.events_partial) == (2, 1, 2)
    assert b1.per_100k == D("74.68")  # 186.7 / 2.5
    assert "double count" in b1.note


def test_b1_follows_the_affected_and_displaced_switches() -> None:
    # 186.7 − affected 100 = 86.7
    assert compute(affected_counts_in_b1=False)["B-1"].value == D("86.7")
    # 186.7 + displaced 40 = 226.7
    assert compute(displaced_counts_in_b1=True)["B-1"].value == D("226.7")


def test_heavy_damage_can_count_as_damaged_instead_of_destroyed() -> None:
    result = compute(heavy_damage_counts_as_destroyed=False)
    # B-3: E1 (3 + 4 + 10) × 4.3 = 73.1; E2 2 × 4.3 = 8.6 → 81.7
    assert result["B-3"].value == D("81.7")
    # B-4: only houses_destroyed, which no event reports → unknown, not 0
    assert result["B-4"].value is None
    assert result["B-4"].per_100k is None
    assert result["B-4"].events_unknown == 3


def test_flooded_houses_count_as_damaged_only_when_asked() -> None:
    # E1 (4 + 10 + 20) × 4.3 = 146.2; E2 8.6 → 154.8
    assert compute(flooded_counts_as_damaged=True)["B-3"].value == D("154.8")
    # household size 5: (14 + 2) × 5 = 80
    assert compute(household_size=D(5))["B-3"].value == D(80)


def test_livelihoods_and_service_disruptions_are_not_recorded() -> None:
    result = compute()
    for code in ("B-5", "D-5"):
        assert result[code].value is None
        assert result[code].per_100k is None
        assert (result[code].events_counted, result[code].events_unknown) == (0, 3)
        assert "Not computed" in result[code].note


def test_c1_is_the_reported_loss_in_rupiah_without_a_rate() -> None:
    c1 = compute()["C-1"]
    assert (c1.value, c1.unit, c1.per_100k) == (D(250_000_000), "rupiah", None)
    assert (c1.events_counted, c1.events_unknown) == (1, 2)
    assert "GDP" in c1.note


def test_c2_and_c4_need_unit_values() -> None:
    result = compute()
    for code in ("C-2", "C-4"):
        assert result[code].value is None
        assert "no unit values" in result[code].note


def test_c2_prices_hectares_with_the_unit_values() -> None:
    c2 = compute(rice_field_value_per_ha=D(10_000_000), plantation_value_per_ha=D(5_000_000))["C-2"]
    # E1 2.5 ha rice × 10,000,000 = 25,000,000; E2 4 ha plantation × 5,000,000 = 20,000,000
    assert c2.value == D(45_000_000)
    assert (c2.events_counted, c2.events_partial) == (2, 2)
    assert "livestock" in c2.note


def test_c2_with_only_one_unit_value_prices_only_that_field() -> None:
    c2 = compute(rice_field_value_per_ha=D(10_000_000))["C-2"]
    # only E1's 2.5 ha of rice: 25,000,000; E2 (plantations only) is left out
    assert (c2.value, c2.events_counted, c2.events_unknown) == (D(25_000_000), 1, 2)
    assert "plantations_ha" in c2.note


def test_c4_prices_destroyed_and_damaged_houses() -> None:
    c4 = compute(destroyed_house_value=D(50_000_000), damaged_house_value=D(10_000_000))["C-4"]
    # E1: heavy 3 × 50M = 150M + (4 + 10) × 10M = 140M → 290M; E2: 2 × 10M = 20M → 310M
    assert c4.value == D(310_000_000)


def test_it_counts_critical_infrastructure() -> None:
    result = compute()
    assert result["D-2"].value == D(1)  # E1 health 1
    assert (result["D-3"].value, result["D-3"].events_counted) == (D(2), 2)  # E1 2 + E2 0
    assert (result["D-4"].value, result["D-4"].events_partial) == (D(1), 1)  # bridges 1 + office ?
    # D-1 = D-2 + D-3 + D-4 = 1 + 2 + 1 = 4; roads are kilometres and are not added
    assert result["D-1"].value == D(4)
    assert (result["D-4 roads"].value, result["D-4 roads"].unit) == (D("1.5"), "km")
    assert result["D-1"].per_100k is None


def test_all_unknown_events_give_unknown_not_zero() -> None:
    events = [EventEffects({}), EventEffects({"deaths": None, "injured": None})]
    for indicator in sendai_indicators(events, POPULATION):
        assert indicator.value is None
        assert indicator.per_100k is None
        assert (indicator.events_counted, indicator.events_unknown) == (0, 2)


def test_no_events_give_unknown_values_and_no_counts() -> None:
    for indicator in sendai_indicators([], POPULATION):
        assert indicator.value is None
        assert (indicator.events_counted, indicator.events_unknown) == (0, 0)


def test_reported_zeros_give_zero_rates() -> None:
    result = by_code(sendai_indicators([EventEffects({"deaths": 0, "missing": 0})], POPULATION))
    assert (result["A-1"].value, result["A-1"].per_100k) == (D(0), D("0.00"))


@pytest.mark.parametrize("population", [0, None])
def test_it_gives_no_rate_without_a_population(population) -> None:
    a1 = compute(population=population)["A-1"]
    assert (a1.value, a1.per_100k) == (D(3), None)


def test_rates_are_rounded_half_up_to_two_decimals() -> None:
    events = [EventEffects({"deaths": 1})]
    # 1 / 160,000 × 100,000 = 0.625 → 0.63 (half up, not half even)
    assert by_code(sendai_indicators(events, 160_000))["A-2"].per_100k == D("0.63")
    # 1 / 300,000 × 100,000 = 0.3333… → 0.33
    assert by_code(sendai_indicators(events, 300_000))["A-2"].per_100k == D("0.33")


def test_it_records_the_assumptions_version() -> None:
    indicators = sendai_indicators(EVENTS, POPULATION, SendaiAssumptions(version="test-1"))
    assert {i.assumptions_version for i in indicators} == {"test-1"}


def test_it_rejects_unknown_fields_negative_values_and_bad_assumptions() -> None:
    with pytest.raises(ValueError, match="unknown effect field 'deaht'"):
        sendai_indicators([EventEffects({"deaht": 1})], POPULATION)
    with pytest.raises(ValueError, match="negative"):
        sendai_indicators([EventEffects({"deaths": -1})], POPULATION)
    with pytest.raises(ValueError, match="population"):
        sendai_indicators(EVENTS, -1)
    with pytest.raises(ValueError, match="household_size"):
        SendaiAssumptions(household_size=D(0))
    with pytest.raises(ValueError, match="unit values"):
        SendaiAssumptions(damaged_house_value=D(-1))
