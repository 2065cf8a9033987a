"""Read models of coordination, and what other apps may read of it: follow-up status counts, the
items a person is responsible for (their home page, the weekly digest), a region's key figures
and the search over commitments, follow-up items and stakeholders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tangguh.catalogues.choices import DisasterPhase
from tangguh.coordination.models import (
    CLOSED,
    ActionItem,
    ActionStatus,
    Attendance,
    Commitment,
    Meeting,
    Signatory,
    Stakeholder,
    SupportDelivery,
)
from tangguh.core.generations import memoised
from tangguh.core.registry import Fact, SearchHit
from tangguh.core.scope import user_scope
from tangguh.regions.models import Region


@dataclass
class Counts:
    """How the follow-up items of one group stand."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ActionStatus.values, 0))
    overdue: int = 0
    stalled: int = 0

    @property
    def done(self) -> int:
        """Items done."""
        return self.by_status[ActionStatus.DONE]

    @property
    def share_done(self) -> float | None:
        """Share of the items not cancelled that are done (None without any)."""
        counted = self.total - self.by_status[ActionStatus.CANCELLED]
        return self.done / counted if counted else None


def status_counts(items: QuerySet[ActionItem], key: str | None) -> dict[Any, Counts]:
    """Counts per value of `key` (None: one group, under None), with overdue and stalled items."""
    today = timezone.localdate()
    found: dict[Any, Counts] = {}
    rows = items.order_by().values_list(
        key or "pk", "status", "deadline", "last_update_on", "created_at"
    )
    for group, status, deadline, last, created in rows:
        counts = found.setdefault(group if key else None, Counts())
        counts.total += 1
        counts.by_status[status] += 1
        if status in CLOSED:
            continue
        item = ActionItem(status=status, deadline=deadline, last_update_on=last, created_at=created)
        counts.overdue += item.is_overdue(today)
        counts.stalled += item.is_stalled(today)
    return found


def parties_of(user: Any) -> QuerySet[Stakeholder]:
    """The stakeholders a user answers for: their agency's, and those with their email."""
    condition = Q(pk__in=[])
    if getattr(user, "agency_id", None):
        condition |= Q(agency_id=user.agency_id)
    if getattr(user, "email", ""):
        condition |= Q(email__iexact=user.email)
    return Stakeholder.objects.filter(condition)


def open_items_of(parties: QuerySet[Stakeholder] | list[Stakeholder]) -> QuerySet[ActionItem]:
    """Open follow-up items the parties are responsible for, earliest deadline first."""
    return (
        ActionItem.objects.filter(responsible__in=parties)
        .exclude(status__in=CLOSED)
        .select_related("commitment", "region", "responsible")
        .order_by("deadline", "pk")
    )


@dataclass
class Attention:
    """What needs a responsible party's attention: overdue, stalled and soon-due items."""

    overdue: list[ActionItem]
    stalled: list[ActionItem]
    due_soon: list[ActionItem]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.stalled or self.due_soon)


def attention(
    items: QuerySet[ActionItem], today: dt.date | None = None, days: int = 14
) -> Attention:
    """Split open items into overdue, stalled (not overdue) and due within `days`."""
    today = today or timezone.localdate()
    overdue, stalled, soon = [], [], []
    for item in items:
        if item.is_overdue(today):
            overdue.append(item)
        elif item.is_stalled(today):
            stalled.append(item)
        elif item.deadline and item.deadline <= today + dt.timedelta(days=days):
            soon.append(item)
    return Attention(overdue, stalled, soon)


def region_facts(user: Any, code: str) -> list[Fact]:
    """Follow-up items within a region as the user may see them: open, overdue, done."""
    items = ActionItem.objects.restrict(user, "view").within(code)
    today = timezone.localdate()  # overdue and stalled items are counted on a day
    return memoised("coordination", (items, code, today), lambda: _facts(items, code))


def _facts(items: QuerySet[ActionItem], code: str) -> list[Fact]:
    counts = status_counts(items, None).get(None)
    if counts is None:
        return []
    url = reverse("coordination:action-list")
    query = urlencode({"region": code})
    return [
        Fact(_("Follow-up items"), counts.total, url=f"{url}?{query}"),
        Fact(_("Follow-up items overdue"), counts.overdue, url=f"{url}?{query}&overdue=true"),
        Fact(_("Follow-up items done"), counts.done),
    ]


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Commitments by title, follow-up items by action or issue, stakeholders by name."""
    commitments = (
        Commitment.objects.visible_from_below(user)
        .filter(title__icontains=text)
        .only("title", "date", "place")
        .order_by("-date")
    )
    hits = [
        SearchHit(c.title, c.get_absolute_url(), f"{c.date:%Y-%m-%d} · {c.place}")
        for c in commitments[:limit]
    ]
    items = (
        ActionItem.objects.restrict(user, "view")
        .filter(Q(action__icontains=text) | Q(issue__icontains=text))
        .select_related("region")
        .only("number", "action", "region__name")
        .order_by("deadline")
    )
    hits += [
        SearchHit(str(i), i.get_absolute_url(), i.region.name)
        for i in items[: max(limit - len(hits), 0)]
    ]
    parties = Stakeholder.objects.visible_from_below(user).filter(name__icontains=text)
    hits += [
        SearchHit(p.name, p.get_absolute_url(), str(p.get_category_display()))
        for p in parties.only("name", "category").order_by("name")[: max(limit - len(hits), 0)]
    ]
    return hits


def attendance_chart(meetings: QuerySet[Meeting]) -> dict[str, Any]:
    """People at each meeting by the region they came from (stacked bars: one bar a meeting,
    oldest first; unknown counts left out), and the meetings' totals by sex and disability."""
    rows = list(
        Attendance.objects.filter(meeting__in=meetings)
        .select_related("meeting", "region")
        .order_by("meeting__date", "meeting_id")
    )
    labels: dict[int, str] = {}
    regions: dict[str, dict[int, int]] = {}
    for row in rows:
        labels.setdefault(row.meeting_id, f"{row.meeting.date:%Y-%m-%d}")
        people = (row.women or 0) + (row.men or 0)
        per_meeting = regions.setdefault(row.region.name, {})
        per_meeting[row.meeting_id] = per_meeting.get(row.meeting_id, 0) + people
    order = list(labels)
    return {
        "years": [labels[m] for m in order],
        "series": [
            {"name": name, "values": [counts.get(m, 0) for m in order]}
            for name, counts in sorted(regions.items())
        ],
    }


def attendance_totals(rows: list[Attendance]) -> dict[str, int | None]:
    """Women, men and people with disabilities of some attendance rows (None: none known)."""

    def added(name: str) -> int | None:
        known = [getattr(r, name) for r in rows if getattr(r, name) is not None]
        return sum(known) if known else None

    return {"women": added("women"), "men": added("men"), "disability": added("with_disability")}


@dataclass
class SupportTotals:
    """Support delivered within a region: how many deliveries, people reached, value."""

    deliveries: int = 0
    women: int = 0
    men: int = 0
    with_disability: int = 0
    value: Decimal = Decimal(0)


def support_totals(rows: list[SupportDelivery]) -> SupportTotals:
    """The deliveries added up (unknown counts left out)."""
    totals = SupportTotals(deliveries=len(rows))
    for row in rows:
        totals.women += row.women or 0
        totals.men += row.men or 0
        totals.with_disability += row.with_disability or 0
        totals.value += row.value or Decimal(0)
    return totals


@dataclass
class RegionRow:
    """One region of the province table: its commitments and how its follow-up stands."""

    region: Region
    commitments: int
    signed: int
    counts: Counts | None


def province_table(user: Any, province: str = "53") -> list[RegionRow]:
    """Each regency/city of the province the user may see: the commitments naming it, those it
    signed, and its follow-up items' counts."""
    scope = user_scope(user, "view")
    regions = [
        r
        for r in Region.objects.filter(parent_id=province, is_active=True)
        .defer("boundary", "bbox")
        .order_by("code")
        if scope.overlaps(r.code)
    ]
    commitments = Commitment.objects.visible_from_below(user)
    named: dict[str, int] = {}
    for code in commitments.values_list("regions__code", flat=True):
        if code:
            named[code] = named.get(code, 0) + 1
    signed: dict[str, set[int]] = {}
    for code, commitment in Signatory.objects.filter(commitment__in=commitments).values_list(
        "region_id", "commitment_id"
    ):
        signed.setdefault(code, set()).add(commitment)
    items = ActionItem.objects.restrict(user, "view")
    by_regency: dict[str, Counts] = {}
    for code, counts in status_counts(items, "region_id").items():
        regency = ".".join(code.split(".")[:2])
        total = by_regency.setdefault(regency, Counts())
        total.total += counts.total
        total.overdue += counts.overdue
        total.stalled += counts.stalled
        for status, n in counts.by_status.items():
            total.by_status[status] += n
    return [
        RegionRow(r, named.get(r.code, 0), len(signed.get(r.code, ())), by_regency.get(r.code))
        for r in regions
    ]


@dataclass
class Workspace:
    """What a region brings to the coordination meeting."""

    region: Region
    challenges: list[tuple[str, list[ActionItem]]]
    commitments: list[tuple[Commitment, Counts | None, bool]]
    counts: Counts | None


def workspace(user: Any, region: Region) -> Workspace:
    """The region's challenges by disaster phase (the issues of its follow-up items), the
    commitments binding it with its items' status, and its counts."""
    items = list(
        ActionItem.objects.restrict(user, "view")
        .within(region.code)
        .select_related("commitment", "responsible", "region")
        .order_by("deadline", "pk")
    )
    phases = [*DisasterPhase.choices, ("", _("Phase not given"))]
    challenges = [(str(label), [i for i in items if i.phase == value]) for value, label in phases]
    commitments = list(
        Commitment.objects.visible_from_below(user)
        .filter(Q(regions__code=region.code) | Q(region_id=region.code))
        .distinct()
        .order_by("-date")
    )
    signed = set(
        Signatory.objects.filter(commitment__in=commitments, region_id=region.code).values_list(
            "commitment_id", flat=True
        )
    )
    own = ActionItem.objects.restrict(user, "view").within(region.code)
    per_commitment = status_counts(own, "commitment_id")
    return Workspace(
        region=region,
        challenges=[(label, found) for label, found in challenges if found],
        commitments=[(c, per_commitment.get(c.pk), c.pk in signed) for c in commitments],
        counts=status_counts(own, None).get(None),
    )
