"""Login throttling: too many failed sign-ins for a username or from an address are refused."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tangguh.core.models import LoginAttempt


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address (behind a proxy, the address nginx passes in X-Real-IP)."""
    address = request.META.get("REMOTE_ADDR")
    if settings.BEHIND_PROXY:
        address = request.META.get("HTTP_X_REAL_IP") or address
    return address or None


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked(username: str, address: str | None) -> bool:
    """True when the username, or the address, has used up its failed attempts for now."""
    recent = LoginAttempt.objects.filter(at__gte=_window_start())
    limit = settings.LOGIN_FAILURE_LIMIT
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    # An address may try a few usernames (an office shares one address) but not endlessly.
    return bool(address) and recent.filter(address=address).count() >= limit * 4


def record_failure(username: str, address: str | None) -> None:
    """Remember a failed sign-in (and forget those older than the window)."""
    prune()
    LoginAttempt.objects.create(username=username[:150], address=address)


def clear_failures(username: str) -> None:
    """Forget a username's failures after a successful sign-in."""
    LoginAttempt.objects.filter(username__iexact=username).delete()


def prune() -> int:
    """Delete attempts older than the window."""
    deleted, _ = LoginAttempt.objects.filter(at__lt=_window_start()).delete()
    return deleted
