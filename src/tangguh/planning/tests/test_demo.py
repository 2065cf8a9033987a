"""The planning demo loads through the services and tells the field reports' stories."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tangguh.accounts.demo import ensure_agencies, ensure_users
from tangguh.accounts.models import User
from tangguh.core.models import ChangeRecord
from tangguh.planning import rules, services, summaries
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


def test_every_step_of_nuataus_s_trail_has_its_real_actor() -> None:
    ensure_agencies()
    ensure_users()
    load_demo(today=dt.date(2026, 11, 23))

    proposal = Proposal.objects.get(year=2027, reference="KPG-2027-001")
    trail = {r.level: r for r in proposal.recommendations.select_related("agency")}

    assert {level: r.by for level, r in trail.items()} == {
        "village": "desa.nuataus",
        "district": "kec.fatuleubarat",
        "agency": "pupr.kupang",
        "bappeda": "perencana.kupang",
    }
    assert trail["agency"].agency is not None
    assert trail["agency"].agency.short_name == "Dinas PUPR"
    recorded = ChangeRecord.objects.filter(model="planning.recommendation").values_list(
        "actor_name", flat=True
    )
    assert {"desa.nuataus", "kec.fatuleubarat", "pupr.kupang"} <= set(recorded)


def test_the_demo_logins_walk_a_new_proposal_s_trail_in_the_open_year(web: Any) -> None:
    ensure_agencies()
    ensure_users()
    today = dt.date(2026, 11, 23)
    load_demo(today=today)
    year = open_year(today)
    users = {u.username: u for u in User.objects.all()}
    with rules.as_of(dt.date(year - 1, 1, 10)):
        made = services.create_proposal(
            actor=users["desa.nuataus"],
            region_id="53.01.27.2002",
            year=year,
            source_kind="risk_plan",
            title="Jalur evakuasi banjir Dusun II",
        )
        url = reverse("planning:proposal-recommend", args=[made.pk])
        for login, level in (
            ("desa.nuataus", "village"),
            ("kec.fatuleubarat", "district"),
            ("pupr.kupang", "agency"),
            ("perencana.kupang", "bappeda"),
        ):
            response = web(users[login]).post(url, {"level": level, "verdict": "recommended"})
            assert response.status_code == 302, (login, response.content[:300])

    made.refresh_from_db()
    assert made.stage == "bappeda"
    assert [(r.level, r.by) for r in made.recommendations.order_by("id")] == [
        ("village", "desa.nuataus"),
        ("district", "kec.fatuleubarat"),
        ("agency", "pupr.kupang"),
        ("bappeda", "perencana.kupang"),
    ]
