"""Audited writes: profiles, climate classes and method versions, inside the actor's regions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord
from tangguh.regions.models import Region
from tangguh.risk import services
from tangguh.risk.models import ClimateVulnerability, RiskMethodVersion, RiskProfile

pytestmark = pytest.mark.django_db


def create(actor, code: str = "53.01.27.2002", hazard: str = "drought", **values) -> RiskProfile:
    values = values or {
        "hazard_index": Decimal("0.7"),
        "vulnerability_index": Decimal("0.5"),
        "capacity_index": Decimal("0.2"),
    }
    return services.create_risk_profile(
        actor=actor,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard),
        year=2024,
        **values,
    )


def test_a_profile_is_created_with_the_current_method_and_audited(kupang_editor) -> None:
    profile = create(kupang_editor)
    assert profile.method.version == "perka-2-2012/tangguh-2026.1"
    assert profile.risk_class == "high"
    change = ChangeRecord.objects.get(model="risk.riskprofile", object_id=str(profile.pk))
    assert change.actor == kupang_editor
    assert change.action == "create"
    assert change.region_code == "53.01.27.2002"
    assert change.changes["risk_class"] == [None, "high"]


def test_an_editor_of_another_regency_may_not_create_or_change(kupang_editor, kota_editor) -> None:
    with pytest.raises(PermissionDenied):
        create(kota_editor)
    profile = create(kupang_editor)
    with pytest.raises(PermissionDenied):
        services.update_risk_profile(profile, actor=kota_editor, hazard_index=Decimal("0.1"))
    with pytest.raises(PermissionDenied):
        services.delete_risk_profile(profile, actor=kota_editor)
    assert RiskProfile.objects.count() == 1


def test_a_village_officer_acts_only_in_their_village(village_officer) -> None:
    assert create(village_officer).region_id == "53.01.27.2002"
    with pytest.raises(PermissionDenied):
        create(village_officer, code="53.01.27.2001")


def test_updating_an_index_recomputes_its_class_and_the_risk(kupang_editor) -> None:
    profile = create(kupang_editor)
    # A full update sends the stored (computed) classes back with the new index.
    updated = services.update_risk_profile(
        profile,
        actor=kupang_editor,
        hazard_index=Decimal("0.2"),
        hazard_class="high",
        capacity_index=Decimal("0.8"),
    )
    assert (updated.hazard_class, updated.capacity_class) == ("low", "high")
    # H low × V medium → low; low with C high → low
    assert updated.risk_class == "low"
    change = ChangeRecord.objects.filter(action="update").get()
    assert change.changes["hazard_class"] == ["high", "low"]
    assert change.changes["risk_class"] == ["high", "low"]


def test_a_contradicting_class_in_an_update_is_refused(kupang_editor) -> None:
    profile = create(kupang_editor)
    with pytest.raises(ValidationError) as caught:
        services.update_risk_profile(profile, actor=kupang_editor, hazard_class="low")
    assert "hazard_class" in caught.value.message_dict


def test_an_unchanged_update_writes_no_change(kupang_editor) -> None:
    profile = create(kupang_editor)
    services.update_risk_profile(profile, actor=kupang_editor, hazard_index=Decimal("0.7"))
    assert not ChangeRecord.objects.filter(action="update").exists()


def test_a_second_profile_for_the_same_key_is_refused(kupang_editor) -> None:
    create(kupang_editor)
    with pytest.raises(ValidationError) as caught:
        create(kupang_editor)
    assert "already has a profile" in str(caught.value)
    create(kupang_editor, hazard="flood")


def test_deleting_is_audited(kupang_editor) -> None:
    profile = create(kupang_editor)
    services.delete_risk_profile(profile, actor=kupang_editor)
    assert not RiskProfile.objects.exists()
    assert ChangeRecord.objects.filter(action="delete", model="risk.riskprofile").exists()


def test_climate_classes_are_audited_and_scoped(kupang_editor, kota_editor) -> None:
    village = Region.objects.get(code="53.01.27.2002")
    record = services.create_climate_vulnerability(
        actor=kupang_editor, region=village, year=2021, vulnerability_class="high"
    )
    services.update_climate_vulnerability(record, actor=kupang_editor, vulnerability_class="medium")
    assert ClimateVulnerability.objects.get().vulnerability_class == "medium"
    with pytest.raises(PermissionDenied):
        services.update_climate_vulnerability(record, actor=kota_editor, vulnerability_class="low")
    with pytest.raises(ValidationError):
        services.create_climate_vulnerability(
            actor=kupang_editor, region=village, year=2021, vulnerability_class="low"
        )
    with pytest.raises(ValidationError):
        services.create_climate_vulnerability(
            actor=kupang_editor, region=village, year=2022, vulnerability_class="extreme"
        )
    assert ChangeRecord.objects.filter(model="risk.climatevulnerability").count() == 2


def test_method_versions_are_for_superusers_and_old_profiles_keep_theirs(
    kupang_editor, province_manager, superuser
) -> None:
    seeded = RiskMethodVersion.current()
    old = create(kupang_editor)
    values = {
        f.name: getattr(seeded, f.name)
        for f in RiskMethodVersion._meta.concrete_fields
        if f.name not in ("id", "version", "is_current", "created_at", "class_rule")
    }
    with pytest.raises(PermissionDenied):
        services.create_risk_method_version(
            actor=province_manager, version="x", class_rule="index", **values
        )
    newer = services.create_risk_method_version(
        actor=superuser,
        version="perka-2-2012/test-2",
        class_rule="index",
        make_current=True,
        **values,
    )
    assert RiskMethodVersion.current() == newer
    assert not RiskMethodVersion.objects.get(pk=seeded.pk).is_current
    fresh = create(kupang_editor, hazard="flood")
    assert fresh.method == newer
    assert fresh.risk_class == "medium"  # by index under the new version
    old.refresh_from_db()
    assert (old.method, old.risk_class) == (seeded, "high")
