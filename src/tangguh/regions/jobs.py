"""Background jobs of the regions app: loading uploaded region files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportFailed, ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress
from tangguh.regions.loading import load_regions


@import_job("regions.load", _("Load regions from %(name)s"))
def load_uploaded_regions(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    deactivate_missing: bool = False,
    **_options: Any,
) -> ImportReport:
    """Load uploaded region tables and boundaries as their uploader."""
    try:
        return load_regions(
            paths,
            actor=actor,
            progress=progress,
            dry_run=dry_run,
            deactivate_missing=deactivate_missing,
        )
    except ImportFailed as failure:
        return ImportReport().reject(failure.problems)
