"""Method versions and profile computations against hand-computed figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tangguh.catalogues.models import HazardType
from tangguh.measures.risk import RiskMethod
from tangguh.regions.models import Region
from tangguh.risk.models import RiskMethodVersion, RiskProfile

pytestmark = pytest.mark.django_db

SEEDED = "perka-2-2012/tangguh-2026.1"


def profile(method: RiskMethodVersion | None = None, **values) -> RiskProfile:
    result = RiskProfile(
        region=Region.objects.get(code="53.01.27.2002"),
        hazard=HazardType.objects.get(key="drought"),
        method=method or RiskMethodVersion.current(),
        year=2024,
        **values,
    )
    result.compute()
    return result


def test_the_seeded_version_is_current_and_equals_the_measures_defaults() -> None:
    version = RiskMethodVersion.current()
    assert version.version == SEEDED
    assert version.is_current
    assert "Peraturan Kepala BNPB No. 2 Tahun 2012" in version.legal_basis
    configured, defaults = version.as_method(), RiskMethod()
    assert configured.class_thresholds == defaults.class_thresholds
    assert configured.normalisation == defaults.normalisation
    assert configured.hv_matrix == defaults.hv_matrix
    assert configured.hvc_matrix == defaults.hvc_matrix
    assert configured.social == defaults.social
    assert {"class_thresholds", "hv_matrix", "hvc_matrix"} <= set(version.evidence)
    assert version.evidence["hvc_matrix"].startswith("[U]")


def test_indices_give_classes_and_risk_as_computed_by_hand() -> None:
    # H = 0.7 (high: ≥ 0.667), V = 0.5 (medium), C = 0.2 (low: < 0.334)
    p = profile(
        hazard_index=Decimal("0.7"),
        vulnerability_index=Decimal("0.5"),
        capacity_index=Decimal("0.2"),
    )
    assert (p.hazard_class, p.vulnerability_class, p.capacity_class) == ("high", "medium", "low")
    # R = 0.7 × 0.5 / 0.2 = 1.75
    assert p.risk_ratio == Decimal("1.75")
    # R_norm = (0.7 × 0.5 × (1 − 0.2))^(1/3) = 0.28^(1/3) = 0.654213…, medium (< 0.667)
    assert p.risk_normalised == Decimal("0.654213")
    assert p.risk_class_by_index == "medium"
    # Matrix: H high × V medium → high; high with C low → high
    assert p.risk_class_by_matrix == "high"
    # The seeded version takes the matrix class
    assert (p.risk_class, p.basis) == ("high", "indices")


def test_three_medium_indices_stay_medium() -> None:
    p = profile(
        hazard_index=Decimal("0.5"),
        vulnerability_index=Decimal("0.5"),
        capacity_index=Decimal("0.5"),
    )
    # R = 0.25 / 0.5 = 0.5; R_norm = 0.125^(1/3) = 0.5
    assert (p.risk_ratio, p.risk_normalised) == (Decimal("0.5"), Decimal("0.5"))
    assert (p.risk_class_by_index, p.risk_class_by_matrix, p.risk_class) == ("medium",) * 3


def test_zero_capacity_leaves_r_undefined_but_the_classes_known() -> None:
    p = profile(
        hazard_index=Decimal("0.9"), vulnerability_index=Decimal("0.8"), capacity_index=Decimal("0")
    )
    assert p.risk_ratio is None
    # (0.9 × 0.8 × 1)^(1/3) = 0.72^(1/3) = 0.896281…
    assert p.risk_normalised == Decimal("0.896281")
    assert p.risk_class == "high"


def test_a_version_that_classes_by_index_gives_the_index_class() -> None:
    seeded = RiskMethodVersion.current()
    by_index = RiskMethodVersion.objects.create(
        **{
            f.name: getattr(seeded, f.name)
            for f in RiskMethodVersion._meta.concrete_fields
            if f.name not in ("id", "version", "is_current", "created_at", "class_rule")
        },
        version="test/by-index",
        class_rule="index",
    )
    p = profile(
        by_index,
        hazard_index=Decimal("0.7"),
        vulnerability_index=Decimal("0.5"),
        capacity_index=Decimal("0.2"),
    )
    assert (p.risk_class, p.risk_class_by_matrix) == ("medium", "high")


def test_classes_only_are_combined_by_matrix() -> None:
    # H high × V low → medium; medium with C high → low
    p = profile(hazard_class="high", vulnerability_class="low", capacity_class="high")
    assert (p.risk_class_by_matrix, p.risk_class, p.basis) == ("low", "low", "classes")
    assert p.risk_ratio is None
    assert p.risk_normalised is None


def test_a_given_risk_class_is_kept_beside_the_computed_ones() -> None:
    p = profile(
        hazard_index=Decimal("0.7"),
        vulnerability_index=Decimal("0.5"),
        capacity_index=Decimal("0.2"),
        risk_class_given="medium",
    )
    assert (p.risk_class, p.basis, p.risk_class_by_matrix) == ("medium", "given", "high")


def test_a_given_risk_index_is_classed_with_the_thresholds() -> None:
    p = profile(risk_index_given=Decimal("0.3339"))
    assert (p.risk_class, p.basis) == ("low", "given")
    assert profile(risk_index_given=Decimal("0.334")).risk_class == "medium"
    assert profile(risk_index_given=Decimal("0.667")).risk_class == "high"


def test_a_class_that_contradicts_its_index_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        profile(hazard_index=Decimal("0.2"), hazard_class="high")
    assert "hazard_class" in caught.value.message_dict
    assert "0.2" in caught.value.message_dict["hazard_class"][0]


def test_too_little_to_work_out_a_risk_class_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        profile(hazard_index=Decimal("0.5"), vulnerability_class="low")
    assert "__all__" in caught.value.message_dict


def test_a_province_is_not_a_profile_region() -> None:
    p = profile(risk_class_given="low")
    p.region = Region.objects.get(code="53")
    with pytest.raises(ValidationError) as caught:
        p.full_clean()
    assert "region" in caught.value.message_dict


def test_an_inconsistent_method_version_is_refused() -> None:
    seeded = RiskMethodVersion.current()
    seeded.class_threshold_low = Decimal("0.8")
    with pytest.raises(ValidationError):
        seeded.full_clean()
    seeded.class_threshold_low = Decimal("0.334")
    seeded.hvc_matrix = [["low", "low"], ["high"]]
    with pytest.raises(ValidationError):
        seeded.full_clean()
