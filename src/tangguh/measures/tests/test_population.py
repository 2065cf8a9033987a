"""Population estimates from BPS poverty figures, and the shipped table derived from them."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

import tangguh
from tangguh.measures.population import population_for, population_from_poverty

NTT = Path(tangguh.__file__).parent / "regions" / "data" / "ntt"


def read(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV."""
    with (NTT / name).open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_population_is_the_poor_divided_by_the_poverty_rate() -> None:
    # Kota Kupang, March 2024: 40.38 thousand poor at P0 8.24 % → 40,380 / 0.0824 = 490,048.5…
    # → 490,000 (nearest 100)
    assert population_from_poverty(Decimal("40.38"), Decimal("8.24")) == 490_000
    # NTT, March 2023: 1,141.11 thousand at 19.96 % → 5,716,984 → 5,717,000
    assert population_from_poverty(Decimal("1141.11"), Decimal("19.96")) == 5_717_000


def test_impossible_poverty_figures_are_refused() -> None:
    for poor, p0 in (("0", "10"), ("10", "0"), ("10", "101")):
        with pytest.raises(ValueError, match="P0"):
            population_from_poverty(Decimal(poor), Decimal(p0))


def test_the_shipped_estimates_are_derived_from_the_shipped_poverty_series() -> None:
    source = {
        (r["kode_kemendagri"], r["tahun"]): r
        for r in read("bps_kemiskinan_ntt_kabkota_2004_2025.csv")
    }
    rows = read("penduduk_perkiraan_ntt_2015_2025.csv")
    assert len(rows) == 251  # 22 regencies × 2015–2025 + the province × 2017–2025
    for row in rows:
        given = source[(row["kode_kemendagri"], row["tahun"])]
        assert (row["jumlah_penduduk_miskin_ribu"], row["p0_persen"]) == (
            given["jumlah_penduduk_miskin_ribu"],
            given["p0_persen"],
        )
        expected = population_from_poverty(
            Decimal(given["jumlah_penduduk_miskin_ribu"]), Decimal(given["p0_persen"])
        )
        assert int(row["penduduk_perkiraan"]) == expected


def test_the_regency_estimates_add_up_to_the_province() -> None:
    totals: dict[str, int] = {}
    province: dict[str, int] = {}
    for row in read("penduduk_perkiraan_ntt_2015_2025.csv"):
        if row["kode_kemendagri"] == "53":
            province[row["tahun"]] = int(row["penduduk_perkiraan"])
        else:
            totals[row["tahun"]] = totals.get(row["tahun"], 0) + int(row["penduduk_perkiraan"])
    assert set(province) == {str(y) for y in range(2017, 2026)}
    for year, value in province.items():
        assert abs(totals[year] - value) / value < 0.0005  # within 0.05 %


def test_the_nearest_year_is_used_when_the_year_has_no_figure() -> None:
    by_year = {2015: 1, 2020: 2}
    assert population_for(2020, by_year).year == 2020
    assert population_for(2030, by_year).year == 2020
    assert population_for(2000, by_year).year == 2015
    assert population_for(None, by_year).year == 2020  # no year asked: the latest
    assert population_for(2020, {2020: 0}).value is None  # a zero population is no population
