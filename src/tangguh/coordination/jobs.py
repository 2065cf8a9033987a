"""Background job of coordination: the uploaded follow-up matrix, checked first (the preview on
the job page) and applied when the person confirms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.coordination.importers import import_actions
from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress


@import_job(
    "coordination.actions",
    _("Update follow-up items from %(name)s"),
    result_template="coordination/_import_preview.html",
)
def import_uploaded_actions(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str],
    **_options: Any,
) -> ImportReport:
    """Apply an uploaded follow-up matrix as its uploader."""
    return import_actions(paths[0], actor=actor, dry_run=dry_run, name=names[0], progress=progress)
