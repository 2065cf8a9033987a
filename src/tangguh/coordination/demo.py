"""Demo coordination data, from the field reports; what they do not say is labelled [DEMO].

- Report 002: the provincial coordination meeting (Rakor PB) of 19–20 November 2025 at Hotel
  Aston, Kupang, with BPBD and Bappeda of all 22 regencies/cities, supported by SIAP SIAGA; its
  cross-sector commitment signed by every region, and a regional action plan (RTL) on the issues
  discussed: SPM reporting, the resilience index (IKD), disaster data, Destana, inclusive disaster
  management, pentahelix. The points' wording, the signatories, the attendance counts and the
  RTL items are [DEMO]; some items are overdue, some done.
- Report 004: the Forum BangKIT of Sumba Barat Daya (regent's decree 289/KEP/HK/2023, 24 agency
  representatives: the agencies listed are [DEMO]), its meetings of 31 January 2024 and
  15 March 2024 (Tambolaka), the agreement signed there with its follow-up plan, and BangKIT's
  trainings and stimulus packages in its villages ([DEMO] villages, counts and values).
- Report 000: PAR IV CORRECT (CRS with CIS Timor) in five villages of Fatuleu Barat and Fatuleu
  Tengah (Nuataus is named; the other four as planning's demo chose them); its components are the
  report's; the practice Kota Kupang's and Kabupaten Kupang's work plans carry on is named.

`load_demo()` is idempotent: what exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tangguh.accounts.models import Agency
from tangguh.coordination import services
from tangguh.coordination.models import Commitment, Forum, Stakeholder, SupportDelivery
from tangguh.planning import services as planning_services
from tangguh.planning.summaries import all_work_plan_items, partner_programmes
from tangguh.regions.models import Level, Region

DEMO = "[DEMO] "
RAKOR_DATE = dt.date(2025, 11, 20)
SBD = "53.18"
PAR_IV_VILLAGES = ("Nuataus", "Poto", "Tuakau", "Oelbiteno", "Nunsaen")
BANGKIT_VILLAGES = ("Waiholo", "Pero Batang", "Wainyapu")
FORUM_AGENCIES = (
    "Bappeda (ketua)",
    "Dinas Pertanian",
    "Dinas Peternakan",
    "Dinas Perikanan",
    "Dinas Koperasi dan UKM",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "Dinas Sosial",
    "Dinas Kesehatan",
    "Dinas Perindustrian dan Perdagangan",
    "Dinas Pariwisata",
    "Dinas Lingkungan Hidup",
    "Dinas PUPR",
    "Dinas Ketahanan Pangan",
    "Dinas Tenaga Kerja",
    "Dinas P3A",
    "Dinas Pendidikan",
    "BPBD",
    "BPKAD",
    "Dinas Komunikasi dan Informatika",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Perumahan dan Kawasan Permukiman",
    "Bagian Perekonomian Setda",
    "Bagian Pemerintahan Setda",
    "Inspektorat",
)


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def _village(name: str, within: str) -> Region | None:
    return (
        Region.objects.filter(name=name, level=Level.VILLAGE, code__startswith=within + ".")
        .order_by("code")
        .first()
    )


def _party(code: str, name: str, category: str, **extra: Any) -> Stakeholder:
    found = Stakeholder.objects.filter(region_id=code, name=name).first()
    return found or services.create_stakeholder(
        actor=None, region=_region(code), name=name, category=category, **extra
    )


def _parties() -> dict[str, Stakeholder]:
    """The pentahelix of the reports; every regency's BPBD is responsible for its RTL items."""
    kota_bpbd = Agency.objects.filter(region_id="53.71", code="1.05.0.00.0.00.01.0000").first()
    parties = {
        "bpbd_ntt": _party("53", "BPBD Provinsi NTT", "government"),
        "bappeda_ntt": _party("53", "Bappeda Provinsi NTT", "government"),
        "siap_siaga": _party("53", "Program SIAP SIAGA", "community"),
        "cis": _party(
            "53",
            "CIS Timor",
            "community",
            regions_of_work=[_region("53.01"), _region("53.71")],
        ),
        "care": _party("53", "CARE Indonesia", "community"),
        "undana": _party("53.71", "Universitas Nusa Cendana", "academia"),
        "media": _party("53", DEMO + "Radio komunitas NTT", "media"),
        "business": _party("53.71", DEMO + "Asosiasi pengusaha Kota Kupang", "business"),
        "bakti": _party(SBD, "Yayasan BaKTI", "community"),
    }
    for regency in Region.objects.filter(parent_id="53", is_active=True).order_by("code"):
        agency = kota_bpbd if regency.code == "53.71" else None
        extra = {"agency": agency, "email": "bpbd.kotakupang@example.org"} if agency else {}
        parties[regency.code] = _party(regency.code, f"BPBD {regency.name}", "government", **extra)
    return parties


# The RTL of the 2025 Rakor: (regency, no., phase, issue, action, indicator, target, unit,
# deadline, funding, status, supporting).
RAKOR_ITEMS: list[tuple[Any, ...]] = [
    (
        "53",
        "1",
        "pra",
        "Kualitas pelaporan SPM sub-urusan bencana masih rendah",
        "Pendampingan penyusunan laporan SPM kabupaten/kota",
        "Kabupaten/kota melapor SPM tepat waktu",
        22,
        "kabupaten/kota",
        dt.date(2026, 3, 31),
        "apbd",
        "in_progress",
        ("siap_siaga",),
    ),
    (
        "53",
        "2",
        "pra",
        "Pengukuran Indeks Ketahanan Daerah (IKD) belum seragam",
        "Asistensi pengukuran IKD bersama Bappeda",
        "Daerah dengan IKD terukur",
        22,
        "daerah",
        dt.date(2026, 9, 30),
        "apbd",
        "not_started",
        ("bappeda_ntt", "undana"),
    ),
    (
        "53.71",
        "3",
        "pra",
        "Data kejadian bencana kota belum dimutakhirkan",
        "Memutakhirkan data kejadian bencana di DIBI setiap bulan",
        "Laporan bulanan terkirim",
        12,
        "laporan",
        dt.date(2026, 6, 30),
        "apbd",
        "in_progress",
        ("undana",),
    ),
    (
        "53.71",
        "4",
        "saat",
        "Distribusi air bersih saat kemarau belum terjadwal",
        "Jadwal distribusi 500 tangki air bersih ke kelurahan rawan kekeringan",
        "Kelurahan terlayani",
        20,
        "kelurahan",
        dt.date(2026, 8, 31),
        "csr",
        "done",
        ("business",),
    ),
    (
        "53.01",
        "5",
        "pra",
        "Destana belum masuk RKPDes di desa rawan banjir",
        "Fasilitasi Destana di lima desa Fatuleu Barat dan Fatuleu Tengah",
        "Desa Tangguh Bencana",
        5,
        "desa",
        dt.date(2026, 4, 30),
        "apbdes",
        "delayed",
        ("cis",),
    ),
    (
        "53.01",
        "6",
        "pasca",
        "Rehabilitasi rumah rusak pasca banjir lambat",
        "Pendataan dan usulan rehabilitasi rumah terdampak",
        "Rumah terdata",
        150,
        "rumah",
        dt.date(2027, 3, 31),
        "apbd",
        "not_started",
        (),
    ),
    (
        "53.18",
        "7",
        "pra",
        "Penanggulangan bencana inklusif belum menjangkau penyandang disabilitas",
        "Pelibatan organisasi penyandang disabilitas dalam kajian risiko desa",
        "Desa dengan kajian inklusif",
        8,
        "desa",
        dt.date(2026, 2, 28),
        "partner",
        "not_started",
        ("bakti",),
    ),
    (
        "53.18",
        "8",
        "saat",
        "Informasi peringatan dini belum sampai ke dusun terpencil",
        "Penyebaran peringatan dini lewat radio komunitas",
        "Dusun terjangkau",
        40,
        "dusun",
        dt.date(2027, 6, 30),
        "none",
        "not_started",
        ("media",),
    ),
]


def _rakor(parties: dict[str, Stakeholder]) -> int:
    title = "Komitmen Bersama Lintas Sektor Penanggulangan Bencana Provinsi NTT 2025"
    if Commitment.objects.filter(region_id="53", title=title).exists():
        return 0
    regencies = list(Region.objects.filter(parent_id="53", is_active=True).order_by("code"))
    meeting = services.create_meeting(
        actor=None,
        region=_region("53"),
        title="Rapat Koordinasi Penanggulangan Bencana Provinsi NTT 2025",
        date=dt.date(2025, 11, 19),
        place="Hotel Aston, Kupang",
        agenda="Kondisi faktual dan tantangan pra, saat dan pascabencana; SPM; IKD; data bencana; "
        "Destana; penanggulangan bencana inklusif; kolaborasi pentahelix.",
        minutes=DEMO + "Jumlah peserta per daerah di bawah adalah ilustrasi.",
        decisions="Komitmen bersama lintas sektor ditandatangani seluruh perwakilan daerah; "
        "rencana aksi daerah dan rekomendasi bagi pemerintah dan mitra pembangunan.",
    )
    for number, regency in enumerate(regencies):
        services.create_attendance(
            actor=None,
            meeting=meeting,
            region=regency,
            agency="BPBD dan Bappeda",
            women=1 + number % 2,
            men=2 + number % 3,
            with_disability=1 if number % 7 == 0 else 0,
        )
    commitment = services.create_commitment(
        actor=None,
        region=_region("53"),
        title=title,
        text=DEMO + "1. Memperbaiki kualitas pelaporan SPM sub-urusan bencana.\n"
        "2. Mengukur Indeks Ketahanan Daerah setiap tahun.\n"
        "3. Memutakhirkan data bencana di DIBI.\n"
        "4. Memperluas Desa/Kelurahan Tangguh Bencana.\n"
        "5. Menyelenggarakan penanggulangan bencana yang inklusif.\n"
        "6. Memperkuat kolaborasi pentahelix.",
        date=RAKOR_DATE,
        place="Hotel Aston, Kupang",
        regions=regencies,
        parties=[parties["bpbd_ntt"], parties["bappeda_ntt"], parties["siap_siaga"]],
    )
    for regency in regencies:
        services.create_signatory(
            actor=None,
            commitment=commitment,
            region=regency,
            name=DEMO + f"Kepala Pelaksana BPBD {regency.name}",
            position="Kepala Pelaksana BPBD",
            institution=f"BPBD {regency.name}",
        )
    created = 2 + 2 * len(regencies)
    for row in RAKOR_ITEMS:
        code, number, phase, issue, action, indicator, target, unit, deadline = row[:9]
        funding, status, supporting = row[9:]
        responsible = parties["bpbd_ntt"] if code == "53" else parties[code]
        item = services.create_action(
            actor=None,
            commitment=commitment,
            region=_region(code),
            number=number,
            issue=issue,
            phase=phase,
            action=action,
            indicator=indicator,
            target=Decimal(target),
            unit=unit,
            responsible=responsible,
            supporting=[parties[s] for s in supporting],
            deadline=deadline,
            funding=funding,
            work_plan_item=_funding_item(code) if funding == "apbd" else None,
        )
        created += 1
        if status != "not_started":
            note = (
                DEMO
                + {
                    "in_progress": "Sedang berjalan",
                    "delayed": "Menunggu anggaran desa",
                    "done": "Selesai; laporan terlampir",
                }[status]
            )
            services.record_progress(
                item, actor=None, status=status, note=note, date=dt.date(2026, 1, 15)
            )
            created += 1
    return created


def _funding_item(code: str) -> Any:
    """A work-plan item of the regency's BPBD that can fund an RTL item (if planning's demo has
    one)."""
    if code == "53":
        return None
    return (
        all_work_plan_items()
        .filter(region_id=code, agency__code__startswith="1.05")
        .order_by("-year")
        .first()
    )


def _bangkit(parties: dict[str, Stakeholder]) -> int:
    name = "Forum BangKIT Kabupaten Sumba Barat Daya"
    if Forum.objects.filter(region_id=SBD, name=name).exists():
        return 0
    forum = services.create_forum(
        actor=None,
        region=_region(SBD),
        name=name,
        decree_number="Keputusan Bupati SBD Nomor 289/KEP/HK/2023",
        purpose="Mendorong sinergi dan integrasi program pengembangan penghidupan masyarakat yang "
        "inklusif dengan program prioritas Pemerintah Kabupaten SBD, serta alih pengetahuan dan "
        "keterampilan untuk keberlanjutan program.",
    )
    for number, agency in enumerate(FORUM_AGENCIES):
        services.create_member(
            actor=None,
            forum=forum,
            person=DEMO + f"Perwakilan {agency.split(' (')[0]}",
            institution=agency.split(" (")[0],
            role="Ketua" if number == 0 else "Anggota",
        )
    meetings = [
        (
            dt.date(2024, 1, 31),
            "Rapat Koordinasi Forum BangKIT",
            "Sinkronisasi perencanaan OPD dengan Rencana Penghidupan Masyarakat Desa",
            "Sinkronisasi program pada RKP 2024 yang lokusnya masih tersedia; RKP 2025 "
            "menyesuaikan proses Musrenbangcam dan Musrenbangkab.",
            ((SBD, "OPD anggota forum", 8, 14, 0),),
        ),
        (
            dt.date(2024, 3, 15),
            "Rapat Koordinasi kedua Forum BangKIT",
            "Kesepakatan rencana penghidupan desa; dukungan pelatihan dan paket stimulan; "
            "tantangan pelaksanaan",
            "Dokumen kesepakatan ditandatangani para pihak; rencana tindak lanjut atas "
            "tantangan pelaksanaan.",
            (
                (SBD, "OPD anggota forum", 9, 15, 1),
                (SBD, "Camat dan fasilitator kabupaten", 4, 7, 0),
                (SBD, "Tim program BangKIT, Yayasan BaKTI", 3, 2, 0),
            ),
        ),
    ]
    for date, title, agenda, decisions, rows in meetings:
        meeting = services.create_meeting(
            actor=None,
            region=_region(SBD),
            forum=forum,
            title=title,
            date=date,
            place="Tambolaka",
            agenda=agenda,
            decisions=decisions,
            minutes=DEMO + "Jumlah peserta adalah ilustrasi.",
        )
        for code, agency, women, men, disability in rows:
            services.create_attendance(
                actor=None,
                meeting=meeting,
                region=_region(code),
                agency=agency,
                women=women,
                men=men,
                with_disability=disability,
            )
    commitment = services.create_commitment(
        actor=None,
        region=_region(SBD),
        title="Kesepakatan Sinkronisasi Rencana Penghidupan Masyarakat Desa dengan Renja OPD",
        text="Hasil sinkronisasi dan integrasi Rencana Penghidupan Masyarakat Desa dengan "
        "perencanaan OPD disepakati; pemerintah daerah mengambil peran menjaga keberlanjutan.",
        date=dt.date(2024, 3, 15),
        place="Tambolaka",
        regions=[_region(SBD)],
        parties=[parties["bakti"], parties[SBD]],
    )
    services.create_signatory(
        actor=None,
        commitment=commitment,
        region=_region(SBD),
        name=DEMO + "Kepala Bappeda Sumba Barat Daya",
        institution="Bappeda",
    )
    for ref, issue, action, deadline, status in (
        (
            "1",
            "Lokus RKP 2024 sudah terkunci",
            "Usulan penghidupan desa masuk Musrenbangcam 2025",
            dt.date(2024, 4, 30),
            "done",
        ),
        (
            "2",
            "Kelompok usaha belum punya pembukuan",
            "Pelatihan pembukuan kelompok perempuan",
            dt.date(2024, 12, 31),
            "in_progress",
        ),
    ):
        item = services.create_action(
            actor=None,
            commitment=commitment,
            region=_region(SBD),
            number=ref,
            issue=issue,
            phase="pra",
            action=action,
            responsible=parties[SBD] if ref == "1" else parties["bakti"],
            deadline=deadline,
            funding="apbd" if ref == "1" else "partner",
        )
        services.record_progress(
            item,
            actor=None,
            status=status,
            note=DEMO + "Dicatat pada pertemuan forum",
            date=dt.date(2024, 4, 20),
        )
    return 5 + len(FORUM_AGENCIES)


def _programmes() -> int:
    """PAR IV's and BangKIT's details (the practices planning's demo work plans carry on are
    named in planning/demo_data/work_plans.csv)."""
    changed = 0
    details = {
        "PAR IV": (
            "Catholic Relief Services (CRS)",
            "CIS Timor",
            "Pengurangan risiko bencana\nPenguatan mata pencaharian dan akses pasar\n"
            "Pengembangan keuangan mikro",
            "53.01",
            PAR_IV_VILLAGES,
        ),
        "BangKIT": (
            "Japan Social Development Fund (JSDF) melalui Bank Dunia",
            "Yayasan BaKTI",
            "Perencanaan penghidupan desa yang inklusif\nForum koordinasi OPD\n"
            "Pelatihan dan paket stimulan",
            SBD,
            BANGKIT_VILLAGES,
        ),
    }
    for prefix, (donor, implementers, components, code, names) in details.items():
        programme = partner_programmes().filter(name__contains=prefix).first()
        if programme is None or programme.donor:
            continue
        villages = [v for v in (_village(n, code) for n in names) if v is not None]
        planning_services.update_programme(
            programme,
            actor=None,
            donor=donor,
            implementers=implementers,
            components=components,
            villages=villages,
        )
        changed += 1
    return changed


def _support() -> int:
    bangkit = partner_programmes().filter(name__contains="BangKIT").first()
    correct = partner_programmes().filter(name__contains="PAR IV").first()
    if SupportDelivery.objects.exists():
        return 0
    rows = [
        (
            bangkit,
            SBD,
            "Waiholo",
            "training",
            "Pelatihan pembukuan kelompok usaha perempuan",
            dt.date(2024, 5, 14),
            18,
            4,
            0,
            20,
            2,
            1,
            Decimal("12500000"),
        ),
        (
            bangkit,
            SBD,
            "Pero Batang",
            "stimulus",
            "Paket stimulan ayam KUB untuk kelompok penyandang disabilitas dan lansia",
            dt.date(2024, 6, 3),
            6,
            5,
            0,
            4,
            7,
            5,
            Decimal("30000000"),
        ),
        (
            bangkit,
            SBD,
            "Wainyapu",
            "stimulus",
            "Paket stimulan alat tangkap nelayan",
            dt.date(2024, 7, 22),
            2,
            14,
            0,
            15,
            1,
            0,
            Decimal("45000000"),
        ),
        (
            correct,
            "53.01",
            "Nuataus",
            "training",
            "Pelatihan Tim Kampung Siaga Bencana",
            dt.date(2024, 9, 12),
            12,
            18,
            0,
            27,
            3,
            2,
            Decimal("15000000"),
        ),
    ]
    created = 0
    for (
        programme,
        code,
        name,
        kind,
        what,
        date,
        women,
        men,
        children,
        adults,
        older,
        dis,
        value,
    ) in rows:
        village = _village(name, code)
        if village is None:
            continue
        services.create_support(
            actor=None,
            region=village,
            programme=programme,
            kind=kind,
            what=what,
            date=date,
            women=women,
            men=men,
            children=children,
            adults=adults,
            older=older,
            with_disability=dis,
            value=value,
            notes=DEMO + "Jumlah penerima dan nilai adalah ilustrasi.",
        )
        created += 1
    return created


def load_demo() -> int:
    """Create the demo coordination records that do not exist yet; returns how many."""
    if not Region.objects.filter(code=SBD).exists():
        return 0
    parties = _parties()
    return _rakor(parties) + _bangkit(parties) + _programmes() + _support()


def demo_step() -> str:
    """The demo's coordination records (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    return _("Demo coordination records created: %(count)d") % {"count": load_demo()}
