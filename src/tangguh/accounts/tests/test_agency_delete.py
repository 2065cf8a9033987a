"""Deleting an agency that planning records still name is refused with the reason, never a 500."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tangguh.accounts.models import Agency
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import Item
from tangguh.planning import services as planning

pytestmark = pytest.mark.django_db

KRB = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota


@pytest.fixture
def planned_agency(planning_calendar: Any) -> Agency:
    """A Kabupaten Kupang agency with one work-plan item."""
    agency: Agency = AgencyFactory(region_id="53.01", short_name="BPBD", bidang_codes=["1.05"])
    sub_activity = Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=KRB
    )
    planning.create_item(
        actor=None,
        agency=agency,
        year=planning_calendar("53.01"),
        sub_activity=sub_activity,
        budget=Decimal("150000000"),
    )
    return agency


def test_an_agency_with_work_plan_items_is_not_deleted_through_the_api(
    api, kupang_editor, planned_agency
) -> None:
    response = api(kupang_editor).delete(f"/api/v1/agencies/{planned_agency.pk}/")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "still used by other records (work-plan items (1))" in error["message"]
    assert Agency.objects.filter(pk=planned_agency.pk).exists()
    assert not ChangeRecord.objects.filter(action=ChangeRecord.Action.DELETE).exists()


def test_an_agency_with_work_plan_items_is_not_deleted_from_its_page(
    web, kupang_editor, planned_agency
) -> None:
    url = reverse("accounts:agency-delete", args=[planned_agency.pk])
    response = web(kupang_editor).post(url, follow=True)
    assert response.status_code == 200
    assert "still used by other records" in response.content.decode()
    assert Agency.objects.filter(pk=planned_agency.pk).exists()


def test_an_unused_agency_is_still_deleted(api, kupang_editor, kupang_agency) -> None:
    response = api(kupang_editor).delete(f"/api/v1/agencies/{kupang_agency.pk}/")
    assert response.status_code == 204
    assert not Agency.objects.filter(pk=kupang_agency.pk).exists()
