"""`tangguh create-user USERNAME [--email E] [--password-stdin] [--member CODE:ROLE …]
[--agency CODE]`: create a user or add memberships to one."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.accounts import services
from tangguh.accounts.models import Agency, User
from tangguh.core.cli import actor_from, add_actor_argument
from tangguh.core.context import change_source
from tangguh.core.scope import Role
from tangguh.core.text import is_number
from tangguh.regions import codes
from tangguh.regions.models import Region, UnknownRegion, find_region


def parse_member(raw: str) -> tuple[Region, str]:
    """`53.01:editor` -> (Region 53.01, "editor")."""
    code, sep, role = raw.rpartition(":")
    if not sep:
        raise CommandError(
            _("--member %(value)s: write REGION_CODE:ROLE, e.g. 53.01:editor") % {"value": raw}
        )
    if role not in Role.values:
        raise CommandError(
            _("--member %(value)s: the role must be one of %(roles)s")
            % {"value": raw, "roles": ", ".join(Role.values)}
        )
    try:
        return find_region(code), role
    except UnknownRegion as exc:
        raise CommandError(f"--member {raw}: {exc}") from exc


def find_agency(raw: str) -> Agency:
    """An agency by its code (`REGION/CODE` when the code is used in several regions) or id."""
    region_code, sep, code = raw.rpartition("/")
    matches = Agency.objects.filter(code=code)
    if sep:
        matches = matches.filter(
            region_id=codes.normalize(region_code) if codes.is_code(region_code) else region_code
        )
    found = list(matches[:2])
    if not found and is_number(raw):
        found = list(Agency.objects.filter(pk=int(raw)))
    if not found:
        raise CommandError(_("--agency %(value)s: no such agency") % {"value": raw})
    if len(found) > 1:
        raise CommandError(
            _("--agency %(value)s: several agencies have this code; write REGION_CODE/CODE")
            % {"value": raw}
        )
    return found[0]


class Command(BaseCommand):
    """Create a user, or add memberships to an existing one (idempotent)."""

    help = (
        "Create a user account or, if it exists, add the given memberships. "
        "Example: tangguh create-user siti --email siti@bappeda.example --member 53.01:editor"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="REGION_CODE:ROLE",
            help="a membership; role is viewer, editor or manager (repeatable)",
        )
        parser.add_argument(
            "--agency", metavar="CODE", help="the user's agency (code or REGION/CODE)"
        )
        parser.add_argument("--superuser", action="store_true", help="give full access everywhere")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_from(options)
        if options["superuser"] and actor is not None and not actor.is_superuser:
            raise CommandError(_("Only a superuser may create superusers."))
        members = [parse_member(raw) for raw in options["member"]]
        agency = find_agency(options["agency"]) if options["agency"] else None
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
        try:
            with change_source("cli"), transaction.atomic():
                user, created = self._user(options, actor, password, agency)
                for region, role in members:
                    services.add_membership(user, region, role, actor=actor)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        verb = "created" if created else "updated"
        self.stdout.write(f"{verb} {user.username} ({len(members)} membership(s))")

    def _user(
        self, options: dict[str, Any], actor: Any, password: str | None, agency: Agency | None
    ) -> tuple[User, bool]:
        user = User.objects.filter(username=options["username"]).first()
        created = user is None
        if user is None:
            user = services.create_user(
                options["username"],
                actor=actor,
                email=options["email"],
                password=password,
                agency=agency,
            )
        else:
            changes: dict[str, Any] = {}
            if options["email"] and options["email"] != user.email:
                changes["email"] = options["email"]
            if agency is not None and agency != user.agency:
                changes["agency"] = agency
            if changes:
                services.update_user(user, actor=actor, **changes)
            if password:
                services.set_password(user, password, actor=actor)
        if options["superuser"] and not user.is_superuser:
            services.update_user(user, actor=actor, is_superuser=True, is_staff=True)
        return user, created
