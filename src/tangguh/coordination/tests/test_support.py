"""Support delivered to villages: rules, the village page's section and the list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tangguh.coordination import services
from tangguh.planning import services as planning_services

from .conftest import region

pytestmark = pytest.mark.django_db
NUATAUS = "53.01.27.2002"


@pytest.fixture
def programme(db: Any) -> Any:
    return planning_services.create_programme(
        actor=None, region=region("53.01"), name="PAR IV CORRECT", partner="CRS", first_year=2021
    )


def values(programme: Any, **extra: Any) -> dict[str, Any]:
    base = {
        "region": region(NUATAUS),
        "programme": programme,
        "kind": "training",
        "what": "Pelatihan perencanaan desa berbasis risiko",
        "date": dt.date(2024, 9, 12),
        "women": 12,
        "men": 18,
        "children": 0,
        "adults": 27,
        "older": 3,
        "with_disability": 2,
        "value": Decimal("15000000"),
    }
    return {**base, **extra}


def test_the_rules(programme: Any) -> None:
    services.create_support(actor=None, **values(programme))
    cases = [
        ({"region": region("53.01.27")}, "Support is delivered to a village"),
        ({"region": region("53.71.01.1001")}, "PAR IV CORRECT works in 53.01, not here."),
        ({"date": dt.date(2099, 1, 1)}, "The date is in the future."),
        ({"older": 4}, "The age groups add up to 31, the women and men to 30."),
        ({"with_disability": 31}, "More people with disabilities than people (30)."),
    ]
    for extra, message in cases:
        with pytest.raises(ValidationError) as exc:
            services.create_support(actor=None, **values(programme, **extra))
        assert any(message in m for m in exc.value.messages), (extra, exc.value.messages)


def test_another_regencys_programme_cannot_be_named(programme: Any, make_user: Any) -> None:
    kota = make_user("kota", {"53.71": "editor"})
    with pytest.raises(ValidationError) as exc:
        services.create_support(actor=kota, **values(programme, region=region("53.71.01.1001")))
    assert "Choose a partner programme of your regions." in exc.value.messages


def test_the_village_page_shows_support_delivered(programme: Any, web: Any, make_user: Any) -> None:
    services.create_support(actor=None, **values(programme))
    services.create_support(
        actor=None, **values(programme, kind="stimulus", what="Paket bibit kunyit", women=None)
    )
    officer = make_user("desa", {NUATAUS: "editor"})
    client = web(officer)
    page = client.get(reverse("regions:detail", args=[NUATAUS])).content.decode()
    section_url = reverse("coordination:village-support-section", args=[NUATAUS])
    assert f'hx-get="{section_url}"' in page
    section = client.get(section_url).content.decode()
    assert "Paket bibit kunyit" in section
    assert "2 deliveries" in section
    assert "12 women, 36 men, 4 people with disabilities reached" in section
    other = make_user("kota", {"53.71": "viewer"})
    assert (
        web(other).get(reverse("coordination:village-support-section", args=["53.71"])).content
        == b""
    )
