"""Read models of the resilience app for other modules and shared pages: a region's latest
scores (its own assessment per instrument, and how many villages within it have a Destana
level), and the search over assessments — as the user may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tangguh.core.generations import memoised
from tangguh.core.registry import Fact, SearchHit
from tangguh.resilience.models import Assessment, Instrument


def latest_scores(user: Any, code: str) -> list[Assessment]:
    """The region's latest assessment of each instrument the user may see."""
    found: dict[str, Assessment] = {}
    visible = Assessment.objects.restrict(user, "view").filter(region_id=code)
    for a in visible.select_related("instrument").order_by("instrument__code", "-year"):
        found.setdefault(a.instrument.code, a)
    return list(found.values())


def region_facts(user: Any, code: str) -> list[Fact]:
    """The region's latest score of each instrument with its class and status, and, above the
    villages, how many villages within it have a Destana level of pratama or above; kept until
    an assessment or instrument is written again (a region page asks every module)."""
    visible = Assessment.objects.restrict(user, "view")
    return memoised("resilience", (visible, code), lambda: _region_facts(user, code))


def _region_facts(user: Any, code: str) -> list[Fact]:
    facts = [
        Fact(
            a.instrument.title,
            f"{a.score.normalize():f} · {a.klass}" if a.score is not None else None,
            url=a.get_absolute_url(),
            note=f"{a.year} · {a.get_status_display()}" + (" · DEMO" if a.is_demo else ""),
        )
        for a in latest_scores(user, code)
    ]
    if code.count(".") < 3:
        destana = (
            Assessment.objects.restrict(user, "view")
            .within(code)
            .filter(instrument__family=Instrument.Family.DESTANA)
            .exclude(Q(klass="") | Q(klass="belum"))
        )
        villages = destana.values("region_id").distinct().count()
        if villages:
            facts.append(
                Fact(
                    _("Villages with a Destana level"),
                    villages,
                    url=f"{reverse('resilience:assessment-list')}?"
                    + urlencode({"region": code, "instrument": "destana-2012"}),
                )
            )
    return facts


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Assessments whose region name or instrument code contains the text."""
    found = (
        Assessment.objects.restrict(user, "view")
        .filter(Q(region__name__icontains=text) | Q(instrument__code__icontains=text))
        .select_related("region", "instrument")
        .only("year", "klass", "status", "region__name", "instrument__code")
        .order_by("-year", "region_id")[:limit]
    )
    return [
        SearchHit(
            f"{a.instrument.code} · {a.region.name}",
            a.get_absolute_url(),
            f"{a.year} · {a.klass or '-'} · {a.get_status_display()}",
        )
        for a in found
    ]
