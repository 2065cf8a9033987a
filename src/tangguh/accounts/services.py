"""Audited writes on users, memberships, agencies and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import audit, throttle
from tangguh.core.models import ChangeRecord
from tangguh.core.scope import ACTION_LABELS, Role, user_scope
from tangguh.regions.models import Region

from .models import Agency, ApiToken, Membership, User


def _check_can_manage_users(actor: Any) -> None:
    if actor is not None and user_scope(actor, "manage").is_empty:
        raise PermissionDenied(_("Only managers may create or change user accounts."))


def can_manage_user(actor: Any, user: User) -> bool:
    """True when `actor` manages every region of `user` (only superusers manage superusers)."""
    if actor is None:
        return True
    scope = user_scope(actor, "manage")
    if scope.everything:
        return True
    if scope.is_empty or user.is_superuser:
        return False
    regions = list(user.memberships.values_list("region_id", flat=True))
    # A user without memberships belongs to no region yet: only superusers manage them.
    return bool(regions) and all(scope.covers(code) for code in regions)


def _check_manages(actor: Any, user: User) -> None:
    _check_can_manage_users(actor)
    if not can_manage_user(actor, user):
        raise PermissionDenied(
            _("%(user)s is a member of regions you do not manage.") % {"user": user.get_username()}
        )


@transaction.atomic
def create_user(
    username: str,
    *,
    actor: Any,
    email: str = "",
    password: str | None = None,
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user account (without memberships: add those with `add_membership`)."""
    _check_can_manage_users(actor)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with that username already exists.")})
    user = User(
        username=username, email=email, agency=agency, first_name=first_name, last_name=last_name
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit.record_change(
        actor, ChangeRecord.Action.CREATE, user, audit.diff({}, audit.snapshot(user))
    )
    user.__dict__[_NEW_ACCOUNT] = True  # its creator may give it its first memberships
    return user


@transaction.atomic
def update_user(user: User, *, actor: Any, **values: Any) -> User:
    """Change a user's name, e-mail, agency or active flag."""
    _check_manages(actor, user)
    before = audit.snapshot(user)
    for name, value in values.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    changes = audit.diff(before, audit.snapshot(user))
    if changes:
        user.save()
        audit.record_change(actor, ChangeRecord.Action.UPDATE, user, changes)
    return user


@transaction.atomic
def set_password(user: User, password: str, *, actor: Any) -> None:
    """Set a new password after checking it against the password rules."""
    if actor is not None and actor != user:
        _check_manages(actor, user)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record_change(actor, ChangeRecord.Action.UPDATE, user, {"password": ["***", "***"]})


# Marks a User instance made by create_user in this process (never read from a request).
_NEW_ACCOUNT = "_tangguh_new_account"


def in_reach(actor: Any, user: User) -> bool:
    """True when `actor` may give `user` a role: superusers anyone; a manager a user who is
    already a member somewhere in the regions they manage, or an account they just created, but
    never a superuser, nor an account that belongs to no region."""
    if actor is None:
        return True
    scope = user_scope(actor, "manage")
    if scope.everything:
        return True
    if scope.is_empty or user.is_superuser:
        return False
    if user.__dict__.get(_NEW_ACCOUNT):
        return True
    regions = user.memberships.values_list("region_id", flat=True)
    return any(scope.covers(code) for code in regions)


def out_of_reach(username: str) -> ValidationError:
    """The refusal of a username the actor may not give a role: the same whether the account
    exists elsewhere or is the administrator's, naming nothing but what was typed."""
    return ValidationError(
        {
            "username": _(
                "%(username)s cannot be given a role in your regions. Choose another username "
                "for a new account, or ask an administrator."
            )
            % {"username": username}
        }
    )


@transaction.atomic
def add_member(
    *, actor: Any, user: str | User, region: Region, role: str, email: str = ""
) -> Membership:
    """Give the account `user` (a username) a role in `region`: an account already in the
    actor's regions, or a new one made with that username. Any other account, whether it exists
    or not, is refused with one message."""
    if actor is not None and not user_scope(actor, "manage").covers(region.code):
        raise PermissionDenied(
            _("You may not %(action)s records in region %(region)s.")
            % {"action": ACTION_LABELS["manage"], "region": region.code}
        )
    username = user if isinstance(user, str) else user.get_username()
    found = User.objects.filter(username__iexact=username).first()
    if found is None:
        found = create_user(username, actor=actor, email=email)
    elif not in_reach(actor, found):
        raise out_of_reach(username)
    return add_membership(found, region, role, actor=actor)


@transaction.atomic
def add_membership(user: User, region: Region, role: str, *, actor: Any) -> Membership:
    """Give `user` a role in `region`, or change the role of an existing membership there; a
    manager reaches only the accounts `in_reach`."""
    if not in_reach(actor, user):
        raise out_of_reach(user.get_username())
    existing = Membership.objects.filter(user=user, region=region).first()
    if existing is not None:
        if existing.role == role:
            return existing
        return audit.update_record(existing, actor=actor, needs="manage", role=Role(role).value)
    return audit.create_record(
        Membership, actor=actor, needs="manage", user=user, region=region, role=Role(role).value
    )


@transaction.atomic
def remove_membership(membership: Membership, *, actor: Any) -> None:
    """Take a user's role in a region away."""
    audit.delete_record(membership, actor=actor, needs="manage")


@transaction.atomic
def create_agency(*, actor: Any, **values: Any) -> Agency:
    """Register an agency of a province or regency/city."""
    return audit.create_record(Agency, actor=actor, **values)


@transaction.atomic
def update_agency(agency: Agency, *, actor: Any, **values: Any) -> Agency:
    """Change an agency's details."""
    return audit.update_record(agency, actor=actor, **values)


@transaction.atomic
def delete_agency(agency: Agency, *, actor: Any) -> None:
    """Remove an agency; its staff keep their accounts (and the log notes they lost the agency)."""
    audit.check_allowed(actor, "delete", agency)
    for user in agency.staff.all():
        audit.record_change(actor, ChangeRecord.Action.UPDATE, user, {"agency": [agency.pk, None]})
    agency.staff.update(agency=None)
    audit.delete_record(agency, actor=actor)


@transaction.atomic
def issue_token(user: User, *, actor: Any, rotate: bool = False) -> str:
    """A new API token for the user, returned once: only its digest is stored. A user who has a
    token gets a new one only with `rotate` (which replaces it)."""
    if actor is not None and actor != user:
        _check_manages(actor, user)
    existing = ApiToken.objects.filter(user=user).first()
    if existing is not None and not rotate:
        raise ValidationError(
            _(
                "%(user)s already has an API token; it was shown once, when it was made. "
                "Replace it to get a new one."
            )
            % {"user": user.get_username()}
        )
    action = ChangeRecord.Action.UPDATE if existing else ChangeRecord.Action.CREATE
    if existing is not None:
        existing.delete()
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key), prefix=key[:8])
    audit.record_change(actor, action, user, {"api_token": ["***" if existing else None, "***"]})
    return key


@transaction.atomic
def clear_sign_in_wait(
    username: str, address: str | None, *, actor: Any, everywhere: bool = False
) -> int:
    """Forget an account's failed sign-ins from one address (or from every address), so that
    it signs in without waiting (administrators only); logged on the account. Returns how many
    failures were forgotten."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only an administrator may clear sign-in waits."))
    cleared = throttle.clear_failures(username, address, everywhere=everywhere)
    user = User.objects.filter(username__iexact=username).first()
    if user is not None and cleared:
        place = _("every address") if everywhere else (address or "-")
        audit.record_change(
            actor,
            ChangeRecord.Action.UPDATE,
            user,
            {"failed_sign_ins": [f"{cleared} ({place})", 0]},
        )
    return cleared
