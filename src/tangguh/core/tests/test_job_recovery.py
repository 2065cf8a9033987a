"""Jobs recover (issue 14, item 6): a job whose worker died is marked failed with the reason and
its files removed; orphaned uploads and a killed restore's staging folder are cleaned up."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tangguh.core import backup, jobs
from tangguh.core.importing import uploads
from tangguh.core.models import Job

pytestmark = pytest.mark.django_db


def _dead_worker() -> str:
    """The name of a worker process of this machine that has ended."""
    done = subprocess.Popen(["true"])
    done.wait()
    return f"{jobs.socket.gethostname()}:{done.pid}"


def _running(owner, worker: str, folder: Path | None = None, **extra) -> Job:
    params = {"folder": str(folder)} if folder else {}
    return Job.objects.create(
        kind="regions.load",
        title="Muat wilayah",
        owner=owner,
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        total=10,
        done=10,
        worker=worker,
        params=params,
        **extra,
    )


def test_a_job_whose_worker_died_is_shown_failed_with_the_reason(
    web, kupang_editor, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "media" / "imports" / "abc"
    folder.mkdir(parents=True)
    (folder / "data.csv").write_text("x")
    job = _running(kupang_editor, _dead_worker(), folder)
    page = web(kupang_editor).get(reverse("job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "worker running this job stopped" in job.message
    assert "worker running this job stopped" in page
    assert not folder.exists()


def test_a_job_of_a_live_worker_keeps_running(kupang_editor) -> None:
    job = _running(kupang_editor, jobs.this_worker())
    assert jobs.recover_jobs() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_job_past_the_time_limit_is_failed_on_any_machine(kupang_editor, settings) -> None:
    settings.JOB_TIME_LIMIT_SECONDS = 60
    job = _running(kupang_editor, "another-host:123")
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(minutes=5))
    assert jobs.recover_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "did not finish within 1 minutes" in job.message


def test_the_clean_up_command_tidies_after_crashes(kupang_editor, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    old = uploads.stash_root() / "old"
    old.mkdir(parents=True)
    long_ago = time.time() - (uploads.STASH_HOURS + 1) * 3600
    os.utime(old, (long_ago, long_ago))
    fresh = uploads.stash_root() / "fresh"
    fresh.mkdir()
    staging = tmp_path / ".restore-media-x1y2"
    (staging / "uploads").mkdir(parents=True)
    _running(kupang_editor, _dead_worker())
    out = io.StringIO()
    call_command("clean_up", stdout=out)
    assert "1 job(s) marked failed, 1 upload folder(s) and 1 restore folder(s) removed" in (
        out.getvalue()
    )
    assert not old.exists()
    assert fresh.exists()
    assert not staging.exists()


def test_a_restore_removes_what_a_killed_restore_left(tmp_path) -> None:
    media = tmp_path / "media"
    leftover = tmp_path / ".restore-media-killed"
    (leftover / "big").mkdir(parents=True)
    assert backup.remove_staging_leftovers(media) == 1
    assert not leftover.exists()


@jobs.job_kind("tests.endless")
def _endless(job: Job, progress) -> None:
    """A job that writes a region, then runs on for a minute (swallowing ordinary exceptions):
    far past the test's limit of one second."""
    from django.db import transaction

    from tangguh.regions.models import Region

    with transaction.atomic():
        Region.objects.filter(code="53.71").update(name="Kota Kupang (sedang diubah)")
        ends = time.monotonic() + 60
        while time.monotonic() < ends:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001, S112 - a careless handler does not keep it alive
                continue


@jobs.job_kind("tests.quick")
def _quick(job: Job, progress) -> dict[str, int]:
    return {"answer": 42}


def test_a_job_past_its_time_limit_is_stopped_and_the_worker_goes_on(
    superuser, settings, tmp_path: Path
) -> None:
    """Issue 14, item 1: jobs have a time limit (TANGGUH_JOB_TIME_LIMIT); the stopped job is
    failed with the reason, its writes rolled back, its files removed; the next job runs."""
    from tangguh.regions.models import Region

    settings.JOB_TIME_LIMIT_SECONDS = 1
    settings.MEDIA_ROOT = str(tmp_path)
    folder = tmp_path / "imports" / "job"
    folder.mkdir(parents=True)
    (folder / "upload.csv").write_text("kode,nama\n")
    name = Region.objects.get(code="53.71").name
    endless = Job.objects.create(
        kind="tests.endless", title="t", owner=superuser, params={"folder": str(folder)}
    )
    quick = Job.objects.create(kind="tests.quick", title="t", owner=superuser)
    jobs.execute_job(str(endless.pk))
    jobs.execute_job(str(quick.pk))
    endless.refresh_from_db()
    assert endless.status == Job.Status.FAILED
    assert "ran past its time limit of 1 seconds" in endless.message
    assert endless.finished_at is not None
    assert Region.objects.get(code="53.71").name == name
    assert not folder.exists()
    quick.refresh_from_db()
    assert (quick.status, quick.result) == (Job.Status.DONE, {"answer": 42})


def test_the_time_limit_also_stops_a_job_run_outside_the_main_thread() -> None:
    import threading

    stopped: list[str] = []

    def work() -> None:
        try:
            with jobs.time_limit(0.2):
                while True:
                    try:
                        time.sleep(0.01)
                    except Exception:  # noqa: BLE001, S112 - not enough to keep it running
                        continue
        except jobs.JobTimedOut:
            stopped.append("stopped")
        with jobs.time_limit(5):
            stopped.append("next")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert stopped == ["stopped", "next"]
