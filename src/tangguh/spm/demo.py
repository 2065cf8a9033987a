"""Demo SPM data (labelled [DEMO], not official): the three services of Kota Kupang and
Kabupaten Kupang in 2025 with the people served in each of the four quarters. Kabupaten Kupang
reported the third quarter late. The targets are stated demo figures within each region's
population, not a region's real SPM report. `load_demo()` is idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tangguh.regions.models import Region
from tangguh.spm import services
from tangguh.spm.choices import Service, TargetBasis
from tangguh.spm.models import DEMO_MARK, ServiceRecord

DEMO = DEMO_MARK + " "
YEAR = 2025
ALL_STAGES = {"stage_data": True, "stage_needs": True, "stage_planning": True}
# Per region and service: target, stage of delivery reached, standards met, served per quarter.
RECORDS: dict[str, dict[str, dict[str, Any]]] = {
    "53.71": {
        Service.INFORMATION: {
            "target": 120_000,
            "delivery": True,
            "quality_met": ["risk_assessment", "kie"],
            "served": (18_000, 26_000, 31_000, 27_500),
        },
        Service.PREVENTION: {
            "target": 60_000,
            "delivery": True,
            "quality_met": ["disaster_plan", "contingency_plan", "exercise", "equipment"],
            "served": (6_500, 9_800, 12_400, 8_300),
        },
        Service.RESCUE: {
            "target": 1_500,
            "delivery": True,
            "quality_met": ["rapid_assessment", "search", "first_aid", "evacuation"],
            "served": (610, 240, 95, 455),
        },
    },
    "53.01": {
        Service.INFORMATION: {
            "target": 95_000,
            "delivery": True,
            "quality_met": ["kie"],
            "served": (9_000, 14_500, 17_200, 12_800),
        },
        Service.PREVENTION: {
            "target": 48_000,
            "delivery": False,
            "quality_met": ["contingency_plan", "training", "exercise"],
            "served": (3_100, 5_600, 7_900, 4_400),
        },
        Service.RESCUE: {
            "target": 2_400,
            "delivery": True,
            "quality_met": ["rapid_assessment", "evacuation"],
            "served": (980, 410, 160, 530),
        },
    },
}
# The day each region reported each quarter: Kabupaten Kupang's third quarter came late.
REPORTED = {
    "53.71": (
        dt.date(2025, 4, 9),
        dt.date(2025, 7, 10),
        dt.date(2025, 10, 8),
        dt.date(2026, 1, 12),
    ),
    "53.01": (
        dt.date(2025, 4, 14),
        dt.date(2025, 7, 15),
        dt.date(2025, 11, 3),
        dt.date(2026, 1, 14),
    ),
}


def _record(code: str, service: str, item: dict[str, Any]) -> int:
    if ServiceRecord.objects.filter(region_id=code, year=YEAR, service=service).exists():
        return 0
    region = Region.objects.get(code=code)
    record = services.create_record(
        actor=None,
        region=region,
        year=YEAR,
        service=service,
        target=item["target"],
        target_basis=TargetBasis.STATED,
        target_source=DEMO + "demo figure, not the region's report",
        stage_delivery=item["delivery"],
        quality_met=item["quality_met"],
        notes=DEMO + "SPM demo data for tangguh; not an official SPM report.",
        **ALL_STAGES,
    )
    for quarter, (served, day) in enumerate(zip(item["served"], REPORTED[code], strict=True), 1):
        services.create_quarter(
            actor=None,
            record=record,
            quarter=quarter,
            served=served,
            reported_on=day,
            notes=DEMO.strip(),
        )
    return 1 + len(item["served"])


def load_demo() -> int:
    """Create the demo records and quarterly figures that do not exist yet; returns how many."""
    created = 0
    for code, records in RECORDS.items():
        if not Region.objects.filter(code=code).exists():
            continue
        for service, item in records.items():
            created += _record(code, service, item)
    return created


def demo_step() -> str:
    """The demo's SPM records (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    return _("Demo SPM service records and quarterly figures created: %(count)d") % {
        "count": load_demo()
    }
