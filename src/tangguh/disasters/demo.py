"""Demo disaster data: generated but plausible NTT events 2015–2025 (labelled as demo) and the BNPB
sample file imported. Not official data."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from tangguh.catalogues.models import HazardType
from tangguh.core import audit
from tangguh.core.models import ChangeRecord
from tangguh.disasters import services
from tangguh.disasters.importers import import_events
from tangguh.disasters.models import Event
from tangguh.regions.loading import load_regions
from tangguh.regions.models import Level, Region

SAMPLE = Path(__file__).parent / "data" / "bnpb_sample_Data_Bencana.xls"
DEMO_SOURCE = (
    "Data demo tangguh — dibangkitkan, bukan data resmi (generated demo data, not official)"
)
FIRST_YEAR, LAST_YEAR = 2015, 2025

# (hazard key, events per regency-year on average, months it happens in, share in villages)
SEASONS: list[tuple[str, float, tuple[int, ...]]] = [
    ("drought", 1.2, (6, 7, 8, 9, 10, 11)),
    ("flood", 1.0, (12, 1, 2, 3)),
    ("flash_flood", 0.5, (12, 1, 2, 3)),
    ("whirlwind", 0.9, (11, 12, 1, 2, 3, 4)),
    ("landslide", 0.5, (12, 1, 2, 3)),
    ("forest_fire", 0.6, (8, 9, 10)),
    ("settlement_fire", 0.7, tuple(range(1, 13))),
    ("abrasion", 0.4, (1, 2, 3, 12)),
    ("earthquake", 0.15, tuple(range(1, 13))),
]


def _maybe(rng: random.Random, value: int, unknown_share: float = 0.15) -> int | None:
    """A figure, or unknown now and then (regional records often lack some figures)."""
    return None if rng.random() < unknown_share else value


def _effects(rng: random.Random, hazard: str) -> dict[str, Any]:
    severe = rng.random() < 0.1
    scale = 10 if severe else 1
    people = rng.randint(0, 60) * scale * (20 if hazard == "drought" else 1)
    effects: dict[str, Any] = {
        "deaths": _maybe(rng, rng.choice([0, 0, 0, 0, 1, 2]) * (3 if severe else 1), 0.05),
        "missing": _maybe(rng, rng.choice([0, 0, 0, 0, 0, 1]), 0.2),
        "injured": _maybe(rng, rng.randint(0, 5) * scale),
        "affected": _maybe(rng, people),
        "displaced": _maybe(rng, people // 4 if hazard != "drought" else 0, 0.3),
    }
    if hazard != "drought":
        effects.update(
            houses_heavy=_maybe(rng, rng.randint(0, 4) * scale),
            houses_moderate=_maybe(rng, rng.randint(0, 6) * scale, 0.25),
            houses_light=_maybe(rng, rng.randint(0, 12) * scale),
        )
    if hazard in ("flood", "flash_flood"):
        effects.update(
            houses_flooded=_maybe(rng, rng.randint(5, 80) * scale),
            rice_fields_ha=Decimal(rng.randint(0, 40)),
        )
    if hazard == "drought":
        effects.update(
            rice_fields_ha=Decimal(rng.randint(20, 400)),
            plantations_ha=Decimal(rng.randint(0, 100)),
        )
    if severe:
        effects.update(
            education_damaged=rng.randint(0, 3),
            health_damaged=rng.randint(0, 1),
            bridges_damaged=rng.randint(0, 2),
            economic_loss=Decimal(rng.randint(50, 2000)) * Decimal(1_000_000),
        )
    return effects


def _generated(hazards: dict[str, HazardType]) -> list[Event]:
    rng = random.Random(2026)
    regencies = list(
        Region.objects.filter(code__startswith="53.", level=Level.REGENCY).order_by("code")
    )
    villages: dict[str, list[str]] = {}
    for code in Region.objects.filter(level=Level.VILLAGE, code__startswith="53.").values_list(
        "code", flat=True
    ):
        villages.setdefault(code[:5], []).append(code)
    events: list[Event] = []
    for regency in regencies:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for key, rate, months in SEASONS:
                for number in range(_poisson(rng, rate)):
                    month = rng.choice(months)
                    start = dt.date(year, month, rng.randint(1, 28))
                    place = (
                        rng.choice(villages[regency.code]) if rng.random() < 0.7 else regency.code
                    )
                    event = Event(
                        region_id=place,
                        hazard=hazards[key],
                        start_date=start,
                        end_date=start
                        + dt.timedelta(days=rng.randint(0, 3 if key != "drought" else 90)),
                        description=f"[DEMO] {hazards[key].name_id} di {regency.name}",
                        source=DEMO_SOURCE,
                        origin=Event.Origin.CSV,
                        source_id=f"demo-{regency.code}-{year}-{key}-{number}",
                        **_effects(rng, key),
                    )
                    event.fingerprint = services.fingerprint(event)
                    events.append(event)
    return events


def _poisson(rng: random.Random, rate: float) -> int:
    count, threshold, product = 0, pow(2.718281828, -rate), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _seroja(hazards: dict[str, HazardType]) -> list[Event]:
    """Tropical cyclone Seroja, 4–5 April 2021, in regencies it struck (demo figures)."""
    struck = {
        "53.71": (10, 200),
        "53.01": (11, 300),
        "53.13": (20, 900),
        "53.10": (5, 100),
        "53.08": (48, 500),
    }
    events = []
    for code, (deaths, heavy) in struck.items():
        event = Event(
            region_id=code,
            hazard=hazards["tropical_cyclone"],
            start_date=dt.date(2021, 4, 4),
            end_date=dt.date(2021, 4, 5),
            deaths=deaths,
            missing=None,
            houses_heavy=heavy,
            affected=None,
            description="[DEMO] Siklon Tropis Seroja (angka demo, bukan data resmi)",
            source=DEMO_SOURCE,
            origin=Event.Origin.CSV,
            source_id=f"demo-seroja-{code}",
        )
        event.fingerprint = services.fingerprint(event)
        events.append(event)
    return events


def load_demo() -> str:
    """The demo's events and BNPB's sample file (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    events, sample = load_demo_events(), import_bnpb_sample()
    return _("Demo disaster events created: %(count)d; from the BNPB sample file: %(sample)d") % {
        "count": events,
        "sample": sample,
    }


def load_demo_events() -> int:
    """Create the generated demo events once (idempotent); returns how many were created."""
    if Event.objects.filter(source_id__startswith="demo-").exists():
        return 0
    hazards = {h.key: h for h in HazardType.objects.all()}
    events = _generated(hazards) + _seroja(hazards)
    Event.objects.bulk_create(events, batch_size=500)
    changes = [
        audit.new_change(None, ChangeRecord.Action.CREATE, e, {"source": [None, DEMO_SOURCE]})
        for e in events
    ]
    audit.record_changes(changes)
    return len(events)


def import_bnpb_sample() -> int:
    """Import BNPB's sample file (idempotent); first add the regencies outside NTT that it names,
    with codes and names as the file gives them. Returns how many events were created."""
    import xlrd

    sheet = xlrd.open_workbook(str(SAMPLE)).sheet_by_index(0)
    header = sheet.row_values(0)
    rows = [dict(zip(header, sheet.row_values(r), strict=False)) for r in range(1, sheet.nrows)]
    with TemporaryDirectory() as folder:
        table = Path(folder) / "bnpb_sample_regions.csv"
        with table.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["kode", "nama"])
            seen: set[str] = set()
            # A province's name from a row whose province code agrees with its regency code.
            provinces = {
                str(r["id_prov"]).split(".")[0]: r["provinsi"]
                for r in rows
                if str(r["id_kab"]).startswith(str(r["id_prov"]).split(".")[0])
            }
            for row in rows:
                kab = str(row["id_kab"]).split(".")[0]
                for code, name in (
                    (kab[:2], provinces.get(kab[:2], kab[:2])),
                    (kab, row["kabkot"]),
                ):
                    dotted = code if len(code) == 2 else f"{code[:2]}.{code[2:]}"
                    if dotted not in seen and not Region.objects.filter(code=dotted).exists():
                        seen.add(dotted)
                        writer.writerow([dotted, str(name).title()])
        if seen:
            load_regions([table])
    report = import_events(SAMPLE, actor=None)
    return report.created
