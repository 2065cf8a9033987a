"""Read models of the planning app, and what other apps may read of it: the sync matrix (for a
year, how proposals fared, grouped by village, sub-district, agency, source or tag, with the
budget asked and allocated), what partner programmes' practices became in agency plans, a
region's key figures and the search over proposals, work-plan items and programmes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.catalogues.choices import DisasterPhase
from tangguh.core import textsearch
from tangguh.core.generations import memoised
from tangguh.core.querysets import RegionQuerySet
from tangguh.core.registry import Fact, SearchHit
from tangguh.planning import rules
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    Proposal,
    ProposalLink,
    SourceKind,
    WorkPlanItem,
)
from tangguh.regions import codes
from tangguh.regions.models import Region

DIMENSIONS = {
    "village": gettext_lazy("Village"),
    "district": gettext_lazy("Sub-district"),
    "agency": gettext_lazy("Agency"),
    "source": gettext_lazy("Source"),
    "tag": gettext_lazy("Tag"),
}
OUTCOMES = [o.value for o in Outcome]


@dataclass
class Row:
    """One line of the matrix."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    asked: Decimal = Decimal(0)
    allocated: Decimal = Decimal(0)

    @property
    def received(self) -> int:
        """Proposals received."""
        return sum(self.counts.values())

    @property
    def decided(self) -> int:
        """Proposals with a decision."""
        return self.received - self.counts[Outcome.UNDECIDED]

    @property
    def share(self) -> float | None:
        """Share of received proposals accommodated (partly counts half); None with none."""
        if not self.received:
            return None
        done = self.counts[Outcome.ACCOMMODATED] + 0.5 * self.counts[Outcome.PARTLY]
        return done / self.received

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data (API, CSV)."""
        return {
            "key": self.key,
            "label": self.label,
            "received": self.received,
            **{outcome: self.counts[outcome] for outcome in OUTCOMES},
            "budget_asked": str(self.asked),
            "budget_allocated": str(self.allocated),
            "share_accommodated": None if self.share is None else round(self.share, 4),
        }


def _tag_keys(
    proposal: Proposal, hazards: dict[int, list[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The tags a proposal counts under (or "No tag")."""
    tags: list[tuple[str, str]] = []
    if proposal.poverty:
        tags.append(("poverty", _("Poverty")))
    if proposal.climate_adaptation:
        tags.append(("climate_adaptation", _("Climate adaptation")))
    if proposal.livelihood:
        tags.append(("livelihood", _("Livelihood")))
    phase_labels = dict(DisasterPhase.choices)
    for phase in proposal.phases or []:
        if phase in phase_labels:
            tags.append((f"phase:{phase}", str(phase_labels[phase])))
    tags.extend(hazards.get(proposal.pk, []))
    if not tags:
        tags.append(("none", _("No tag")))
    return tags


def sync_matrix(proposals: QuerySet[Proposal], by: str) -> list[Row]:
    """Rows of the matrix for the given proposals, grouped `by` one of DIMENSIONS (kept per
    generation of the proposals, their links and the work plans)."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; use one of {sorted(DIMENSIONS)}")
    return memoised(
        ("proposals", "workplans"), (proposals, by), lambda: _sync_matrix(proposals, by)
    )


def _sync_matrix(proposals: QuerySet[Proposal], by: str) -> list[Row]:
    rows: dict[str, Row] = {}
    allocated = dict(
        ProposalLink.objects.filter(proposal__in=proposals)
        .values_list("proposal_id")
        .annotate(total=Sum("budget"))
        .values_list("proposal_id", "total")
    )
    items = list(
        proposals.select_related("agency").only(
            "region_id",
            "outcome",
            "estimated_cost",
            "source_kind",
            "agency_id",
            "poverty",
            "climate_adaptation",
            "livelihood",
            "phases",
            "agency__name",
            "agency__short_name",
        )
    )
    keys = _Keys(by, items, proposals)
    for proposal in items:
        for key, label in keys.of(proposal):
            row = rows.setdefault(key, Row(key=key, label=label))
            row.counts[proposal.outcome] += 1
            row.asked += proposal.estimated_cost or Decimal(0)
            row.allocated += allocated.get(proposal.pk) or Decimal(0)
    return sorted(rows.values(), key=lambda r: (r.key == "none", r.label.lower()))


class _Keys:
    """The rows of the matrix a proposal counts in, for one dimension."""

    def __init__(self, by: str, items: list[Proposal], proposals: QuerySet[Proposal]) -> None:
        self.by = by
        self.names = (
            _region_names(p.region_id for p in items) if by in ("village", "district") else {}
        )
        self.hazards: dict[int, list[tuple[str, str]]] = defaultdict(list)
        if by == "tag":
            through = Proposal.hazards.through.objects.filter(
                proposal__in=proposals
            ).select_related("hazardtype")
            for link in through:
                self.hazards[link.proposal_id].append(
                    (f"hazard:{link.hazardtype_id}", str(link.hazardtype))
                )
        self.sources = dict(SourceKind.choices)

    def of(self, proposal: Proposal) -> list[tuple[str, str]]:
        """(key, label) of each row the proposal counts in."""
        if self.by == "village":
            return [(proposal.region_id, self.names.get(proposal.region_id, proposal.region_id))]
        if self.by == "district":
            code = ".".join(proposal.region_id.split(".")[:3])
            return [(code, self.names.get(code, code))]
        if self.by == "agency":
            if proposal.agency_id:
                return [(str(proposal.agency_id), str(proposal.agency))]
            return [("none", _("No agency yet"))]
        if self.by == "source":
            return [(proposal.source_kind, str(self.sources.get(proposal.source_kind, "")))]
        return _tag_keys(proposal, self.hazards)


def _region_names(codes: Iterable[str]) -> dict[str, str]:
    """The names of regions and their sub-districts."""
    wanted: set[str] = set()
    for code in codes:
        wanted.add(code)
        wanted.add(".".join(code.split(".")[:3]))
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def total(rows: Iterable[Row], label: str = "") -> Row:
    """All rows added up (for `tag`, a proposal with several tags counts once per tag)."""
    result = Row(key="total", label=label or _("Total"))
    for row in rows:
        for outcome, count in row.counts.items():
            result.counts[outcome] += count
        result.asked += row.asked
        result.allocated += row.allocated
    return result


def overall(proposals: QuerySet[Proposal], rows: list[Row] | None = None, by: str = "") -> Row:
    """Every proposal counted once: the rows added up, when given for a dimension in which each
    proposal has one row (all but `tag`); otherwise computed."""
    if rows is not None and by != "tag":
        return total(rows)
    return total(sync_matrix(proposals, "source"))


@dataclass
class PracticeOwner:
    """One practice of a programme and the agencies' work-plan items that carry it on."""

    practice: str
    items: list[WorkPlanItem]

    @property
    def budget(self) -> Decimal:
        """The budget of the items carrying the practice."""
        return sum((i.budget for i in self.items), Decimal(0))

    @property
    def agencies(self) -> list[str]:
        """The agencies that own the practice now."""
        return sorted({str(i.agency) for i in self.items})

    @property
    def years(self) -> list[int]:
        """The budget years that carry it."""
        return sorted({i.year for i in self.items})


@dataclass
class Sustainability:
    """What lives on of a programme: its practices with their owners, the practices nobody has
    taken over, and items that carry the programme without naming a practice."""

    programme: PartnerProgramme
    practices: list[PracticeOwner]
    unnamed: list[WorkPlanItem]

    @property
    def owned(self) -> list[PracticeOwner]:
        """Practices some agency's work plan carries."""
        return [p for p in self.practices if p.items]

    @property
    def orphaned(self) -> list[str]:
        """Practices no work plan carries: they have no owner."""
        return [p.practice for p in self.practices if not p.items]


def sustainability(programme: PartnerProgramme, items: QuerySet[WorkPlanItem]) -> Sustainability:
    """What of `programme` lives on in the given work-plan items (those the user may see)."""
    carried = list(
        items.filter(partner_programme=programme)
        .select_related("agency", "sub_activity")
        .order_by("year", "agency__name")
    )
    practices = [
        PracticeOwner(line, [i for i in carried if i.practice.strip() == line])
        for line in programme.practice_list
    ]
    unnamed = [i for i in carried if i.practice.strip() not in programme.practice_list]
    return Sustainability(programme, practices, unnamed)


def partner_programmes() -> RegionQuerySet[PartnerProgramme]:
    """Every partner programme, for other apps to read from below and link to (support a
    programme delivered to a village)."""
    queryset: RegionQuerySet[PartnerProgramme] = PartnerProgramme.objects.all()  # type: ignore[assignment]
    return queryset


def all_work_plan_items() -> RegionQuerySet[WorkPlanItem]:
    """Every agency work-plan item, for other apps to restrict, filter and link to (a follow-up
    action funded by a work-plan item)."""
    queryset: RegionQuerySet[WorkPlanItem] = WorkPlanItem.objects.all()  # type: ignore[assignment]
    return queryset


@dataclass
class PracticeUptake:
    """What one partner programme's practices became in agency plans."""

    programme: PartnerProgramme
    proposals: int
    accommodated: int
    items: list[WorkPlanItem]
    budget: Decimal


def partner_uptake(
    user: Any,
    year: int,
    regency: str | None,
    proposals: QuerySet[Proposal] | None = None,
) -> list[PracticeUptake]:
    """Per partner programme the user can see (of the regency and the province, or all): its
    proposals of the year (among `proposals`, by default those the user may see in the
    regency), how many were accommodated, and the items of the user's agencies carrying its
    practices (linked to the programme directly or answering one of its proposals). Five
    queries however many programmes there are."""
    programmes = PartnerProgramme.objects.visible_from_below(user)
    items = WorkPlanItem.objects.restrict(user, "view").filter(year=year)
    if proposals is None:
        proposals = Proposal.objects.restrict(user, "view").filter(year=year)
        if regency:
            proposals = proposals.filter(regency_id=regency)
    if regency:
        programmes = programmes.filter(region_id__in=[regency, *codes.ancestors_of(regency)])
        items = items.filter(region_id=regency)
    return memoised(
        ("proposals", "workplans", "programmes"),
        (programmes, items, proposals),
        lambda: _partner_uptake(programmes, items, proposals),
    )


def _partner_uptake(
    programmes: QuerySet[PartnerProgramme],
    items: QuerySet[WorkPlanItem],
    proposals: QuerySet[Proposal],
) -> list[PracticeUptake]:
    shown = list(programmes.order_by("name"))
    ids = [p.pk for p in shown]
    counted = {
        row["partner_programme"]: row
        for row in proposals.filter(partner_programme__in=ids)
        .values("partner_programme")
        .annotate(
            n=Count("pk"),
            accommodated=Count("pk", filter=Q(outcome__in=[Outcome.ACCOMMODATED, Outcome.PARTLY])),
        )
        .order_by()
    }
    carrying: dict[int, set[int]] = {pk: set() for pk in ids}
    direct = items.filter(partner_programme__in=ids).values_list("pk", "partner_programme")
    answered = items.filter(links__proposal__partner_programme__in=ids).values_list(
        "pk", "links__proposal__partner_programme"
    )
    for item_pk, programme_pk in [*direct, *answered]:
        carrying[programme_pk].add(item_pk)
    every = set().union(*carrying.values()) if carrying else set()
    loaded = list(items.filter(pk__in=every).select_related("agency", "sub_activity"))
    result = []
    for programme in shown:
        carried = [item for item in loaded if item.pk in carrying[programme.pk]]
        row = counted.get(programme.pk, {})
        result.append(
            PracticeUptake(
                programme=programme,
                proposals=row.get("n", 0),
                accommodated=row.get("accommodated", 0),
                items=carried,
                budget=sum((i.budget for i in carried), Decimal(0)),
            )
        )
    return result


# ---------------------------------------------------------------------------------------------
# Region pages and search


def region_facts(user: Any, code: str) -> list[Fact]:
    """The proposals of the budget year being planned located within a region (and how many
    were accommodated), and the work-plan items of its agencies, as the user may see them."""
    year = rules.budget_year()
    proposals = Proposal.objects.restrict(user, "view").within(code).filter(year=year)
    items = WorkPlanItem.objects.restrict(user, "view").within(code).filter(year=year)
    return memoised(
        ("proposals", "workplans"),
        (proposals, items),
        lambda: _region_facts(proposals, items, code, year),
    )


def _region_facts(
    proposals: QuerySet[Proposal], items: QuerySet[WorkPlanItem], code: str, year: int
) -> list[Fact]:
    received, item_count = proposals.count(), items.count()
    if not received and not item_count:
        return []
    query = urlencode({"region": code, "year": str(year)})
    accommodated = proposals.filter(outcome__in=[Outcome.ACCOMMODATED, Outcome.PARTLY])
    return [
        Fact(
            _("Proposals for %(year)d") % {"year": year},
            received,
            url=f"{reverse('planning:proposals')}?{query}",
        ),
        Fact(_("Proposals accommodated (fully or partly)"), accommodated.count()),
        Fact(
            _("Work-plan items for %(year)d") % {"year": year},
            item_count,
            url=f"{reverse('planning:workplans')}?{query}",
        ),
        Fact(
            _("Work-plan budget for %(year)d (Rp)") % {"year": year},
            items.aggregate(total=Sum("budget"))["total"] or Decimal(0),
        ),
    ]


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """Proposals whose title or reference, work-plan items whose sub-activity, and partner
    programmes whose name or partner contain the text."""
    proposals = (
        Proposal.objects.restrict(user, "view")
        .filter(textsearch.contains(Proposal, text, ("title", "reference")))
        .select_related("region")
        .only("title", "year", "region__name")
        .order_by("-year", "title")
    )
    hits = [
        SearchHit(p.title, p.get_absolute_url(), f"{p.region.name} · {p.year}")
        for p in proposals[:limit]
    ]
    items = (
        WorkPlanItem.objects.restrict(user, "view")
        .filter(Q(sub_activity__name__icontains=text) | Q(sub_activity__code__startswith=text))
        .select_related("agency", "sub_activity")
        .only(
            "year",
            "agency__name",
            "agency__short_name",
            "sub_activity__code",
            "sub_activity__name",
        )
        .order_by("-year", "sub_activity__code")
    )
    hits += [
        SearchHit(str(i), i.get_absolute_url(), f"{i.agency} · {i.year}")
        for i in items[: max(limit - len(hits), 0)]
    ]
    programmes = (
        PartnerProgramme.objects.visible_from_below(user)
        .filter(Q(name__icontains=text) | Q(partner__icontains=text))
        .only("name", "partner")
        .order_by("name")
    )
    hits += [
        SearchHit(p.name, p.get_absolute_url(), p.partner)
        for p in programmes[: max(limit - len(hits), 0)]
    ]
    return hits


def work_plan_items(
    user: Any, region_code: str, sub_activity_ids: Iterable[int], year: int | None = None
) -> list[WorkPlanItem]:
    """Work-plan items the user may see in the regency/city of `region_code` (or above it) that
    already fund one of the sub-activities (for other modules' recommendations), latest first."""
    regency = ".".join(region_code.split(".")[:2])
    items = WorkPlanItem.objects.restrict(user, "view").filter(
        Q(region_id=regency) | Q(region_id=regency.split(".")[0]),
        sub_activity_id__in=list(sub_activity_ids),
    )
    if year is not None:
        items = items.filter(year__gte=year)
    return list(items.select_related("sub_activity", "agency").order_by("-year", "id")[:20])
