"""The demo's accounts and agencies, drawn from the field reports (demo data, not official)."""

from __future__ import annotations

from dataclasses import dataclass

from tangguh.accounts import services
from tangguh.accounts.models import Agency, User
from tangguh.core.registry import DEMO_PASSWORD
from tangguh.regions.models import Region

DEMO_LABEL = "[DEMO] "


@dataclass(frozen=True)
class DemoAgency:
    """An agency of the demo."""

    region: str
    code: str
    short_name: str
    name: str
    bidang: tuple[str, ...]


# Kota Kupang's nine agencies with poverty programmes (report 003), the agencies that answer the
# risk-based village plans of Fatuleu Barat and Fatuleu Tengah (Kabupaten Kupang, report 000) and
# the village livelihood plans of Sumba Barat Daya (report 004), plus the planning agencies of the
# three demo regencies. Codes follow SIPD's pattern (up to three bidang + unit number) but are
# invented; an agency holding two bidang (e.g. industry and trade) carries both in its code.
AGENCIES = [
    DemoAgency(
        "53.01",
        "5.01.0.00.0.00.01.0000",
        "Bappeda",
        "Badan Perencanaan Pembangunan Daerah Kabupaten Kupang",
        ("5.01",),
    ),
    DemoAgency(
        "53.01",
        "1.05.0.00.0.00.01.0000",
        "BPBD",
        "Badan Penanggulangan Bencana Daerah Kabupaten Kupang",
        ("1.05",),
    ),
    DemoAgency(
        "53.01", "1.06.0.00.0.00.01.0000", "Dinsos", "Dinas Sosial Kabupaten Kupang", ("1.06",)
    ),
    DemoAgency(
        "53.01",
        "2.13.0.00.0.00.01.0000",
        "Dinas PMD",
        "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Kupang",
        ("2.13",),
    ),
    DemoAgency(
        "53.01", "3.27.0.00.0.00.01.0000", "Distan", "Dinas Pertanian Kabupaten Kupang", ("3.27",)
    ),
    DemoAgency(
        "53.01",
        "3.27.0.00.0.00.02.0000",
        "Disnak",
        "Dinas Peternakan Kabupaten Kupang",
        ("3.27",),
    ),
    DemoAgency(
        "53.01",
        "1.03.0.00.0.00.01.0000",
        "Dinas PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Kupang",
        ("1.03",),
    ),
    DemoAgency(
        "53.01", "1.02.0.00.0.00.01.0000", "Dinkes", "Dinas Kesehatan Kabupaten Kupang", ("1.02",)
    ),
    DemoAgency(
        "53.01",
        "1.01.2.22.0.00.01.0000",
        "Dikbud",
        "Dinas Pendidikan dan Kebudayaan Kabupaten Kupang",
        ("1.01", "2.22"),
    ),
    DemoAgency(
        "53.01",
        "1.04.0.00.0.00.01.0000",
        "Dinas Perkim",
        "Dinas Perumahan dan Kawasan Permukiman Kabupaten Kupang",
        ("1.04",),
    ),
    DemoAgency(
        "53.01",
        "2.11.0.00.0.00.01.0000",
        "DLH",
        "Dinas Lingkungan Hidup Kabupaten Kupang",
        ("2.11",),
    ),
    DemoAgency(
        "53.01",
        "3.25.0.00.0.00.01.0000",
        "DKP",
        "Dinas Kelautan dan Perikanan Kabupaten Kupang",
        ("3.25",),
    ),
    DemoAgency(
        "53.71",
        "5.01.0.00.0.00.01.0000",
        "Bappeda",
        "Badan Perencanaan Pembangunan Daerah Kota Kupang",
        ("5.01",),
    ),
    DemoAgency("53.71", "1.06.0.00.0.00.01.0000", "Dinsos", "Dinas Sosial Kota Kupang", ("1.06",)),
    DemoAgency(
        "53.71", "1.02.0.00.0.00.01.0000", "Dinkes", "Dinas Kesehatan Kota Kupang", ("1.02",)
    ),
    DemoAgency(
        "53.71",
        "1.04.0.00.0.00.01.0000",
        "Dinas PRKP",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman Kota Kupang",
        ("1.04",),
    ),
    DemoAgency(
        "53.71", "3.26.0.00.0.00.01.0000", "Dispar", "Dinas Pariwisata Kota Kupang", ("3.26",)
    ),
    DemoAgency(
        "53.71",
        "3.30.3.31.0.00.01.0000",
        "Disperindag",
        "Dinas Perindustrian dan Perdagangan Kota Kupang",
        ("3.30", "3.31"),
    ),
    DemoAgency(
        "53.71",
        "2.07.3.32.0.00.01.0000",
        "Disnakertrans",
        "Dinas Tenaga Kerja dan Transmigrasi Kota Kupang",
        ("2.07", "3.32"),
    ),
    DemoAgency(
        "53.71",
        "1.03.0.00.0.00.01.0000",
        "Dinas PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang Kota Kupang",
        ("1.03",),
    ),
    DemoAgency(
        "53.71",
        "1.05.0.00.0.00.01.0000",
        "BPBD",
        "Badan Penanggulangan Bencana Daerah Kota Kupang",
        ("1.05",),
    ),
    DemoAgency(
        "53.71", "3.27.0.00.0.00.01.0000", "Distan", "Dinas Pertanian Kota Kupang", ("3.27",)
    ),
    DemoAgency(
        "53.18",
        "5.01.0.00.0.00.01.0000",
        "Bappeda",
        "Badan Perencanaan Pembangunan Daerah Kabupaten Sumba Barat Daya",
        ("5.01",),
    ),
    DemoAgency(
        "53.18",
        "2.13.0.00.0.00.01.0000",
        "Dinas PMD",
        "Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Sumba Barat Daya",
        ("2.13",),
    ),
    DemoAgency(
        "53.18",
        "1.05.0.00.0.00.01.0000",
        "BPBD",
        "Badan Penanggulangan Bencana Daerah Kabupaten Sumba Barat Daya",
        ("1.05",),
    ),
    DemoAgency(
        "53.18",
        "1.03.0.00.0.00.01.0000",
        "Dinas PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Sumba Barat Daya",
        ("1.03",),
    ),
    DemoAgency(
        "53.18",
        "3.27.0.00.0.00.01.0000",
        "Distan",
        "Dinas Pertanian Kabupaten Sumba Barat Daya",
        ("3.27",),
    ),
    DemoAgency(
        "53.18",
        "1.02.0.00.0.00.01.0000",
        "Dinkes",
        "Dinas Kesehatan Kabupaten Sumba Barat Daya",
        ("1.02",),
    ),
    DemoAgency(
        "53.18",
        "1.06.0.00.0.00.01.0000",
        "Dinsos",
        "Dinas Sosial Kabupaten Sumba Barat Daya",
        ("1.06",),
    ),
    DemoAgency(
        "53.18",
        "3.25.0.00.0.00.01.0000",
        "DKP",
        "Dinas Kelautan dan Perikanan Kabupaten Sumba Barat Daya",
        ("3.25",),
    ),
    DemoAgency(
        "53.18",
        "1.01.0.00.0.00.01.0000",
        "Disdik",
        "Dinas Pendidikan Kabupaten Sumba Barat Daya",
        ("1.01",),
    ),
    DemoAgency(
        "53.18",
        "1.04.0.00.0.00.01.0000",
        "Dinas Perkim",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman Kabupaten Sumba Barat Daya",
        ("1.04",),
    ),
    DemoAgency(
        "53.18",
        "2.11.0.00.0.00.01.0000",
        "DLH",
        "Dinas Lingkungan Hidup Kabupaten Sumba Barat Daya",
        ("2.11",),
    ),
    DemoAgency(
        "53.18",
        "3.30.3.31.0.00.01.0000",
        "Disperindag",
        "Dinas Perindustrian dan Perdagangan Kabupaten Sumba Barat Daya",
        ("3.30", "3.31"),
    ),
]


@dataclass(frozen=True)
class DemoUser:
    """A demo login."""

    username: str
    description: str
    memberships: tuple[tuple[str, str], ...]
    agency: tuple[str, str] | None = None
    superuser: bool = False


USERS = [
    DemoUser("admin", "Administrator Provinsi NTT", (("53", "manager"),), superuser=True),
    DemoUser(
        "perencana.kupang",
        "Perencana Bappeda Kabupaten Kupang",
        (("53.01", "editor"),),
        ("53.01", "5.01.0.00.0.00.01.0000"),
    ),
    DemoUser(
        "bpbd.kotakupang",
        "Petugas BPBD Kota Kupang",
        (("53.71", "editor"),),
        ("53.71", "1.05.0.00.0.00.01.0000"),
    ),
    DemoUser(
        "desa.nuataus", "Perangkat Desa Nuataus, Fatuleu Barat", (("53.01.27.2002", "editor"),)
    ),
    # The sub-district and agency steps of the recommendation trail of Nuataus's proposals.
    DemoUser("kec.fatuleubarat", "Petugas Kecamatan Fatuleu Barat", (("53.01.27", "editor"),)),
    DemoUser(
        "pupr.kupang",
        "Petugas Dinas PUPR Kabupaten Kupang",
        (("53.01", "editor"),),
        ("53.01", "1.03.0.00.0.00.01.0000"),
    ),
]


def ensure_agencies() -> int:
    """Create the demo agencies that do not exist yet; returns how many were created."""
    created = 0
    for item in AGENCIES:
        if Agency.objects.filter(region_id=item.region, code=item.code).exists():
            continue
        services.create_agency(
            actor=None,
            region=Region.objects.get(code=item.region),
            code=item.code,
            short_name=item.short_name,
            name=DEMO_LABEL + item.name,
            bidang_codes=list(item.bidang),
        )
        created += 1
    return created


def ensure_users() -> list[DemoUser]:
    """Create the demo logins (idempotent) and return them."""
    for item in USERS:
        user = User.objects.filter(username=item.username).first()
        agency = (
            Agency.objects.get(region_id=item.agency[0], code=item.agency[1])
            if item.agency
            else None
        )
        if user is None:
            first, _sep, last = item.description.partition(" ")
            user = services.create_user(
                item.username,
                actor=None,
                password=DEMO_PASSWORD,
                agency=agency,
                first_name=first,
                last_name=last,
            )
        if item.superuser and not user.is_superuser:
            services.update_user(user, actor=None, is_superuser=True, is_staff=True)
        for code, role in item.memberships:
            services.add_membership(user, Region.objects.get(code=code), role, actor=None)
    return USERS


def load_demo() -> str:
    """The demo's agencies and logins (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    agencies = ensure_agencies()
    ensure_users()
    return _("Demo agencies created: %(count)d") % {"count": agencies}


def demo_logins() -> list[tuple[str, str]]:
    """The demo's logins and who they are, for `tangguh demo` to print."""
    return [(user.username, user.description) for user in USERS]
