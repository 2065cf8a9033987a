"""Fixtures of the poverty tests: BPS's statistics loaded, registry files written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tangguh.poverty.estimates import load_estimates
from tangguh.regions.statistics import load_statistics

HEADER = "household_id,region_code,members,expenditure_per_capita,weight,nik\n"
FATUFETO, NUNHILA, NUATAUS = "53.71.01.1001", "53.71.01.1002", "53.01.27.2002"
NIK = "5371014508900001"  # well formed; tests only


@pytest.fixture
def bps(db: Any) -> None:
    """BPS's poverty statistics of NTT and the local estimates, as the demo loads them."""
    load_statistics().raise_if_failed()
    load_estimates().raise_if_failed()


@pytest.fixture
def registry(tmp_path: Path) -> Callable[..., Path]:
    """Write a registry file: `registry("h1,53.71.01.1001,4,300000,100,", ...)`."""

    def write(*lines: str, header: str = HEADER, name: str = "registry.csv") -> Path:
        path = tmp_path / name
        path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def worked_example(registry: Callable[..., Path]) -> Path:
    """Issue 12's three households: (4, 100, Rp300k), (5, 80, Rp450k), (3, 120, Rp700k)."""
    return registry(
        f"H-1,{FATUFETO},4,300000,100,{NIK}",
        f"H-2,{FATUFETO},5,450000,80,",
        f"H-3,{NUNHILA},3,700000,120,",
    )
