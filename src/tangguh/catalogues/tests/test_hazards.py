"""The hazard catalogue ships with every installation and resolves DIBI codes and names."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tangguh.catalogues.loading import hazard_rows, sync_hazards
from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord
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


def test_syncing_again_changes_nothing_and_logs_nothing() -> None:
    report = sync_hazards(HazardType)
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(hazard_rows()))
    assert not ChangeRecord.objects.filter(model="catalogues.hazardtype").exists()


def test_a_load_that_changes_the_catalogue_leaves_one_change_record(capsys) -> None:
    HazardType.objects.filter(key="flood").update(name_en="Flooding")
    HazardType.objects.filter(key="other").delete()  # a family without sub-types
    call_command("load_hazards")
    total = len(hazard_rows())
    assert f"created 1 / updated 1 / unchanged {total - 2}" in capsys.readouterr().out
    assert HazardType.objects.get(key="flood").name_en == "Flood"
    [change] = ChangeRecord.objects.filter(model="catalogues.hazardtype")
    assert (change.action, change.actor, change.source) == ("import", None, "cli")
    assert change.changes["file"] == [None, "hazards.csv"]
    assert (change.changes["created"][1], change.changes["updated"][1]) == (1, 1)
    assert len(change.changes["sha256"][1]) == 64


def test_a_dry_run_counts_and_writes_nothing(capsys) -> None:
    HazardType.objects.filter(key="flood").update(name_en="Flooding")
    call_command("load_hazards", "--dry-run")
    assert "[dry run] created 0 / updated 1 /" in capsys.readouterr().out
    assert HazardType.objects.get(key="flood").name_en == "Flooding"
    assert not ChangeRecord.objects.filter(model="catalogues.hazardtype").exists()


def test_a_bad_catalogue_file_is_refused_whole_with_its_lines(tmp_path, capsys) -> None:
    path = tmp_path / "hazards.csv"
    path.write_text(
        "key,family,name_id,name_en,dibi_code_verified\n"
        "flood,,Banjir,Flood NEW,1\n"
        "Bad Key,,X,X,0\n"
        "flash_flood,nothing,Banjir Bandang,Flash flood,maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="3 problem"):
        call_command("load_hazards", str(path))
    err = capsys.readouterr().err
    assert "hazards.csv:3" in err
    assert "hazards.csv:4" in err
    assert "the family nothing is not on an earlier line" in err
    assert "hazards.csv:4 [dibi_code_verified]" in err
    assert HazardType.objects.get(key="flood").name_en == "Flood"


def test_only_superusers_change_the_catalogue(province_manager, superuser) -> None:
    with pytest.raises(CommandError, match="Only superusers"):
        call_command("load_hazards", "--actor", province_manager.username)
    HazardType.objects.filter(key="flood").update(name_en="Flooding")
    call_command("load_hazards", "--actor", superuser.username)
    change = ChangeRecord.objects.get(model="catalogues.hazardtype")
    assert change.actor == superuser


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
