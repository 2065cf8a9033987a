"""The provincial workspace: the province table and one region's printable page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tangguh.coordination import services

from .conftest import action_values, make_stakeholder, region

pytestmark = pytest.mark.django_db


def test_the_province_table_and_a_regions_page(
    web: Any, make_user: Any, commitment: Any, kota_item: Any
) -> None:
    services.create_signatory(
        actor=None, commitment=commitment, region=region("53.71"), name="Kalaksa BPBD"
    )
    kupang = make_stakeholder("53.01", "BPBD Kabupaten Kupang")
    services.create_action(
        actor=None,
        **action_values(
            commitment,
            "53.01",
            kupang,
            phase="pasca",
            issue="Rehabilitasi rumah lambat",
            deadline=dt.date(2026, 1, 10),
        ),
    )
    province = make_user("prov", {"53": "viewer"})
    client = web(province)
    table = client.get(reverse("coordination:workspace")).content.decode()
    rows = table.split('data-testid="province-table"')[1]
    assert rows.count("/coordination/workspace/53.") == 22
    kota_row = rows.split("/coordination/workspace/53.71/")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in kota_row.split("</td>")[1:4]] == ["1", "1", "1"]
    page = client.get(reverse("coordination:workspace-region", args=["53.01"])).content.decode()
    assert "Rehabilitasi rumah lambat" in page
    assert "After a disaster (pasca bencana)" in page
    assert "not signed yet" in page
    assert "1 overdue" in page
    assert "<script>" not in page
    assert "onclick" not in page
    kota_viewer = make_user("kota", {"53.71": "viewer"})
    refused = web(kota_viewer).get(reverse("coordination:workspace-region", args=["53.01"]))
    assert refused.status_code == 403
    own = web(kota_viewer).get(reverse("coordination:workspace")).content.decode()
    assert own.split('data-testid="province-table"')[1].count("/coordination/workspace/53.") == 1
