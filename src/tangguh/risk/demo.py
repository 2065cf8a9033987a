"""Demo risk data: profiles for the villages of Fatuleu Barat (53.01.27) and Fatuleu Tengah
(53.01.28) for drought, flood, extreme weather and forest fire, and SIDIK-like climate classes.
Plausible, generated figures labelled [DEMO]; not an assessment and not official data."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from tangguh.catalogues.models import HazardType
from tangguh.measures.risk import index_class
from tangguh.regions.models import Level, Region
from tangguh.risk import services
from tangguh.risk.choices import ClimateClass, Origin
from tangguh.risk.models import ClimateVulnerability, RiskMethodVersion, RiskProfile

DISTRICTS = ("53.01.27", "53.01.28")  # Fatuleu Barat, Fatuleu Tengah
YEAR = 2024
CLIMATE_YEAR = 2021
SOURCE = "[DEMO] Data demo tangguh — dibangkitkan, bukan kajian resmi (generated, not official)"
CLIMATE_SOURCE = (
    "[DEMO] Kelas mirip SIDIK — dibangkitkan, bukan data KLHK (generated, not official)"
)
NOTE = "[DEMO]"

# Hazard key -> (low, high) of the hazard index: dry-land Timor is drought-prone first.
HAZARD_RANGES: dict[str, tuple[float, float]] = {
    "drought": (0.70, 0.90),
    "flood": (0.20, 0.55),
    "extreme_weather": (0.45, 0.70),
    "forest_fire": (0.30, 0.62),
}
# Villages with a trained response team (Nuataus, report 000) have a higher capacity.
CAPACITY_BONUS = {"53.01.27.2002": 0.2}
# In Fatuleu Tengah the forest-fire profiles are given as classes only, as an InaRISK class
# export gives them, to show both kinds of profile.
CLASSES_ONLY = {("53.01.28", "forest_fire")}
CLIMATE_CLASSES = (
    ClimateClass.MEDIUM,
    ClimateClass.HIGH,
    ClimateClass.HIGH,
    ClimateClass.VERY_HIGH,
)


class DemoCounts(NamedTuple):
    """How many demo records were created."""

    profiles: int
    climate: int


def _index(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2)))


@transaction.atomic
def load_demo() -> DemoCounts:
    """Create the demo risk profiles and climate classes once (idempotent); returns the counts."""
    method = RiskMethodVersion.current()
    hazards = {h.key: h for h in HazardType.objects.filter(key__in=HAZARD_RANGES)}
    villages = [
        v
        for code in DISTRICTS
        for v in Region.objects.within(code).filter(level=Level.VILLAGE).order_by("code")
    ]
    existing = set(
        RiskProfile.objects.filter(region__in=villages, year=YEAR, method=method).values_list(
            "region_id", "hazard_id"
        )
    )
    rng = random.Random(2026)
    profiles = climate = 0
    for village in villages:
        vulnerability = rng.uniform(0.40, 0.65)
        capacity = min(0.9, rng.uniform(0.22, 0.42) + CAPACITY_BONUS.get(village.code, 0))
        for key, (low, high) in HAZARD_RANGES.items():
            h = _index(rng, low, high)
            v = _index(rng, vulnerability - 0.05, vulnerability + 0.05)
            c = _index(rng, capacity - 0.03, capacity + 0.03)
            if (village.code, key) in existing or key not in hazards:
                continue
            values: dict[str, object] = {"hazard_index": h, "vulnerability_index": v}
            values["capacity_index"] = c
            if (village.code[:8], key) in CLASSES_ONLY:
                configured = method.as_method()
                values = {
                    "hazard_class": index_class(h, configured),
                    "vulnerability_class": index_class(v, configured),
                    "capacity_class": index_class(c, configured),
                }
            services.create_risk_profile(
                actor=None,
                region=village,
                hazard=hazards[key],
                year=YEAR,
                method=method,
                source=SOURCE,
                notes=NOTE,
                origin=Origin.DEMO,
                **values,
            )
            profiles += 1
        if not ClimateVulnerability.objects.filter(region=village, year=CLIMATE_YEAR).exists():
            services.create_climate_vulnerability(
                actor=None,
                region=village,
                year=CLIMATE_YEAR,
                vulnerability_class=rng.choice(CLIMATE_CLASSES),
                source=CLIMATE_SOURCE,
                notes=NOTE,
                origin=Origin.DEMO,
            )
            climate += 1
    return DemoCounts(profiles=profiles, climate=climate)


def demo_step() -> str:
    """The demo's risk profiles and climate classes (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    counts = load_demo()
    return _("Demo risk profiles: %(profiles)d; climate vulnerability classes: %(climate)d") % {
        "profiles": counts.profiles,
        "climate": counts.climate,
    }
