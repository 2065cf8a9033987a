"""The coordination demo tells reports 000, 002 and 004, labels what is not real, loads once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tangguh.accounts.demo import ensure_agencies
from tangguh.coordination.demo import load_demo
from tangguh.coordination.models import (
    ActionItem,
    Commitment,
    Forum,
    Meeting,
    Stakeholder,
    SupportDelivery,
)
from tangguh.planning.demo import load_demo as load_planning_demo
from tangguh.planning.summaries import all_work_plan_items, partner_programmes

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_field_reports_and_loads_once(db: Any) -> None:
    ensure_agencies()
    load_planning_demo(today=dt.date(2026, 11, 23))
    assert load_demo() > 0
    assert load_demo() == 0

    rakor = Commitment.objects.get(region_id="53")
    assert rakor.date == dt.date(2025, 11, 20)
    assert rakor.regions.count() == 22
    assert rakor.signatories.count() == 22
    assert all(s.name.startswith("[DEMO] ") for s in rakor.signatories.all())
    assert rakor.text.startswith("[DEMO] ")
    today = timezone.localdate()
    items = ActionItem.objects.filter(commitment=rakor)
    assert items.filter(ActionItem.overdue_q(today)).exists()
    assert items.filter(status="done").exists()
    assert items.exclude(ActionItem.overdue_q(today)).exclude(status="done").exists()
    kota = Stakeholder.objects.get(region_id="53.71", name="BPBD Kota Kupang")
    assert kota.agency is not None  # the demo login bpbd.kotakupang answers for it

    forum = Forum.objects.get(region_id="53.18")
    assert forum.decree_number == "Keputusan Bupati SBD Nomor 289/KEP/HK/2023"
    assert forum.members.count() == 24
    dates = sorted(Meeting.objects.filter(forum=forum).values_list("date", flat=True))
    assert dates == [dt.date(2024, 1, 31), dt.date(2024, 3, 15)]
    assert Meeting.objects.get(region_id="53").attendance.count() == 22

    correct = partner_programmes().get(name__contains="PAR IV")
    assert correct.implementers == "CIS Timor"
    assert correct.villages.filter(name="Nuataus").exists()
    carried = all_work_plan_items().filter(partner_programme=correct).exclude(practice="")
    assert carried.exists(), list(
        all_work_plan_items()
        .filter(partner_programme=correct)
        .values_list("year", "status", "indicator")
    )
    assert SupportDelivery.objects.filter(region__code__startswith="53.18.").count() == 3
    assert all(s.notes.startswith("[DEMO] ") for s in SupportDelivery.objects.all())
