"""Helpers for management commands: the acting user and translated errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _


def add_actor_argument(parser: CommandParser) -> None:
    """`--actor USERNAME`: act as that user, inside their regions (default: the system itself)."""
    parser.add_argument(
        "--actor",
        metavar="USERNAME",
        help="act as this user: only inside their regions and roles, recorded in the change log "
        "(default: the system, with full access, as befits the server's console)",
    )


def actor_from(options: dict[str, Any]) -> Any:
    """The user named by --actor, or None for the system."""
    username = options.get("actor")
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user named %(name)s.") % {"name": username})
    return user
