"""Sign-in throttling that an attacker cannot turn against a user.

Failures are counted per account *and* client address together: after `LOGIN_FAILURE_LIMIT`
failures of one pair within the window, that pair waits before its next try, and the wait
doubles with each further failure (`LOGIN_DELAY_SECONDS`, at most `LOGIN_MAX_DELAY_SECONDS`).
Nothing is ever locked from everywhere: the owner signing in from their own address, and
colleagues behind the same office address, are not slowed by someone else's failures. A try
during the wait is refused without checking the password (so it guesses nothing) and is not
counted. A success clears its own pair's failures only. API tokens are not affected: no
account is ever locked, so there is nothing for a token to bypass. Administrators see the
failures and clear a pair's wait on the sign-in attempts page.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, Q
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


def _pair(username: str, address: str | None) -> Q:
    """The failures of one account from one address."""
    return Q(username__iexact=username[:150]) & (
        Q(address=address) if address else Q(address__isnull=True)
    )


def delay_after(failures: int) -> int:
    """Seconds a pair waits after `failures` failures within the window (0: no wait)."""
    free = settings.LOGIN_FAILURE_LIMIT
    if failures < free:
        return 0
    doubled = settings.LOGIN_DELAY_SECONDS * 2 ** min(failures - free, 30)
    return int(min(doubled, settings.LOGIN_MAX_DELAY_SECONDS))


def wait_seconds(username: str, address: str | None) -> int:
    """Seconds before this account may try again from this address (0: now)."""
    recent = LoginAttempt.objects.filter(_pair(username, address), at__gte=_window_start())
    found = recent.aggregate(failures=Count("pk"), last=Max("at"))
    return _remaining(found["failures"], found["last"])


def _remaining(failures: int, last: dt.datetime | None) -> int:
    """Seconds left of the wait after `failures`, the last at `last`."""
    delay = delay_after(failures)
    if not delay or last is None:
        return 0
    remaining = (last + dt.timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, math.ceil(remaining))


def is_locked(username: str, address: str | None) -> bool:
    """True while this account must wait before trying again from this address (kept for
    callers of the earlier API; no account is locked from everywhere)."""
    return wait_seconds(username, address) > 0


def record_failure(username: str, address: str | None) -> None:
    """Remember a failed sign-in (and forget those older than the window)."""
    prune()
    LoginAttempt.objects.create(username=username[:150], address=address)


def clear_failures(username: str, address: str | None = None, *, everywhere: bool = False) -> int:
    """Forget an account's failures from one address (after a success there), or from every
    address (`everywhere`, an administrator's unlock); returns how many."""
    found = LoginAttempt.objects.filter(username__iexact=username[:150])
    if not everywhere:
        found = found.filter(_pair(username, address))
    deleted, _kinds = found.delete()
    return deleted


def prune() -> int:
    """Delete attempts older than the window."""
    deleted, _ = LoginAttempt.objects.filter(at__lt=_window_start()).delete()
    return deleted


@dataclass(frozen=True)
class PairSummary:
    """The recent failures of one account from one address, for administrators."""

    username: str
    address: str | None
    failures: int
    first: dt.datetime
    last: dt.datetime
    wait: int


def recent_pairs() -> list[PairSummary]:
    """Every (account, address) pair with failures within the window, most recent first."""
    rows = (
        LoginAttempt.objects.filter(at__gte=_window_start())
        .values("username", "address")
        .annotate(failures=Count("pk"), first=Min("at"), last=Max("at"))
        .order_by("-last")
    )
    return [
        PairSummary(
            username=row["username"],
            address=row["address"],
            failures=row["failures"],
            first=row["first"],
            last=row["last"],
            wait=_remaining(row["failures"], row["last"]),
        )
        for row in rows[:500]
    ]
