"""The hazard catalogue ships with every installation and resolves DIBI codes and names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.catalogues.loading import hazard_rows, sync_hazards
from tangguh.catalogues.models import HazardType
from tangguh.measures.hazards import HazardResolver

pytestmark = pytest.mark.django_db


def test_the_migrations_load_the_catalogue() -> None:
    assert HazardType.objects.count() == len(hazard_rows())
    flood = HazardType.objects.get(key="flood")
    assert (flood.dibi_code, flood.legacy_code, flood.dibi_code_verified) == ("1010", "101", True)
    assert set(flood.subtypes.values_list("key", flat=True)) >= {
        "flash_flood",
        "tidal_flood",
        "dike_breach",
    }


def test_the_thirteen_perka_hazards_are_families() -> None:
    perka = HazardType.objects.filter(perka_2_2012=True)
    assert perka.count() == 13
    assert not perka.filter(family__isnull=False).exists()


def test_the_older_codes_of_dibi_exports_are_all_known() -> None:
    codes = set(HazardType.objects.exclude(legacy_code="").values_list("legacy_code", flat=True))
    # 101–111 natural hazards; 201, 202, 209, 301 as KodeKat in the DIBI export of 2018 (NTT)
    assert codes == {str(c) for c in range(101, 112)} | {"201", "202", "209", "301"}


def test_a_current_code_is_verified_only_when_a_dibi_export_shows_it() -> None:
    for hazard in HazardType.objects.exclude(dibi_code=""):
        seen = hazard.evidence.startswith("current code seen in a DIBI export")
        assert seen == hazard.dibi_code_verified, hazard.key
        assert "7/2023" not in hazard.evidence  # no unfindable regulation is cited


def test_current_codes_are_not_the_older_codes_times_ten() -> None:
    # The older flat code 103 became 1013, a sub-type of Banjir (1010), not 1030.
    flood_landslide = HazardType.objects.get(key="flood_landslide")
    assert (flood_landslide.legacy_code, flood_landslide.dibi_code) == ("103", "1013")
    assert flood_landslide.family_id == "flood"


def test_syncing_again_changes_nothing() -> None:
    assert sync_hazards(HazardType)["created"] == 0
    assert sync_hazards(HazardType)["updated"] == 0


def test_the_catalogue_resolves_real_dibi_values() -> None:
    resolver = HazardResolver(h.entry() for h in HazardType.objects.all())
    assert resolver.resolve("1022", "Gerakan Tanah").key == "ground_movement"
    assert resolver.resolve("108", "GEMPA BUMI").key == "earthquake"
    assert resolver.resolve(None, "PUTING BELIUNG").key == "whirlwind"
    assert resolver.resolve("1018").key == "flood"
    assert resolver.resolve("201", "Kebakaran").key == "settlement_fire"
    assert resolver.resolve("209").key == "epidemic"


def test_the_catalogue_page_and_api(web, api, kupang_editor) -> None:
    html = web(kupang_editor).get(reverse("catalogues:hazards")).content.decode()
    assert "Flash flood" in html
    assert "1012" in html
    assert "provisional" in html
    body = api(kupang_editor).get("/api/v1/hazards/", {"family": "flood"}).json()
    assert {row["key"] for row in body} >= {"flash_flood", "tidal_flood"}
    phases = api(kupang_editor).get("/api/v1/disaster-phases/").json()
    assert [p["value"] for p in phases] == ["pra", "saat", "pasca"]
