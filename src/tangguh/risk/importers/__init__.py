"""Importers of the risk app, built on `core.importing`: risk profiles and IRBI scores
(`profiles`, `scores`) and climate vulnerability classes (`climate`), with what they share
(`reading`) and the columns they read (`columns`). `import_file` recognises the kind of table by
its columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tangguh.core.importing.report import ImportReport
from tangguh.core.progress import Progress
from tangguh.risk.importers.climate import CLIMATE, import_climate_vulnerability
from tangguh.risk.importers.columns import CLIMATE_COLUMNS, RISK_COLUMNS
from tangguh.risk.importers.profiles import RISK, import_risk_profiles
from tangguh.risk.importers.reading import has_column
from tangguh.risk.models import RiskMethodVersion

KINDS = (RISK, CLIMATE)

__all__ = [
    "CLIMATE",
    "KINDS",
    "RISK",
    "detect_kind",
    "import_climate_vulnerability",
    "import_file",
    "import_risk_profiles",
]


def detect_kind(path: Path) -> str | None:
    """RISK for a table with a hazard, risk or IRBI score column, CLIMATE for one with a climate
    class column."""
    markers = ("hazard_code", "hazard_name", "irbi_score", "risk_index", "risk_class")
    if has_column(path, RISK_COLUMNS, markers):
        return RISK
    if has_column(path, CLIMATE_COLUMNS, ("climate_class",)):
        return CLIMATE
    return None


def import_file(
    path: Path,
    *,
    actor: Any,
    kind: str | None = None,
    method: RiskMethodVersion | None = None,
    year: int | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str | None = None,
) -> ImportReport:
    """Import a risk or climate table; `kind` None recognises it by its columns."""
    kind = kind or detect_kind(path) or RISK
    if kind == CLIMATE:
        return import_climate_vulnerability(
            path,
            actor=actor,
            year=year,
            source=source,
            dry_run=dry_run,
            progress=progress,
            name=name,
        )
    return import_risk_profiles(
        path,
        actor=actor,
        method=method,
        year=year,
        source=source,
        dry_run=dry_run,
        progress=progress,
        name=name,
    )
