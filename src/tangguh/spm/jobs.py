"""Background jobs of the SPM app: importing an uploaded SPM workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress


@import_job("spm.import", _("Import SPM data from %(name)s"))
def import_uploaded_workbook(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str] | None = None,
    **_options: Any,
) -> ImportReport:
    """Import an uploaded SPM workbook or CSV as its uploader."""
    from tangguh.spm.importers import import_spm

    return import_spm(
        paths[0],
        actor=actor,
        dry_run=dry_run,
        progress=progress,
        name=names[0] if names else None,
    )
