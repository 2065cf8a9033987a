"""`tangguh create-token USERNAME`: print the user's API token (created when needed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tangguh.accounts import services
from tangguh.accounts.models import User
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source


class Command(BaseCommand):
    """Print an API token for `Authorization: Token KEY`."""

    help = (
        "Make USERNAME's API token and print it, once: only its digest is kept (--rotate "
        "replaces an existing token)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="replace an existing token")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user named %(name)s.") % {"name": options["username"]})
        if not user.is_active:
            raise CommandError(_("User %(name)s is deactivated.") % {"name": user.username})
        try:
            with change_source("cli"):
                key = services.issue_token(
                    user, actor=actor_from(options), rotate=options["rotate"]
                )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(key)
