"""The one upload path: stash the uploaded files, import them in a background job, show the
report on the job's page; a dry run keeps the files so the person can confirm the import.

An app registers its importer once with `@import_job("app.kind")`; its upload view calls
`start_import` and redirects to the job page. The job page shows the report (counts, problems by
file, sheet, row and column, notes) in the person's language; after a dry run without problems
it offers "Import now", which runs the same job on the same files for real (`confirm_import`).
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tangguh.core.importing.report import ImportReport
from tangguh.core.jobs import job_kind, start_job
from tangguh.core.models import Job
from tangguh.core.progress import JobProgress, Progress

Importer = Callable[..., ImportReport]
# Stashed uploads older than this are removed when the next upload arrives.
STASH_HOURS = 24
_TITLES: dict[str, Any] = {}
_RESULT_TEMPLATES: dict[str, str] = {}


def stash_root() -> Path:
    """Where uploads wait for their job."""
    return Path(settings.MEDIA_ROOT) / "imports"


def stash(uploads: Iterable[UploadedFile]) -> tuple[Path, list[Path], list[str]]:
    """Save uploads in a new folder (one sub-folder each, so equal names do not collide);
    returns the folder, the stored paths and the names as the person gave them."""
    _remove_stale()
    folder = stash_root() / uuid.uuid4().hex
    paths, names = [], []
    for number, upload in enumerate(uploads, start=1):
        name = Path(upload.name or "upload").name
        target = folder / f"{number:02d}" / name
        target.parent.mkdir(parents=True)
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        paths.append(target)
        names.append(name)
    return folder, paths, names


def _remove_stale() -> int:
    """Remove stashed uploads older than STASH_HOURS that no job waits for; returns how many."""
    root = stash_root()
    if not root.is_dir():
        return 0
    limit = time.time() - STASH_HOURS * 3600
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def remove_stale_uploads() -> int:
    """Uploads stashed more than STASH_HOURS ago (orphaned by a job that never ran, or whose
    "Import now" never came); returns how many folders were removed."""
    return _remove_stale()


def check_upload(upload: Any, suffixes: tuple[str, ...], expected: Any) -> Any:
    """An uploaded file of an accepted kind (`suffixes`) and size, or a ValidationError that
    names what was `expected` (forms call it from `clean_<field>`)."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": limit // 2**20}
        )
    suffix = Path(upload.name).suffix.lower()
    if suffix == ".xls" and suffix not in suffixes:
        raise ValidationError(
            _(
                "%(name)s is an Excel 97-2003 workbook (.xls): open it and save it as an Excel "
                "workbook (.xlsx) or as 'CSV UTF-8'."
            )
            % {"name": upload.name}
        )
    if suffix not in suffixes:
        raise ValidationError(
            _("%(name)s is not %(expected)s.") % {"name": upload.name, "expected": expected}
        )
    return upload


def start_import(
    kind: str,
    uploads: Iterable[UploadedFile],
    *,
    owner: Any,
    dry_run: bool = False,
    params: dict[str, Any] | None = None,
) -> Job:
    """Stash the uploads and start the import job of `kind` (registered with `import_job`)."""
    folder, paths, names = stash(uploads)
    title = _TITLES.get(kind, _("Import")) % {"name": ", ".join(names)}
    return start_job(
        kind,
        title,
        owner=owner,
        params={
            **(params or {}),
            "files": [str(p) for p in paths],
            "names": names,
            "folder": str(folder),
            "dry_run": dry_run,
        },
    )


def confirm_import(job: Job, user: Any) -> Job:
    """Run a dry run's import for real, on the same files and options."""
    if job.owner_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This job was started by someone else."))
    params = dict(job.params)
    if not params.get("dry_run") or job.status != Job.Status.DONE:
        raise PermissionDenied(_("Only a finished check (dry run) can be confirmed."))
    if not all(Path(p).is_file() for p in params.get("files", [])):
        raise PermissionDenied(_("The uploaded files are no longer kept; upload them again."))
    params["dry_run"] = False
    return start_job(job.kind, job.title, owner=user, params=params)


def retry_import(job: Job, user: Any, params: dict[str, Any]) -> Job:
    """Check the same files again (a dry run) with changed options, e.g. a column mapping the
    person gave on the job page of an import that asked for one."""
    if job.owner_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This job was started by someone else."))
    kept = dict(job.params)
    if not all(Path(p).is_file() for p in kept.get("files", [])):
        raise PermissionDenied(_("The uploaded files are no longer kept; upload them again."))
    return start_job(job.kind, job.title, owner=user, params={**kept, **params, "dry_run": True})


def result_template(kind: str) -> str:
    """The template an app adds to the job page of its imports ('' for none)."""
    return _RESULT_TEMPLATES.get(kind, "")


def import_job(kind: str, title: Any, result_template: str = "") -> Callable[[Importer], Importer]:
    """Register an importer as a background job kind.

    The importer is called as `importer(paths, names=..., actor=..., dry_run=..., progress=...,
    **params)` and returns an ImportReport. `title` names the job ("Import events from
    %(name)s"). The stashed files are removed after a real run; a dry run keeps them for
    `confirm_import`; so does a run whose report asks the person for more
    (`details["awaits_input"]`, e.g. a column mapping), for `retry_import`. `result_template`
    is included in the job page's report (e.g. the form that asks for that input).
    """

    def register(importer: Importer) -> Importer:
        _TITLES[kind] = title
        if result_template:
            _RESULT_TEMPLATES[kind] = result_template

        @job_kind(kind)
        def run(job: Job, progress: JobProgress) -> ImportReport:
            return _run(importer, job, progress)

        return importer

    return register


def _run(importer: Importer, job: Job, progress: Progress) -> ImportReport:
    params = dict(job.params)
    folder = params.pop("folder", "")
    paths = [Path(p) for p in params.pop("files", [])]
    dry_run = bool(params.pop("dry_run", False))
    report: ImportReport | None = None
    try:
        report = importer(paths, actor=job.owner, dry_run=dry_run, progress=progress, **params)
        report.dry_run = dry_run
        return report
    finally:
        awaits = report is not None and report.details.get("awaits_input")
        if folder and not awaits and (not dry_run or report is None or report.errors):
            shutil.rmtree(folder, ignore_errors=True)
