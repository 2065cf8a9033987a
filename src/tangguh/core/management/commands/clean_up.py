"""`tangguh clean-up`: tidy after crashes (run it daily, e.g. from cron or a systemd timer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tangguh.core.backup import remove_staging_leftovers
from tangguh.core.importing.uploads import remove_stale_uploads
from tangguh.core.jobs import recover_jobs


class Command(BaseCommand):
    """Mark jobs whose worker died as failed, remove orphaned uploads and restore staging."""

    help = (
        "Mark background jobs whose worker died as failed (with the reason), remove uploads "
        "no job will read any more and folders left by a killed restore."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = recover_jobs()
        uploads = remove_stale_uploads()
        staging = remove_staging_leftovers(Path(settings.MEDIA_ROOT))
        self.stdout.write(
            _(
                "%(jobs)d job(s) marked failed, %(uploads)d upload folder(s) and %(staging)d "
                "restore folder(s) removed."
            )
            % {"jobs": jobs, "uploads": uploads, "staging": staging}
        )
