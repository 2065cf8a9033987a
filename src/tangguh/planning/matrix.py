"""The sync matrix: for a year, how proposals fared, grouped by village, sub-district, agency,
source or tag, with the budget asked and allocated."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.catalogues.choices import DisasterPhase
from tangguh.planning.models import (
    Outcome,
    PartnerProgramme,
    Proposal,
    ProposalLink,
    SourceKind,
    WorkPlanItem,
)
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
    """Rows of the matrix for the given proposals, grouped `by` one of DIMENSIONS."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; use one of {sorted(DIMENSIONS)}")
    rows: dict[str, Row] = {}
    fields = ["pk", "region_id", "outcome", "estimated_cost", "source_kind", "agency_id"]
    allocated = dict(
        ProposalLink.objects.filter(proposal__in=proposals)
        .values_list("proposal_id")
        .annotate(total=Sum("budget"))
        .values_list("proposal_id", "total")
    )
    items = list(
        proposals.select_related("agency").only(
            *[f for f in fields if f != "pk"],
            "poverty",
            "climate_adaptation",
            "livelihood",
            "phases",
            "agency__name",
            "agency__short_name",
        )
    )
    names = _region_names(p.region_id for p in items) if by in ("village", "district") else {}
    hazards: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if by == "tag":
        through = Proposal.hazards.through.objects.filter(proposal__in=proposals).select_related(
            "hazardtype"
        )
        for link in through:
            hazards[link.proposal_id].append((f"hazard:{link.hazardtype_id}", str(link.hazardtype)))
    sources = dict(SourceKind.choices)
    for proposal in items:
        keys: list[tuple[str, str]]
        if by == "village":
            keys = [(proposal.region_id, names.get(proposal.region_id, proposal.region_id))]
        elif by == "district":
            code = ".".join(proposal.region_id.split(".")[:3])
            keys = [(code, names.get(code, code))]
        elif by == "agency":
            keys = [
                (str(proposal.agency_id), str(proposal.agency))
                if proposal.agency_id
                else ("none", _("No agency yet"))
            ]
        elif by == "source":
            keys = [(proposal.source_kind, str(sources.get(proposal.source_kind, "")))]
        else:
            keys = _tag_keys(proposal, hazards)
        for key, label in keys:
            row = rows.setdefault(key, Row(key=key, label=label))
            row.counts[proposal.outcome] += 1
            row.asked += proposal.estimated_cost or Decimal(0)
            row.allocated += allocated.get(proposal.pk) or Decimal(0)
    return sorted(rows.values(), key=lambda r: (r.key == "none", r.label.lower()))


def _region_names(codes: Iterable[str]) -> dict[str, str]:
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
class PracticeUptake:
    """What one partner programme's practices became in agency plans."""

    programme: PartnerProgramme
    proposals: int
    accommodated: int
    items: list[WorkPlanItem]
    budget: Decimal


def partner_uptake(
    programmes: QuerySet[PartnerProgramme], year: int, regency: str | None
) -> list[PracticeUptake]:
    """Per partner programme: its proposals of the year, how many were accommodated, and the
    work-plan items (of agencies) that carry its practices — linked to the programme directly or
    answering one of its proposals."""
    result = []
    for programme in programmes:
        proposals = programme.proposals.filter(year=year)
        items = WorkPlanItem.objects.filter(year=year).filter(models_q_partner(programme))
        if regency:
            proposals = proposals.filter(regency_id=regency)
            items = items.filter(region_id=regency)
        item_list = list(items.select_related("agency", "sub_activity").distinct())
        result.append(
            PracticeUptake(
                programme=programme,
                proposals=proposals.count(),
                accommodated=proposals.filter(
                    outcome__in=[Outcome.ACCOMMODATED, Outcome.PARTLY]
                ).count(),
                items=item_list,
                budget=sum((i.budget for i in item_list), Decimal(0)),
            )
        )
    return result


def models_q_partner(programme: PartnerProgramme) -> Any:
    """Items carrying a programme's practice."""
    from django.db.models import Q

    return Q(partner_programme=programme) | Q(links__proposal__partner_programme=programme)
