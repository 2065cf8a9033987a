"""Audited writes on risk profiles, climate vulnerability, IRBI scores and risk method versions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.risk.choices import ScoreBasis
from tangguh.risk.computing import COMPONENTS
from tangguh.risk.models import ClimateVulnerability, RiskMethodVersion, RiskProfile, RiskScore


def _prepared(profile: RiskProfile) -> RiskProfile:
    """Compute the profile's classes and risk, then validate it (ValidationError by field)."""
    profile.compute()
    profile.full_clean()
    return profile


@transaction.atomic
def create_risk_profile(*, actor: Any, **values: Any) -> RiskProfile:
    """Record a risk profile; classes and risk are computed with its method (default: current)."""
    values.setdefault("method", None)
    if values["method"] is None:
        values["method"] = RiskMethodVersion.current()
    profile = _prepared(RiskProfile(**values))
    audit.check_allowed(actor, "add", profile)
    profile.save()
    audit.record_change(
        actor, ChangeRecord.Action.CREATE, profile, audit.diff({}, audit.snapshot(profile))
    )
    return profile


def _inputs_for_update(stored: RiskProfile, values: dict[str, Any]) -> dict[str, Any]:
    """A component's class follows its index: an unchanged class sent with a new index (as a
    full update does) is recomputed rather than taken as a disagreement."""
    values = dict(values)
    for name in COMPONENTS:
        index_name, class_name = f"{name}_index", f"{name}_class"
        index = values.get(index_name, getattr(stored, index_name))
        if class_name in values and values[class_name] == getattr(stored, class_name):
            if index is not None:
                values[class_name] = ""
        elif index_name in values and class_name not in values and index is not None:
            values[class_name] = ""
    for name in RiskProfile.COMPUTED_FIELDS:
        values.pop(name, None)
    return values


@transaction.atomic
def update_risk_profile(profile: RiskProfile, *, actor: Any, **values: Any) -> RiskProfile:
    """Change a profile; its classes and risk are computed again (`method=None` keeps its method
    version)."""
    if "method" in values and values["method"] is None:
        values.pop("method")
    stored = RiskProfile.objects.select_related("method", "region").get(pk=profile.pk)
    audit.check_allowed(actor, "change", stored)
    before = audit.snapshot(stored)
    for name, value in _inputs_for_update(stored, values).items():
        setattr(stored, name, value)
    _prepared(stored)
    audit.check_allowed(actor, "change", stored)
    changes = audit.diff(before, audit.snapshot(stored))
    if changes:
        stored.save()
        audit.record_change(actor, ChangeRecord.Action.UPDATE, stored, changes)
    return stored


@transaction.atomic
def delete_risk_profile(profile: RiskProfile, *, actor: Any) -> None:
    """Remove a profile."""
    audit.delete_record(profile, actor=actor)


@transaction.atomic
def create_climate_vulnerability(*, actor: Any, **values: Any) -> ClimateVulnerability:
    """Record a village's climate vulnerability class (SIDIK)."""
    return audit.create_record(ClimateVulnerability, actor=actor, **values)


@transaction.atomic
def update_climate_vulnerability(
    record: ClimateVulnerability, *, actor: Any, **values: Any
) -> ClimateVulnerability:
    """Change a climate vulnerability record."""
    return audit.update_record(record, actor=actor, **values)


@transaction.atomic
def delete_climate_vulnerability(record: ClimateVulnerability, *, actor: Any) -> None:
    """Remove a climate vulnerability record."""
    audit.delete_record(record, actor=actor)


@transaction.atomic
def create_risk_score(*, actor: Any, **values: Any) -> RiskScore:
    """Record a regency's IRBI score; without a class given, the class of BNPB's published
    bounds (see `tangguh.measures.irbi`)."""
    return audit.create_record(RiskScore, actor=actor, **values)


@transaction.atomic
def update_risk_score(record: RiskScore, *, actor: Any, **values: Any) -> RiskScore:
    """Change an IRBI score; a class given is kept, an emptied class follows the score again.
    (The record is not called `score`: that is one of the values it takes.)"""
    if "score_class" in values:
        values["class_basis"] = ScoreBasis.GIVEN if values["score_class"] else ""
    return audit.update_record(record, actor=actor, **values)


@transaction.atomic
def delete_risk_score(score: RiskScore, *, actor: Any) -> None:
    """Remove an IRBI score."""
    audit.delete_record(score, actor=actor)


@transaction.atomic
def create_risk_method_version(
    *, actor: Any, make_current: bool = False, **values: Any
) -> RiskMethodVersion:
    """Add a method version (the system or a superuser only: it is province-wide configuration).

    Existing profiles keep the version they were computed with.
    """
    version = audit.create_record(RiskMethodVersion, actor=actor, needs="manage", **values)
    if make_current:
        set_current_risk_method(version, actor=actor)
    return version


@transaction.atomic
def set_current_risk_method(version: RiskMethodVersion, *, actor: Any) -> RiskMethodVersion:
    """Make a version the one new profiles are computed with."""
    for other in RiskMethodVersion.objects.filter(is_current=True).exclude(pk=version.pk):
        audit.update_record(other, actor=actor, needs="manage", is_current=False)
    return audit.update_record(version, actor=actor, needs="manage", is_current=True)
