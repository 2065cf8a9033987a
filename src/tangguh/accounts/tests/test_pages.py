"""Members, agencies, one's own account and API token pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.accounts.models import Agency, Membership, User
from tangguh.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def kupang_manager(make_user):
    return make_user("kupang.manager", {"53.01": "manager"})


def test_a_manager_adds_a_new_member_in_their_regency(web, kupang_manager) -> None:
    response = web(kupang_manager).post(
        reverse("accounts:member-add"),
        {"username": "yohana", "email": "", "region": "53.01.27", "role": "editor"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="yohana")
    assert (membership.region_id, membership.role) == ("53.01.27", "editor")
    assert not User.objects.get(username="yohana").has_usable_password()


def test_a_manager_cannot_add_members_elsewhere(web, kupang_manager) -> None:
    response = web(kupang_manager).post(
        reverse("accounts:member-add"), {"username": "yohana", "region": "53.71", "role": "manager"}
    )
    assert response.status_code == 200
    assert "You do not manage region 53.71" in response.content.decode()
    assert not Membership.objects.filter(region_id="53.71", user__username="yohana").exists()


def test_a_manager_cannot_grant_rights_above_their_region(web, kupang_manager) -> None:
    web(kupang_manager).post(
        reverse("accounts:member-add"), {"username": "y", "region": "53", "role": "manager"}
    )
    assert (
        not Membership.objects.filter(region_id="53")
        .exclude(user__username="prov.manager")
        .exists()
    )


def test_the_member_list_shows_only_managed_regions(
    web, kupang_manager, kota_editor, kupang_editor
) -> None:
    html = web(kupang_manager).get(reverse("accounts:member-list")).content.decode()
    assert "kupang.editor" in html
    assert "kota.editor" not in html


def test_a_manager_removes_a_membership(web, kupang_manager, kupang_editor) -> None:
    membership = kupang_editor.memberships.get()
    response = web(kupang_manager).post(reverse("accounts:member-remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert ChangeRecord.objects.filter(
        model="accounts.membership", action="delete", actor=kupang_manager
    ).exists()


def test_a_manager_cannot_remove_another_regency_s_membership(
    web, kupang_manager, kota_editor
) -> None:
    membership = kota_editor.memberships.get()
    assert (
        web(kupang_manager)
        .post(reverse("accounts:member-remove", args=[membership.pk]))
        .status_code
        == 403
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_editors_cannot_open_the_member_pages(web, kupang_editor) -> None:
    assert web(kupang_editor).get(reverse("accounts:member-list")).status_code == 403


def test_an_editor_adds_an_agency_through_the_form(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("accounts:agency-add"),
        {
            "region": "5301",
            "code": "2.13.0.00.0.00.01.0000",
            "name": "Dinas PMD",
            "short_name": "PMD",
            "bidang_codes": "2.13",
        },
    )
    agency = Agency.objects.get(code="2.13.0.00.0.00.01.0000")
    assert response["Location"] == agency.get_absolute_url()
    assert (agency.region_id, agency.bidang_codes) == ("53.01", ["2.13"])


def test_the_agency_form_explains_bad_input(web, kupang_editor) -> None:
    html = (
        web(kupang_editor)
        .post(
            reverse("accounts:agency-add"),
            {"region": "53.01.27", "code": "A", "name": "B", "bidang_codes": "bencana"},
        )
        .content.decode()
    )
    assert "province or regency/city" in html
    assert not Agency.objects.filter(code="A").exists()


def test_a_duplicate_agency_code_is_refused(web, kupang_editor, kupang_agency) -> None:
    response = web(kupang_editor).post(
        reverse("accounts:agency-add"),
        {"region": "53.01", "code": kupang_agency.code, "name": "Dup"},
    )
    assert response.status_code == 200
    assert Agency.objects.filter(code=kupang_agency.code, region_id="53.01").count() == 1


def test_the_profile_page_issues_a_token_once(web, kupang_editor) -> None:
    client = web(kupang_editor)
    import hashlib
    import re

    from tangguh.accounts.models import ApiToken

    html = client.post(reverse("accounts:profile")).content.decode()
    token = re.search(r'data-testid="new-token"><code>([0-9a-f]{40})</code>', html).group(1)
    stored = ApiToken.objects.get(user=kupang_editor)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()  # never the token itself
    assert token not in client.get(reverse("accounts:profile")).content.decode()


def test_changing_one_s_password_is_audited(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("accounts:password-change"),
        {
            "old_password": "a-long-test-password-1",
            "new_password1": "another-long-pass-2",
            "new_password2": "another-long-pass-2",
        },
    )
    assert response.status_code == 302
    change = ChangeRecord.objects.get(model="accounts.user", object_id=str(kupang_editor.pk))
    assert change.changes == {"password": ["***", "***"]}
    assert (change.actor, change.action, change.source) == (kupang_editor, "update", "web")
    kupang_editor.refresh_from_db()
    assert kupang_editor.check_password("another-long-pass-2")


def test_the_me_endpoint_lists_memberships(api, village_officer) -> None:
    body = api(village_officer).get("/api/v1/me/").json()
    assert body["memberships"][0]["region_name"] == "Nuataus"


def test_a_manager_adds_a_membership_through_the_api(api, kupang_manager, kupang_editor) -> None:
    response = api(kupang_manager).post(
        "/api/v1/memberships/",
        {"username": "kupang.editor", "region": "53.01.27", "role": "viewer"},
        format="json",
    )
    assert response.status_code == 201
    refused = api(kupang_manager).post(
        "/api/v1/memberships/",
        {"username": "kupang.editor", "region": "53.71", "role": "viewer"},
        format="json",
    )
    assert refused.status_code == 403


def test_an_unknown_agency_is_404_with_a_reason(web, kupang_editor) -> None:
    for name in ("accounts:agency-detail", "accounts:agency-edit", "accounts:agency-delete"):
        page = web(kupang_editor).get(reverse(name, args=[999999]))
        assert page.status_code == 404, name
        assert "This record does not exist." in page.content.decode()


def test_saving_and_deleting_an_agency_say_so(web, kupang_editor, kupang_agency) -> None:
    client = web(kupang_editor)
    data = {"region": "53.01", "code": kupang_agency.code, "name": "Badan", "short_name": "BPBD"}
    saved = client.post(reverse("accounts:agency-edit", args=[kupang_agency.pk]), data, follow=True)
    assert "Agency saved." in saved.content.decode()
    deleted = client.post(reverse("accounts:agency-delete", args=[kupang_agency.pk]), follow=True)
    assert "Agency BPBD deleted." in deleted.content.decode()
    assert not Agency.objects.filter(pk=kupang_agency.pk).exists()
