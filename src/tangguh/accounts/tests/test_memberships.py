"""Memberships through the members page and the API: managers only, 404 when absent, 403
outside the regions one manages, roles changed by adding again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.accounts.models import Membership

pytestmark = pytest.mark.django_db

MISSING = 999999


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


def test_a_membership_outside_one_s_managed_regions_is_403_in_the_api(
    api, make_user, kota_editor
) -> None:
    manager = make_user("kupang.boss", {"53.01": "manager"})
    membership = kota_editor.memberships.get()
    url = f"/api/v1/memberships/{membership.pk}/"
    assert api(manager).get(url).status_code == 403
    assert api(manager).delete(url).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_who_holds_a_role_is_not_shown_to_viewers_of_the_region(api, make_user) -> None:
    viewer = make_user("kupang.viewer", {"53.01": "viewer"})
    membership = make_user("other", {"53.01.27": "editor"}).memberships.get()
    response = api(viewer).get(f"/api/v1/memberships/{membership.pk}/")
    assert response.status_code == 403


def test_a_manager_removes_a_membership_through_the_api(api, make_user, kupang_editor) -> None:
    manager = make_user("kupang.boss", {"53.01": "manager"})
    membership = kupang_editor.memberships.get()
    response = api(manager).delete(f"/api/v1/memberships/{membership.pk}/")
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_membership_is_changed_by_adding_it_again_not_by_an_update(
    api, make_user, kupang_editor
) -> None:
    manager = make_user("kupang.boss", {"53.01": "manager"})
    url = f"/api/v1/memberships/{kupang_editor.memberships.get().pk}/"
    assert api(manager).patch(url, {"role": "manager"}, format="json").status_code == 405


def test_an_unknown_membership_is_404_with_a_reason(web, api, make_user) -> None:
    manager = make_user("kupang.boss", {"53.01": "manager"})
    response = api(manager).get(f"/api/v1/memberships/{MISSING}/")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "This record does not exist."
    page = web(manager).post(reverse("accounts:member-remove", args=[MISSING]))
    assert page.status_code == 404
    assert "This record does not exist." in page.content.decode()


def test_a_manager_reaches_only_accounts_of_their_regions_and_new_ones(
    api, web, make_user, superuser, kota_editor
) -> None:
    """A regency manager adds a member of their regency or a new account; the administrator, a
    member of another regency and an account in no region are refused with one message that
    names only what was typed, on the API and on the members page."""
    from tangguh.accounts.models import User

    manager = make_user("kupang.boss", {"53.01": "manager"})
    insider = make_user("kupang.staf", {"53.01.27": "viewer"})
    orphan = make_user("tanpa.wilayah", {})
    client = api(manager)

    def post(username):
        return client.post(
            "/api/v1/memberships/",
            {"username": username, "region": "53.01.27.2002", "role": "manager"},
            format="json",
        )

    answers = set()
    for outsider in (superuser, kota_editor, orphan):
        response = post(outsider.username)
        assert response.status_code == 400, response.content
        answers.add(response.content.decode().replace(outsider.username, "<name>"))
        assert not Membership.objects.filter(user=outsider, region_id="53.01.27.2002").exists()
        page = web(manager).post(
            reverse("accounts:member-add"),
            {"username": outsider.username, "region": "53.01.27.2002", "role": "manager"},
        )
        assert page.status_code == 200
        assert "cannot be given a role in your regions" in page.content.decode()
        assert not Membership.objects.filter(user=outsider, region_id="53.01.27.2002").exists()
    assert len(answers) == 1, answers
    assert post(insider.username).status_code == 201
    assert post("relawan.baru").status_code == 201
    assert not User.objects.get(username="relawan.baru").has_usable_password()
