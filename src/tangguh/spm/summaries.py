"""Read models of the SPM app, and its published interface to other apps: a regency/city's
services up to a quarter (served, achievement, stages, quality), the province's roll-up of the
regencies (no provincial disaster SPM exists: the province sees its regencies), reporting
completeness, a region's key figures and the search."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tangguh.core.generations import memoised
from tangguh.core.registry import Fact, SearchHit
from tangguh.measures import spm
from tangguh.regions.models import Level, Region
from tangguh.spm.choices import ReportStatus, Service
from tangguh.spm.models import QuarterReport, ServiceRecord, deadline_days


@dataclass
class ServiceRow:
    """One service of a regency/city in a year, up to a quarter."""

    service: str
    record: ServiceRecord | None
    served: dict[int, int | None] = field(default_factory=dict)
    reported: dict[int, dt.date] = field(default_factory=dict)
    result: spm.Achievement | None = None

    @property
    def label(self) -> str:
        """The service's name."""
        return str(Service(self.service).label)

    @property
    def served_to_date(self) -> int | None:
        """The people served in the quarters given (None when none is)."""
        known = [v for v in self.served.values() if v is not None]
        return sum(known) if known else None

    @property
    def achievement(self) -> Decimal | None:
        """The achievement to two places (None without a target)."""
        return self.result.rounded if self.result else None


@dataclass
class RegencyReport:
    """A regency/city's SPM services in a year, up to a quarter."""

    region: Region
    year: int
    quarter: int
    rows: list[ServiceRow]

    @property
    def subaffair(self) -> Decimal | None:
        """The mean of the services' achievements (unverified rule); None unless every service
        has one."""
        results = [r.result for r in self.rows if r.result is not None]
        return spm.subaffair(results) if len(results) == len(self.rows) else None

    @property
    def is_demo(self) -> bool:
        """True when a service's record is demo data."""
        return any(r.record is not None and r.record.is_demo for r in self.rows)

    @property
    def quarters(self) -> list[int]:
        """The quarters shown, 1 up to the quarter."""
        return list(range(1, self.quarter + 1))

    def chart(self) -> dict[str, Any]:
        """The chart's data: per service, its achievement and its served share."""
        return {
            "max": 100,
            "years": [row.label for row in self.rows],
            "series": [
                {
                    "name": _("Achievement (%)"),
                    "values": [float(r.achievement or 0) for r in self.rows],
                },
            ],
        }


def _rows(
    records: Iterable[ServiceRecord], quarters: Iterable[QuarterReport], quarter: int
) -> list[ServiceRow]:
    by_service = {r.service: r for r in records}
    rows = {s: ServiceRow(service=s, record=by_service.get(s)) for s in spm.SERVICES}
    for q in quarters:
        if q.quarter <= quarter:
            row = rows[q.record.service]
            row.served[q.quarter] = q.served
            row.reported[q.quarter] = q.reported_on
    for row in rows.values():
        record, served = row.record, row.served_to_date
        if record is not None and record.target and served is not None:
            row.result = spm.achievement(
                served, record.target, record.quality_count, record.quality_required
            )
    return list(rows.values())


def regency_report(
    region: Region, year: int, quarter: int, visible: QuerySet[ServiceRecord]
) -> RegencyReport:
    """A regency/city's services in `year` up to `quarter`, from the records given."""
    records = list(visible.filter(region_id=region.code, year=year))
    quarters = QuarterReport.objects.filter(record__in=records).select_related("record")
    return RegencyReport(region, year, quarter, _rows(records, quarters, quarter))


@dataclass
class RollupRow:
    """One regency/city in the province's roll-up."""

    region: Region
    report: RegencyReport
    status: str
    reported_on: dt.date | None
    services_reported: int

    @property
    def status_label(self) -> str:
        """The reporting status in the user's language."""
        return str(ReportStatus(self.status).label)


def regencies() -> list[Region]:
    """The active regencies and cities of the province, in code order."""
    return list(
        Region.objects.filter(level=Level.REGENCY, is_active=True)
        .defer("boundary", "bbox")
        .order_by("code")
    )


def report_status(quarters: list[QuarterReport], year: int, quarter: int, today: dt.date) -> str:
    """A regency's status for a quarter: every service reported (on time or late by the last
    report date), some (incomplete), none (missing, or not yet due)."""
    if quarters and len({q.record.service for q in quarters}) == len(spm.SERVICES):
        last = max(q.reported_on for q in quarters)
        return spm.report_status(last, year, quarter, today, deadline_days())
    status = spm.report_status(None, year, quarter, today, deadline_days())
    return ReportStatus.INCOMPLETE if quarters and status == "missing" else status


def province_rollup(
    year: int, quarter: int, visible: QuerySet[ServiceRecord], today: dt.date | None = None
) -> list[RollupRow]:
    """Every regency/city the records given cover: its services up to the quarter and whether it
    reported the quarter (all three services), on time or late."""
    today = today or timezone.localdate()
    records = list(visible.filter(year=year))
    quarters = list(QuarterReport.objects.filter(record__in=records).select_related("record"))
    by_region: dict[str, list[ServiceRecord]] = defaultdict(list)
    for record in records:
        by_region[record.region_id].append(record)
    quarters_by_region: dict[str, list[QuarterReport]] = defaultdict(list)
    for q in quarters:
        quarters_by_region[q.record.region_id].append(q)
    rows = []
    for region in regencies():
        own = quarters_by_region.get(region.code, [])
        this = [q for q in own if q.quarter == quarter]
        report = RegencyReport(
            region, year, quarter, _rows(by_region.get(region.code, []), own, quarter)
        )
        rows.append(
            RollupRow(
                region=region,
                report=report,
                status=report_status(this, year, quarter, today),
                reported_on=max((q.reported_on for q in this), default=None),
                services_reported=len({q.record.service for q in this}),
            )
        )
    return rows


def completeness_counts(rows: list[RollupRow]) -> dict[str, int]:
    """How many regencies are in each reporting status."""
    counts = dict.fromkeys(ReportStatus.values, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def rollup_chart(rows: list[RollupRow]) -> dict[str, Any]:
    """The roll-up chart's data: per regency with figures, the achievement of each service."""
    shown = [r for r in rows if any(s.result for s in r.report.rows)]
    return {
        "max": 100,
        "years": [r.region.name for r in shown],
        "series": [
            {
                "name": str(Service(service).label),
                "values": [float(r.report.rows[i].achievement or 0) for r in shown],
            }
            for i, service in enumerate(spm.SERVICES)
        ],
    }


def region_facts(user: Any, code: str) -> list[Fact]:
    """A regency/city's latest SPM sub-affair figure (unverified rule) as the user may see it,
    kept until SPM records or quarters are written again (a region page asks every module)."""
    if code.count(".") != 1:
        return []
    visible = ServiceRecord.objects.restrict(user, "view").filter(region_id=code)
    return memoised("spm", (visible, code), lambda: _region_facts(visible, code))


def _region_facts(visible: QuerySet[ServiceRecord], code: str) -> list[Fact]:
    year = visible.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return []
    last = (
        QuarterReport.objects.filter(record__in=visible.filter(year=year))
        .order_by("-quarter")
        .values_list("quarter", flat=True)
        .first()
    )
    region = Region.objects.defer("boundary", "bbox").get(code=code)
    report = regency_report(region, year, last or 4, visible)
    value = report.subaffair
    url = reverse("spm:overview") + "?" + urlencode({"region": code, "year": year})
    return [
        Fact(
            _("SPM disaster sub-affair %(year)d (unverified mean)") % {"year": year},
            f"{value}" if value is not None else _("incomplete"),
            url=url,
            note=_("up to quarter %(q)d") % {"q": report.quarter},
        )
    ]


def search(user: Any, text: str, limit: int) -> list[SearchHit]:
    """SPM records of regencies whose name contains the text."""
    records = (
        ServiceRecord.objects.restrict(user, "view")
        .filter(region__name__icontains=text)
        .select_related("region")
        .only("service", "year", "region__name")
        .order_by("-year", "region_id", "service")
    )
    return [
        SearchHit(
            f"SPM · {r.get_service_display()}", r.get_absolute_url(), f"{r.region.name} · {r.year}"
        )
        for r in records[:limit]
    ]
