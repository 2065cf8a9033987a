"""Regressions found in review: scope leaks, 500s on odd input, audit gaps."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from tangguh.accounts import services
from tangguh.accounts.models import Membership, User
from tangguh.core.models import ChangeRecord, Job

pytestmark = pytest.mark.django_db


def test_a_region_page_lists_only_agencies_the_user_may_see(
    web, kupang_editor, kota_agency
) -> None:
    html = web(kupang_editor).get(reverse("regions:detail", args=["53.71"])).content.decode()
    assert kota_agency.name not in html


def test_a_manager_cannot_take_over_a_user_without_memberships(make_user) -> None:
    make_user("orphan")
    make_user("mgr71", {"53.71": "manager"})
    with pytest.raises(CommandError):
        call_command("create_token", "orphan", "--actor", "mgr71", stdout=io.StringIO())
    assert not services.can_manage_user(
        User.objects.get(username="mgr71"), User.objects.get(username="orphan")
    )


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


def test_non_superusers_get_the_forbidden_page_for_region_loading(web, province_manager) -> None:
    assert web(province_manager).get(reverse("regions:load")).status_code == 403


@pytest.mark.parametrize("year", ["1800", "2025.5", "99999999999999999999", "abc"])
def test_a_bad_year_on_a_page_is_explained_not_a_crash(web, kupang_editor, year: str) -> None:
    for name in ("change-log", "accounts:agency-list"):
        response = web(kupang_editor).get(reverse(name), {"year": year})
        assert response.status_code == 200, (name, year)
        assert "errorlist" in response.content.decode()


def test_deeply_nested_json_is_400(api, kupang_editor) -> None:
    body = "[" * 100000 + "]" * 100000
    response = api(kupang_editor).generic(
        "POST", "/api/v1/agencies/", body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/regions/?q=a%00", "/regions/search/?q=a%00", "/changes/?user=a%00", "/agencies/?q=a%00"],
)
def test_nul_characters_in_queries_are_harmless(web, kupang_editor, path: str) -> None:
    assert web(kupang_editor).get(path).status_code in (200, 400)


def test_a_nul_character_in_a_record_id_is_404(web, kupang_editor) -> None:
    assert web(kupang_editor).get("/changes/regions.region/a%00/").status_code == 404


def test_a_manager_changes_a_role_through_the_api(api, make_user, village_officer) -> None:
    manager = make_user("kupang.boss", {"53.01": "manager"})
    response = api(manager).post(
        "/api/v1/memberships/",
        {"username": village_officer.username, "region": "53.01.27.2002", "role": "viewer"},
        format="json",
    )
    assert response.status_code == 201
    assert Membership.objects.get(user=village_officer).role == "viewer"
    editor_try = api(village_officer).post(
        "/api/v1/memberships/",
        {"username": village_officer.username, "region": "53.01.27.2002", "role": "manager"},
        format="json",
    )
    assert editor_try.status_code == 403


def test_only_managers_list_memberships_through_the_api(
    api, village_officer, kupang_editor
) -> None:
    assert api(village_officer).get("/api/v1/memberships/").json()["count"] == 0


def test_deleting_an_agency_logs_that_its_staff_lost_it(
    province_manager, kupang_agency, make_user
) -> None:
    staff = make_user("staff", agency=kupang_agency)
    services.delete_agency(kupang_agency, actor=province_manager)
    staff.refresh_from_db()
    assert staff.agency is None
    change = ChangeRecord.objects.get(model="accounts.user", object_id=str(staff.pk))
    assert change.changes["agency"][1] is None
