"""Partner programmes' details (donor, implementers, components, outputs, villages of
intervention) and what lives on of them: each practice with the work-plan items that carry it,
and the practices without an owner."""

# ruff: noqa: F811 - the fixtures of test_views_workplans are imported and used as arguments

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.planning import services
from tangguh.planning.models import PartnerProgramme, WorkPlanItem
from tangguh.planning.summaries import sustainability

from .test_views_workplans import (  # noqa: F401 - fixtures
    GLADI,
    KRB,
    NUATAUS,
    bpbd,
    html,
    region,
    sub,
    tangguh_programme,
    year,
)

pytestmark = pytest.mark.django_db


def test_villages_of_intervention_lie_in_the_programmes_region(
    tangguh_programme: PartnerProgramme,
) -> None:
    services.update_programme(
        tangguh_programme,
        actor=None,
        donor="Catholic Relief Services",
        villages=[region(NUATAUS), region("53.01.27.2001")],
    )
    change = ChangeRecord.objects.filter(model="planning.partnerprogramme").latest("pk")
    assert change.changes["villages"] == [[], ["53.01.27.2001", NUATAUS]]
    with pytest.raises(ValidationError) as exc:
        services.update_programme(
            tangguh_programme, actor=None, villages=[region("53.71.01.1001"), region("53.01.27")]
        )
    assert "Not villages of 53.01: 53.71.01.1001, 53.01.27." in exc.value.messages


def test_a_practice_carried_on_is_one_the_programme_lists(
    tangguh_programme: PartnerProgramme, bpbd: Any, year: int
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_item(
            actor=None, agency=bpbd, year=year, sub_activity=sub(KRB), practice="Bank sampah"
        )
    assert "Choose the programme whose practice it is." in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.create_item(
            actor=None,
            agency=bpbd,
            year=year,
            sub_activity=sub(KRB),
            partner_programme=tangguh_programme,
            practice="Bank sampah",
        )
    assert "Desa Tangguh Fatuleu does not list the practice Bank sampah." in exc.value.messages


def test_what_lives_on_and_what_has_no_owner(
    tangguh_programme: PartnerProgramme, bpbd: Any, year: int, web: Any, kupang_editor: Any
) -> None:
    services.create_item(
        actor=None,
        agency=bpbd,
        year=year,
        sub_activity=sub(GLADI),
        budget=Decimal("25000000"),
        partner_programme=tangguh_programme,
        practice="Gladi evakuasi banjir",
    )
    services.create_item(
        actor=None,
        agency=bpbd,
        year=year,
        sub_activity=sub(KRB),
        partner_programme=tangguh_programme,
    )
    found = sustainability(tangguh_programme, WorkPlanItem.objects.all())
    assert found.orphaned == ["Bak penampung air hujan"]
    (owned,) = found.owned
    assert owned.practice == "Gladi evakuasi banjir"
    assert owned.agencies == ["BPBD"]
    assert owned.budget == Decimal("25000000")
    assert len(found.unnamed) == 1
    page = html(web(kupang_editor).get(tangguh_programme.get_absolute_url()))
    section = page.split('data-testid="sustainability"')[1].split("</table>")[0]
    assert section.count('data-testid="no-owner"') == 1
    assert "25.000.000" in section or "25,000,000" in section
    assert "1 work-plan item carries the programme without naming a practice." in page


def test_the_form_takes_village_codes(web: Any, kupang_editor: Any) -> None:
    values = {
        "region": "53.01",
        "name": "PAR IV CORRECT",
        "partner": "Catholic Relief Services",
        "implementers": "CIS Timor",
        "first_year": "2021",
        "last_year": "2025",
        "practices": "Perencanaan desa berbasis risiko",
        "villages": f"{NUATAUS}, 53.01.99.9999",
    }
    response = web(kupang_editor).post(reverse("planning:programme-add"), values)
    assert "Unknown region codes: 53.01.99.9999." in html(response)
    values["villages"] = f"{NUATAUS}\n53.01.27.2001"
    response = web(kupang_editor).post(reverse("planning:programme-add"), values)
    programme = PartnerProgramme.objects.get(name="PAR IV CORRECT")
    assert response["Location"] == programme.get_absolute_url()
    assert sorted(programme.villages.values_list("code", flat=True)) == ["53.01.27.2001", NUATAUS]
