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


def add_selection_arguments(parser: CommandParser) -> None:
    """`--region CODE`, `--year Y` and `--actor USERNAME` for commands that read records."""
    parser.add_argument("--region", help="only records within this region (code, dots optional)")
    parser.add_argument("--year", type=int, help="only records of this year")
    add_actor_argument(parser)


def selected(queryset: Any, options: dict[str, Any]) -> Any:
    """The records of a RegionQuerySet the --actor may view, within --region, of --year."""
    from django.http import Http404

    from tangguh.core.api import region_or_404
    from tangguh.core.scope import EVERYWHERE, user_scope

    actor = actor_from(options)
    scope = EVERYWHERE if actor is None else user_scope(actor, "view")
    records = queryset.in_scope(scope)
    if options.get("region"):
        try:
            region = region_or_404(options["region"])
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        if not scope.overlaps(region.code):
            raise CommandError(_("You have no access to region %(code)s.") % {"code": region.code})
        records = records.within(region.code)
    if options.get("year"):
        records = records.for_year(options["year"])
    return records
