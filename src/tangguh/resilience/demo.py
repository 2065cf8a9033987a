"""Demo resilience data (source "demo", shown with a DEMO label; not real assessments): IKD of
the 22 regencies and cities for 2025 (verified by the province) and 2026 (some submitted, some
drafts), Destana 2025 for the villages of the Fatuleu sub-districts and the villages the news
named as Destana (data/destana_ntt_berita.csv), and city resilience 2026 for Kota Kupang with
report 001's figures (clean water 50 %, 200 t of waste a day). Levels are drawn from a fixed
seed per region, so every demo is the same. `load_demo()` is idempotent."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tangguh.core.importing import Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_file
from tangguh.regions.models import Level, Region
from tangguh.resilience import services
from tangguh.resilience.models import Assessment, Instrument

NEWS_FILE = Path(__file__).resolve().parent / "data" / "destana_ntt_berita.csv"
NOTE = "[DEMO] Penilaian contoh untuk demo tangguh, bukan data resmi."
KOTA_KUPANG = "53.71"
# Hazards an NTT regency faces in the demo (drought everywhere; volcanoes on Flores and Lembata).
FLORES_VOLCANOES = {"53.06", "53.07", "53.08", "53.09", "53.10", "53.13", "53.15", "53.18"}


def news_villages() -> list[str]:
    """The village codes of data/destana_ntt_berita.csv."""
    problems = Problems()
    reading = read_file(NEWS_FILE, problems)
    table = (
        find_table(
            reading.sheets[0], problems, {"code": ("kode_desa_kemendagri",)}, required=["code"]
        )
        if reading
        else None
    )
    problems.raise_if_any()
    assert table is not None
    return [table.text(row, "code") for row in table.rows]


def _levels(seed: str, indicators: int, base: int) -> list[int]:
    rng = random.Random(seed)
    return [
        max(1, min(5, base + rng.choice((-2, -1, -1, 0, 0, 1, 1, 2)))) for _ in range(indicators)
    ]


def _cascade_answers(instrument: Instrument, levels: dict[str, int]) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for q in instrument.questions.select_related("indicator"):
        level = levels.get(q.indicator.key, 1)
        entries[q.key] = {"answer": q.order < level, "evidence": "[DEMO] dokumen contoh"}
    return entries


def _start(
    instrument: Instrument, region: Region, year: int, hazards: list[str] | None
) -> Assessment | None:
    if Assessment.objects.filter(instrument=instrument, region=region, year=year).exists():
        return None
    return services.create_assessment(
        actor=None,
        instrument=instrument,
        region=region,
        year=year,
        hazards=hazards,
        source=Assessment.Source.DEMO,
        note=NOTE,
        carry_over=False,
    )


def _ikd(created: list[Assessment]) -> None:
    ikd = Instrument.objects.get(code="ikd-2016")
    keys = list(ikd.indicators.values_list("key", flat=True))
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True).order_by("code")
    for index, regency in enumerate(regencies):
        hazards = ["drought", "flood", "landslide", "earthquake", "extreme_waves"]
        if regency.code in FLORES_VOLCANOES:
            hazards.append("volcanic_eruption")
        for year, lift in ((2025, 0), (2026, 1 if index % 3 else 0)):
            assessment = _start(ikd, regency, year, sorted(hazards))
            if assessment is None:
                continue
            levels = _levels(f"{regency.code}-ikd", len(keys), 2 + (index % 3 == 0))
            levels = [min(5, level + (lift if i % 4 == 0 else 0)) for i, level in enumerate(levels)]
            services.import_answers(
                assessment, _cascade_answers(ikd, dict(zip(keys, levels, strict=True))), actor=None
            )
            if year == 2025 or index % 4 == 0:
                services.submit(assessment, actor=None, comment="[DEMO]")
            if year == 2025:
                services.verify(assessment, actor=None, comment="[DEMO] diverifikasi BPBD Provinsi")
            created.append(assessment)


def _destana(created: list[Assessment]) -> None:
    destana = Instrument.objects.get(code="destana-2012")
    keys = list(destana.indicators.values_list("key", flat=True))
    fatuleu = Region.objects.filter(
        level=Level.VILLAGE, parent__name__startswith="Fatuleu", parent__parent_id="53.01"
    )
    codes = [*fatuleu.values_list("code", flat=True), *news_villages()]
    news = set(news_villages())
    for code in dict.fromkeys(codes):
        village = Region.objects.filter(code=code).first()
        if village is None:
            continue
        assessment = _start(destana, village, 2025, None)
        if assessment is None:
            continue
        base = 3 if code in news else 2
        levels = [min(4, level) for level in _levels(f"{code}-destana", len(keys), base)]
        services.import_answers(
            assessment, _cascade_answers(destana, dict(zip(keys, levels, strict=True))), actor=None
        )
        services.submit(assessment, actor=None, comment="[DEMO]")
        if code in news or code.endswith(("1", "3", "5")):
            services.verify(assessment, actor=None, comment="[DEMO] diverifikasi BPBD kabupaten")
        created.append(assessment)


CITY_VALUES = {
    "E2.1": Decimal("8.61"),  # [DEMO] P0 of Kota Kupang, order of magnitude of BPS's figures
    "L1.1": Decimal(50),  # report 001: clean water reaches 50 %
    "L2.1": Decimal(70),  # [DEMO] share of the 200 t/day collected
    "L2.2": Decimal(200),  # report 001: 200 t of waste a day
    "L3.1": Decimal(6),
    "I1.1": Decimal(12),
    "I2.1": Decimal(40),  # report 001: ageing minibuses
    "I3.1": Decimal(55),
}
CITY_YES = {
    "S1.1",
    "S1.2",
    "S2.1",
    "S2.2",
    "S3.1",
    "S3.2",
    "S3.3",
    "E1.1",
    "I2.2",
    "T1.1",
    "T1.2",
    "T2.1",
    "T2.2",
    "T3.1",
}


def _city(created: list[Assessment]) -> None:
    city = Instrument.objects.get(code="kota-tangguh-2026")
    region = Region.objects.filter(code=KOTA_KUPANG).first()
    if region is None:
        return
    assessment = _start(city, region, 2026, ["drought", "flood", "landslide", "settlement_fire"])
    if assessment is None:
        return
    entries: dict[str, dict[str, Any]] = {}
    for q in city.questions.all():
        if q.answer_type == "number":
            entries[q.key] = {"answer": CITY_VALUES.get(q.key)}
        else:
            entries[q.key] = {"answer": q.key in CITY_YES}
    services.import_answers(assessment, entries, actor=None)
    created.append(assessment)


@transaction.atomic
def load_demo() -> int:
    """Create the demo assessments that are not there yet; returns how many were created."""
    created: list[Assessment] = []
    _ikd(created)
    _destana(created)
    _city(created)
    return len(created)


def demo_step() -> str:
    """The demo's assessments (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    return _("Demo resilience assessments created: %(count)d") % {"count": load_demo()}
