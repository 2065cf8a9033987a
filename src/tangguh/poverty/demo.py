"""Demo poverty data (labelled synthetic / [DEMO], not real households): synthetic registries of
Kota Kupang (2023, calibrated to BPS's 8.61 % at its 2023 line of Rp732,921), Kabupaten Kupang and
Sumba Barat Daya; the local extreme-poverty estimates; and Kota Kupang's target of zero extreme
poverty by 2026 (report 003). `demo_step()` is idempotent (a re-import changes nothing)."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from tangguh.core.exporting import write_csv
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


def demo_step() -> str:
    """Load the demo's registries, estimates and target; say what was loaded."""
    load_estimates()
    counts = [_registry(code, n, seed) for code, n, seed in REGISTRIES]
    _target()
    return f"poverty: {sum(counts)} synthetic households ({YEAR}) in {len(counts)} regencies"
