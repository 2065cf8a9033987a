"""What the risk app publishes to the rest of tangguh: a region's key figures (its risk classes)
on region pages, and the search over hazards and regions with risk profiles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tangguh.catalogues.models import HazardType
from tangguh.core.registry import region_summaries, search_providers
from tangguh.regions.models import Region
from tangguh.risk import services
from tangguh.risk.summaries import region_facts, search

pytestmark = pytest.mark.django_db


def make(code: str, hazard: str, year: int = 2024, **values) -> None:
    services.create_risk_profile(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard),
        year=year,
        **values,
    )


@pytest.fixture
def profiles() -> None:
    make("53.01.27.2002", "drought", risk_class_given="high")
    make("53.01.27.2002", "drought", year=2020, risk_class_given="low")
    make("53.01.27.2001", "drought", risk_class_given="medium")
    make("53.01.27.2002", "flood", risk_class_given="low")
    make("53.71.01.1001", "flood", risk_class_given="high")
    services.create_climate_vulnerability(
        actor=None,
        region=Region.objects.get(code="53.01.27.2002"),
        year=2021,
        vulnerability_class="very_high",
        index=Decimal("0.9"),
    )


def test_a_village_s_facts_are_its_latest_class_per_hazard_and_climate_class(
    kupang_editor, profiles
) -> None:
    facts = {str(f.label): f for f in region_facts(kupang_editor, "53.01.27.2002")}
    assert facts["Risk of Drought"].value == "High"  # 2024, not the older 2020 profile
    assert facts["Risk of Drought"].url.startswith("/risk/profiles/")
    assert facts["Risk of Flood"].value == "Low"
    assert facts["Climate vulnerability (SIDIK)"].value == "Very high"


def test_a_regency_s_facts_count_its_villages_at_high_risk(kupang_editor, profiles) -> None:
    facts = {str(f.label): f for f in region_facts(kupang_editor, "53.01")}
    drought = facts["Villages at high risk of Drought"]
    assert drought.value == 1
    assert "of 2 with a profile" in str(drought.note)
    assert "risk_class=high" in drought.url
    assert facts["Villages at high risk of Flood"].value == 0


def test_facts_keep_to_the_user_s_regions(kota_editor, village_officer, profiles) -> None:
    assert region_facts(kota_editor, "53.01.27.2002") == []
    assert region_facts(kota_editor, "53.01") == []
    assert region_facts(village_officer, "53.01.27.2001") == []
    shown = {str(label) for label, _facts in region_summaries(village_officer, "53.01.27.2002")}
    assert "Disaster risk" in shown


def test_the_search_finds_hazards_and_regions_with_profiles(kupang_editor, profiles) -> None:
    hits = search(kupang_editor, "kering", 10) + search(kupang_editor, "Nuataus", 10)
    titles = [h.title for h in hits]
    assert "Risk profiles: Drought" in titles
    assert "Disaster risk · Nuataus" in titles
    drought = next(h for h in hits if h.title == "Risk profiles: Drought")
    assert drought.url == "/risk/profiles/?hazard=drought"
    assert drought.detail == "3 profiles"
    assert "risk" in {p.name for p in search_providers()}


def test_the_search_keeps_to_the_user_s_regions(kota_editor, profiles) -> None:
    assert search(kota_editor, "Nuataus", 10) == []
    [hit] = search(kota_editor, "Banjir", 10)
    assert (hit.title, hit.detail) == ("Risk profiles: Flood", "1 profile")
