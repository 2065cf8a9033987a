"""A member of 53.01 can neither read nor change a 53.71 record through a page, the API or the CLI;
a village officer acts only in their village; a province membership covers everything."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tangguh.accounts.models import Agency, Membership
from tangguh.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


# --- pages -------------------------------------------------------------------------------------


def test_a_regency_member_cannot_open_another_regency_s_agency_page(
    web, kupang_editor, kota_agency
) -> None:
    response = web(kupang_editor).get(reverse("accounts:agency-detail", args=[kota_agency.pk]))
    assert response.status_code == 403


def test_a_regency_member_cannot_edit_or_delete_another_regency_s_agency(
    web, kupang_editor, kota_agency
) -> None:
    client = web(kupang_editor)
    edit = client.post(
        reverse("accounts:agency-edit", args=[kota_agency.pk]),
        {"region": "53.71", "code": "X", "name": "Hacked"},
    )
    delete = client.post(reverse("accounts:agency-delete", args=[kota_agency.pk]))
    assert (edit.status_code, delete.status_code) == (403, 403)
    kota_agency.refresh_from_db()
    assert kota_agency.name != "Hacked"


def test_a_regency_member_cannot_create_an_agency_in_another_regency(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("accounts:agency-add"), {"region": "53.71", "code": "Z1", "name": "Dinas Z"}
    )
    assert response.status_code == 200
    assert "53.71" in response.content.decode()
    assert not Agency.objects.filter(code="Z1").exists()


def test_the_agency_list_shows_only_the_member_s_regions(
    web, kupang_editor, kota_agency, kupang_agency
) -> None:
    page = web(kupang_editor).get(reverse("accounts:agency-list")).content.decode()
    assert kupang_agency.name in page
    assert kota_agency.name not in page


def test_the_agency_list_refuses_a_region_filter_outside_the_member_s_regions(
    web, kupang_editor
) -> None:
    response = web(kupang_editor).get(reverse("accounts:agency-list"), {"region": "53.71"})
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, kota_agency) -> None:
    response = client.get(reverse("accounts:agency-detail", args=[kota_agency.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_member_edits_an_agency_of_their_regency(web, kupang_editor, kupang_agency) -> None:
    response = web(kupang_editor).post(
        reverse("accounts:agency-edit", args=[kupang_agency.pk]),
        {
            "region": "53.01",
            "code": kupang_agency.code,
            "name": "Badan Baru",
            "bidang_codes": "1.05, 1.06",
        },
    )
    assert response.status_code == 302
    kupang_agency.refresh_from_db()
    assert (kupang_agency.name, kupang_agency.bidang_codes) == ("Badan Baru", ["1.05", "1.06"])
    change = ChangeRecord.objects.get(object_id=str(kupang_agency.pk), action="update")
    assert change.actor == kupang_editor
    assert change.source == "web"
    assert change.changes["name"][1] == "Badan Baru"


def test_a_province_manager_sees_and_changes_everything(
    web, province_manager, kota_agency, kupang_agency
) -> None:
    client = web(province_manager)
    page = client.get(reverse("accounts:agency-list")).content.decode()
    assert kota_agency.name in page
    assert kupang_agency.name in page
    response = client.post(reverse("accounts:agency-delete", args=[kota_agency.pk]))
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=kota_agency.pk).exists()


# --- API ---------------------------------------------------------------------------------------


def test_the_api_refuses_another_regency_s_record_with_403(api, kupang_editor, kota_agency) -> None:
    client = api(kupang_editor)
    url = f"/api/v1/agencies/{kota_agency.pk}/"
    assert client.get(url).status_code == 403
    response = client.patch(url, {"name": "Hacked"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert client.delete(url).status_code == 403
    kota_agency.refresh_from_db()
    assert kota_agency.name != "Hacked"


def test_the_api_lists_only_records_in_the_member_s_regions(
    api, kupang_editor, kota_agency, kupang_agency
) -> None:
    ids = {row["id"] for row in api(kupang_editor).get("/api/v1/agencies/").json()["results"]}
    assert ids == {kupang_agency.pk}


def test_the_api_refuses_a_region_filter_outside_the_member_s_regions(api, kupang_editor) -> None:
    response = api(kupang_editor).get("/api/v1/agencies/", {"region": "53.71"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_the_api_refuses_to_create_a_record_in_another_regency(api, kupang_editor) -> None:
    response = api(kupang_editor).post(
        "/api/v1/agencies/", {"region": "53.71", "code": "Z1", "name": "Dinas Z"}, format="json"
    )
    assert response.status_code == 403
    assert not Agency.objects.filter(code="Z1").exists()


def test_the_api_refuses_to_move_a_record_out_of_the_member_s_regions(
    api, kupang_editor, kupang_agency
) -> None:
    response = api(kupang_editor).patch(
        f"/api/v1/agencies/{kupang_agency.pk}/", {"region": "53.71"}, format="json"
    )
    assert response.status_code == 403
    kupang_agency.refresh_from_db()
    assert kupang_agency.region_id == "53.01"


def test_a_viewer_may_read_but_not_write(api, make_user, kupang_agency) -> None:
    viewer = make_user("viewer", {"53.01": "viewer"})
    client = api(viewer)
    assert client.get(f"/api/v1/agencies/{kupang_agency.pk}/").status_code == 200
    assert (
        client.patch(
            f"/api/v1/agencies/{kupang_agency.pk}/", {"name": "x"}, format="json"
        ).status_code
        == 403
    )


def test_the_change_log_api_hides_other_regions(
    api, kupang_editor, kota_agency, kupang_agency, province_manager
) -> None:
    from tangguh.accounts import services

    services.update_agency(kota_agency, actor=province_manager, name="Kota renamed")
    services.update_agency(kupang_agency, actor=province_manager, name="Kupang renamed")
    rows = (
        api(kupang_editor).get("/api/v1/changes/", {"model": "accounts.agency"}).json()["results"]
    )
    assert {row["object_repr"] for row in rows} == {"BPBD"}
    assert {row["region_code"] for row in rows} == {"53.01"}


# --- village officer ---------------------------------------------------------------------------


def test_a_village_officer_sees_only_their_village(
    api, village_officer, make_user, province_manager
) -> None:
    from tangguh.accounts import services
    from tangguh.regions.models import Region

    # Membership changes are for managers: the village's manager reads them, its editor not.
    village_manager = make_user("nuataus.manager", {"53.01.27.2002": "manager"})
    neighbour = make_user("neighbour")  # in no region yet: the system gives the first role
    services.add_membership(
        neighbour, Region.objects.get(code="53.01.27.2001"), "viewer", actor=None
    )
    services.add_membership(
        neighbour, Region.objects.get(code="53.01.27.2002"), "viewer", actor=province_manager
    )
    rows = api(village_manager).get("/api/v1/changes/", {"model": "accounts.membership"}).json()
    assert {row["region_code"] for row in rows["results"]} == {"53.01.27.2002"}
    rows = api(village_officer).get("/api/v1/changes/", {"model": "accounts.membership"}).json()
    assert rows["results"] == []
    assert (
        api(village_officer).get("/api/v1/changes/", {"region": "53.01.27.2001"}).status_code == 403
    )


def test_a_village_officer_cannot_create_records_for_the_regency(api, village_officer) -> None:
    response = api(village_officer).post(
        "/api/v1/agencies/", {"region": "53.01", "code": "V1", "name": "Dinas V"}, format="json"
    )
    assert response.status_code == 403


# --- CLI ---------------------------------------------------------------------------------------


def test_the_cli_refuses_a_membership_outside_the_actor_s_regions(make_user) -> None:
    make_user("kupang.boss", {"53.01": "manager"})
    with pytest.raises(CommandError, match=r"53\.71"):
        call_command("create_user", "newbie", "--member", "53.71:viewer", "--actor", "kupang.boss")
    assert not Membership.objects.filter(region_id="53.71", user__username="newbie").exists()


def test_the_cli_lets_a_manager_add_members_in_their_regions(make_user) -> None:
    make_user("kupang.boss", {"53.01": "manager"})
    call_command("create_user", "newbie", "--member", "53.01.27:editor", "--actor", "kupang.boss")
    membership = Membership.objects.get(user__username="newbie")
    assert (membership.region_id, membership.role) == ("53.01.27", "editor")
    change = ChangeRecord.objects.get(model="accounts.membership", object_id=str(membership.pk))
    assert (change.actor_name, change.source) == ("kupang.boss", "cli")


def test_the_cli_lists_only_the_actor_s_agencies(
    make_user, kota_agency, kupang_agency, capsys
) -> None:
    make_user("kupang.viewer", {"53.01": "viewer"})
    call_command("list_agencies", "--actor", "kupang.viewer")
    out = capsys.readouterr().out
    assert kupang_agency.name in out
    assert kota_agency.name not in out
    with pytest.raises(CommandError):
        call_command("list_agencies", "--actor", "kupang.viewer", "--region", "53.71")


def test_the_cli_refuses_to_add_an_agency_outside_the_actor_s_regions(make_user) -> None:
    make_user("kupang.editor2", {"53.01": "editor"})
    with pytest.raises(CommandError, match=r"53\.71"):
        call_command(
            "add_agency",
            "--region",
            "53.71",
            "--code",
            "Q1",
            "--name",
            "Dinas Q",
            "--actor",
            "kupang.editor2",
        )
    assert not Agency.objects.filter(code="Q1").exists()


def test_the_search_page_finds_only_the_member_s_agencies(
    web, kupang_editor, kupang_agency, kota_agency
) -> None:
    kota_agency.name = kupang_agency.name + " Kota"
    kota_agency.save()
    html = web(kupang_editor).get(reverse("search"), {"q": kupang_agency.name}).content.decode()
    assert kupang_agency.get_absolute_url() in html
    assert kota_agency.get_absolute_url() not in html


def test_a_region_page_lists_only_agencies_the_user_may_see(
    web, kupang_editor, kota_agency
) -> None:
    html = web(kupang_editor).get(reverse("regions:detail", args=["53.71"])).content.decode()
    assert kota_agency.name not in html
