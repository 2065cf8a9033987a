"""Tasks run by the worker (`tangguh db_worker`); immediately in tests."""

from __future__ import annotations

from django_tasks import task

from tangguh.core.jobs import execute_job


@task()
def run_job(job_id: str) -> None:
    """Run one background job."""
    execute_job(job_id)
