"""Fixtures of the preparedness tests: plans of Kota and Kabupaten Kupang, Fatuleu Barat teams."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tangguh.catalogues.models import HazardType
from tangguh.preparedness import services
from tangguh.preparedness.models import ContingencyPlan, PreparednessTeam
from tangguh.regions.models import Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def hazard(key: str) -> HazardType:
    return HazardType.objects.get(key=key)


def plan_values(**extra: Any) -> dict[str, Any]:
    """A legalised Kota Kupang flood plan valid 2024-2026."""
    base: dict[str, Any] = {
        "region": region("53.71"),
        "hazard": hazard("flood"),
        "title": "Rencana Kontinjensi Banjir Kota Kupang",
        "year": 2024,
        "status": ContingencyPlan.Status.LEGALISED,
        "legal_basis": "SK Wali Kota 188.45/2024",
        "legalised_on": dt.date(2024, 11, 20),
        "valid_from": dt.date(2024, 12, 1),
        "valid_until": dt.date(2026, 12, 31),
    }
    return {**base, **extra}


def team_values(**extra: Any) -> dict[str, Any]:
    """The Tim Kampung Siaga Bencana of Nuataus."""
    base: dict[str, Any] = {
        "region": region("53.01.27.2002"),
        "kind": PreparednessTeam.Kind.KSB,
        "name": "KSB Nuataus",
        "established_on": dt.date(2023, 8, 17),
        "members_women": 12,
        "members_men": 18,
    }
    return {**base, **extra}


@pytest.fixture
def kota_plan(db: Any) -> ContingencyPlan:
    """A legalised flood plan of Kota Kupang (53.71)."""
    return services.create_plan(actor=None, **plan_values())


@pytest.fixture
def kupang_plan(db: Any) -> ContingencyPlan:
    """A draft drought plan of Kabupaten Kupang (53.01)."""
    return services.create_plan(
        actor=None,
        **plan_values(
            region=region("53.01"),
            hazard=hazard("drought"),
            title="Rencana Kontinjensi Kekeringan Kabupaten Kupang",
            year=2025,
            status=ContingencyPlan.Status.DRAFT,
            legal_basis="",
            legalised_on=None,
            valid_from=None,
            valid_until=None,
        ),
    )


@pytest.fixture
def nuataus_team(db: Any) -> PreparednessTeam:
    """The KSB of Nuataus (53.01.27.2002)."""
    return services.create_team(actor=None, **team_values())


@pytest.fixture
def poto_team(db: Any) -> PreparednessTeam:
    """A Destana team of Poto (53.01.27.2001), the village next to Nuataus."""
    return services.create_team(
        actor=None,
        **team_values(
            region=region("53.01.27.2001"),
            kind=PreparednessTeam.Kind.DESTANA,
            name="Forum PRB Poto",
            members_women=None,
            members_men=None,
        ),
    )
