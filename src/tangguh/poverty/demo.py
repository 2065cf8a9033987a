"""Demo poverty data (labelled synthetic / [DEMO], not real households): synthetic registries of
Kota Kupang (2023, calibrated to BPS's 8.61 % at its 2023 line of Rp732,921), Kabupaten Kupang and
Sumba Barat Daya; the local extreme-poverty estimates; and Kota Kupang's target of zero extreme
poverty by 2026 (report 003). `demo_step()` is idempotent (a re-import changes nothing)."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from tangguh.accounts import services as account_services
from tangguh.accounts.models import User
from tangguh.core.exporting import write_csv
from tangguh.core.registry import DEMO_PASSWORD
from tangguh.poverty import services, synthetic
from tangguh.poverty.estimates import load_estimates
from tangguh.poverty.models import Target
from tangguh.regions.models import Region

YEAR = 2023
# (regency/city, households, seed): a few thousand households keep the demo quick to load.
REGISTRIES = [("53.71", 3000, 2023), ("53.01", 1500, 2024), ("53.18", 1000, 2025)]


def _registry(code: str, households: int, seed: int) -> int:
    region = Region.objects.filter(code=code).first()
    if region is None:
        return 0
    try:
        cal = synthetic.calibration(region, YEAR)
    except synthetic.CannotCalibrate:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"demo-registry-{code}-{YEAR}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, synthetic.HEADER, synthetic.rows(cal, households, seed, True))
        report = services.import_households(path, year=YEAR, actor=None)
    report.raise_if_failed()
    return report.created + report.updated + report.unchanged


def _target() -> None:
    if not Region.objects.filter(code="53.71").exists():
        return
    if Target.objects.filter(region_id="53.71", measure=Target.Measure.EXTREME).exists():
        return
    services.create_target(
        actor=None,
        region=Region.objects.get(code="53.71"),
        measure=Target.Measure.EXTREME,
        target_rate=Decimal("0.00"),
        target_year=2026,
        basis="[DEMO] Program Kota Kupang nol kemiskinan ekstrem 2026 (laporan lapangan 003)",
        notes="[DEMO] Target daerah; dasar hukum 2025+ perlu diverifikasi "
        "(spesifikasi metode §4.3).",
    )


# A Bappeda planner of Kota Kupang who manages its registry (and so may reveal identifiers).
LOGIN = ("bappeda.kotakupang", "Perencana Bappeda Kota Kupang (kemiskinan), pengelola 53.71")


def _login() -> None:
    if not Region.objects.filter(code="53.71").exists():
        return
    user = User.objects.filter(username=LOGIN[0]).first()
    if user is None:
        user = account_services.create_user(
            LOGIN[0],
            actor=None,
            password=DEMO_PASSWORD,
            first_name="Perencana",
            last_name="Bappeda",
        )
    account_services.add_membership(user, Region.objects.get(code="53.71"), "manager", actor=None)


def demo_logins() -> list[tuple[str, str]]:
    """The poverty demo's login, for `tangguh demo` to print."""
    return [LOGIN]


# [DEMO] programmes of Kota Kupang (report 003): national ones with their decile cut-offs (method
# notes §4.4-4.5) and one local sub-activity; yearly benefits are illustrative, not official.
PROGRAMMES = [
    ("PKH", "Program Keluarga Harapan", "national", 4, 3_000_000, ""),
    ("SEMBAKO", "Program Sembako (BPNT)", "national", 4, 2_400_000, ""),
    ("PBI-JK", "Penerima Bantuan Iuran Jaminan Kesehatan", "national", 5, None, ""),
    (
        "BEDAH-RUMAH",
        "[DEMO] Bedah rumah tidak layak huni",
        "local",
        3,
        15_000_000,
        "1.04.02.2.01.0001",
    ),
]
REACH = {
    "PKH": (0.78, 0.06),
    "SEMBAKO": (0.82, 0.08),
    "PBI-JK": (0.85, 0.10),
    "BEDAH-RUMAH": (0.05, 0.0),
}


def _programmes() -> int:
    """Kota Kupang's demo programmes and their 2023 beneficiaries (synthetic: most eligible
    households reached, some missed, some not eligible included)."""
    import numpy as np

    from tangguh.poverty.models import Household, Programme

    kota = Region.objects.filter(code="53.71").first()
    if kota is None:
        return 0
    rows = []
    households = list(
        Household.objects.filter(region__code__startswith="53.71.", year=YEAR, synthetic=True)
        .order_by("household_id")
        .values_list("household_id", "decile")
    )
    rng = np.random.default_rng(2026)
    for code, name, kind, decile, benefit, sub_activity in PROGRAMMES:
        if not Programme.objects.filter(region=kota, code=code).exists():
            services.create_programme(
                actor=None,
                region=kota,
                code=code,
                name=name,
                kind=kind,
                max_decile=decile,
                benefit_per_year=benefit,
                sub_activity=sub_activity,
                notes="[DEMO]",
            )
        hit, stray = REACH[code]
        draws = rng.random(len(households))
        for (household_id, d), draw in zip(households, draws, strict=True):
            eligible = d is not None and d <= decile
            if draw < (hit if eligible else stray):
                rows.append([code, household_id, benefit if benefit else ""])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"demo-beneficiaries-53.71-{YEAR}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv(handle, ["programme", "household_id", "benefit"], rows)
        report = services.import_beneficiaries(path, year=YEAR, actor=None)
    report.raise_if_failed()
    return len(rows)


def demo_step() -> str:
    """Load the demo's registries, estimates, target and login; say what was loaded."""
    _login()
    load_estimates()
    counts = [_registry(code, n, seed) for code, n, seed in REGISTRIES]
    _target()
    beneficiaries = _programmes()
    return (
        f"poverty: {sum(counts)} synthetic households ({YEAR}) in {len(counts)} regencies; "
        f"{beneficiaries} synthetic beneficiaries of {len(PROGRAMMES)} programmes"
    )
