"""Background jobs of the resilience app: importing uploaded ODK/KoboToolbox submissions and
assessment workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tangguh.core.importing import ImportReport
from tangguh.core.importing.uploads import import_job
from tangguh.core.progress import Progress


@import_job("resilience.submissions", _("Import ODK submissions from %(name)s"))
def import_uploaded_submissions(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str] | None = None,
    instrument: str = "",
    **_options: Any,
) -> ImportReport:
    """Import an uploaded ODK Central / KoboToolbox export as its uploader."""
    from tangguh.resilience.models import Instrument
    from tangguh.resilience.odk import import_submissions

    return import_submissions(
        paths[0],
        Instrument.objects.get(code=instrument),
        actor=actor,
        dry_run=dry_run,
        name=(names or [paths[0].name])[0],
    )


@import_job("resilience.loss_reports", _("Import loss reports from %(name)s"))
def import_uploaded_loss_reports(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str] | None = None,
    **_options: Any,
) -> ImportReport:
    """Import an uploaded export of the loss-report form as events, as its uploader."""
    from tangguh.resilience.odk_events import import_loss_reports

    return import_loss_reports(
        paths[0], actor=actor, dry_run=dry_run, name=(names or [paths[0].name])[0]
    )


@import_job("resilience.workbook", _("Import assessments from %(name)s"))
def import_uploaded_workbook(
    paths: list[Path],
    *,
    actor: Any,
    dry_run: bool,
    progress: Progress,
    names: list[str] | None = None,
    **_options: Any,
) -> ImportReport:
    """Import an uploaded workbook of answers as draft assessments, as its uploader."""
    from tangguh.resilience.excel import import_workbook

    return import_workbook(
        paths[0], actor=actor, dry_run=dry_run, name=(names or [paths[0].name])[0]
    )
