"""Background jobs: a superuser uploads region files, the job runs, the progress page shows it."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tangguh.core.models import Job
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

GOOD = b"kode,nama\n52,Nusa Tenggara Barat\n52.71,Kota Mataram\n"
BAD = b"kode,nama\n52,Nusa Tenggara Barat\n52.7x,Rusak\n"


def upload(client, content: bytes, dry_run: bool = False):
    data = {"uploads": [SimpleUploadedFile("ntb.csv", content, content_type="text/csv")]}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("regions:load"), data)


def test_a_superuser_loads_regions_in_the_background(
    web, superuser, django_capture_on_commit_callbacks
) -> None:
    client = web(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, GOOD)
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["created"] == 2
    assert (job.done, job.total, job.percent) == (2, 2, 100)
    assert Region.objects.filter(code="52.71").exists()
    page = client.get(response["Location"]).content.decode()
    assert re.search(r"<dt>Created</dt><dd[^>]*>2</dd>", page), "the report names its counts"
    assert "{'" not in page, "no raw dump of keys"
    assert 'data-status="done"' in page


def test_problems_are_listed_and_nothing_is_written(
    web, superuser, django_capture_on_commit_callbacks
) -> None:
    client = web(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, BAD)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.result["errors"][0]["line"] == 3
    assert not Region.objects.filter(code="52").exists()
    page = client.get(response["Location"]).content.decode()
    assert re.search(r"<td>ntb.csv</td><td></td><td class=\"num\">3</td>", page)


def test_a_running_job_page_polls_itself(web, superuser) -> None:
    job = Job.objects.create(
        kind="regions.load", title="t", owner=superuser, total=10, done=4, status="running"
    )
    html = (
        web(superuser).get(reverse("job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    )
    assert 'hx-trigger="every 1s"' in html
    assert "40%" in html


def test_the_job_api_reports_progress(api, superuser) -> None:
    job = Job.objects.create(
        kind="regions.load", title="t", owner=superuser, total=4, done=1, status="running"
    )
    body = api(superuser).get(f"/api/v1/jobs/{job.pk}/").json()
    assert (body["status"], body["percent"]) == ("running", 25)


def test_others_cannot_see_a_job(web, api, superuser, kupang_editor) -> None:
    job = Job.objects.create(kind="regions.load", title="t", owner=superuser)
    assert web(kupang_editor).get(reverse("job", args=[job.pk])).status_code == 403
    assert api(kupang_editor).get(f"/api/v1/jobs/{job.pk}/").status_code == 403


def test_only_superusers_may_load_regions(web, province_manager) -> None:
    response = web(province_manager).get(reverse("regions:load"))
    assert response.status_code == 403


def test_files_of_another_type_are_refused(web, superuser) -> None:
    response = web(superuser).post(
        reverse("regions:load"), {"uploads": [SimpleUploadedFile("x.exe", b"MZ")]}
    )
    assert response.status_code == 200
    assert "x.exe" in response.content.decode()
    assert not Job.objects.exists()


def test_an_unknown_job_is_404_with_a_reason(web, api, kupang_editor) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    page = web(kupang_editor).get(reverse("job", args=[missing]))
    assert page.status_code == 404
    assert "This job does not exist." in page.content.decode()
    response = api(kupang_editor).get(f"/api/v1/jobs/{missing}/")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "This job does not exist."


def test_a_job_is_followed_by_its_owner_and_by_administrators(
    web, api, superuser, kupang_editor
) -> None:
    job = Job.objects.create(kind="regions.load", title="t", owner=kupang_editor)
    assert web(kupang_editor).get(reverse("job", args=[job.pk])).status_code == 200
    assert api(superuser).get(f"/api/v1/jobs/{job.pk}/").status_code == 200
