"""IRBI scores and their classes, checked against the figures BNPB published."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tangguh.measures.irbi import MAX_SCORE, irbi_class, is_plausible


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("216.99", "high"),  # Halmahera Selatan, IRBI 2022 (the highest regency)
        ("144.08", "high"),  # Bengkulu, IRBI 2024
        ("144", "medium"),  # "tinggi" is above 144
        ("143.42", "medium"),  # Kepulauan Bangka Belitung, IRBI 2024
        ("115.38", "medium"),  # Jawa Tengah, IRBI 2022
        ("44.80", "medium"),  # Mamberamo Tengah, IRBI 2022: "kelas sedang"
    ],
)
def test_a_multi_hazard_score_gets_the_class_bnpb_published(score: str, expected: str) -> None:
    assert irbi_class(Decimal(score), multi_hazard=True) == expected


def test_a_multi_hazard_score_below_every_published_one_gets_no_class() -> None:
    # The rendah/sedang cut-off was not found: below 44.80 the bounds do not decide.
    assert irbi_class(Decimal("44.79"), multi_hazard=True) is None


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("2.47", "low"),  # Flores Timur, flood, 2024
        ("5.32", "low"),  # Manggarai Timur, flood, 2024 (top of "rendah")
        ("5.33", "medium"),
        ("11.99", "medium"),
        ("12", "high"),
    ],
)
def test_a_one_hazard_score_is_classed_with_bnpb_s_flood_bounds(score: str, expected: str) -> None:
    assert irbi_class(Decimal(score), multi_hazard=False) == expected


def test_only_numbers_from_zero_to_the_ceiling_are_irbi_scores() -> None:
    assert is_plausible(Decimal(0))
    assert is_plausible(MAX_SCORE)
    assert not is_plausible(Decimal("-0.01"))
    assert not is_plausible(MAX_SCORE + Decimal("0.01"))
    assert not is_plausible(Decimal("NaN"))
