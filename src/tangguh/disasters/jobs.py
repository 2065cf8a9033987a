"""Background jobs of the disasters app."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tangguh.core.importing import ImportFailed
from tangguh.core.jobs import job_kind
from tangguh.core.models import Job
from tangguh.core.progress import JobProgress


@job_kind("disasters.import")
def import_events_job(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Import an uploaded events file as its uploader; the upload is removed afterwards."""
    from tangguh.disasters.importers import import_events

    try:
        report = import_events(
            Path(job.params["file"]),
            actor=job.owner,
            fmt=job.params.get("format") or None,
            dry_run=bool(job.params.get("dry_run")),
            progress=progress,
        )
    finally:
        shutil.rmtree(job.params["folder"], ignore_errors=True)
    if report.errors:
        raise ImportFailed(report.errors)
    return {**report.as_dict(), "dry_run": bool(job.params.get("dry_run"))}
