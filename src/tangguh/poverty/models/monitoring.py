"""Monitoring and evaluation of poverty programmes: outputs against their quarterly targets, and
findings with the follow-up they call for (an action, who owns it, by when)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import year_field
from tangguh.core.querysets import RegionManager


class ProgrammeItem(models.Model):
    """A record of a programme (scoped and logged in the programme's region)."""

    programme = models.ForeignKey(
        "poverty.Programme", verbose_name=_("programme"), on_delete=models.CASCADE
    )

    region_lookup: ClassVar[str] = "programme__region__code"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.programme.get_absolute_url() + f"#{self.anchor}"

    anchor: ClassVar[str] = ""

    @property
    def audit_region_code(self) -> str:
        return self.programme.region_id if self.programme_id else ""


class ProgrammeOutput(ProgrammeItem):
    """What a programme set out to deliver in a quarter, and what it delivered."""

    year = year_field(_("year"), plausible="plans")
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    indicator = models.CharField(
        _("output indicator"), max_length=255, help_text=_("e.g. Families receiving PKH")
    )
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. families, houses"))
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    achieved = models.DecimalField(
        _("achieved"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty until reported."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RegionManager["ProgrammeOutput"]()
    anchor: ClassVar[str] = "outputs"

    class Meta:
        ordering = ["programme_id", "year", "quarter", "indicator"]
        verbose_name = _("programme output")
        verbose_name_plural = _("programme outputs")
        default_related_name = "outputs"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "quarter", "indicator"], name="programme_output_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year} Q{self.quarter}"

    @staticmethod
    def year_q(year: int) -> Q:
        return Q(year=year)

    @property
    def achievement(self) -> float | None:
        """Achieved ÷ target (None when not reported or no target)."""
        if self.achieved is None or not self.target:
            return None
        return float(self.achieved / self.target)


class Finding(ProgrammeItem):
    """A monitoring or evaluation finding on a programme and the follow-up it needs."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    found_on = models.DateField(_("found on"))
    source = models.CharField(
        _("source"), max_length=255, help_text=_("The monitoring visit or evaluation report.")
    )
    finding = models.TextField(_("finding"))
    action = models.TextField(_("follow-up action"))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("Who carries out the action (agency, person).")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    progress = models.TextField(_("progress"), blank=True)

    objects = RegionManager["Finding"]()
    anchor: ClassVar[str] = "findings"

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        default_related_name = "findings"

    def __str__(self) -> str:
        return self.finding[:80]

    @staticmethod
    def year_q(year: int) -> Q:
        """Findings made in a year."""
        return Q(found_on__year=year)

    @staticmethod
    def overdue_q(today: dt.date) -> Q:
        """Follow-ups past their date and not done."""
        return Q(due_on__lt=today) & ~Q(status=Finding.Status.DONE)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status != self.Status.DONE and self.due_on < (today or timezone.localdate())

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.found_on and self.found_on > today:
            errors["found_on"] = _("A finding cannot be made in the future.")
        if self.found_on and self.due_on and self.due_on < self.found_on:
            errors["due_on"] = _("The follow-up is due before the finding was made.")
        if self.status == self.Status.DONE and not self.done_on:
            errors["done_on"] = _("A follow-up that is done needs the day it was done.")
        if self.done_on and self.status != self.Status.DONE:
            errors["done_on"] = _("Only a follow-up that is done has a day it was done.")
        if self.done_on and (
            self.done_on > today or (self.found_on and self.done_on < self.found_on)
        ):
            errors["done_on"] = _("Done before the finding, or in the future.")
        if errors:
            raise ValidationError(errors)
