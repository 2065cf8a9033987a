"""Risk pages and API: they render, filter, export, start import jobs, and keep to the user's
regions (a 53.01 member can neither read nor change a 53.71 profile)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord, Job
from tangguh.core.testing import text_of
from tangguh.regions.models import Region
from tangguh.risk import services
from tangguh.risk.demo import load_demo
from tangguh.risk.models import ClimateVulnerability, RiskProfile

pytestmark = pytest.mark.django_db


def make(code: str, hazard: str = "drought", year: int = 2024, **values) -> RiskProfile:
    values = values or {
        "hazard_index": Decimal("0.7"),
        "vulnerability_index": Decimal("0.5"),
        "capacity_index": Decimal("0.2"),
    }
    return services.create_risk_profile(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard),
        year=year,
        **values,
    )


@pytest.fixture
def profiles() -> dict[str, RiskProfile]:
    return {
        "nuataus": make("53.01.27.2002"),  # high
        "poto": make("53.01.27.2001", risk_class_given="low"),
        "poto_flood": make("53.01.27.2001", "flood", risk_class_given="medium"),
        "poto_old": make("53.01.27.2001", year=2020, risk_class_given="high"),
        "kota": make("53.71.01.1001", "flood", risk_class_given="high"),
    }


def test_the_summary_counts_villages_per_class_for_each_hazard(web, kupang_editor, profiles):
    response = web(kupang_editor).get("/risk/", {"region": "53.01"})
    assert response.status_code == 200
    rows = {row.hazard.key: row for row in response.context["rows"]}
    # Drought: Nuataus high, Poto low (its 2024 profile, not the older 2020 one)
    assert rows["drought"].counts == {"low": 1, "medium": 0, "high": 1}
    assert rows["flood"].counts == {"low": 0, "medium": 1, "high": 0}
    villages = Region.objects.within("53.01").filter(level=4, is_active=True).count()
    assert rows["drought"].missing == villages - 2
    chart = response.context["chart"]
    assert chart["labels"] == ["Drought", "Flood"] or chart["labels"] == ["Flood", "Drought"]
    assert [d["key"] for d in chart["datasets"]] == ["low", "medium", "high", "none"]
    assert b'id="risk-chart-data"' in response.content
    old = web(kupang_editor).get("/risk/", {"region": "53.01", "year": 2020}).context["rows"]
    assert [(r.hazard.key, r.counts["high"]) for r in old] == [("drought", 1)]


def test_the_summary_defaults_to_the_user_s_regency(web, village_officer, profiles):
    response = web(village_officer).get("/risk/")
    assert response.context["region"].code == "53.01"


def test_another_regency_s_summary_and_map_are_forbidden(web, kupang_editor, profiles):
    client = web(kupang_editor)
    assert client.get("/risk/", {"region": "53.71"}).status_code == 403
    assert client.get("/risk/map/", {"region": "53.71"}).status_code == 403
    assert client.get("/risk/map/53.71/shapes.geojson").status_code == 403
    assert client.get("/risk/map/53.71/classes.json", {"hazard": "flood"}).status_code == 403
    assert client.get("/risk/regions/53.71.01.1001/").status_code == 403
    assert client.get("/risk/regions/53.71.01.1001/section/").content == b""


def test_the_map_data_colours_the_regency_s_villages(web, kupang_editor, profiles):
    client = web(kupang_editor)
    page = client.get("/risk/map/", {"region": "53.01", "hazard": "drought"})
    assert page.status_code == 200
    assert page.context["hazard"].key == "drought"
    assert {h.key for h in page.context["hazards"]} == {"drought", "flood"}
    assert b'id="risk-legend"' in page.content
    response = client.get("/risk/map/53.01/classes.json", {"hazard": "drought"})
    classes = json.loads(response.content)["villages"]
    assert classes["53.01.27.2002"] == ["high", profiles["nuataus"].year]
    assert classes["53.01.27.2001"] == ["low", 2024]  # the latest, not the 2020 profile
    year_2020 = client.get("/risk/map/53.01/classes.json", {"hazard": "drought", "year": 2020})
    assert json.loads(year_2020.content)["villages"] == {"53.01.27.2001": ["high", 2020]}
    assert "53.01.27.2003" not in classes  # no profile: the page's legend says so
    assert b'data-profile-url="/risk/regions/CODE/"' in page.content
    shapes = json.loads(client.get("/risk/map/53.01/shapes.geojson").content)
    villages = {
        f["properties"]["code"]: f["properties"]
        for f in shapes["features"]
        if f["properties"]["role"] == "village"
    }
    assert villages["53.01.27.2002"]["name"] == "Nuataus"
    assert (
        len(villages)
        == Region.objects.within("53.01")
        .filter(level=4, is_active=True, boundary__isnull=False)
        .count()
    )
    assert any(f["properties"]["role"] == "outline" for f in shapes["features"])


def test_the_map_s_shapes_and_classes_are_revalidated_not_sent_again(web, kupang_editor, profiles):
    client = web(kupang_editor)
    first = client.get("/risk/map/53.01/shapes.geojson")
    assert first["Cache-Control"] == "private, no-cache"
    assert first["ETag"]
    again = client.get("/risk/map/53.01/shapes.geojson", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    classes = client.get("/risk/map/53.01/classes.json", {"hazard": "drought"})
    same = client.get(
        "/risk/map/53.01/classes.json", {"hazard": "drought"}, HTTP_IF_NONE_MATCH=classes["ETag"]
    )
    assert same.status_code == 304
    other = client.get(
        "/risk/map/53.01/classes.json", {"hazard": "flood"}, HTTP_IF_NONE_MATCH=classes["ETag"]
    )
    assert other.status_code == 200
    assert other["ETag"] != classes["ETag"]
    # A village loaded again (new boundary) changes the shapes' validator.
    Region.objects.filter(code="53.01.27.2002").update(updated_at=timezone.now())
    moved = client.get("/risk/map/53.01/shapes.geojson", HTTP_IF_NONE_MATCH=first["ETag"])
    assert moved.status_code == 200
    assert moved["ETag"] != first["ETag"]


def test_the_map_of_a_village_or_the_province_is_not_found(web, kupang_editor, profiles):
    client = web(kupang_editor)
    assert client.get("/risk/map/53.01.27.2002/shapes.geojson").status_code == 404
    assert client.get("/risk/map/53.01.27.2002/classes.json").status_code == 404


def test_a_village_page_lists_its_profiles_and_climate_class(web, village_officer, profiles):
    services.create_climate_vulnerability(
        actor=None,
        region=Region.objects.get(code="53.01.27.2002"),
        year=2021,
        vulnerability_class="high",
    )
    client = web(village_officer)  # a member of Nuataus only
    assert client.get("/risk/regions/53.01.27.2001/").status_code == 403
    response = client.get("/risk/regions/53.01.27.2002/")
    assert response.status_code == 200
    assert list(response.context["profiles"]) == [profiles["nuataus"]]
    assert [c.vulnerability_class for c in response.context["climate"]] == ["high"]
    assert b'data-testid="risk-section"' in response.content


def test_the_region_section_shows_profiles_climate_and_old_ones_greyed(
    web, kupang_editor, profiles
):
    services.create_climate_vulnerability(
        actor=None,
        region=Region.objects.get(code="53.01.27.2001"),
        year=2021,
        vulnerability_class="very_high",
    )
    response = web(kupang_editor).get("/risk/regions/53.01.27.2001/section/")
    text = response.content.decode()
    assert 'data-testid="risk-section"' in text
    assert "Very high" in text
    assert response.context["latest"] == {profiles["poto"].pk, profiles["poto_flood"].pk}
    assert text.count('class="inactive"') == 1


def test_the_profile_list_filters_and_exports_csv(web, kupang_editor, profiles):
    client = web(kupang_editor)
    response = client.get("/risk/profiles/", {"hazard": "drought", "year": 2024})
    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {profiles["nuataus"], profiles["poto"]}
    export = client.get("/risk/profiles/", {"risk_class": "high", "export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text_of(export))))
    assert {(r["region_code"], r["year"]) for r in rows} == {
        ("53.01.27.2002", "2024"),
        ("53.01.27.2001", "2020"),
    }
    assert all(r["region_code"].startswith("53.01") for r in rows)


def test_the_climate_list_exports_csv(web, kupang_editor):
    services.create_climate_vulnerability(
        actor=None,
        region=Region.objects.get(code="53.01.27.2001"),
        year=2021,
        vulnerability_class="high",
    )
    services.create_climate_vulnerability(
        actor=None,
        region=Region.objects.get(code="53.71.01.1001"),
        year=2021,
        vulnerability_class="low",
    )
    client = web(kupang_editor)
    assert client.get("/risk/climate/").context["page"].paginator.count == 1
    rows = list(csv.DictReader(io.StringIO(text_of(client.get("/risk/climate/?export=csv")))))
    assert [(r["region_code"], r["climate_vulnerability_class"]) for r in rows] == [
        ("53.01.27.2001", "high")
    ]


def test_profile_pages_render_and_scope_writes(web, kupang_editor, kota_editor, profiles):
    client = web(kupang_editor)
    detail = client.get(f"/risk/profiles/{profiles['nuataus'].pk}/")
    assert detail.status_code == 200
    assert b"1.75" in detail.content
    assert b"perka-2-2012/tangguh-2026.1" in detail.content
    assert client.get(f"/risk/profiles/{profiles['kota'].pk}/").status_code == 403
    assert client.get(f"/risk/profiles/{profiles['kota'].pk}/edit/").status_code == 403
    assert client.post(f"/risk/profiles/{profiles['kota'].pk}/delete/").status_code == 403
    assert RiskProfile.objects.filter(pk=profiles["kota"].pk).exists()
    other = web(kota_editor)
    assert other.get(f"/risk/profiles/{profiles['nuataus'].pk}/").status_code == 403


def test_a_profile_is_added_edited_and_deleted_in_the_browser_forms(web, kupang_editor):
    client = web(kupang_editor)
    assert client.get("/risk/profiles/new/").status_code == 200
    response = client.post(
        "/risk/profiles/new/",
        {
            "region": "5301272003",
            "hazard": "flood",
            "year": "2024",
            "hazard_class": "high",
            "vulnerability_class": "low",
            "capacity_class": "high",
        },
    )
    profile = RiskProfile.objects.get()
    assert response.status_code == 302
    assert (profile.region_id, profile.risk_class, profile.basis) == (
        "53.01.27.2003",
        "low",
        "classes",
    )
    response = client.post(
        f"/risk/profiles/{profile.pk}/edit/",
        {
            "region": "53.01.27.2003",
            "hazard": "flood",
            "year": "2024",
            "hazard_index": "0.2",
            "hazard_class": "medium",
            "vulnerability_class": "low",
            "capacity_class": "high",
        },
    )
    assert response.status_code == 200  # the class contradicts the index
    assert "does not fit the index" in response.content.decode()
    response = client.post(
        f"/risk/profiles/{profile.pk}/edit/",
        {
            "region": "53.71.01.1001",
            "hazard": "flood",
            "year": "2024",
            "hazard_class": "high",
            "vulnerability_class": "low",
            "capacity_class": "high",
        },
    )
    assert "outside" in response.content.decode() or "may not" in response.content.decode()
    assert RiskProfile.objects.get().region_id == "53.01.27.2003"
    client.post(f"/risk/profiles/{profile.pk}/delete/")
    assert not RiskProfile.objects.exists()


def test_the_import_page_runs_a_background_job(
    web, kupang_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = web(kupang_editor)
    assert client.get("/risk/import/").status_code == 200
    upload = SimpleUploadedFile(
        "inarisk.csv",
        b"Kode Desa,Bahaya,Kelas Risiko\n53.01.27.2002,Kekeringan,Tinggi\n",
        content_type="text/csv",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/risk/import/", {"upload": upload, "year": "2023", "source": "InaRISK"}
        )
    job = Job.objects.get(kind="risk.import")
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done", job.message
    assert job.result["created"] == 1
    profile = RiskProfile.objects.get()
    assert (profile.year, profile.source) == (2023, "InaRISK")
    assert ChangeRecord.objects.get(model="risk.riskprofile").source == "task"
    assert not any(Path(tmp_path).glob("imports/*/*"))


def test_a_failed_import_job_lists_the_problems(
    web, kupang_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(
        "x.csv", b"Kode Desa,Bahaya,Kelas Risiko\n53.71.01.1001,Banjir,Tinggi\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        web(kupang_editor).post("/risk/import/", {"upload": upload})
    job = Job.objects.get(kind="risk.import")
    assert job.status == "failed"
    [problem] = job.result["errors"]
    assert (problem["line"], problem["column"]) == (2, "Kode Desa")
    assert "outside the regions you may change" in problem["message"]
    page = web(kupang_editor).get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="import-report"' in page
    assert "outside the regions you may change" in page
    assert not RiskProfile.objects.exists()


def test_viewers_may_not_import(web, make_user):
    viewer = make_user("viewer", {"53.01": "viewer"})
    assert web(viewer).get("/risk/import/").status_code == 403


def test_the_methods_page_shows_parameters_and_legal_basis(web, kupang_editor):
    response = web(kupang_editor).get("/risk/methods/")
    text = response.content.decode()
    assert "perka-2-2012/tangguh-2026.1" in text
    assert "Peraturan Kepala BNPB No. 2 Tahun 2012" in text
    assert text.count('data-testid="matrix"') == 2


def test_the_api_lists_only_the_member_s_profiles(api, kupang_editor, profiles):
    body = api(kupang_editor).get("/api/v1/risk-profiles/").json()
    assert body["count"] == 4
    assert {row["region"][:5] for row in body["results"]} == {"53.01"}
    filtered = (
        api(kupang_editor)
        .get(
            "/api/v1/risk-profiles/", {"region": "53.01.27.2001", "year": 2024, "hazard": "drought"}
        )
        .json()
    )
    assert [row["id"] for row in filtered["results"]] == [profiles["poto"].pk]
    by_class = api(kupang_editor).get("/api/v1/risk-profiles/", {"risk_class": "high"}).json()
    assert by_class["count"] == 2
    row = api(kupang_editor).get(f"/api/v1/risk-profiles/{profiles['nuataus'].pk}/").json()
    assert row["risk_ratio"] == "1.750000"
    assert row["method"] == "perka-2-2012/tangguh-2026.1"
    assert (row["hazard_class"], row["risk_class"], row["basis"]) == ("high", "high", "indices")


def test_another_regency_s_profile_is_403_through_the_api(api, kupang_editor, profiles):
    client = api(kupang_editor)
    url = f"/api/v1/risk-profiles/{profiles['kota'].pk}/"
    assert client.get(url).status_code == 403
    assert client.patch(url, {"risk_class_given": "low"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert client.get("/api/v1/risk-profiles/", {"region": "53.71"}).status_code == 403
    assert RiskProfile.objects.get(pk=profiles["kota"].pk).risk_class == "high"


def test_a_profile_is_created_and_changed_through_the_api(api, kupang_editor):
    client = api(kupang_editor)
    response = client.post(
        "/api/v1/risk-profiles/",
        {
            "region": "5301272002",
            "hazard": "flood",
            "year": 2025,
            "hazard_index": "0.5",
            "vulnerability_index": 0.5,
            "capacity_index": "0.5",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["risk_class"], body["risk_normalised"]) == ("medium", "0.500000")
    url = f"/api/v1/risk-profiles/{body['id']}/"
    patched = client.patch(url, {"capacity_index": "0.1"}, format="json").json()
    # H medium × V medium → medium; with C low → high
    assert (patched["capacity_class"], patched["risk_class"]) == ("low", "high")
    bad = client.patch(url, {"capacity_class": "high"}, format="json")
    assert bad.status_code == 400
    assert "capacity_class" in bad.json()["error"]["details"]
    duplicate = client.post(
        "/api/v1/risk-profiles/",
        {"region": "53.01.27.2002", "hazard": "flood", "year": 2025, "risk_class_given": "low"},
        format="json",
    )
    assert duplicate.status_code == 400
    outside = client.post(
        "/api/v1/risk-profiles/",
        {"region": "53.71.01.1001", "hazard": "flood", "risk_class_given": "low"},
        format="json",
    )
    assert outside.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"hazard_index": "1.5"}, "hazard_index"),
        ({"hazard": "meteor"}, "hazard"),
        ({"region": "99.99"}, "region"),
        ({"risk_class_given": "extreme"}, "risk_class_given"),
        ({"method": "nope"}, "method"),
        ({"year": 1800}, "year"),
    ],
)
def test_bad_profile_values_are_400_with_the_field(api, kupang_editor, body, field):
    data = {"region": "53.01", "hazard": "flood", "risk_class_given": "low", **body}
    response = api(kupang_editor).post("/api/v1/risk-profiles/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_climate_vulnerability_through_the_api(api, kupang_editor, kota_editor):
    client = api(kupang_editor)
    response = client.post(
        "/api/v1/climate-vulnerability/",
        {"region": "53.01.27.2002", "year": 2021, "vulnerability_class": "high", "index": "0.7"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    other = api(kota_editor)
    url = f"/api/v1/climate-vulnerability/{response.json()['id']}/"
    assert other.get(url).status_code == 403
    assert other.patch(url, {"vulnerability_class": "low"}, format="json").status_code == 403
    assert other.get("/api/v1/climate-vulnerability/").json()["count"] == 0
    listed = client.get(
        "/api/v1/climate-vulnerability/", {"region": "53.01.27", "year": 2021}
    ).json()
    assert listed["count"] == 1
    assert client.get("/api/v1/climate-vulnerability/", {"year": 2020}).json()["count"] == 0
    assert (
        client.get("/api/v1/climate-vulnerability/", {"vulnerability_class": "low"}).json()["count"]
        == 0
    )


def test_the_method_versions_are_readable_by_api(api, kota_editor):
    body = api(kota_editor).get("/api/v1/risk-methods/").json()
    [method] = body["results"]
    assert method["version"] == "perka-2-2012/tangguh-2026.1"
    assert method["hvc_matrix"][0] == ["medium", "low", "low"]
    assert api(None).get("/api/v1/risk-methods/").status_code in (401, 403)


def test_the_export_command_keeps_to_the_actor_s_regions(tmp_path, kupang_editor, profiles):
    out = tmp_path / "p.csv"
    call_command(
        "export_risk", "-o", str(out), "--actor", kupang_editor.username, stdout=io.StringIO()
    )
    codes = {row["region_code"] for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert codes == {"53.01.27.2002", "53.01.27.2001"}
    with pytest.raises(CommandError, match="no access"):
        call_command(
            "export_risk", "-o", str(out), "--region", "53.71", "--actor", kupang_editor.username
        )
    call_command("export_risk", "-o", str(out), "--climate", stdout=io.StringIO())
    assert out.read_text(encoding="utf-8").startswith("region_code,region_name,year")


def test_the_demo_is_plausible_labelled_and_idempotent(web, kupang_editor):
    first = load_demo()
    villages = (
        Region.objects.filter(level=4).filter(code__startswith="53.01.27.").count()
        + Region.objects.filter(level=4, code__startswith="53.01.28.").count()
    )
    assert first.profiles == villages * 4
    assert first.climate == villages
    assert load_demo() == (0, 0)
    assert all("[DEMO]" in p.source for p in RiskProfile.objects.all())
    assert all("[DEMO]" in c.source for c in ClimateVulnerability.objects.all())
    assert set(RiskProfile.objects.values_list("hazard_id", flat=True)) == {
        "drought",
        "flood",
        "extreme_weather",
        "forest_fire",
    }
    drought = RiskProfile.objects.filter(hazard_id="drought")
    assert all(p.hazard_class == "high" for p in drought)
    assert (
        RiskProfile.objects.filter(basis="classes", region__code__startswith="53.01.28.").count()
        == 4
    )
    rows = web(kupang_editor).get("/risk/", {"region": "53.01"}).context["rows"]
    assert sum(rows[0].counts.values()) == villages


def test_indices_are_shown_without_trailing_zeros_in_the_page_s_language():
    from django.utils import translation

    from tangguh.risk.templatetags.risk_format import index

    assert index(Decimal("0.700000")) == "0.7"
    assert index(Decimal("1.000000")) == "1"
    assert index(None) == ""
    with translation.override("id"):
        assert index(Decimal("0.250000")) == "0,25"


def test_a_row_gives_its_finest_region_code(tmp_path):
    from tangguh.risk.importers import import_risk_profiles

    path = tmp_path / "x.csv"
    path.write_text(
        "Kode Kabupaten,Kode Kecamatan,Kode Desa,Bahaya,Kelas Risiko\n"
        "53.01,53.01.27,53.01.27.2002,Banjir,Tinggi\n"
        "53.01,53.01.27,,Kekeringan,Sedang\n"
        "5301,,,Cuaca Ekstrem,Rendah\n",
        encoding="utf-8",
    )
    assert import_risk_profiles(path, actor=None).created == 3
    assert dict(RiskProfile.objects.values_list("hazard_id", "region_id")) == {
        "flood": "53.01.27.2002",
        "drought": "53.01.27",
        "extreme_weather": "53.01",
    }


def test_the_region_section_fragment_brings_its_stylesheet(web, kupang_editor, profiles):
    text = web(kupang_editor).get("/risk/regions/53.01.27.2002/section/").content.decode()
    assert "tangguh/risk/risk.css" in text
    assert "Risk page of this region" in text


def test_the_add_page_takes_the_region_from_the_region_page_s_link(web, kupang_editor):
    client = web(kupang_editor)
    section = client.get("/risk/regions/53.01.27.2002/").content.decode()
    assert "/risk/profiles/new/?region=53.01.27.2002" in section
    form = client.get("/risk/profiles/new/", {"region": "53.01.27.2002"}).context["form"]
    assert form["region"].value() == "53.01.27.2002"
    assert client.get("/risk/profiles/new/").context["form"]["region"].value() in (None, "")


def test_a_checked_upload_is_imported_when_confirmed(
    web, kupang_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = web(kupang_editor)
    upload = SimpleUploadedFile(
        "sidik.csv", b"Kode Desa,Kelas Kerentanan Iklim,Tahun\n53.01.27.2002,Tinggi,2021\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/risk/import/", {"upload": upload, "dry_run": "on"})
    check = Job.objects.get(kind="risk.import")
    assert (check.status, check.result["created"], check.result["dry_run"]) == ("done", 1, True)
    assert not ClimateVulnerability.objects.exists()
    page = client.get(f"/jobs/{check.pk}/").content.decode()
    assert "Import now" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{check.pk}/confirm/")
    done = Job.objects.exclude(pk=check.pk).get(kind="risk.import")
    assert response["Location"] == f"/jobs/{done.pk}/"
    assert (done.status, done.result["created"], done.result["dry_run"]) == ("done", 1, False)
    assert ClimateVulnerability.objects.get().vulnerability_class == "high"
