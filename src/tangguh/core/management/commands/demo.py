"""`tangguh demo`: an embedded database with NTT's geography and demo data, served locally."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from tangguh.core import planner
from tangguh.core.context import change_source
from tangguh.core.registry import DEMO_PASSWORD, demo_steps


class Command(BaseCommand):
    """Create the data directory, migrate, load the geography and demo data, and serve."""

    help = (
        "Prepare a demo of tangguh (NTT geography, demo agencies and logins) in the data directory "
        "and serve it on 127.0.0.1. Demo data is labelled [DEMO]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="prepare only, do not serve")
        parser.add_argument("--reset", action="store_true", help="delete the demo database first")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        if options["reset"]:
            self._reset(data_dir)
        self.stdout.write(_("Data directory: %(path)s") % {"path": data_dir})
        call_command("migrate", interactive=False, verbosity=0)
        with change_source("cli"):
            for step in demo_steps():
                message = step.load()
                if message:
                    self.stdout.write(message)
            # Most demo tables are filled with fewer rows than a bulk load: statistics once.
            planner.refresh()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(_("Ready in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
        url = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(f"  URL:      {url}")
        for step in demo_steps():
            for username, who in step.logins():
                self.stdout.write(f"  Login:    {username:<18} {who}")
        self.stdout.write(
            "  " + _("Password: %(password)s (for every demo login)") % {"password": DEMO_PASSWORD}
        )
        self.stdout.write("")
        if not options["no_serve"]:
            self._serve(options["port"])

    def _reset(self, data_dir: Path) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(_("--reset only works with the embedded SQLite database."))
        connection.close()
        database = Path(str(settings.DATABASES["default"]["NAME"]))
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            path.unlink(missing_ok=True)
        shutil.rmtree(data_dir / "media", ignore_errors=True)
        self.stdout.write(_("Demo database deleted."))

    def _serve(self, port: int) -> None:
        worker = subprocess.Popen(  # background jobs (uploads) run here
            [sys.executable, "-m", "tangguh.cli", "db_worker"], env=os.environ.copy()
        )
        # A demo stopped by a signal (not only Ctrl-C) stops its worker too.
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, lambda *_args: sys.exit(0))
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
