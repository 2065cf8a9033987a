"""The planning demo: partner programmes, calendars, proposals, work plans, recommendations and
decisions telling the field reports' stories (files in demo_data/, see its README), plus an open
calendar for the next budget year so the whole cycle can be tried in the browser.

Past cycles are loaded through the same services as users' entries, with the calendar applied as
it stood at the time (`rules.as_of`). Everything is labelled [DEMO]."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tangguh.accounts.demo import USERS as DEMO_USERS
from tangguh.accounts.models import Agency, User
from tangguh.catalogues.models import HazardType
from tangguh.core.scope import Role
from tangguh.nomenclature.models import Government, Item
from tangguh.planning import rules, services
from tangguh.planning.models import (
    PartnerProgramme,
    PlanningStage,
    Proposal,
    Stage,
    TrailLevel,
    WorkPlanItem,
    WorkPlanStatus,
)
from tangguh.regions.models import Region

DATA = Path(__file__).resolve().parent / "demo_data"
LABEL = "[DEMO] "
DEMO_REGENCIES = ("53.01", "53.71", "53.18")
# Every regency's planning agency (Bappeda) has this code in the demo.
BAPPEDA_CODE = "5.01.0.00.0.00.01.0000"


@dataclass
class DemoCounts:
    """How many demo records were created."""

    programmes: int = 0
    stages: int = 0
    proposals: int = 0
    items: int = 0
    recommendations: int = 0
    decisions: int = 0


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            yield {k: (v or "").strip() for k, v in row.items()}


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


def open_year(on: dt.date) -> int:
    """The budget year whose cycle is open for proposals on a day: next year's RKPD is prepared
    from January, so from July on the open cycle is the one for the year after next."""
    return on.year + 2 if on.month >= 7 else on.year + 1


def standard_calendar(year: int) -> list[tuple[Stage, dt.date, dt.date]]:
    """The conventional dates of the cycle for a budget year (prepared in the year before)."""
    n = year - 1
    return [
        (Stage.MUSRENBANG_DESA, dt.date(n, 1, 5), dt.date(n, 1, 31)),
        (Stage.MUSRENBANG_KECAMATAN, dt.date(n, 2, 2), dt.date(n, 2, 28)),
        (Stage.FORUM_PD, dt.date(n, 3, 2), dt.date(n, 3, 20)),
        (Stage.MUSRENBANG_KABKOTA, dt.date(n, 3, 23), dt.date(n, 4, 10)),
        (Stage.RKPD_ADOPTED, dt.date(n, 6, 15), dt.date(n, 6, 15)),
        (Stage.RENJA_FINAL, dt.date(n, 6, 30), dt.date(n, 6, 30)),
    ]


def _first_day(region: str, year: int, stage: Stage) -> dt.date:
    found = PlanningStage.objects.filter(region_id=region, year=year, stage=stage).first()
    if found is None:
        return next(start for s, start, _end in standard_calendar(year) if s == stage)
    return found.starts


def _load_programmes(counts: DemoCounts) -> dict[str, PartnerProgramme]:
    programmes = {}
    for row in _rows("programmes.csv"):
        programme = services.create_programme(
            actor=None,
            region=Region.objects.get(code=row["region"]),
            name=LABEL + row["name"],
            partner=row["partner"],
            first_year=int(row["first_year"]),
            last_year=_int(row["last_year"]),
            description=row["description"],
            practices="\n".join(p.strip() for p in row["practices"].split("|") if p.strip()),
        )
        programmes[row["name"]] = programme
        counts.programmes += 1
    return programmes


def _load_calendars(counts: DemoCounts, today: dt.date) -> None:
    for row in _rows("calendars.csv"):
        services.set_stage(
            Region.objects.get(code=row["region"]),
            int(row["year"]),
            row["stage"],
            dt.date.fromisoformat(row["starts"]),
            dt.date.fromisoformat(row["ends"]),
            actor=None,
            note=LABEL.strip(),
        )
        counts.stages += 1
    year = open_year(today)
    for code in DEMO_REGENCIES:
        region = Region.objects.get(code=code)
        for stage, starts, ends in standard_calendar(year):
            if not PlanningStage.objects.filter(region=region, year=year, stage=stage).exists():
                services.set_stage(
                    region, year, stage, starts, ends, actor=None, note=LABEL.strip()
                )
                counts.stages += 1


def _load_proposals(
    counts: DemoCounts, programmes: dict[str, PartnerProgramme]
) -> dict[tuple[str, int, str], Proposal]:
    hazards = {h.pk: h for h in HazardType.objects.all()}
    made: dict[tuple[str, int, str], Proposal] = {}
    for row in _rows("proposals.csv"):
        region = Region.objects.get(code=row["village_code"])
        year = int(row["year"])
        regency = services.regency_code(region.code)
        with rules.as_of(_first_day(regency, year, Stage.MUSRENBANG_DESA)):
            proposal = services.create_proposal(
                actor=None,
                region=region,
                year=year,
                reference=row["ref"],
                source_kind=row["source_kind"],
                title=(LABEL + row["title"])[:300],
                description=row["description"],
                problem=row["problem"],
                volume=_decimal(row["volume"]),
                unit=row["unit"],
                estimated_cost=_decimal(row["estimated_cost"]),
                priority=_int(row["priority"]),
                women=_int(row["women"]),
                men=_int(row["men"]),
                disabled=_int(row["disabled"]),
                elderly=_int(row["elderly"]),
                children=_int(row["children"]),
                phases=row["phases"].split(),
                poverty=row["poverty"] == "1",
                climate_adaptation=row["climate_adaptation"] == "1",
                livelihood=row["livelihood"] == "1",
                partner_programme=programmes.get(row["partner_programme"]),
                hazards=[hazards[key] for key in row["hazards"].split()],
            )
        made[(regency, year, row["ref"])] = proposal
        counts.proposals += 1
    return made


def _sub_activity(code: str, year: int) -> Item:
    found = services.find_sub_activity(code, Government.KABKOTA, year=year)
    if found is None:
        raise LookupError(f"demo sub-activity {code} is not in the edition for {year}")
    return found


def _load_items(
    counts: DemoCounts, programmes: dict[str, PartnerProgramme]
) -> dict[tuple[str, int, str, str], WorkPlanItem]:
    made: dict[tuple[str, int, str, str], WorkPlanItem] = {}
    for row in _rows("work_plans.csv"):
        year = int(row["year"])
        agency = Agency.objects.get(region_id=row["region"], code=row["agency_code"])
        with rules.as_of(_first_day(row["region"], year, Stage.FORUM_PD)):
            item = services.create_item(
                actor=None,
                agency=agency,
                year=year,
                sub_activity=_sub_activity(row["sub_activity_code"], year),
                locations=list(Region.objects.filter(code__in=row["locations"].split())),
                indicator=row["indicator"],
                target=_decimal(row["target"]),
                unit=row["unit"],
                budget=Decimal(row["budget"] or 0),
                funding_source=row["funding_source"] or "apbd",
                partner_programme=programmes.get(row["partner_programme"]),
                practice=row.get("practice", ""),
                phases=row["phases"].split(),
                climate=row["climate"],
                poverty=row["poverty"] == "1",
                inclusion=row["inclusion"] == "1",
                note=row["note"],
            )
        made[(row["region"], year, row["agency_code"], row["sub_activity_code"])] = item
        counts.items += 1
    return made


@dataclass
class TrailActors:
    """The demo's logins who act on the recommendation trail: the village and sub-district
    officers (by the region they are editors of) and the agency staff (by their agency)."""

    by_region: dict[str, User]
    by_agency: dict[tuple[str, str], User]

    @classmethod
    def load(cls) -> TrailActors:
        """The demo logins that exist (none before the accounts step has run)."""
        users = User.objects.filter(username__in=[u.username for u in DEMO_USERS]).select_related(
            "agency"
        )
        by_region: dict[str, User] = {}
        by_agency: dict[tuple[str, str], User] = {}
        for user in users.prefetch_related("memberships"):
            for membership in user.memberships.all():
                if membership.role in (Role.EDITOR, Role.MANAGER) and not user.is_superuser:
                    by_region.setdefault(membership.region_id, user)
            if user.agency is not None:
                by_agency[(user.agency.region_id, user.agency.code)] = user
        return cls(by_region, by_agency)

    def of(self, level: str, proposal: Proposal, agency_code: str) -> User | None:
        """Who recommends at a level (None: the system, for steps no demo login plays)."""
        regency = proposal.regency_id
        if level == TrailLevel.VILLAGE:
            return self.by_region.get(proposal.region_id)
        if level == TrailLevel.DISTRICT:
            return self.by_region.get(".".join(proposal.region_id.split(".")[:3]))
        if level == TrailLevel.AGENCY:
            return self.by_agency.get((regency, agency_code))
        return self.by_agency.get((regency, BAPPEDA_CODE))


def _deciding_agencies() -> dict[tuple[str, int, str], str]:
    """The agency code of each decided proposal's first link (region, year, ref → code)."""
    found: dict[tuple[str, int, str], str] = {}
    for row in _rows("decisions.csv"):
        if row["agency_code"]:
            found.setdefault((row["region"], int(row["year"]), row["ref"]), row["agency_code"])
    return found


def _load_trail(counts: DemoCounts, proposals: dict[tuple[str, int, str], Proposal]) -> None:
    """The recommendation trail, each step by the demo login who plays it (if any)."""
    actors, agencies = TrailActors.load(), _deciding_agencies()
    for row in _rows("recommendations.csv"):
        key = (row["region"], int(row["year"]), row["ref"])
        proposal = proposals[key]
        actor = actors.of(row["level"], proposal, agencies.get(key, ""))
        with rules.as_of(_first_day(row["region"], key[1], Stage.FORUM_PD)):
            services.recommend(
                proposal, actor=actor, level=row["level"], verdict=row["verdict"], note=row["note"]
            )
        counts.recommendations += 1


def _load_decisions(
    counts: DemoCounts,
    proposals: dict[tuple[str, int, str], Proposal],
    items: dict[tuple[str, int, str, str], WorkPlanItem],
) -> None:
    grouped: dict[tuple[str, int, str], list[dict[str, str]]] = defaultdict(list)
    for row in _rows("decisions.csv"):
        grouped[(row["region"], int(row["year"]), row["ref"])].append(row)
    for (region, year, ref), rows in grouped.items():
        first = rows[0]
        links = [
            services.LinkSpec(
                item=items[(region, year, row["agency_code"], row["sub_activity_code"])],
                budget=Decimal(row["budget"] or 0),
                location=Region.objects.filter(code=row["location"]).first()
                if row["location"]
                else None,
            )
            for row in rows
            if row["agency_code"]
        ]
        with rules.as_of(_first_day(region, year, Stage.FORUM_PD)):
            services.decide(
                proposals[(region, year, ref)],
                actor=None,
                outcome=first["outcome"],
                reason=first["reason"],
                deferred_to=_int(first["deferred_to"]),
                links=links,
            )
        counts.decisions += 1


def _carry_deferred(counts: DemoCounts, year: int) -> None:
    """Deferred proposals of the demo are taken up again in the open cycle they were deferred to
    (the sub-district forum of that year would carry them)."""
    for proposal in Proposal.objects.filter(deferred_to=year, carried_to__isnull=True):
        with rules.as_of(_first_day(proposal.regency_id, year, Stage.MUSRENBANG_DESA)):
            services.carry_forward(proposal, actor=None)
        counts.proposals += 1


def _finalise(items: dict[tuple[str, int, str, str], WorkPlanItem]) -> None:
    wanted: set[tuple[Any, int]] = set()
    for row in _rows("work_plans.csv"):
        if row["status"] == WorkPlanStatus.FINAL:
            wanted.add(
                (
                    items[
                        (
                            row["region"],
                            int(row["year"]),
                            row["agency_code"],
                            row["sub_activity_code"],
                        )
                    ].agency,
                    int(row["year"]),
                )
            )
    for agency, year in wanted:
        with rules.as_of(_first_day(agency.region_id, year, Stage.RENJA_FINAL)):
            services.finalise(agency, year, actor=None)


@transaction.atomic
def load_demo(today: dt.date | None = None) -> DemoCounts:
    """Load the planning demo once (nothing happens when demo proposals already exist)."""
    counts = DemoCounts()
    if Proposal.objects.filter(title__startswith=LABEL).exists():
        return counts
    programmes = _load_programmes(counts)
    _load_calendars(counts, today or rules.today())
    proposals = _load_proposals(counts, programmes)
    items = _load_items(counts, programmes)
    _load_trail(counts, proposals)
    _load_decisions(counts, proposals, items)
    _finalise(items)
    _carry_deferred(counts, open_year(today or rules.today()))
    return counts


def demo_step() -> str:
    """The demo's planning stories (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    counts = load_demo()
    return _(
        "Demo planning: %(proposals)d proposals, %(items)d work-plan items, %(decisions)d decisions"
    ) % {"proposals": counts.proposals, "items": counts.items, "decisions": counts.decisions}
