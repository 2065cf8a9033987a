"""Pages and API of the poverty module: the dashboard, the map, priority villages and their
downloads, households with identifiers masked (revealed only to managers, with a reason),
targets with their trajectory, the registry upload, and the demo."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tangguh.accounts.models import Membership
from tangguh.core.models import ChangeRecord, Job
from tangguh.poverty import services
from tangguh.poverty.demo import demo_step
from tangguh.poverty.models import Household, IdentifierReveal, Target

from .conftest import FATUFETO, NIK, worked_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def kota(bps, registry) -> None:
    services.import_households(worked_example(registry), year=2023).raise_if_failed()


def _nik_absent(*texts: str) -> None:
    for text in texts:
        assert NIK not in text
        assert NIK[:10] not in text


def test_the_dashboard_shows_bps_apart_from_local_estimates_and_the_registry(kota, web, make_user):
    client = web(make_user("viewer", {"53.71": "viewer"}))
    html = client.get(reverse("poverty:dashboard") + "?region=53.71").content.decode()
    assert "8.61" in html
    assert "732,921" in html
    assert 'data-testid="local-estimates"' in html
    assert "INEWS_ALOR_491423" in html
    assert 'data-testid="registry-p0"' in html
    assert "100.00" in html
    assert "poverty-trend-data" in html
    assert "<script>" not in html.replace("<script src", "")
    province = client.get(reverse("poverty:dashboard") + "?region=53").content.decode()
    assert 'data-testid="regency-table"' in province
    assert "Kota Kupang" in province
    assert 'data-testid="registry"' not in province
    book = client.get(reverse("poverty:dashboard") + "?region=53.71&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert [c.value for c in sheet[1]][:2] == ["year", "p0"]


def test_a_stranger_sees_bps_figures_but_not_the_registry(kota, web, make_user):
    client = web(make_user("kupang", {"53.01": "viewer"}))
    html = client.get(reverse("poverty:dashboard") + "?region=53.71").content.decode()
    assert "8.61" in html
    assert 'data-testid="registry-empty"' in html
    data = client.get(reverse("poverty:map-data", args=["53.71"])).json()
    assert all(
        f["properties"]["p0"] is None for f in data["features"] if f["properties"]["role"] == "area"
    )


def test_the_map_colours_villages_by_the_registry_and_regencies_by_bps(kota, web, make_user):
    client = web(make_user("viewer", {"53.71": "viewer"}))
    data = client.get(reverse("poverty:map-data", args=["53.71"]) + "?year=2023").json()
    areas = {
        f["properties"]["code"]: f["properties"]
        for f in data["features"]
        if f["properties"]["role"] == "area"
    }
    assert areas[FATUFETO]["p0"] == 100.0  # both households below Rp732,921
    assert areas[FATUFETO]["colour"] == "#b30000"
    assert areas["53.71.01.1002"]["p0"] == 100.0
    assert areas["53.71.01.1003"]["p0"] is None
    province = client.get(reverse("poverty:map-data", args=["53"])).json()
    kota = next(f for f in province["features"] if f["properties"]["code"] == "53.71")
    assert kota["properties"]["p0"] == 7.57
    assert kota["properties"]["year"] == 2025
    assert client.get(reverse("poverty:map-data", args=["53.71.01"])).status_code == 404


def test_priority_villages_are_ranked_and_downloaded(kota, web, make_user):
    client = web(make_user("viewer", {"53.71": "viewer"}))
    page = client.get(reverse("poverty:villages") + "?region=53.71&year=2023").content.decode()
    assert page.index(FATUFETO) < page.index("53.71.01.1002")  # 800 poor persons before 360
    book = client.get(reverse("poverty:villages") + "?region=53.71&year=2023&export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(book.content)).active.values)
    assert rows[0][:3] == ("rank", "village_code", "village")
    assert rows[1][1] == FATUFETO
    assert rows[1][6] == 800
    csv = client.get(reverse("poverty:villages") + "?region=53.71&year=2023&export=csv")
    assert b"53.71.01.1002" in b"".join(csv.streaming_content)


def test_no_identifier_reaches_pages_api_or_downloads_without_the_reveal_role(
    kota, web, api, make_user
):
    editor = make_user("editor", {"53.71": "editor"})
    household = Household.objects.get(household_id="H-1")
    client = web(editor)
    texts = [
        client.get(reverse("poverty:household-list")).content.decode(),
        client.get(household.get_absolute_url()).content.decode(),
        b"".join(
            client.get(reverse("poverty:household-list") + "?export=csv").streaming_content
        ).decode(),
        api(editor).get("/api/v1/poverty/households/").content.decode(),
        api(editor).get(f"/api/v1/poverty/households/{household.pk}/").content.decode(),
    ]
    _nik_absent(*texts)
    assert "•" * 16 in texts[0]
    assert "•" * 16 in texts[2]
    assert json.loads(texts[3])["results"][0]["has_nik"] is True
    refused = client.post(
        reverse("poverty:household-reveal", args=[household.pk]),
        {"reason": "Verifikasi PKH tahap 2"},
    )
    assert refused.status_code == 403
    _nik_absent(refused.content.decode())
    answer = api(editor).post(
        f"/api/v1/poverty/households/{household.pk}/reveal/",
        {"reason": "Verifikasi PKH"},
        format="json",
    )
    assert answer.status_code == 403
    _nik_absent(answer.content.decode())
    assert not IdentifierReveal.objects.exists()


def test_a_manager_sees_the_identifiers_after_giving_a_reason(kota, web, api, make_user):
    manager = make_user("manager", {"53.71": "manager"})
    household = Household.objects.get(household_id="H-1")
    client = web(manager)
    page = client.get(household.get_absolute_url()).content.decode()
    assert 'data-testid="reveal"' in page
    _nik_absent(page)
    short = client.post(reverse("poverty:household-reveal", args=[household.pk]), {"reason": "cek"})
    assert "at least 10 characters" in short.content.decode()
    _nik_absent(short.content.decode())
    shown = client.post(
        reverse("poverty:household-reveal", args=[household.pk]),
        {"reason": "Verifikasi PKH tahap 2"},
    )
    assert NIK in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    answer = api(manager).post(
        f"/api/v1/poverty/households/{household.pk}/reveal/",
        {"reason": "Kunjungan rumah"},
        format="json",
    )
    assert answer.json() == {"nik": NIK, "kk": ""}
    assert IdentifierReveal.objects.count() == 2
    changes = ChangeRecord.objects.filter(model="poverty.identifierreveal")
    assert {c.changes["reason"][1] for c in changes} == {
        "Verifikasi PKH tahap 2",
        "Kunjungan rumah",
    }
    assert "Kunjungan rumah" in client.get(household.get_absolute_url()).content.decode()


def test_the_measures_api_answers_the_worked_example_and_keeps_to_scope(kota, api, make_user):
    client = api(make_user("viewer", {"53.71": "viewer"}))
    data = client.get("/api/v1/poverty/measures/?region=53.71&year=2023&line=527275").json()
    assert (data["persons"], data["poor_persons"]) == (1160, 800)
    assert [round(data[k] * 100, 2) for k in ("p0", "p1", "p2")] == [68.97, 19.92, 7.15]
    bps_line = client.get("/api/v1/poverty/measures/?region=53.71&year=2023").json()["line"]
    assert bps_line["rupiah"] == 732921
    assert bps_line["kind"] == "national"
    extreme = client.get("/api/v1/poverty/measures/?region=53.71&year=2023&extreme=true").json()
    assert extreme["line"]["rupiah"] == 351957
    assert extreme["p0"] == pytest.approx(400 / 1160)
    missing = client.get("/api/v1/poverty/measures/?region=53.71&year=2024&extreme=true")
    assert missing.status_code == 400
    villages = client.get("/api/v1/poverty/villages/?region=53.71&year=2023").json()["villages"]
    assert [v["code"] for v in villages] == [FATUFETO, "53.71.01.1002"]
    stats = client.get("/api/v1/poverty/statistics/?region=53.71").json()
    assert {"year": 2023, "p0": 8.61}.items() <= next(
        r for r in stats["bps"] if r["year"] == 2023
    ).items()
    assert stats["local_estimates"][0]["source"] == "INEWS_ALOR_491423"
    stranger = api(make_user("kupang", {"53.01": "viewer"}))
    assert stranger.get("/api/v1/poverty/measures/?region=53.71&year=2023").status_code == 403
    assert stranger.get("/api/v1/poverty/measures/?region=53.99&year=2023").status_code == 404


def test_a_target_shows_its_trajectory(bps, web, make_user):
    target = services.create_target(
        actor=None,
        region=Household._meta.get_field("region").related_model.objects.get(code="53.71"),
        measure=Target.Measure.POVERTY,
        target_rate="5.00",
        target_year=2029,
        basis="RPJMD",
    )
    client = web(make_user("viewer", {"53.71": "viewer"}))
    html = client.get(target.get_absolute_url()).content.decode()
    assert 'data-testid="off-track"' in html
    assert 'data-testid="needed"' in html
    assert "0.64" in html
    listing = client.get(reverse("poverty:target-list")).content.decode()
    assert target.get_absolute_url() in listing


def test_a_registry_upload_is_checked_then_imported(
    bps, web, make_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = web(make_user("editor", {"53.71": "editor"}))
    text = f"household_id,region_code,members,expenditure_per_capita\nU-1,{FATUFETO},3,450000\n"
    upload = SimpleUploadedFile("registry.csv", text.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("poverty:import"), {"upload": upload, "year": 2024, "dry_run": "on"}
        )
    job = Job.objects.get()
    assert response.status_code == 302, job.result
    job.refresh_from_db()
    assert job.status == "done", (job.message, job.result)
    assert job.result["created"] == 1
    assert Household.objects.count() == 0
    viewer = web(make_user("viewer", {"53.71": "viewer"}))
    assert viewer.get(reverse("poverty:import")).status_code == 403


def test_the_demo_loads_calibrated_synthetic_registries_once(db, bps) -> None:
    said = demo_step()
    assert "synthetic households" in said
    assert Household.objects.filter(synthetic=False).count() == 0
    kota = Household.objects.filter(region__code__startswith="53.71.", year=2023)
    assert kota.count() == 3000
    from tangguh.poverty import summaries

    line = summaries.line_for("53.71", 2023)
    p0 = summaries.measure(Household.objects.all(), "53.71", 2023, line).p0
    assert abs(p0 - 0.0861) < 0.002
    assert Target.objects.filter(region_id="53.71", measure="extreme", target_year=2026).exists()
    assert Membership.objects.get(user__username="bappeda.kotakupang").role == "manager"
    before = ChangeRecord.objects.count()
    demo_step()
    assert ChangeRecord.objects.count() == before
