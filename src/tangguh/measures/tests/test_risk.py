"""BNPB risk (Perka 2/2012): classes, R = H × V / C, matrices and social vulnerability."""

from decimal import Decimal

import pytest

from tangguh.measures.risk import (
    RiskMethod,
    SocialVulnerabilityMethod,
    assess_risk,
    index_class,
    normalised_risk,
    risk_class_by_matrix,
    risk_index,
    social_vulnerability,
)

D = Decimal
FOUR = D("0.0001")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(0), "low"),
        (D("0.333"), "low"),  # printed class "0–0.333"
        (D(1) / 3, "low"),  # the score of a "low" hazard zone
        (D("0.334"), "medium"),  # printed class "0.334–0.666"
        (D(2) / 3, "medium"),  # the score of a "medium" zone (0.6666…)
        (D("0.666"), "medium"),
        (D("0.667"), "high"),  # printed class "0.667–1"
        (D(1), "high"),
        (0.5, "medium"),  # floats are accepted
    ],
)
def test_it_classes_an_index(value, expected) -> None:
    assert index_class(value) == expected


@pytest.mark.parametrize("value", [D("-0.01"), D("1.01"), D("NaN"), float("inf")])
def test_it_rejects_an_index_outside_zero_to_one(value) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        index_class(value)


def test_class_thresholds_are_configurable() -> None:
    method = RiskMethod(class_thresholds=(D("0.4"), D("0.8")))
    assert [index_class(v, method) for v in (D("0.39"), D("0.4"), D("0.79"), D("0.8"))] == [
        "low",
        "medium",
        "medium",
        "high",
    ]


def test_risk_is_hazard_times_vulnerability_over_capacity() -> None:
    # 0.9 × 0.5 / 0.2 = 0.45 / 0.2 = 2.25
    assert risk_index(D("0.9"), D("0.5"), D("0.2")) == D("2.25")
    with pytest.raises(ValueError, match="capacity is 0"):
        risk_index(D("0.9"), D("0.5"), D(0))


def test_normalised_risk_is_the_geometric_mean_of_h_v_and_lack_of_capacity() -> None:
    # (0.8 × 0.8 × (1 − 0.2))^(1/3) = 0.512^(1/3) = 0.8
    assert normalised_risk(D("0.8"), D("0.8"), D("0.2")).quantize(FOUR) == D("0.8000")
    # (0.9 × 0.5 × 0.8)^(1/3) = 0.36^(1/3) = 0.7114 (0.7114³ = 0.36003)
    assert normalised_risk(D("0.9"), D("0.5"), D("0.2")).quantize(FOUR) == D("0.7114")
    # H = V = 1 − C = 0.5 keeps the components' scale: 0.5
    assert normalised_risk(D("0.5"), D("0.5"), D("0.5")).quantize(FOUR) == D("0.5000")
    # no hazard, no risk; full capacity, no risk
    assert normalised_risk(D(0), D("0.9"), D("0.1")) == 0
    assert normalised_risk(D("0.9"), D("0.9"), D(1)) == 0


def test_the_other_normalisations_are_available() -> None:
    product = RiskMethod(normalisation="lack-of-capacity")
    # 0.5 × 0.5 × (1 − 0.5) = 0.125: three mediums give "low" — why it is not the default
    assert normalised_risk(D("0.5"), D("0.5"), D("0.5"), product) == D("0.125")
    capped = RiskMethod(normalisation="capped-ratio")
    assert normalised_risk(D("0.5"), D("0.5"), D("0.5"), capped) == D("0.5")  # 0.25 / 0.5
    assert normalised_risk(D("0.9"), D("0.5"), D("0.2"), capped) == 1  # 2.25 capped at 1
    assert normalised_risk(D("0.9"), D("0.5"), D(0), capped) == 1  # C = 0
    assert normalised_risk(D(0), D("0.5"), D(0), capped) == 0  # H = 0


@pytest.mark.parametrize(
    ("h", "v", "c", "expected"),
    [
        ("high", "high", "low", "high"),  # H×V high; low capacity → high
        ("high", "high", "high", "medium"),  # H×V high; high capacity → medium
        ("low", "low", "high", "low"),  # H×V low; high capacity → low
        ("low", "low", "low", "medium"),  # H×V low; low capacity → medium
        ("medium", "medium", "medium", "medium"),
        ("low", "high", "low", "high"),  # H×V medium; low capacity → high
        ("high", "low", "high", "low"),  # H×V medium; high capacity → low
    ],
)
def test_it_classes_risk_through_the_matrices(h, v, c, expected) -> None:
    assert risk_class_by_matrix(h, v, c) == expected


def test_the_matrices_are_configurable_and_classes_are_checked() -> None:
    row = ("high", "high", "high")
    method = RiskMethod(hvc_matrix=(row, row, row))
    assert risk_class_by_matrix("low", "low", "high", method) == "high"
    with pytest.raises(ValueError, match="class must be one of"):
        risk_class_by_matrix("tinggi", "low", "low")


def test_social_vulnerability_weights_the_class_scores() -> None:
    # density 750 → medium 2/3; sex 10 → low 1/3; poverty 25 → medium 2/3; disability 5 → low
    # 1/3; age 45 → high 1. (0.6 × 2 + 0.1 × (1 + 2 + 1 + 3)) / 3 = (1.2 + 0.7) / 3 = 0.6333
    assert social_vulnerability(750, 10, 25, 5, 45).quantize(FOUR) == D("0.6333")
    # density 1200 → 1; sex 50 → 1; poverty 20 → 2/3; disability 40 → 2/3; age 19.99 → 1/3.
    # (0.6 × 3 + 0.1 × (3 + 2 + 2 + 1)) / 3 = (1.8 + 0.8) / 3 = 0.8667
    vsos = social_vulnerability(D(1200), D(50), D(20), D(40), D("19.99"))
    assert vsos.quantize(FOUR) == D("0.8667")


def test_social_vulnerability_class_limits_include_500_1000_20_and_40_in_medium() -> None:
    # density: 499 → 1/3, 500 → 2/3, 1000 → 2/3, 1001 → 1; other ratios 0 → 0.4 × 1/3
    low_ratios = (0, 0, 0, 0)
    assert [
        social_vulnerability(d, *low_ratios).quantize(FOUR) for d in (499, 500, 1000, 1001)
    ] == [
        D("0.3333"),  # (0.6 × 1 + 0.4 × 1) / 3
        D("0.5333"),  # (0.6 × 2 + 0.4) / 3 = 1.6 / 3
        D("0.5333"),
        D("0.7333"),  # (0.6 × 3 + 0.4) / 3 = 2.2 / 3
    ]
    # poverty: 19.9 → 1/3, 20 → 2/3, 40 → 2/3, 40.1 → 1; with density 0 (1/3) and others 0:
    # (0.6 + 0.1 × k + 0.3) / 3 for k = 1, 2, 2, 3
    assert [social_vulnerability(0, 0, p, 0, 0).quantize(FOUR) for p in (19.9, 20, 40, 40.1)] == [
        D("0.3333"),
        D("0.3667"),
        D("0.3667"),
        D("0.4000"),
    ]


def test_social_vulnerability_spans_one_third_to_one() -> None:
    lowest = social_vulnerability(0, 0, 0, 0, 0)
    assert lowest == D(1) / 3
    assert index_class(lowest) == "low"
    assert social_vulnerability(5000, 100, 100, 100, 100) == 1


def test_social_vulnerability_rejects_impossible_measures() -> None:
    with pytest.raises(ValueError, match="cannot exceed 100"):
        social_vulnerability(100, 10, 101, 10, 10)
    with pytest.raises(ValueError, match="density"):
        social_vulnerability(-1, 10, 10, 10, 10)


def test_the_method_rejects_inconsistent_settings() -> None:
    with pytest.raises(ValueError, match="thresholds"):
        RiskMethod(class_thresholds=(D("0.7"), D("0.3")))
    with pytest.raises(ValueError, match="normalisation"):
        RiskMethod(normalisation="sum")
    with pytest.raises(ValueError, match="sum to 1"):
        SocialVulnerabilityMethod(weights=(D("0.6"), D("0.1"), D("0.1"), D("0.1"), D("0.2")))
    with pytest.raises(ValueError, match="class limits"):
        SocialVulnerabilityMethod(density_limits=(D(1000), D(500)))


def test_it_bundles_the_assessment() -> None:
    result = assess_risk(D("0.9"), D("0.5"), D("0.2"))
    assert (result.hazard_class, result.vulnerability_class, result.capacity_class) == (
        "high",
        "medium",
        "low",
    )
    assert result.risk == D("2.25")  # 0.9 × 0.5 / 0.2
    assert result.risk_normalised.quantize(FOUR) == D("0.7114")  # (0.36)^(1/3)
    assert result.risk_class == "high"  # 0.7114 ≥ 0.667
    # H×V[high][medium] = high; HVC[high][C low] = high
    assert result.risk_class_by_matrix == "high"
    assert result.method_version == RiskMethod().version
    assert result.normalisation == "geometric-lack-of-capacity"


def test_zero_capacity_has_no_ratio_but_a_normalised_risk() -> None:
    result = assess_risk(D("0.5"), D("0.5"), D(0))
    assert result.risk is None
    # (0.5 × 0.5 × 1)^(1/3) = 0.25^(1/3) = 0.6300 (0.63³ = 0.250047)
    assert result.risk_normalised.quantize(FOUR) == D("0.6300")
    assert result.risk_class == "medium"
