"""Background jobs of the risk app."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tangguh.core.importing import ImportFailed
from tangguh.core.jobs import job_kind
from tangguh.core.models import Job
from tangguh.core.progress import JobProgress


@job_kind("risk.import")
def import_risk_job(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Import an uploaded risk or climate table as its uploader, then remove the upload."""
    from tangguh.risk.importers import import_file
    from tangguh.risk.models import RiskMethodVersion

    params = job.params
    method = None
    if params.get("method"):
        method = RiskMethodVersion.objects.filter(version=params["method"]).first()
    try:
        report = import_file(
            Path(params["file"]),
            actor=job.owner,
            kind=params.get("kind") or None,
            method=method,
            year=params.get("year"),
            source=params.get("source") or "",
            dry_run=bool(params.get("dry_run")),
            progress=progress,
        )
    finally:
        shutil.rmtree(params["folder"], ignore_errors=True)
    if report.errors:
        raise ImportFailed(report.errors)
    result = report.as_dict()
    result.pop("errors")
    if not result["warnings"]:
        result.pop("warnings")
    if not result["ignored_columns"]:
        result.pop("ignored_columns")
    return {**result, "dry_run": bool(params.get("dry_run"))}
