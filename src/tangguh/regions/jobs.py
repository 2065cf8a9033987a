"""Background jobs of the regions app."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tangguh.core.jobs import job_kind
from tangguh.core.models import Job
from tangguh.core.progress import JobProgress
from tangguh.regions.loading import load_regions


@job_kind("regions.load")
def load_regions_job(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Load uploaded region files; the uploads are removed afterwards."""
    paths = [Path(p) for p in job.params["files"]]
    try:
        report = load_regions(
            paths,
            actor=job.owner,
            progress=progress,
            dry_run=bool(job.params.get("dry_run")),
            deactivate_missing=bool(job.params.get("deactivate_missing")),
        )
    finally:
        if job.params.get("folder"):
            shutil.rmtree(job.params["folder"], ignore_errors=True)
    return {**report.as_dict(), "dry_run": bool(job.params.get("dry_run"))}
