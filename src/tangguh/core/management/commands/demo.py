"""`tangguh demo`: an embedded database with NTT's geography and demo data, served locally."""

from __future__ import annotations

import os
import shutil
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

from tangguh.core.context import change_source
from tangguh.core.demo.accounts import DEMO_PASSWORD, ensure_agencies, ensure_users
from tangguh.disasters.demo import import_bnpb_sample, load_demo_events
from tangguh.nomenclature.loading import load_shipped as load_nomenclature
from tangguh.nomenclature.models import Edition
from tangguh.planning.demo import load_demo as load_planning_demo
from tangguh.preparedness.demo import load_demo as load_preparedness_demo
from tangguh.regions.loading import load_regions, shipped_files
from tangguh.regions.models import Region
from tangguh.risk.demo import load_demo as load_risk_demo


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
            self._load_geography()
            agencies = ensure_agencies()
            users = ensure_users()
            events = load_demo_events()
            sample = import_bnpb_sample()
            preparedness = load_preparedness_demo()
            risk = load_risk_demo()
            if not Edition.objects.filter(name="2027").exists():
                load_nomenclature()
            planning = load_planning_demo()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(_("Demo agencies created: %(count)d") % {"count": agencies})
        self.stdout.write(
            _("Demo disaster events created: %(count)d; from the BNPB sample file: %(sample)d")
            % {"count": events, "sample": sample}
        )
        self.stdout.write(
            _("Demo contingency plans, teams and their records created: %(count)d")
            % {"count": preparedness}
        )
        self.stdout.write(
            _("Demo risk profiles: %(profiles)d; climate vulnerability classes: %(climate)d")
            % {"profiles": risk.profiles, "climate": risk.climate}
        )
        self.stdout.write(
            _(
                "Demo planning: %(proposals)d proposals, %(items)d work-plan items, "
                "%(decisions)d decisions"
            )
            % {
                "proposals": planning.proposals,
                "items": planning.items,
                "decisions": planning.decisions,
            }
        )
        self.stdout.write(_("Ready in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
        url = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(f"  URL:      {url}")
        self.stdout.write(
            "  " + _("Password: %(password)s (for every demo login)") % {"password": DEMO_PASSWORD}
        )
        for user in users:
            self.stdout.write(f"  Login:    {user.username:<18} {user.description}")
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

    def _load_geography(self) -> None:
        report = load_regions(shipped_files(), deactivate_missing=True)
        counts = {
            level: Region.objects.filter(level=level, is_active=True).count()
            for level in (1, 2, 3, 4)
        }
        self.stdout.write(
            f"Regions: created {report.created} / updated {report.updated} / unchanged "
            f"{report.unchanged} / deactivated {report.deactivated}"
        )
        self.stdout.write(
            _(
                "Geography: %(provinces)d province, %(regencies)d regencies/cities, "
                "%(districts)d sub-districts, %(villages)d villages"
            )
            % {
                "provinces": counts[1],
                "regencies": counts[2],
                "districts": counts[3],
                "villages": counts[4],
            }
        )

    def _serve(self, port: int) -> None:
        worker = subprocess.Popen(  # background jobs (uploads) run here
            [sys.executable, "-m", "tangguh.cli", "db_worker"], env=os.environ.copy()
        )
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
