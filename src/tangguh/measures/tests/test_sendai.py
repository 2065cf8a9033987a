"""Sendai indicators from event effects, checked against UNDRR's computation and by hand.

The reference is UNDRR's DesInventar–Sendai computation (mayandar/desinventar,
scripts/SFM_indicator_calculation_postgres.sql):

    B_1A = coalesce(LIVING_DMGD_DWELLINGS, vivafec × inhabitants per household)
         + coalesce(LIVING_DSTR_DWELLINGS, vivdest × inhabitants per household)
         + coalesce(LIVELIHOOD_AFCTD, nhectareas × workers per hectare)
         + heridos

with 4 inhabitants per household and 1 worker per hectare when the country gives none. The worked
examples are real DIBI rows: two from BNPB's sample table (`disasters/data/bnpb_sample_Data_
Bencana.xls`) and three from the NTT files (`disasters/data/dibi_ntt_*.csv`). A DIBI row becomes a
DesInventar datacard as drr.md §5 maps it: heridos = terluka, vivdest = rusak berat, vivafec =
rusak sedang + rusak ringan (or the ungraded Rumah Rusak total), nhectareas = sawah + kebun +
lahan + hutan.
"""

from dataclasses import fields
from decimal import Decimal

import pytest

from tangguh.disasters.records import EFFECTS
from tangguh.measures.sendai import (
    ASSUMPTION_SOURCES,
    EFFECT_FIELDS,
    PENDING_FIELDS,
    SOURCE_FIELDS,
    EventEffects,
    Indicator,
    SendaiAssumptions,
    sendai_indicators,
    sendai_report,
)

D = Decimal
POPULATION = 250_000

# --- worked examples: real DIBI rows -------------------------------------------------------------

# BNPB sample, kib "3602 101 2020 012 6 1": flood in Lebak, 2020.
LEBAK = EventEffects(
    {
        "deaths": 4,
        "missing": 2,
        "injured": 0,
        "affected": 2425,
        "displaced": 0,
        "houses_heavy": 15,
        "houses_moderate": 39,
        "houses_light": 35,
        "houses_flooded": 3941,
        "rice_fields_ha": D(0),
        "plantations_ha": D(0),
        "other_land_ha": D(0),
    },
    "dibi",
)
# BNPB sample, kib "7314 101 2020 07 18 1": flood in Sidenreng Rappang, 2020.
SIDRAP = EventEffects(
    {
        "deaths": 0,
        "missing": 0,
        "injured": 0,
        "affected": 0,
        "displaced": 60,
        "houses_heavy": 0,
        "houses_moderate": 0,
        "houses_light": 0,
        "houses_flooded": 1264,
        "rice_fields_ha": D(3782),
        "plantations_ha": D("47.7"),
        "other_land_ha": D(0),
    },
    "dibi",
)
# NTT 2018 export, Identitas 5371105201803071: whirlwind in Kota Kupang, 2018-03-07.
KUPANG_WHIRLWIND = EventEffects(
    {
        "deaths": None,
        "missing": None,
        "injured": 1,
        "affected": 125,
        "displaced": None,
        "houses_heavy": 9,
        "houses_moderate": 13,
        "houses_light": 10,
    },
    "dibi",
)
# NTT 2018 export, Identitas 5310111201308091: Rokatenda eruption, Sikka, 2013-08-09.
ROKATENDA = EventEffects(
    {"deaths": 5, "missing": 0, "injured": 3, "affected": 3000, "displaced": 0}, "dibi"
)
# The Sumba Timur flood of 2018-02-25 in both NTT files (a pair of the 2018 overlap): the export
# (Identitas 5302101201802251) grades the houses, the Kaggle copy (line 107) only totals them.
SUMBA_EXPORT = EventEffects({"deaths": 2, "houses_light": 395}, "dibi")
SUMBA_KAGGLE = EventEffects(
    {"deaths": 2, "missing": 0, "injured": 0, "houses_damaged": 395, "houses_flooded": 126},
    "dibi",
)


def by_code(indicators: list[Indicator]) -> dict[str, Indicator]:
    """The indicators keyed by code."""
    return {i.code: i for i in indicators}


def one(event: EventEffects, **assumptions) -> dict[str, Indicator]:
    """The indicators of a single event, keyed by code."""
    return by_code(sendai_indicators([event], POPULATION, SendaiAssumptions(**assumptions)))


def test_b1_of_the_lebak_flood_equals_undrr_s_computation() -> None:
    result = one(LEBAK)
    # UNDRR: vivafec (39 + 35 = 74) × 4 + vivdest 15 × 4 + nhectareas 0 × 1 + heridos 0
    #      = 296 + 60 + 0 + 0 = 356
    assert result["B-3"].value == D(296)
    assert result["B-4"].value == D(60)
    assert result["B-5"].value == D(0)
    assert result["B-2"].value == D(0)
    assert result["B-1"].value == D(356)
    # The old default added menderita: 2,425 + (74 + 15) × 4.3 = 2,807.7, 7.9 × the reference.
    assert result["menderita"].value == D(2425)
    assert result["B-1"].events_partial == 0


def test_b5_of_the_sidrap_flood_comes_from_the_hectares_of_crops() -> None:
    result = one(SIDRAP)
    # UNDRR: nhectareas (3,782 + 47.7 + 0) × 1 worker per hectare = 3,829.7; no houses, no injured
    assert result["B-5"].value == D("3829.7")
    assert result["B-1"].value == D("3829.7")
    # Displaced people are a national line, not part of B-1; flooded houses are not damaged ones.
    assert result["mengungsi"].value == D(60)
    assert result["B-3"].value == D(0)
    # 2 workers per hectare: 3,829.7 × 2 = 7,659.4
    assert one(SIDRAP, workers_per_hectare=D(2))["B-1"].value == D("7659.4")


def test_b1_of_a_kupang_whirlwind_is_not_its_menderita() -> None:
    result = one(KUPANG_WHIRLWIND)
    # UNDRR: (13 + 10) × 4 + 9 × 4 + heridos 1 = 92 + 36 + 1 = 129 (no hectares in the export)
    assert result["B-1"].value == D(129)
    assert result["menderita"].value == D(125)
    # DIBI records no hectares: B-5 is left out without making B-1 a lower bound.
    assert result["B-1"].events_partial == 0
    assert (result["B-5"].value, result["B-5"].events_not_held) == (None, 1)


def test_b1_of_the_rokatenda_eruption_counts_the_injured_not_the_3000_affected() -> None:
    result = one(ROKATENDA)
    # UNDRR: heridos 3 (no houses reported). The old default gave 3 + 3,000 = 3,003.
    assert result["B-1"].value == D(3)
    # The houses are blank and DIBI can record them: B-1 is partly reported (a lower bound).
    assert result["B-1"].events_partial == 1
    assert result["menderita"].value == D(3000)


def test_both_copies_of_the_sumba_timur_flood_give_the_same_b1() -> None:
    export, kaggle = one(SUMBA_EXPORT), one(SUMBA_KAGGLE)
    # Export: light 395 × 4 = 1,580 (moderate and heavy blank, injured blank: partly reported).
    assert (export["B-1"].value, export["B-1"].events_partial) == (D(1580), 1)
    # Kaggle: 395 damaged houses of unknown grade × 4 = 1,580 (UNDRR: vivafec 395 × 4).
    assert (kaggle["B-1"].value, kaggle["B-1"].events_partial) == (D(1580), 0)
    # Rusak berat is inside the ungraded total: B-4 is not asked for it.
    assert (kaggle["B-4"].value, kaggle["B-4"].events_not_held) == (None, 1)
    assert kaggle["B-3"].value == D(1580)


def test_b1_of_several_events_is_the_sum_of_its_parts() -> None:
    events = [LEBAK, SIDRAP, KUPANG_WHIRLWIND, ROKATENDA]
    result = by_code(sendai_indicators(events, POPULATION))
    # 356 + 3,829.7 + 129 + 3 = 4,317.7
    assert result["B-1"].value == D("4317.7")
    parts = [result[code].value for code in ("B-2", "B-3", "B-4", "B-5")]
    assert result["B-1"].value == sum(p for p in parts if p is not None)
    # 4,317.7 / 250,000 × 100,000 = 1,727.08
    assert result["B-1"].per_100k == D("1727.08")
    assert result["menderita"].value == D(2425 + 125 + 3000)  # never inside B-1


# --- hand-worked examples of the other indicators ------------------------------------------------

# E1 reports most fields; E2 a few (some of them as reported zeros); E3 nothing at all. Their
# origin is not known, so every field counts as one their source could have reported.
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


def compute(events=EVENTS, population=POPULATION, **assumptions) -> dict[str, Indicator]:
    """The indicators of the sample events under the given assumptions, keyed by code."""
    return by_code(sendai_indicators(events, population, SendaiAssumptions(**assumptions)))


def test_it_mirrors_the_effect_fields_of_the_event_records() -> None:
    assert set(EFFECTS) <= set(EFFECT_FIELDS)
    # Only the fields waiting for a place in the event records are extra.
    assert set(EFFECT_FIELDS) - set(EFFECTS) <= set(PENDING_FIELDS)


def test_it_returns_the_sendai_indicators_then_the_national_lines() -> None:
    indicators = sendai_indicators(EVENTS, POPULATION)
    assert [i.code for i in indicators] == [
        "A-1", "A-2", "A-3", "B-1", "B-2", "B-3", "B-4", "B-5",
        "C-1", "C-2", "C-4", "D-1", "D-2", "D-3", "D-4", "D-4 roads", "D-5",
        "menderita", "mengungsi",
    ]  # fmt: skip
    assert {i.code for i in indicators if i.scheme == "national"} == {"menderita", "mengungsi"}


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


def test_it_turns_damaged_and_destroyed_houses_into_people() -> None:
    result = compute()
    b3, b4 = result["B-3"], result["B-4"]
    # B-3 = (moderate + light) × 4: E1 (4 + 10) × 4 = 56; E2 (light 2) × 4 = 8 → 64
    assert (b3.value, b3.events_counted, b3.events_partial) == (D(64), 2, 1)
    assert b3.per_100k == D("25.60")  # 64 / 2.5
    # B-4 = (destroyed + heavy) × 4: E1 destroyed unknown, heavy 3 → 12; E2 heavy unknown
    assert (b4.value, b4.events_counted, b4.events_unknown, b4.events_partial) == (D(12), 1, 2, 1)


def test_b1_adds_injured_dwellings_and_livelihoods_but_not_menderita() -> None:
    result = compute()
    # E1: injured 5 + 56 + 12 + rice 2.5 ha × 1 = 75.5; E2: 8 + plantations 4 × 1 = 12 → 87.5
    assert result["B-1"].value == D("87.5")
    assert result["B-5"].value == D("6.5")
    assert (result["B-1"].events_counted, result["B-1"].events_partial) == (2, 2)
    assert result["menderita"].value == D(100)
    assert result["mengungsi"].value == D(40)
    assert result["mengungsi"].per_100k == D("16.00")  # 40 / 2.5


def test_a_counted_livelihood_is_used_instead_of_the_hectares() -> None:
    event = EventEffects({"livelihoods_affected": 12, "rice_fields_ha": D(100)}, "csv")
    assert one(event)["B-5"].value == D(12)


def test_heavy_damage_can_count_as_damaged_instead_of_destroyed() -> None:
    result = compute(heavy_damage_counts_as_destroyed=False)
    # B-3: E1 (3 + 4 + 10) × 4 = 68; E2 2 × 4 = 8 → 76
    assert result["B-3"].value == D(76)
    # B-4: only houses_destroyed, which no event reports → unknown, not 0
    assert (result["B-4"].value, result["B-4"].per_100k, result["B-4"].events_unknown) == (
        None,
        None,
        3,
    )


def test_flooded_houses_count_as_damaged_only_when_asked() -> None:
    # E1 (4 + 10 + 20) × 4 = 136; E2 8 → 144
    assert compute(flooded_counts_as_damaged=True)["B-3"].value == D(144)
    # household size 5: (14 + 2) × 5 = 80
    assert compute(household_size=D(5))["B-3"].value == D(80)


def test_service_disruptions_are_not_recorded() -> None:
    d5 = compute()["D-5"]
    assert (d5.value, d5.per_100k, d5.events_counted, d5.events_unknown) == (None, None, 0, 3)
    assert d5.events_not_held == 3
    assert "Not computed" in d5.note


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


# --- partly reported: only for what the source can record ----------------------------------------


def test_a_dibi_event_is_not_partly_reported_for_lack_of_a_destroyed_column() -> None:
    graded = {"injured": 0, "houses_heavy": 2, "houses_moderate": 1, "houses_light": 0}
    dibi = one(EventEffects(graded, "dibi"))
    # DIBI has no "destroyed" grade: B-4 = heavy 2 × 4 = 8, complete; B-1 complete too
    assert (dibi["B-4"].value, dibi["B-4"].events_partial) == (D(8), 0)
    assert (dibi["B-1"].value, dibi["B-1"].events_partial) == (D(12), 0)
    # The same figures typed into the form leave "destroyed" and the livelihoods blank.
    form = one(EventEffects(graded, "form"))
    assert (form["B-4"].events_partial, form["B-1"].events_partial) == (1, 1)


def test_a_desinventar_event_is_partly_reported_only_for_its_flagged_fields() -> None:
    event = EventEffects({"deaths": 1, "injured": 2, "houses_destroyed": 1}, "desinventar")
    result = one(event)
    # missing and houses_damaged are flagged fields DesInventar can record: lower bounds
    assert (result["A-1"].events_partial, result["B-1"].events_partial) == (1, 1)
    # B-1 = injured 2 + destroyed 1 × 4 = 6 (hectares are unflagged: not required)
    assert result["B-1"].value == D(6)
    assert result["D-2"].events_not_held == 1  # nhospitales is unflagged: a blank is no gap


def test_every_source_records_only_known_fields() -> None:
    for recordable in SOURCE_FIELDS.values():
        assert recordable <= set(EFFECT_FIELDS)
    assert "houses_destroyed" not in SOURCE_FIELDS["dibi"]


# --- population per year -------------------------------------------------------------------------

POPULATIONS = {2015: 200_000, 2020: 250_000, 2024: 300_000}


def test_a_year_is_divided_by_its_own_population() -> None:
    report = sendai_report([EventEffects({"deaths": 3})], 2020, POPULATIONS, None, "estimate")
    a2 = by_code(report.indicators)["A-2"]
    # 3 / 250,000 × 100,000 = 1.20
    assert a2.per_100k == D("1.20")
    assert (report.population.value, report.population.year) == (250_000, 2020)
    assert not report.population.other_year


def test_a_year_without_a_population_uses_the_nearest_year_and_says_so() -> None:
    report = sendai_report([EventEffects({"deaths": 3})], 2010, POPULATIONS, None, "estimate")
    # 2015 is the nearest: 3 / 200,000 × 100,000 = 1.50
    assert by_code(report.indicators)["A-2"].per_100k == D("1.50")
    assert (report.population.year, report.population.requested_year) == (2015, 2010)
    assert report.population.other_year
    assert report.population.source == "estimate"
    # 2022 is two years from both 2020 and 2024: the later year is used
    assert sendai_report([], 2022, POPULATIONS).population.year == 2024


def test_no_population_gives_no_rates() -> None:
    report = sendai_report([EventEffects({"deaths": 3})], 2020, {})
    assert (report.population.value, report.population.year) == (None, None)
    assert by_code(report.indicators)["A-2"].per_100k is None


# --- edge cases ----------------------------------------------------------------------------------


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


def test_every_assumption_names_its_source_and_the_version_is_recorded() -> None:
    names = {f.name for f in fields(SendaiAssumptions)} - {"version"}
    assert names == set(ASSUMPTION_SOURCES)
    assumptions = SendaiAssumptions(version="test-1")
    assert {name for name, _value, _source in assumptions.sources()} == names
    assert "DesInventar" in ASSUMPTION_SOURCES["household_size"]
    indicators = sendai_indicators(EVENTS, POPULATION, assumptions)
    assert {i.assumptions_version for i in indicators} == {"test-1"}


def test_it_rejects_unknown_fields_origins_negative_values_and_bad_assumptions() -> None:
    with pytest.raises(ValueError, match="unknown effect field 'deaht'"):
        sendai_indicators([EventEffects({"deaht": 1})], POPULATION)
    with pytest.raises(ValueError, match="unknown event origin 'dibbi'"):
        sendai_indicators([EventEffects({"deaths": 1}, "dibbi")], POPULATION)
    with pytest.raises(ValueError, match="negative"):
        sendai_indicators([EventEffects({"deaths": -1})], POPULATION)
    with pytest.raises(ValueError, match="population"):
        sendai_indicators(EVENTS, -1)
    with pytest.raises(ValueError, match="household_size"):
        SendaiAssumptions(household_size=D(0))
    with pytest.raises(ValueError, match="workers_per_hectare"):
        SendaiAssumptions(workers_per_hectare=D(-1))
    with pytest.raises(ValueError, match="unit values"):
        SendaiAssumptions(damaged_house_value=D(-1))
    with pytest.raises(ValueError, match="livelihood_hectares"):
        SendaiAssumptions(livelihood_hectares=("paddy",))
