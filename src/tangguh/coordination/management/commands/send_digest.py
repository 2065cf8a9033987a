"""`tangguh send-digest [--date YYYY-MM-DD] [--region CODE] [--dry-run]`: the weekly digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tangguh.coordination.digest import send_digests


class Command(BaseCommand):
    """Email each responsible party its overdue, stalled and soon-due follow-up items."""

    help = (
        "Send the weekly digest: one email per responsible party with follow-up items overdue, "
        "stalled (60 days without progress) or due within 14 days, to the party's address and "
        "the officers of its agency. Run it weekly (cron, systemd timer). Prints "
        "`sent N / without address M`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to report on (default: today)")
        parser.add_argument("--region", default="", help="only items within this region")
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date {options['date']!r}: use YYYY-MM-DD") from exc
        sent, unreachable, names = send_digests(
            today, region=options["region"], dry_run=options["dry_run"]
        )
        for name in names:
            self.stderr.write(f"no email address for {name}")
        prefix = "[dry run] " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}sent {sent} / without address {unreachable}")
