"""The API's contracts (`/api/v1/commitments/`, `/api/v1/actions/?overdue=true&region=`,
progress) and the pages' contents (flags, contacts for members only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tangguh.coordination import services
from tangguh.coordination.models import ActionItem

from .conftest import action_values, make_stakeholder, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(commitment: Any, kota_bpbd: Any) -> ActionItem:
    return services.create_action(
        actor=None,
        **action_values(commitment, "53.71", kota_bpbd, number="2", deadline=dt.date(2026, 1, 5)),
    )


def test_overdue_items_of_a_region(api: Any, make_user: Any, kota_item: Any, late: Any) -> None:
    kupang = make_stakeholder("53.01", "BPBD Kabupaten Kupang")
    services.create_action(
        actor=None,
        **action_values(kota_item.commitment, "53.01", kupang, deadline=dt.date(2026, 1, 5)),
    )
    province = make_user("prov", {"53": "viewer"})
    data = api(province).get("/api/v1/actions/", {"overdue": "true", "region": "53.71"}).json()
    assert [row["id"] for row in data["results"]] == [late.pk]
    assert data["results"][0]["overdue"] is True
    assert data["results"][0]["stalled"] is False
    everything = api(province).get("/api/v1/actions/", {"overdue": "false"}).json()
    assert [row["id"] for row in everything["results"]] == [kota_item.pk]


def test_a_regency_reads_the_provinces_commitment_and_only_its_own_items(
    api: Any, make_user: Any, kota_item: Any
) -> None:
    kupang = make_user("kupang", {"53.01": "viewer"})
    commitments = api(kupang).get("/api/v1/commitments/").json()["results"]
    assert [c["id"] for c in commitments] == [kota_item.commitment_id]
    assert commitments[0]["regions"] == ["53.01", "53.71"]
    assert api(kupang).get("/api/v1/actions/").json()["results"] == []


def test_progress_through_the_api(api: Any, make_user: Any, kota_item: Any) -> None:
    kota = make_user("kota", {"53.71": "editor"})
    path = f"/api/v1/actions/{kota_item.pk}/progress/"
    response = api(kota).post(path, {"status": "done", "note": "Selesai"}, format="json")
    assert response.status_code == 201, response.content
    back = api(kota).post(path, {"status": "in_progress"}, format="json")
    assert back.status_code == 400
    assert "say why in a note" in back.json()["error"]["message"]
    response = api(kota).patch(
        f"/api/v1/actions/{kota_item.pk}/", {"status": "not_started"}, format="json"
    )
    assert response.json()["status"] == "done"


def test_an_item_without_deadline_through_the_api(
    api: Any, make_user: Any, commitment: Any, kota_bpbd: Any
) -> None:
    province = make_user("prov", {"53": "editor"})
    body = {
        "commitment": commitment.pk,
        "region": "53.71",
        "issue": "Data",
        "action": "Aksi",
        "responsible": kota_bpbd.pk,
    }
    response = api(province).post("/api/v1/actions/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["deadline"] == ["A follow-up item needs a deadline."]


def test_contacts_are_shown_to_members_of_the_stakeholders_region_only(
    web: Any, api: Any, make_user: Any, kota_bpbd: Any
) -> None:
    province_party = make_stakeholder("53", "BPBD Provinsi NTT", email="bpbd@nttprov.go.id")
    kota = make_user("kota", {"53.71": "viewer"})
    page = web(kota).get(reverse("coordination:stakeholder-detail", args=[province_party.pk]))
    assert page.status_code == 200
    assert "bpbd@nttprov.go.id" not in page.content.decode()
    own = web(kota).get(reverse("coordination:stakeholder-detail", args=[kota_bpbd.pk]))
    assert "bpbd@kupangkota.go.id" in own.content.decode()
    data = api(kota).get(f"/api/v1/stakeholders/{province_party.pk}/").json()
    assert data["email"] == ""
    assert data["name"] == "BPBD Provinsi NTT"


def test_the_commitment_page_shows_signatories_and_flags(
    web: Any, make_user: Any, kota_item: Any, late: Any
) -> None:
    services.create_signatory(
        actor=None, commitment=kota_item.commitment, region=region("53.71"), name="Kalaksa"
    )
    province = make_user("prov", {"53": "editor"})
    html = web(province).get(kota_item.commitment.get_absolute_url()).content.decode()
    assert "1 of 2 regions" in html
    assert "not signed yet" in html
    assert html.count('data-testid="overdue"') == 1
    listing = web(province).get(reverse("coordination:action-list"), {"overdue": "true"})
    assert late.get_absolute_url() in listing.content.decode()
    assert kota_item.get_absolute_url() not in listing.content.decode()


def test_progress_on_the_page(web: Any, make_user: Any, kota_item: Any) -> None:
    kota = make_user("kota", {"53.71": "editor"})
    url = reverse("coordination:action-progress", args=[kota_item.pk])
    today = timezone.localdate().isoformat()
    response = web(kota).post(url, {"status": "done", "date": today, "note": "Selesai"})
    assert response.status_code == 302
    response = web(kota).post(url, {"status": "not_started", "date": today})
    assert response.status_code == 400
    assert "say why in a note" in response.content.decode()
    detail = web(kota).get(kota_item.get_absolute_url()).content.decode()
    assert "Selesai" in detail


def test_kept_region_facts_follow_progress(kota_item, kota_editor) -> None:
    from tangguh.coordination.summaries import region_facts

    def values() -> list[object]:
        return [f.value for f in region_facts(kota_editor, "53.71")]

    assert values() == [1, 0, 0]
    services.record_progress(kota_item, actor=None, status="done", note="Selesai")
    assert values() == [1, 0, 1]
