"""SPM disaster sub-affair records: one per regency/city, year and basic service (target, stages,
quality checklist), with the people served in each quarter. Unknown counts stay unknown."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned, count_field, year_field
from tangguh.core.querysets import RegionManager
from tangguh.measures import spm
from tangguh.regions.models import Level
from tangguh.spm.choices import (
    QUALITY_LABELS,
    STAGE_FIELDS,
    Service,
    TargetBasis,
    quality_choices,
)

DEMO_MARK = "[DEMO]"


class ServiceRecord(RegionOwned):
    """One basic service of a regency/city in a year: the people entitled (target), the four
    stages, the quality checklist; the people served are given per quarter."""

    generation: ClassVar[str] = "spm"  # region facts are kept per generation (core.generations)

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = year_field(_("year"), plausible="assessments")
    service = models.CharField(_("service"), max_length=12, choices=Service.choices)
    target = count_field(
        _("people entitled (target)"),
        help_text=_(
            "Residents of disaster-prone areas (information, prevention) or victims (rescue). "
            "Leave empty to take it from the risk data, where there is any."
        ),
    )
    target_basis = models.CharField(
        _("basis of the target"),
        max_length=8,
        choices=TargetBasis.choices,
        default=TargetBasis.STATED,
    )
    target_source = models.CharField(
        _("source of the target"),
        max_length=255,
        blank=True,
        help_text=_("e.g. KRB 2024, InaRISK, BPS 2025, the events of the year."),
    )
    stage_data = models.BooleanField(_("data collected"), default=False)
    stage_needs = models.BooleanField(_("needs calculated"), default=False)
    stage_planning = models.BooleanField(_("fulfilment planned"), default=False)
    stage_delivery = models.BooleanField(_("service delivered"), default=False)
    quality_met = models.JSONField(
        _("quality standards met"),
        default=list,
        blank=True,
        help_text=_("The standards of the service's checklist that are met."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year", "region_id", "service", "id"]
        verbose_name = _("SPM service record")
        verbose_name_plural = _("SPM service records")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "service"],
                name="spm_service_unique",
                violation_error_message=_(
                    "This regency/city already has a record of this service for this year."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} · {self.region_id} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("spm:record-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Records of a year."""
        return Q(year=year)

    @property
    def is_demo(self) -> bool:
        """True for the demo's records (labelled [DEMO] in their notes or target source)."""
        return DEMO_MARK in (self.notes[:10] + self.target_source[:10])

    @property
    def quality_required(self) -> int:
        """How many standards the service's checklist has."""
        return len(spm.QUALITY_STANDARDS.get(self.service, ()))

    @property
    def quality_count(self) -> int:
        """How many standards are met."""
        return len(self.quality_met or [])

    @property
    def stages(self) -> list[tuple[str, bool]]:
        """The four stages with whether each is done."""
        return [(stage, bool(getattr(self, field))) for stage, field in STAGE_FIELDS.items()]

    def checklist(self) -> list[tuple[str, Any, bool]]:
        """(key, label, met) of each standard of the service."""
        met = set(self.quality_met or [])
        return [(key, label, key in met) for key, label in quality_choices(self.service)]

    def clean(self) -> None:
        """A regency/city's record; known quality standards; a target within the population."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level != Level.REGENCY:
            errors["region"] = _(
                "SPM disaster services are provided by a regency/city; %(code)s is not one "
                "(the province has no disaster SPM: it sees the regencies' roll-up)."
            ) % {"code": self.region_id}
        allowed = set(spm.QUALITY_STANDARDS.get(self.service, ()))
        met = self.quality_met if isinstance(self.quality_met, list) else None
        if met is None or not all(isinstance(k, str) for k in met):
            errors["quality_met"] = _("Give the quality standards met as a list of their keys.")
        elif unknown := sorted(set(met) - allowed):
            errors["quality_met"] = _(
                "Not a quality standard of this service: %(keys)s (its standards: %(allowed)s)."
            ) % {
                "keys": "; ".join(str(QUALITY_LABELS.get(k, k)) for k in unknown),
                "allowed": "; ".join(str(label) for _k, label in quality_choices(self.service)),
            }
        elif len(set(met)) != len(met):
            errors["quality_met"] = _("A quality standard is listed twice.")
        population = self.region.population if self.region_id else None
        if self.target is not None and population and self.target > population:
            errors["target"] = _(
                "The target (%(target)s) is more than the population of %(name)s (%(people)s)."
            ) % {
                "target": number_format(self.target, force_grouping=True),
                "name": self.region.name,
                "people": number_format(population, force_grouping=True),
            }
        if errors:
            raise ValidationError(errors)


def deadline_days() -> int:
    """Days after a quarter's end within which its report is on time (setting
    TANGGUH_SPM_DEADLINE_DAYS, default 15)."""
    from django.conf import settings

    return int(getattr(settings, "TANGGUH_SPM_DEADLINE_DAYS", spm.DEFAULT_DEADLINE_DAYS))


class QuarterReport(models.Model):
    """The people served by a service in one quarter, and the day the region reported it."""

    record = models.ForeignKey(
        ServiceRecord,
        verbose_name=_("SPM service record"),
        on_delete=models.CASCADE,
        related_name="quarters",
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    served = models.PositiveIntegerField(_("people served"))
    reported_on = models.DateField(_("reported on"))
    reason = models.TextField(
        _("reason for serving more than the target"),
        blank=True,
        help_text=_("Needed when the people served in the year exceed the target."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RegionManager["QuarterReport"]()
    region_lookup: ClassVar[str] = "record__region__code"
    generation: ClassVar[str] = "spm"

    class Meta:
        ordering = ["record", "quarter"]
        verbose_name = _("quarterly figure")
        verbose_name_plural = _("quarterly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "quarter"],
                name="spm_quarter_unique",
                violation_error_message=_("This quarter is already reported for this service."),
            )
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} · {self.record}"

    def get_absolute_url(self) -> str:
        return reverse("spm:record-detail", args=[self.record_id])

    @property
    def audit_region_code(self) -> str:
        """Changes are recorded in the record's region."""
        return self.record.region_id if self.record_id else ""

    @staticmethod
    def year_q(year: int) -> Q:
        """Quarters of a year."""
        return Q(record__year=year)

    def _others(self) -> list[tuple[int, str]]:
        """(served, reason) of the record's other quarters as stored."""
        others = QuarterReport.objects.filter(record_id=self.record_id).exclude(pk=self.pk)
        return list(others.exclude(quarter=self.quarter).values_list("served", "reason"))

    def clean(self) -> None:
        """A quarter that has begun, reported after it began and not in the future; served
        above the year's target only with a reason."""
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if not self.record_id or self.quarter not in spm.QUARTERS:
            return
        year = self.record.year
        if spm.is_future(year, self.quarter, today):
            errors["quarter"] = _("Quarter %(q)s of %(year)s has not begun yet.") % {
                "q": self.quarter,
                "year": year,
            }
        if self.reported_on is not None:
            if self.reported_on > today:
                errors["reported_on"] = _("The report date is in the future.")
            elif self.reported_on < spm.quarter_start(year, self.quarter):
                errors["reported_on"] = _("The report date is before the quarter began.")
        target = self.record.target
        if self.served is not None and target is not None and not self.reason.strip():
            others = self._others()
            total = sum(served for served, _reason in others) + self.served
            if total > target and not any(reason.strip() for _served, reason in others):
                errors["reason"] = _(
                    "The people served in %(year)s (%(served)s) exceed the target (%(target)s): "
                    "give the reason."
                ) % {
                    "year": year,
                    "served": number_format(total, force_grouping=True),
                    "target": number_format(target, force_grouping=True),
                }
        if errors:
            raise ValidationError(errors)

    def status(self, today: dt.date | None = None) -> str:
        """`on_time` or `late` against the reporting deadline."""
        return spm.report_status(
            self.reported_on,
            self.record.year,
            self.quarter,
            today or timezone.localdate(),
            deadline_days(),
        )
