"""Loading region files through the web: a superuser's upload runs as a job, logged as theirs."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tangguh.core.models import ChangeRecord, Job

pytestmark = pytest.mark.django_db


def test_region_files_loaded_from_the_web_are_logged_as_the_uploader(
    web, superuser, django_capture_on_commit_callbacks
) -> None:
    upload = SimpleUploadedFile("ntb.csv", b"kode,nama\n52,Nusa Tenggara Barat\n")
    with django_capture_on_commit_callbacks(execute=True):
        web(superuser).post(reverse("regions:load"), {"uploads": [upload]})
    change = ChangeRecord.objects.filter(model="regions.region", action="import").first()
    assert (change.actor, change.source, change.object_repr) == (superuser, "task", "ntb.csv")


def test_two_uploads_with_one_name_are_both_read(
    web, superuser, django_capture_on_commit_callbacks
) -> None:
    first = SimpleUploadedFile("regions.csv", b"kode,nama\n52,Nusa Tenggara Barat\n")
    second = SimpleUploadedFile("regions.csv", b"kode,nama\n52.71,Kota Mataram\n")
    with django_capture_on_commit_callbacks(execute=True):
        web(superuser).post(reverse("regions:load"), {"uploads": [first, second]})
    assert Job.objects.get().result["created"] == 2


@override_settings(MAX_UPLOAD_BYTES=10)
def test_an_upload_over_the_limit_is_refused(web, superuser) -> None:
    upload = SimpleUploadedFile("big.csv", b"kode,nama\n52,Nusa Tenggara Barat\n")
    response = web(superuser).post(reverse("regions:load"), {"uploads": [upload]})
    assert "larger than" in response.content.decode()
    assert not Job.objects.exists()
