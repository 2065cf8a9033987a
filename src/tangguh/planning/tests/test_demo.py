"""The planning demo loads through the services and tells the field reports' stories."""

from __future__ import annotations

import datetime as dt

import pytest

from tangguh.accounts.demo import ensure_agencies
from tangguh.planning import summaries
from tangguh.planning.demo import load_demo, open_year, standard_calendar
from tangguh.planning.models import (
    Outcome,
    PlanningStage,
    Proposal,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.planning.rules import Calendar

pytestmark = pytest.mark.django_db


def test_open_year_follows_the_cycle() -> None:
    assert open_year(dt.date(2026, 11, 23)) == 2028
    assert open_year(dt.date(2026, 3, 1)) == 2027
    stages = standard_calendar(2028)
    assert stages[0][1] == dt.date(2027, 1, 5)
    assert [s[1] for s in stages] == sorted(s[1] for s in stages)


def test_the_demo_loads_once_with_its_stories(superuser) -> None:
    ensure_agencies()
    counts = load_demo(today=dt.date(2026, 11, 23))
    assert counts.proposals >= 80
    assert counts.items >= 80
    assert counts.decisions >= 80
    assert load_demo(today=dt.date(2026, 11, 23)).proposals == 0  # idempotent
    assert all(p.title.startswith("[DEMO] ") for p in Proposal.objects.all())

    # Sumba Barat Daya: few proposals accommodated in 2024, more in 2025.
    sbd = Proposal.objects.filter(regency_id="53.18")
    share_2024 = summaries.overall(sbd.filter(year=2024)).share
    share_2025 = summaries.overall(sbd.filter(year=2025)).share
    assert share_2024 is not None
    assert share_2025 is not None
    assert share_2024 < share_2025
    assert sbd.filter(year=2024, outcome=Outcome.DEFERRED, deferred_to=2025).exists()

    # Fatuleu: risk-plan proposals of five villages, taken up by agencies.
    fatuleu = Proposal.objects.filter(year=2027, region__code__startswith="53.01.2")
    assert fatuleu.values("region").distinct().count() >= 5
    assert fatuleu.filter(
        outcome=Outcome.ACCOMMODATED, links__item__agency__short_name="BPBD"
    ).exists()

    # Kota Kupang: the nine agencies' poverty sub-activities for 2026.
    kota = WorkPlanItem.objects.filter(region_id="53.71", year=2026, poverty=True)
    assert kota.values("agency").distinct().count() >= 9
    assert not kota.exclude(status=WorkPlanStatus.FINAL).exists()

    # Fatuleu's proposals deferred to the open year are taken up again there.
    carried = Proposal.objects.filter(year=2028, carried_from__isnull=False)
    assert carried.count() == Proposal.objects.filter(year=2027, deferred_to=2028).count() >= 1

    # The open year's calendar accepts village proposals.
    assert PlanningStage.objects.filter(year=2028, region_id="53.01").count() == 6
    calendar = Calendar.of("53.01", 2028)
    assert calendar.proposals_closed("musrenbang_desa", on=dt.date(2026, 11, 23)) is None
    uptake = summaries.partner_uptake(superuser, 2027, "53.01")
    assert any(u.items for u in uptake)
