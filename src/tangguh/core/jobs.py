"""Background jobs: a registry of job kinds, starting them and running them with progress."""

from __future__ import annotations

import ctypes
import datetime as dt
import logging
import os
import shutil
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
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
from tangguh.core.text import is_number

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
    recover(job)  # a job whose worker died is shown failed, not running forever
    return job


def start_job(kind: str, title: str, *, owner: Any, params: dict[str, Any]) -> Job:
    """Create a job and hand it to the task queue once the current transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, title=title, owner=owner, params=params)
    from tangguh.core.tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


class JobTimedOut(BaseException):
    """Raised inside a job that ran past its time limit (a BaseException, so that no handler's
    `except Exception` keeps the job going)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise JobTimedOut in the running thread once `seconds` have passed (0: no limit). The
    worker runs jobs in its main thread (an interval timer and SIGALRM); elsewhere a timer
    thread raises it asynchronously. Either way it lands between two Python steps, so the
    job's transaction rolls back and the worker goes on with the next job."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():

        def expire(_signum: int, _frame: Any) -> None:
            raise JobTimedOut

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    target = ctypes.c_ulong(threading.get_ident())
    raise_in = ctypes.pythonapi.PyThreadState_SetAsyncExc
    timer = threading.Timer(seconds, lambda: raise_in(target, ctypes.py_object(JobTimedOut)))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        raise_in(target, None)  # a timeout that fired just as the job ended is dropped


def execute_job(job_id: str) -> None:
    """Run a job to its end, recording success, problems or failure on the job row; a job past
    `JOB_TIME_LIMIT_SECONDS` is stopped and marked failed with the reason."""
    tidy()  # each job start also tidies after workers that died
    job = Job.objects.get(pk=job_id)
    handler = _HANDLERS[job.kind]
    job.status, job.started_at, job.worker = Job.Status.RUNNING, timezone.now(), this_worker()
    job.save(update_fields=["status", "started_at", "worker"])
    limit = settings.JOB_TIME_LIMIT_SECONDS
    try:
        with change_source("task"), time_limit(limit):
            result = handler(job, JobProgress(job))
    except JobTimedOut:
        logger.warning("job %s (%s) stopped after its time limit of %s s", job.pk, job.kind, limit)
        job.status = Job.Status.FAILED
        job.message = _(
            "This job was stopped because it ran past its time limit of %(limit)s; nothing it "
            "was writing was kept. Split the input, or ask an administrator to raise "
            "TANGGUH_JOB_TIME_LIMIT."
        ) % {"limit": _duration(limit)}
        job.result = {}
        remove_files(job)
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


def _duration(seconds: float) -> str:
    """A time limit as the user reads it: minutes, or seconds under a minute."""
    if seconds >= 60:
        return _("%(minutes)d minutes") % {"minutes": seconds // 60}
    return _("%(seconds)d seconds") % {"seconds": seconds}


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


# ---------------------------------------------------------------------------------------------
# Recovery: a job whose worker died is marked failed, with the reason, and its files removed.


def this_worker() -> str:
    """How a job names the process running it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _gone(worker: str) -> bool:
    """True when `worker` ran on this machine and its process no longer exists."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not is_number(pid):
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def stale_reason(job: Job, now: dt.datetime | None = None) -> str:
    """Why a running job can no longer finish ('' while it may)."""
    if job.status != Job.Status.RUNNING:
        return ""
    if job.worker and _gone(job.worker):
        return _(
            "The worker running this job stopped before it finished (it was killed or the "
            "server restarted); what it was writing was not kept. Start the job again."
        )
    limit = dt.timedelta(seconds=settings.JOB_TIME_LIMIT_SECONDS)
    if job.started_at and (now or timezone.now()) - job.started_at > limit:
        return _(
            "This job did not finish within %(minutes)d minutes; its worker is taken to have "
            "stopped. Start the job again."
        ) % {"minutes": settings.JOB_TIME_LIMIT_SECONDS // 60}
    return ""


def recover(job: Job) -> bool:
    """Mark `job` failed with the reason when its worker died or it ran past the time limit,
    and remove its uploaded files; True when it was."""
    reason = stale_reason(job)
    if not reason:
        return False
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, message=reason[:255], finished_at=timezone.now()
    )
    if updated:
        logger.warning("job %s (%s) recovered: %s", job.pk, job.kind, reason)
        remove_files(job)
    job.refresh_from_db()
    return bool(updated)


def tidy() -> None:
    """What a worker does before each job: recover jobs of dead workers, remove old uploads."""
    from tangguh.core.importing.uploads import remove_stale_uploads

    recover_jobs()
    remove_stale_uploads()


def recover_jobs() -> int:
    """Recover every running job whose worker died (see `recover`); returns how many."""
    return sum(recover(job) for job in Job.objects.filter(status=Job.Status.RUNNING))


def remove_files(job: Job) -> None:
    """Remove the folder of files a job was given (uploads stashed for it)."""
    folder = str((job.params or {}).get("folder") or "")
    root = Path(settings.MEDIA_ROOT).resolve()
    if folder and Path(folder).resolve().is_relative_to(root):
        shutil.rmtree(folder, ignore_errors=True)
