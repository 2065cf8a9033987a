"""Background jobs of the poverty module: importing an uploaded household registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress
from tangguh.poverty.beneficiaries import import_beneficiaries
from tangguh.poverty.importers import import_households


@import_job("poverty.households", _("Import households from %(name)s"))
def import_uploaded_households(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    year: int,
    names: list[str] | None = None,
    **_options: Any,
) -> ImportReport:
    """Import an uploaded registry as its uploader."""
    name = names[0] if names else paths[0].name
    return import_households(
        paths[0], year=int(year), actor=actor, dry_run=dry_run, progress=progress, name=name
    )


@import_job("poverty.beneficiaries", _("Import beneficiaries from %(name)s"))
def import_uploaded_beneficiaries(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    year: int,
    names: list[str] | None = None,
    **_options: Any,
) -> ImportReport:
    """Import an uploaded beneficiaries file as its uploader."""
    name = names[0] if names else paths[0].name
    return import_beneficiaries(
        paths[0], year=int(year), actor=actor, dry_run=dry_run, progress=progress, name=name
    )
