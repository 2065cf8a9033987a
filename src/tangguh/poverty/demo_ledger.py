"""Demo revolving funds, monitoring and livelihoods.

- Livelihoods: the real, sourced potentials of field report 000 (turmeric and ginger in the
  forests of Fatuleu and Amfoang), from `data/potensi_ekonomi_laporan_lapangan.csv`.
- Kota Kupang's revolving funds through the kelurahan (report 003 names them; the funds, loans
  and repayments here are [DEMO]), with arrears so the ledger has something to show.
- Monitoring: report 003's evaluation finding (consumptive use by the programmes' target
  residents) on the revolving-fund programme; its action, owner and date are [DEMO]; quarterly
  outputs of PKH ([DEMO]).

Idempotent: what exists is left alone.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from tangguh.poverty import services
from tangguh.poverty.models import (
    Finding,
    Livelihood,
    Programme,
    ProgrammeOutput,
    RevolvingFund,
)
from tangguh.regions.models import Region

LIVELIHOODS = Path(__file__).parent / "data" / "potensi_ekonomi_laporan_lapangan.csv"
REPORT_003 = "Laporan lapangan 003: Pemkot Kupang menuju target kemiskinan nol di tahun 2026"

# [DEMO] funds: (kelurahan, name, capital, loans as (borrower, amount, issued, instalments,
# months repaid)).
FUNDS = [
    (
        "53.71.01.1001",
        "[DEMO] Dana bergulir Kelurahan Namosain",
        50_000_000,
        [
            ("[DEMO] Kelompok usaha ikan asin", 6_000_000, dt.date(2024, 1, 15), 12, 12),
            ("[DEMO] Kelompok tenun ikat", 4_800_000, dt.date(2024, 3, 1), 12, 7),
            ("[DEMO] Usaha kios sembako", 3_000_000, dt.date(2024, 6, 1), 10, 2),
        ],
    ),
    (
        "53.71.01.1004",
        "[DEMO] Dana bergulir Kelurahan Nunhila",
        30_000_000,
        [
            ("[DEMO] Kelompok jualan kue", 2_400_000, dt.date(2024, 2, 1), 12, 12),
            ("[DEMO] Usaha bengkel motor", 5_000_000, dt.date(2024, 4, 1), 10, 10),
        ],
    ),
]


def load_livelihoods(path: Path = LIVELIHOODS) -> int:
    """The field reports' livelihood potentials (one audited record each); returns how many
    were added."""
    added = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            region = Region.objects.filter(code=row["region_code"]).first()
            if region is None:
                continue
            if Livelihood.objects.filter(region=region, commodity=row["commodity"]).exists():
                continue
            services.create_livelihood(
                actor=None,
                region=region,
                commodity=row["commodity"],
                sector=row["sector"],
                description=row["description"],
                source=row["source"],
            )
            added += 1
    return added


def _programme(kota: Region) -> Programme:
    found = Programme.objects.filter(region=kota, code="DANA-BERGULIR").first()
    if found is not None:
        return found
    return services.create_programme(
        actor=None,
        region=kota,
        code="DANA-BERGULIR",
        name="Dana bergulir melalui pemerintah kelurahan",
        kind=Programme.Kind.LOCAL,
        notes=f"Disebut dalam {REPORT_003}. Dana, pinjaman dan angsuran di demo: [DEMO].",
    )


def _funds(programme: Programme) -> int:
    loans = 0
    for code, name, capital, rows in FUNDS:
        region = Region.objects.filter(code=code).first()
        if region is None or RevolvingFund.objects.filter(region=region, name=name).exists():
            continue
        fund = services.create_fund(
            actor=None,
            region=region,
            name=name,
            capital=Decimal(capital),
            capital_source="[DEMO] APBD Kota Kupang",
            started_on=dt.date(2023, 12, 1),
            programme=programme,
        )
        for borrower, amount, issued, instalments, paid in rows:
            loan = services.create_loan(
                actor=None,
                fund=fund,
                borrower=borrower,
                purpose="[DEMO] modal usaha",
                amount=amount,
                issued_on=issued,
                instalments=instalments,
            )
            loans += 1
            share = amount // instalments
            for month in range(1, paid + 1):
                last = month == instalments
                services.create_repayment(
                    actor=None,
                    loan=loan,
                    paid_on=issued + dt.timedelta(days=30 * month),
                    amount=amount - share * (instalments - 1) if last else share,
                )
    return loans


def _monitoring(kota: Region, programme: Programme) -> None:
    if not programme.findings.exists():
        services.create_finding(
            actor=None,
            programme=programme,
            found_on=dt.date(2023, 11, 1),
            source=REPORT_003,
            finding="Perilaku konsumtif warga sasaran program menjadi persoalan serius: "
            "program pengentasan kemiskinan tidak berjalan sesuai harapan (hasil monitoring "
            "dan evaluasi).",
            action="[DEMO] Pendampingan usaha dan pelatihan pengelolaan keuangan bagi peminjam "
            "sebelum pencairan berikutnya.",
            owner="[DEMO] Bappeda Kota Kupang dan lurah",
            due_on=dt.date(2024, 6, 30),
            status=Finding.Status.IN_PROGRESS,
        )
    pkh = Programme.objects.filter(region=kota, code="PKH").first()
    if pkh is None or ProgrammeOutput.objects.filter(programme=pkh).exists():
        return
    for quarter, target, achieved in ((1, 5200, 5050), (2, 5200, 5120), (3, 5200, 4980)):
        services.create_output(
            actor=None,
            programme=pkh,
            year=2024,
            quarter=quarter,
            indicator="[DEMO] Keluarga penerima PKH yang menerima bantuan",
            unit="keluarga",
            target=Decimal(target),
            achieved=Decimal(achieved),
        )


def demo_step() -> str:
    """Load the livelihoods, Kota Kupang's demo funds and monitoring; say what was loaded."""
    livelihoods = load_livelihoods()
    kota = Region.objects.filter(code="53.71").first()
    if kota is None:
        return f"poverty: {livelihoods} livelihood potentials"
    programme = _programme(kota)
    loans = _funds(programme)
    _monitoring(kota, programme)
    return f"poverty: {livelihoods} livelihood potentials, {loans} demo revolving-fund loans"
