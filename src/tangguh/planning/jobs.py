"""Background jobs of the planning app: the uploaded proposals file and decisions workbook,
checked first (a dry run shown on the job page) and imported when the person confirms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress
from tangguh.planning.importers import import_decisions, import_proposals
from tangguh.regions.models import Region


@import_job("planning.proposals", _("Import proposals from %(name)s"))
def import_uploaded_proposals(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str],
    year: int,
    region: str = "",
    **_options: Any,
) -> ImportReport:
    """Import an uploaded proposals file for a budget year as its uploader."""
    within = Region.objects.filter(code=region).first() if region else None
    return import_proposals(
        paths[0],
        year=int(year),
        actor=actor,
        region=within,
        dry_run=dry_run,
        name=names[0],
        progress=progress,
    )


@import_job("planning.decisions", _("Import decisions from %(name)s"))
def import_uploaded_decisions(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str],
    **_options: Any,
) -> ImportReport:
    """Import an uploaded decisions workbook as its uploader."""
    return import_decisions(
        paths[0], actor=actor, dry_run=dry_run, name=names[0], progress=progress
    )
