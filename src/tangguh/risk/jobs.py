"""Background jobs of the risk app: importing an uploaded risk or climate table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress


@import_job("risk.import", _("Import risk data from %(name)s"))
def import_uploaded_table(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str] | None = None,
    kind: str = "",
    method: str = "",
    year: int | None = None,
    source: str = "",
    **_options: Any,
) -> ImportReport:
    """Import an uploaded risk or climate table as its uploader (`method` names a version)."""
    from tangguh.risk.importers import import_file
    from tangguh.risk.models import RiskMethodVersion

    version = RiskMethodVersion.objects.filter(version=method).first() if method else None
    return import_file(
        paths[0],
        actor=actor,
        kind=kind or None,
        method=version,
        year=year,
        source=source,
        dry_run=dry_run,
        progress=progress,
        name=names[0] if names else None,
    )
