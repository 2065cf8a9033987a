"""Demo preparedness data (labelled [DEMO], not official): Kota Kupang's contingency plans for
settlement fire, flood and landslide (report 001) with an exercise each; the Tim Kampung Siaga
Bencana of Nuataus and its flood response (report 000), a Destana team in Poto, and two teams in
Sumba Barat Daya. `load_demo()` is idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tangguh.accounts.models import Agency
from tangguh.catalogues.models import HazardType
from tangguh.disasters.summaries import events
from tangguh.preparedness import services
from tangguh.preparedness.models import ContingencyPlan, PreparednessTeam
from tangguh.regions.models import Region

DEMO = "[DEMO] "
KOTA_KUPANG = "53.71"
NUATAUS = "53.01.27.2002"
# The agencies of Kota Kupang responsible for the plans (created by the demo accounts, if loaded).
KOTA_AGENCIES = {
    "settlement_fire": ("1.05.0.00.0.00.01.0000", "1.04.0.00.0.00.01.0000"),
    "flood": ("1.05.0.00.0.00.01.0000", "1.03.0.00.0.00.01.0000", "1.06.0.00.0.00.01.0000"),
    "landslide": ("1.05.0.00.0.00.01.0000", "1.03.0.00.0.00.01.0000"),
}


@dataclass(frozen=True)
class DemoPlan:
    """A demo contingency plan with one exercise."""

    hazard: str
    title: str
    year: int
    status: str
    values: dict[str, Any]
    exercise: dict[str, Any]


PLANS = [
    DemoPlan(
        "settlement_fire",
        "Rencana Kontinjensi Kebakaran Permukiman Kota Kupang",
        2025,
        ContingencyPlan.Status.LEGALISED,
        {
            "legal_basis": "[DEMO] Keputusan Wali Kota Kupang Nomor 188.45/KEP/2025 (nomor demo)",
            "legalised_on": dt.date(2025, 3, 10),
            "valid_from": dt.date(2025, 3, 10),
            "valid_until": dt.date(2027, 12, 31),
            "scenario": "[DEMO] Kebakaran di permukiman padat Kelurahan Fatufeto dan Nunhila pada "
            "musim kemarau, angin kencang; akses mobil pemadam terbatas, air bersih hanya "
            "menjangkau sekitar 50% warga (analisis perkotaan CRIC 2020).",
        },
        {
            "date": dt.date(2025, 8, 14),
            "kind": "field",
            "participants_women": 18,
            "participants_men": 46,
            "notes": "[DEMO] Gladi lapang bersama Damkar, BPBD, PMI dan warga Kelurahan Fatufeto.",
        },
    ),
    DemoPlan(
        "flood",
        "Rencana Kontinjensi Banjir Kota Kupang",
        2024,
        ContingencyPlan.Status.LEGALISED,
        {
            "legal_basis": "[DEMO] Keputusan Wali Kota Kupang Nomor 188.45/KEP/2024 (nomor demo)",
            "legalised_on": dt.date(2024, 11, 20),
            "valid_from": dt.date(2024, 12, 1),
            "valid_until": dt.date(2026, 12, 31),
            "scenario": "[DEMO] Hujan lebat pada puncak musim hujan (Januari-Februari); luapan "
            "kali di Kecamatan Oebobo dan Kelapa Lima, genangan di permukiman dan jalan utama.",
        },
        {
            "date": dt.date(2024, 12, 12),
            "kind": "both",
            "participants_total": 53,
            "notes": "[DEMO] Gladi posko dan gladi lapang evakuasi; jumlah peserta menurut jenis "
            "kelamin tidak dicatat.",
        },
    ),
    DemoPlan(
        "landslide",
        "Rencana Kontinjensi Tanah Longsor Kota Kupang (revisi)",
        2025,
        ContingencyPlan.Status.CONSULTATION,
        {
            "scenario": "[DEMO] Longsor tebing di Kecamatan Alak dan Maulafa setelah hujan "
            "berhari-hari; rumah di lereng terancam, jalan terputus.",
        },
        {
            "date": dt.date(2025, 10, 22),
            "kind": "tabletop",
            "participants_women": 9,
            "participants_men": 17,
            "notes": "[DEMO] Simulasi meja (tabletop) untuk menguji rancangan revisi.",
        },
    ),
]


@dataclass(frozen=True)
class DemoTeam:
    """A demo preparedness team with its records."""

    village: str
    kind: str
    name: str
    values: dict[str, Any]
    trainings: list[dict[str, Any]] = field(default_factory=list)
    equipment: list[dict[str, Any]] = field(default_factory=list)
    activations: list[dict[str, Any]] = field(default_factory=list)


TEAMS = [
    DemoTeam(
        NUATAUS,
        PreparednessTeam.Kind.KSB,
        "Tim Kampung Siaga Bencana Desa Nuataus",
        {
            "established_on": dt.date(2023, 8, 17),
            "legal_basis": "[DEMO] SK Kepala Desa Nuataus (nomor demo)",
            "members_women": 12,
            "members_men": 18,
            "members_with_disability": None,
            "notes": "[DEMO] Dibina Dinas Sosial Kabupaten Kupang; didampingi program PAR IV "
            "CORRECT (CRS dan CIS Timor) di Fatuleu Barat. Sigap saat bencana di Nuataus "
            "(laporan lokakarya RKT Kabupaten Kupang, Juni 2025).",
        },
        trainings=[
            {
                "date": dt.date(2024, 9, 12),
                "topic": "Pertolongan pertama, evakuasi dan dapur umum",
                "organiser": "Dinas Sosial Kabupaten Kupang dan CIS Timor",
                "participants": 30,
            }
        ],
        equipment=[
            {"item": "Tandu lipat", "quantity": 2, "condition": "good", "year_acquired": 2024},
            {"item": "Megafon", "quantity": 1, "condition": "good", "year_acquired": 2024},
            {"item": "Tenda pengungsian", "quantity": None, "condition": "unknown"},
        ],
        activations=[
            {
                "date": dt.date(2025, 2, 12),
                "hazard": "flood",
                "actions": "[DEMO] Memberi peringatan dari rumah ke rumah, mengevakuasi lansia dan "
                "anak ke gedung gereja, membuka dapur umum dan mendata warga terdampak untuk "
                "BPBD dan Dinas Sosial.",
                "people_helped": None,
            }
        ],
    ),
    DemoTeam(
        "53.01.27.2001",
        PreparednessTeam.Kind.DESTANA,
        "Forum PRB Desa Poto",
        {
            "established_on": dt.date(2024, 3, 5),
            "legal_basis": "[DEMO] SK Kepala Desa Poto (nomor demo)",
            "members_women": 8,
            "members_men": 12,
            "members_with_disability": 1,
            "notes": "[DEMO] Tim Destana yang menyusun kajian risiko dan rencana aksi desa.",
        },
        trainings=[
            {
                "date": dt.date(2024, 6, 20),
                "topic": "Kajian risiko bencana partisipatif",
                "organiser": "BPBD Kabupaten Kupang",
                "participants": 25,
            }
        ],
    ),
    DemoTeam(
        "53.18.01.2003",
        PreparednessTeam.Kind.VOLUNTEERS,
        "Relawan Siaga Bencana Desa Karuni",
        {"established_on": dt.date(2022, 11, 1), "members_women": 6, "members_men": 15},
        equipment=[{"item": "Pelampung", "quantity": 10, "condition": "repair"}],
    ),
    DemoTeam(
        "53.18.07.2001",
        PreparednessTeam.Kind.DESTANA,
        "Tim Desa Tangguh Bencana Bondo Kodi",
        {"notes": "[DEMO] Jumlah anggota belum didata."},
        trainings=[
            {
                "date": dt.date(2025, 5, 15),
                "topic": "Peringatan dini gelombang pasang dan abrasi",
                "organiser": "BPBD Kabupaten Sumba Barat Daya",
                "participants": None,
            }
        ],
    ),
]


def _plan(item: DemoPlan, hazards: dict[str, HazardType]) -> tuple[ContingencyPlan, int]:
    title = DEMO + item.title
    plan = ContingencyPlan.objects.filter(region_id=KOTA_KUPANG, title=title).first()
    if plan is not None:
        return plan, 0
    agencies = Agency.objects.filter(region_id=KOTA_KUPANG, code__in=KOTA_AGENCIES[item.hazard])
    plan = services.create_plan(
        actor=None,
        region=Region.objects.get(code=KOTA_KUPANG),
        hazard=hazards[item.hazard],
        title=title,
        year=item.year,
        status=item.status,
        agencies=list(agencies),
        **item.values,
    )
    return plan, 1


def _flood_event(village: str, near: dt.date) -> Any:
    """A recorded flood in or around the village within a month of `near`, if the demo has one."""
    return (
        events()
        .applying_to(village)
        .filter(
            hazard__in=["flood", "flash_flood", "flood_landslide"],
            start_date__range=(near - dt.timedelta(days=31), near + dt.timedelta(days=31)),
        )
        .order_by("start_date", "pk")
        .first()
    )


def _team(item: DemoTeam, hazards: dict[str, HazardType]) -> int:
    name = DEMO + item.name
    if PreparednessTeam.objects.filter(region_id=item.village, name=name).exists():
        return 0
    team = services.create_team(
        actor=None,
        region=Region.objects.get(code=item.village),
        kind=item.kind,
        name=name,
        **item.values,
    )
    for values in item.trainings:
        services.create_training(actor=None, team=team, **values)
    for values in item.equipment:
        services.create_equipment(actor=None, team=team, **values)
    for values in item.activations:
        event = _flood_event(item.village, values["date"])
        day = event.start_date if event is not None else values["date"]
        services.create_activation(
            actor=None,
            team=team,
            **{**values, "date": day, "hazard": hazards[values["hazard"]], "event": event},
        )
    return 1 + len(item.trainings) + len(item.equipment) + len(item.activations)


def load_demo() -> int:
    """Create the demo plans and teams that do not exist yet; returns how many records."""
    hazards = {h.key: h for h in HazardType.objects.all()}
    created = 0
    for item in PLANS:
        plan, new = _plan(item, hazards)
        if new:
            services.create_exercise(actor=None, plan=plan, **item.exercise)
            created += 2
    for team in TEAMS:
        created += _team(team, hazards)
    return created


def demo_step() -> str:
    """The demo's plans and teams (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    return _("Demo contingency plans, teams and their records created: %(count)d") % {
        "count": load_demo()
    }
