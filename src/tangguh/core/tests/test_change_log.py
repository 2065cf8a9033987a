"""The change-log page and a record's history tab."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.accounts import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(province_manager, kupang_agency, kota_agency):
    services.update_agency(kupang_agency, actor=province_manager, name="Kupang Satu")
    services.update_agency(kota_agency, actor=province_manager, name="Kota Satu")
    return kupang_agency, kota_agency


def test_the_change_log_filters_by_region_user_and_model(web, province_manager, changes) -> None:
    client = web(province_manager)
    html = client.get(
        reverse("change-log"),
        {"region": "53.71", "model": "accounts.agency", "user": "prov.manager"},
    ).content.decode()
    assert "Kota Satu" in html
    assert "Kupang Satu" not in html


def test_the_change_log_filters_by_date(web, province_manager, changes) -> None:
    html = (
        web(province_manager).get(reverse("change-log"), {"since": "2999-01-01"}).content.decode()
    )
    assert "Kota Satu" not in html


def test_the_change_log_shows_only_the_member_s_regions(web, kupang_editor, changes) -> None:
    html = (
        web(kupang_editor).get(reverse("change-log"), {"model": "accounts.agency"}).content.decode()
    )
    assert "Kupang Satu" in html
    assert "Kota Satu" not in html


def test_a_record_history_lists_its_changes(web, kupang_editor, changes) -> None:
    agency = changes[0]
    response = web(kupang_editor).get(
        reverse("history", args=["accounts.agency", agency.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Kupang Satu" in html
    assert "<html" not in html


def test_another_region_s_history_is_refused(web, kupang_editor, changes) -> None:
    agency = changes[1]
    response = web(kupang_editor).get(reverse("history", args=["accounts.agency", agency.pk]))
    assert response.status_code == 403


def test_an_unknown_record_type_is_404(web, kupang_editor) -> None:
    assert web(kupang_editor).get(reverse("history", args=["nope.nothing", "1"])).status_code == 404


def test_the_change_log_api_filters_and_pages(api, province_manager, changes) -> None:
    body = (
        api(province_manager)
        .get("/api/v1/changes/", {"region": "53.71", "model": "accounts.agency", "year": 2026})
        .json()
    )
    assert body["count"] >= 1
    row = body["results"][0]
    assert {"at", "user", "action", "model", "object_id", "changes", "region_code"} <= set(row)
    assert row["region_code"].startswith("53.71")
