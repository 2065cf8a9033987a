"""Background jobs: a registry of job kinds, starting them and running them with progress."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.context import change_source
from tangguh.core.importing.problems import ImportFailed
from tangguh.core.models import Job
from tangguh.core.progress import JobProgress
from tangguh.core.scope import user_scope

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, JobProgress], Any]
_HANDLERS: dict[str, JobHandler] = {}


def job_kind(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register a function that does the work of one kind of job and returns its result."""

    def register(handler: JobHandler) -> JobHandler:
        _HANDLERS[kind] = handler
        return handler

    return register


def job_for(user: Any, job_id: Any) -> Job:
    """The job `job_id` if `user` may follow it: Http404 when there is no such job,
    PermissionDenied when someone else started it. Jobs belong to the person who started them
    (not to a region); administrators with every region may follow anyone's."""
    try:
        job = Job.objects.get(pk=job_id)
    except (Job.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(_("This job does not exist.")) from exc
    if job.owner_id != getattr(user, "pk", None) and not user_scope(user, "manage").everything:
        raise PermissionDenied(_("This job was started by someone else."))
    return job


def start_job(kind: str, title: str, *, owner: Any, params: dict[str, Any]) -> Job:
    """Create a job and hand it to the task queue once the current transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, title=title, owner=owner, params=params)
    from tangguh.core.tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def execute_job(job_id: str) -> None:
    """Run a job to its end, recording success, problems or failure on the job row."""
    job = Job.objects.get(pk=job_id)
    handler = _HANDLERS[job.kind]
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        with change_source("task"):
            result = handler(job, JobProgress(job))
    except ImportFailed as failure:
        job.status = Job.Status.FAILED
        job.message = _("The input has %(count)d problem(s); nothing was written.") % {
            "count": len(failure.problems)
        }
        job.result = {"problems": [p.as_dict() for p in failure.problems]}
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = _("The job stopped with an error: %(error)s") % {"error": str(exc)[:200]}
    else:
        _finish(job, result)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at"])


def _finish(job: Job, result: Any) -> None:
    """Record what a handler returned: an import report (failed when it has problems) or data."""
    from tangguh.core.importing.report import ImportReport

    if isinstance(result, ImportReport):
        job.status = Job.Status.FAILED if result.errors else Job.Status.DONE
        job.result = result.as_dict()
        job.message = result.headline()[:255]
        return
    job.status, job.result = Job.Status.DONE, result
    job.message = _("Finished.")
