"""Audited writes on SPM service records and their quarterly figures, and the target a record
takes from the risk data when none is given.

A record left without a target for the information or prevention service takes the population
of its hazard-prone villages (medium or high risk of any hazard, by the risk module's village
profiles): the villages' own populations when all are known, else the regency's population times
the share of its villages that are prone, marked as an estimate. The rescue service's target
(victims) is given by the region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.regions.models import Level, Region
from tangguh.risk.summaries import hazard_prone_villages
from tangguh.spm.choices import Service, TargetBasis
from tangguh.spm.models import QuarterReport, ServiceRecord

RISK_SERVICES = (Service.INFORMATION, Service.PREVENTION)


@dataclass(frozen=True)
class RiskTarget:
    """The people entitled by the risk data, and how they were found."""

    people: int
    source: str
    estimated: bool


def risk_target(region: Region, year: int) -> RiskTarget | None:
    """The population of the regency's hazard-prone villages by its risk profiles up to `year`;
    None without village risk profiles or without any population to count."""
    area = hazard_prone_villages(region.code, year)
    if area is None or not area.villages:
        return None
    populations = dict(
        Region.objects.filter(code__in=area.prone, level=Level.VILLAGE).values_list(
            "code", "population"
        )
    )
    hazards = ", ".join(area.hazards) or "-"
    counted = _("%(prone)d of %(villages)d villages at medium or high risk (%(hazards)s)") % {
        "prone": len(area.prone),
        "villages": area.villages,
        "hazards": hazards,
    }
    year_text = str(area.year) if area.year else _("year unknown")
    if area.prone and all(populations.get(code) for code in area.prone):
        people = sum(int(populations[code] or 0) for code in area.prone)
        source = _("Risk profiles %(year)s: %(counted)s, their population") % {
            "year": year_text,
            "counted": counted,
        }
        return RiskTarget(people, source[:255], estimated=False)
    if not region.population:
        return None
    people = round(region.population * len(area.prone) / area.villages)
    source = _(
        "Risk profiles %(year)s: %(counted)s × population of %(name)s (%(people)s), an estimate"
    ) % {
        "year": year_text,
        "counted": counted,
        "name": region.name,
        "people": number_format(region.population, force_grouping=True),
    }
    return RiskTarget(people, source[:255], estimated=True)


def _with_risk_target(values: dict[str, Any]) -> dict[str, Any]:
    """The values with the target of the risk data when none is given (information and
    prevention services of a regency/city)."""
    region, year = values.get("region"), values.get("year")
    if (
        values.get("target") is not None
        or values.get("service") not in RISK_SERVICES
        or not isinstance(region, Region)
        or region.level != Level.REGENCY
        or not isinstance(year, int)
    ):
        return values
    found = risk_target(region, year)
    if found is None:
        return values
    return {
        **values,
        "target": found.people,
        "target_basis": TargetBasis.RISK,
        "target_source": found.source,
    }


def _check_target_covers_served(record: ServiceRecord) -> None:
    """A target below the people already served needs a quarter that gives the reason."""
    if record.target is None or not record.pk:
        return
    quarters = list(QuarterReport.objects.filter(record_id=record.pk))
    served = sum(q.served for q in quarters)
    if served > record.target and not any(q.reason.strip() for q in quarters):
        raise ValidationError(
            {
                "target": _(
                    "The people served in %(year)s (%(served)s) exceed this target: give the "
                    "reason in a quarter's figures first."
                )
                % {"year": record.year, "served": number_format(served, force_grouping=True)}
            }
        )


@transaction.atomic
def create_record(*, actor: Any, **values: Any) -> ServiceRecord:
    """Record a service of a regency/city for a year (target from the risk data when empty)."""
    return audit.create_record(ServiceRecord, actor=actor, **_with_risk_target(values))


@transaction.atomic
def update_record(record: ServiceRecord, *, actor: Any, **values: Any) -> ServiceRecord:
    """Change a service record; a target may not drop below the people served without reason."""
    stored = ServiceRecord.objects.get(pk=record.pk)
    updated = audit.update_record(stored, actor=actor, **values)
    _check_target_covers_served(updated)
    return updated


@transaction.atomic
def delete_record(record: ServiceRecord, *, actor: Any) -> None:
    """Remove a service record with its quarterly figures (each deletion logged)."""
    audit.check_allowed(actor, "delete", record)
    for quarter in record.quarters.select_related("record"):
        audit.delete_record(quarter, actor=actor)
    audit.delete_record(record, actor=actor)


@transaction.atomic
def create_quarter(*, actor: Any, **values: Any) -> QuarterReport:
    """Record the people served by a service in a quarter."""
    return audit.create_record(QuarterReport, actor=actor, **values)


@transaction.atomic
def update_quarter(item: QuarterReport, *, actor: Any, **values: Any) -> QuarterReport:
    """Correct a quarter's figures."""
    stored = QuarterReport.objects.select_related("record").get(pk=item.pk)
    return audit.update_record(stored, actor=actor, **values)


@transaction.atomic
def delete_quarter(item: QuarterReport, *, actor: Any) -> None:
    """Remove a quarter's figures."""
    audit.delete_record(item, actor=actor)
