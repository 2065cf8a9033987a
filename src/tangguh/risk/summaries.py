"""Read models of the risk app, and its published interface to other apps: the latest profile per
region and hazard, class counts per hazard for a regency, the village map's features, a region's
key figures (its risk classes), the search over regions with risk profiles and hazards, and the
published risk scores of regencies (`regency_scores`: BNPB's IRBI and KRB indices) that other
pages show beside their own indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.catalogues.models import HazardType
from tangguh.core.generations import memoised
from tangguh.core.registry import Fact, SearchHit
from tangguh.regions.models import Level, Region
from tangguh.risk.choices import NO_DATA_COLOUR, RISK_COLOURS, RiskLevel
from tangguh.risk.models import ClimateVulnerability, RiskProfile, RiskScore


def latest_profiles(profiles: QuerySet[RiskProfile]) -> dict[tuple[str, str], RiskProfile]:
    """One profile per (region, hazard): the latest year (a known year before an unknown one),
    the current method version first, then the latest entered."""
    ordered = profiles.select_related("hazard", "method").order_by(
        F("year").desc(nulls_last=True), "-method__is_current", "-updated_at", "-pk"
    )
    found: dict[tuple[str, str], RiskProfile] = {}
    for profile in ordered:
        found.setdefault((profile.region_id, profile.hazard_id), profile)
    return found


@dataclass
class HazardRow:
    """Villages per risk class for one hazard."""

    hazard: Any
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RiskLevel.values, 0))
    villages: int = 0

    @property
    def assessed(self) -> int:
        """Villages with a profile for this hazard."""
        return sum(self.counts.values())

    @property
    def missing(self) -> int:
        """Villages without a profile for this hazard."""
        return max(0, self.villages - self.assessed)

    def cells(self) -> list[tuple[str, str, int]]:
        """(class code, label, count) from low to high, for the table."""
        return [(level.value, str(level.label), self.counts[level.value]) for level in RiskLevel]


def villages_within(region: Region) -> QuerySet[Region]:
    """The active villages in a region's subtree."""
    return Region.objects.within(region.code).filter(level=Level.VILLAGE, is_active=True)


def regency_summary(
    region: Region, visible: QuerySet[RiskProfile], year: int | None = None
) -> list[HazardRow]:
    """For each hazard with village profiles in the region: villages per risk class (once per
    generation of the risk data, core.generations)."""
    return memoised(
        "risk", (visible, region.code, year), lambda: _regency_summary(region, visible, year)
    )


def _regency_summary(
    region: Region, visible: QuerySet[RiskProfile], year: int | None
) -> list[HazardRow]:
    profiles = visible.within(region.code).filter(region__level=Level.VILLAGE)  # type: ignore[attr-defined]
    if year is not None:
        profiles = profiles.filter(year=year)
    villages = villages_within(region).count()
    rows: dict[str, HazardRow] = {}
    for profile in latest_profiles(profiles).values():
        row = rows.get(profile.hazard_id)
        if row is None:
            row = rows[profile.hazard_id] = HazardRow(hazard=profile.hazard, villages=villages)
        row.counts[profile.risk_class] += 1
    return sorted(rows.values(), key=lambda r: (r.hazard.sort_order, r.hazard.key))


def chart_data(rows: list[HazardRow], no_profile_label: str) -> dict[str, Any]:
    """The stacked bar chart's data: hazards as bars, villages per class as stacks."""
    datasets = [
        {
            "key": level.value,
            "label": str(level.label),
            "colour": RISK_COLOURS[level],
            "data": [row.counts[level.value] for row in rows],
        }
        for level in RiskLevel
    ]
    datasets.append(
        {
            "key": "none",
            "label": no_profile_label,
            "colour": NO_DATA_COLOUR,
            "data": [row.missing for row in rows],
        }
    )
    return {"labels": [str(row.hazard.name) for row in rows], "datasets": datasets}


def map_classes(
    region: Region, hazard_key: str, visible: QuerySet[RiskProfile], year: int | None
) -> dict[str, list[Any]]:
    """{village code: [risk class, year]} of the villages within the region that have a profile
    of the hazard (the latest, or of `year`); the shapes come apart (`regions.shapes`), so a
    change of hazard or year sends only this. Once per generation of the risk data."""
    return memoised(
        "risk",
        (visible, region.code, hazard_key, year),
        lambda: _map_classes(region, hazard_key, visible, year),
    )


def _map_classes(
    region: Region, hazard_key: str, visible: QuerySet[RiskProfile], year: int | None
) -> dict[str, list[Any]]:
    profiles = visible.within(region.code).filter(  # type: ignore[attr-defined]
        region__level=Level.VILLAGE, hazard_id=hazard_key
    )
    if year is not None:
        profiles = profiles.filter(year=year)
    ordered = profiles.order_by(  # the order of latest_profiles, reading three columns
        F("year").desc(nulls_last=True), "-method__is_current", "-updated_at", "-pk"
    ).values_list("region_id", "risk_class", "year")
    found: dict[str, list[Any]] = {}
    for code, risk_class, profile_year in ordered:
        found.setdefault(code, [risk_class, profile_year])
    return dict(sorted(found.items()))


def region_facts(user: Any, code: str) -> list[Fact]:
    """A region's risk classes as the user may see them: its own latest class per hazard, the
    villages within it at high risk of each hazard, and its latest climate vulnerability class."""
    visible = RiskProfile.objects.restrict(user, "view")
    return memoised("risk", (visible, code), lambda: _region_facts(user, visible, code))


def _region_facts(user: Any, visible: QuerySet[RiskProfile], code: str) -> list[Fact]:
    facts = [
        Fact(
            _("Risk of %(hazard)s") % {"hazard": p.hazard.name},
            p.get_risk_class_display(),
            url=p.get_absolute_url(),
            note=str(p.year or ""),
        )
        for p in _sorted(latest_profiles(visible.filter(region_id=code)).values())
    ]
    if code.count(".") < 3:
        facts += _high_risk_villages(visible, code)
    if code.count(".") == 1:
        facts = _irbi_facts(user, code) + facts
    climate = (
        ClimateVulnerability.objects.restrict(user, "view")
        .filter(region_id=code)
        .order_by(F("year").desc(nulls_last=True))
        .first()
    )
    if climate is not None:
        facts.append(
            Fact(
                _("Climate vulnerability (SIDIK)"),
                climate.get_vulnerability_class_display(),
                url=reverse("risk:region", args=[code]),
                note=str(climate.year or ""),
            )
        )
    return facts


def _sorted(profiles: Any) -> list[RiskProfile]:
    """Profiles in the hazard catalogue's order."""
    return sorted(profiles, key=lambda p: (p.hazard.sort_order, p.hazard_id))


def _high_risk_villages(visible: QuerySet[RiskProfile], code: str) -> list[Fact]:
    """For each hazard with village profiles within the region: villages at high risk."""
    villages = visible.within(code).filter(region__level=Level.VILLAGE)  # type: ignore[attr-defined]
    rows: dict[str, HazardRow] = {}
    for profile in latest_profiles(villages).values():
        row = rows.setdefault(profile.hazard_id, HazardRow(hazard=profile.hazard))
        row.counts[profile.risk_class] += 1
    return [
        Fact(
            _("Villages at high risk of %(hazard)s") % {"hazard": row.hazard.name},
            row.counts[RiskLevel.HIGH],
            url=reverse("risk:profile-list")
            + "?"
            + urlencode({"region": code, "hazard": row.hazard.key, "risk_class": "high"}),
            note=_("of %(count)d with a profile") % {"count": row.assessed},
        )
        for row in sorted(rows.values(), key=lambda r: (r.hazard.sort_order, r.hazard.key))
    ]


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Hazards with risk profiles, and regions with risk profiles, whose name contains the text
    (within what the user may see)."""
    visible = RiskProfile.objects.restrict(user, "view")
    named = (
        Q(hazard__name_id__icontains=text)
        | Q(hazard__name_en__icontains=text)
        | Q(hazard__aliases__icontains=text)
    )
    counts = dict(
        visible.filter(named)
        .order_by()
        .values_list("hazard_id")
        .annotate(n=Count("id"))
        .values_list("hazard_id", "n")
    )
    hits = [
        SearchHit(
            _("Risk profiles: %(hazard)s") % {"hazard": hazard.name},
            reverse("risk:profile-list") + "?" + urlencode({"hazard": hazard.key}),
            ngettext("%(count)d profile", "%(count)d profiles", counts[hazard.key])
            % {"count": counts[hazard.key]},
        )
        for hazard in HazardType.objects.filter(key__in=counts).order_by("sort_order")[:limit]
    ]
    regions = (
        Region.objects.filter(code__in=visible.values("region_id"))
        .search(text)
        .defer("boundary", "bbox")
        .order_by("level", "code")
    )
    hits += [
        SearchHit(
            _("Disaster risk · %(name)s") % {"name": region.name},
            reverse("risk:region", args=[region.code]),
            region.code,
        )
        for region in regions[: max(limit - len(hits), 0)]
    ]
    return hits


class RegencyScore(NamedTuple):
    """One published risk score of a regency: its name (what it scores), the score, its class
    (`low`, `medium`, `high`, or '' when unknown), the year and the source."""

    name: str
    score: Decimal | None
    risk_class: str
    year: int | None
    source: str

    @property
    def class_label(self) -> str:
        """The class in the user's language ('' when unknown)."""
        return str(RiskLevel(self.risk_class).label) if self.risk_class else ""


def regency_scores(user: Any, year: int | None = None) -> dict[str, list[RegencyScore]]:
    """The risk scores of each regency/city the user may see (their own regions and the regencies
    containing them), by regency code (`53.01`), for pages that show them beside tangguh's own
    indicators.

    Per regency, in this order: BNPB's IRBI score of all hazards together, its IRBI score per
    hazard, then the regency's own risk profiles per hazard (a KRB or InaRISK risk index on 0–1,
    or only its class). IRBI scores are kept as published (e.g. 132.41), never put on 0–1. With
    `year`, the scores of that year; without, the latest year of each score.
    """
    scores = RiskScore.objects.visible_from_below(user).select_related("hazard")
    profiles = (
        RiskProfile.objects.visible_from_below(user)
        .filter(region__level=Level.REGENCY)
        .select_related("hazard", "method")
    )
    if year is not None:
        scores, profiles = scores.filter(year=year), profiles.filter(year=year)
    found: dict[str, list[RegencyScore]] = {}
    latest: dict[tuple[str, str | None], RiskScore] = {}
    for score in scores.order_by(F("year").desc(), "pk"):
        latest.setdefault((score.region_id, score.hazard_id), score)
    for score in sorted(latest.values(), key=_score_order):
        found.setdefault(score.region_id, []).append(_irbi(score))
    for profile in _sorted(latest_profiles(profiles).values()):
        found.setdefault(profile.region_id, []).append(_krb(profile))
    return found


def _score_order(score: RiskScore) -> tuple[Any, ...]:
    """By regency: all hazards first, then the hazards in the catalogue's order."""
    hazard = score.hazard
    return (
        score.region_id,
        hazard is not None,
        hazard.sort_order if hazard else 0,
        score.hazard_id,
    )


def _irbi(score: RiskScore) -> RegencyScore:
    """An IRBI score as a published regency score."""
    name = (
        _("IRBI, %(hazard)s") % {"hazard": score.hazard.name}
        if score.hazard is not None
        else _("IRBI, all hazards")
    )
    return RegencyScore(name, score.score, score.score_class, score.year, score.source)


def _krb(profile: RiskProfile) -> RegencyScore:
    """A regency's own risk profile (a KRB or InaRISK index on 0–1) as a regency score."""
    index = profile.risk_index_given
    if index is None:
        index = profile.risk_normalised
    return RegencyScore(
        _("Risk of %(hazard)s (index 0–1)") % {"hazard": profile.hazard.name},
        index,
        profile.risk_class,
        profile.year,
        profile.source,
    )


def _irbi_facts(user: Any, code: str) -> list[Fact]:
    """A regency's latest IRBI score of all hazards, as a key figure."""
    score = (
        RiskScore.objects.visible_from_below(user)
        .filter(region_id=code, hazard__isnull=True)
        .order_by("-year")
        .first()
    )
    if score is None:
        return []
    shown = number_format(score.score, 2)
    if score.score_class:
        shown = f"{shown} ({score.get_score_class_display()})"
    return [
        Fact(
            _("IRBI %(year)d, all hazards") % {"year": score.year},
            shown,
            url=reverse("risk:region", args=[code]),
            note=score.source,
        )
    ]


@dataclass(frozen=True)
class ProneArea:
    """The hazard-prone villages of a regency/city by its village risk profiles: those whose
    latest profile (up to a year) is of medium or high risk for at least one hazard."""

    regency: str
    villages: int
    prone: tuple[str, ...]
    hazards: tuple[str, ...]
    year: int | None


def hazard_prone_villages(regency: str, year: int | None = None) -> ProneArea | None:
    """The villages of `regency` at medium or high risk of any hazard (each village once), by
    the latest profile of each village and hazard up to `year`; None without village profiles."""
    profiles = RiskProfile.objects.within(regency).filter(region__level=Level.VILLAGE)
    if year is not None:
        profiles = profiles.filter(Q(year__lte=year) | Q(year__isnull=True))
    latest = latest_profiles(profiles)
    if not latest:
        return None
    prone = sorted({code for (code, _h), p in latest.items() if p.risk_class != RiskLevel.LOW})
    hazards = sorted(
        {p.hazard for p in latest.values() if p.risk_class != RiskLevel.LOW},
        key=lambda h: (h.sort_order, h.key),
    )
    years = [p.year for p in latest.values() if p.year is not None]
    return ProneArea(
        regency=regency,
        villages=Region.objects.within(regency).filter(level=Level.VILLAGE, is_active=True).count(),
        prone=tuple(prone),
        hazards=tuple(str(h.name) for h in hazards),
        year=max(years) if years else None,
    )


def high_risk_villages(user: Any, code: str) -> dict[str, list[str]]:
    """Villages within `code` whose latest profile for some hazard is high risk, as the user may
    see them: village code → the names of those hazards (for other modules' roll-ups, e.g. the
    villages a Destana programme has not reached)."""
    visible = RiskProfile.objects.restrict(user, "view")
    villages = visible.within(code).filter(region__level=Level.VILLAGE)
    return memoised("risk", (villages,), lambda: _high_risk_by_village(villages))


def _high_risk_by_village(villages: QuerySet[RiskProfile]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for (village, _hazard), profile in latest_profiles(villages).items():
        if profile.risk_class == RiskLevel.HIGH:
            found.setdefault(village, []).append(str(profile.hazard.name))
    return found
