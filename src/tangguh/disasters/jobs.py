"""Background jobs of the disasters app: importing an uploaded events file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress


@import_job(
    "disasters.import",
    _("Import events from %(name)s"),
    result_template="disasters/_column_mapping.html",
)
def import_uploaded_events(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str] | None = None,
    format: str = "",
    mapping: dict[str, str] | None = None,
    other_provinces: bool = False,
    **_options: Any,
) -> ImportReport:
    """Import an uploaded events file as its uploader."""
    from tangguh.disasters.importers import import_events

    name = (names or [""])[0]
    return import_events(
        paths[0],
        actor=actor,
        fmt=format or None,
        dry_run=dry_run,
        progress=progress,
        name=name,
        mapping=mapping or None,
        other_provinces=other_provinces,
    )
