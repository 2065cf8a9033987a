"""The demo data tells reports 000 and 001; the export command keeps to the actor's regions."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tangguh.accounts.demo import ensure_agencies
from tangguh.core.models import ChangeRecord
from tangguh.disasters import services as disaster_services
from tangguh.preparedness.demo import load_demo
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Exercise,
    PreparednessTeam,
    Training,
)

from .conftest import hazard, region

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_field_reports_and_loads_once() -> None:
    ensure_agencies()
    created = load_demo()
    assert created > 0
    assert load_demo() == 0
    plans = ContingencyPlan.objects.filter(region_id="53.71")
    assert sorted(plans.values_list("hazard_id", flat=True)) == [
        "flood",
        "landslide",
        "settlement_fire",
    ]
    assert all(p.title.startswith("[DEMO] ") for p in plans)
    assert Exercise.objects.filter(plan__in=plans).count() == 3
    assert plans.get(hazard_id="settlement_fire").agencies.filter(short_name="BPBD").exists()
    ksb = PreparednessTeam.objects.get(region_id="53.01.27.2002")
    assert ksb.kind == "ksb"
    assert ksb.name.startswith("[DEMO] ")
    assert (ksb.members_women, ksb.members_with_disability) == (12, None)
    assert Training.objects.filter(team=ksb).count() == 1
    activation = Activation.objects.get(team=ksb)
    assert activation.hazard_id == "flood"
    assert PreparednessTeam.objects.filter(region__code__startswith="53.01.2").count() == 2
    assert PreparednessTeam.objects.filter(region__code__startswith="53.18.").count() == 2
    assert ChangeRecord.objects.filter(model__startswith="preparedness.").count() == created


def test_the_demo_links_the_nuataus_response_to_a_recorded_flood() -> None:
    flood = disaster_services.create_event(
        actor=None,
        region=region("53.01.27"),
        hazard=hazard("flood"),
        start_date=dt.date(2025, 2, 3),
    )
    load_demo()
    activation = Activation.objects.get(team__region_id="53.01.27.2002")
    assert (activation.event, activation.date) == (flood, dt.date(2025, 2, 3))


def test_plans_and_teams_are_exported_from_the_command_line(tmp_path, kota_editor) -> None:
    load_demo()
    target = tmp_path / "plans.csv"
    out = StringIO()
    call_command("export_preparedness", "plans", "-o", str(target), stdout=out)
    assert "exported 3 record(s)" in out.getvalue()
    call_command(
        "export_preparedness",
        "teams",
        "-o",
        str(target),
        "--actor",
        kota_editor.username,
        stdout=out,
    )
    assert list(csv.DictReader(target.open(encoding="utf-8"))) == []
    call_command(
        "export_preparedness",
        "teams",
        "-o",
        str(target),
        "--region",
        "53.18",
        "--year",
        "2024",
        stdout=out,
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["region_code"] for row in rows] == ["53.18.01.2003", "53.18.07.2001"]
    with pytest.raises(CommandError, match=r"no access to region 53\.01"):
        call_command(
            "export_preparedness",
            "plans",
            "-o",
            str(target),
            "--region",
            "53.01",
            "--actor",
            kota_editor.username,
        )
