"""The weekly digest: to each responsible party with follow-up items overdue, stalled or due in
the next two weeks, one email listing them (to the party's own address and to the officers of
its agency). Sent by `tangguh send-digest`, run weekly by cron or a systemd timer; the email
backend is configured with TANGGUH_EMAIL_BACKEND (see the README's configuration)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tangguh.coordination.models import ActionItem, Stakeholder
from tangguh.coordination.summaries import Attention, attention, open_items_of

DUE_SOON_DAYS = 14


@dataclass
class Digest:
    """One party's digest: who receives it and what it lists."""

    party: Stakeholder
    recipients: list[str]
    items: Attention


def recipients_of(party: Stakeholder) -> list[str]:
    """The party's own address and those of the active officers of its agency."""
    found = [party.email] if party.email else []
    if party.agency_id:
        users = get_user_model().objects.filter(agency_id=party.agency_id, is_active=True)
        found += [email for email in users.values_list("email", flat=True) if email]
    return sorted({email.lower(): email for email in found}.values())


def digests(today: dt.date | None = None, region: str = "") -> list[Digest]:
    """The digests due on `today`: one per responsible party with something to report (items
    within `region` only, when given)."""
    today = today or timezone.localdate()
    parties = Stakeholder.objects.filter(responsible_for__isnull=False).distinct().order_by("name")
    found = []
    for party in parties:
        items: QuerySet[ActionItem] = open_items_of([party])
        if region:
            items = items.within(region)  # type: ignore[attr-defined]
        needs = attention(items, today, DUE_SOON_DAYS)
        if needs:
            found.append(Digest(party, recipients_of(party), needs))
    return found


def message(digest: Digest, today: dt.date) -> EmailMultiAlternatives:
    """The email of one digest, in the site's language."""
    context = {
        "digest": digest,
        "today": today,
        "site": settings.SITE_URL.rstrip("/"),
        "days": DUE_SOON_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Follow-up items of %(party)s: %(overdue)d overdue, %(stalled)d stalled") % {
            "party": digest.party.name,
            "overdue": len(digest.items.overdue),
            "stalled": len(digest.items.stalled),
        }
        text = render_to_string("coordination/email/digest.txt", context)
        html = render_to_string("coordination/email/digest.html", context)
    email = EmailMultiAlternatives(subject, text, to=digest.recipients)
    email.attach_alternative(html, "text/html")
    return email


def send_digests(
    today: dt.date | None = None, *, region: str = "", dry_run: bool = False
) -> tuple[int, int, list[str]]:
    """Send every digest due; returns (sent, parties without an address, their names)."""
    today = today or timezone.localdate()
    ready, unreachable = [], []
    for digest in digests(today, region):
        if digest.recipients:
            ready.append(message(digest, today))
        else:
            unreachable.append(digest.party.name)
    if ready and not dry_run:
        with get_connection() as connection:
            connection.send_messages(ready)
    return len(ready), len(unreachable), unreachable
