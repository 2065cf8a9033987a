"""Contingency plans with their exercises; village preparedness teams with their trainings,
equipment and activations. Unknown counts are stored as unknown (NULL), never as 0."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned, count_field, year_field
from tangguh.core.querysets import RegionManager
from tangguh.regions.models import Level


def codes_related(a: str, b: str) -> bool:
    """True when one region code lies within the other (or they are the same)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


class ContingencyPlan(RegionOwned):
    """A contingency plan (rencana kontinjensi) for one hazard in a regency/city, sub-district
    or village."""

    generation: ClassVar[str] = "preparedness"  # region facts are kept per generation

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Being consulted")
        LEGALISED = "legalised", _("Legalised (ditetapkan)")
        EXPIRED = "expired", _("Expired")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    hazard = models.ForeignKey(
        "catalogues.HazardType",
        verbose_name=_("hazard"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255)
    year = year_field(
        _("year"),
        help_text=_("The year the plan was drawn up or last revised."),
        plausible="plans",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("e.g. the number of the regent's or mayor's decree (SK)."),
    )
    legalised_on = models.DateField(_("date legalised"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the plan holds until it is replaced."),
    )
    scenario = models.TextField(_("scenario summary"), blank=True)
    agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("agencies responsible"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "region_id", "title", "id"]
        verbose_name = _("contingency plan")
        verbose_name_plural = _("contingency plans")
        indexes = [models.Index(fields=["hazard", "year"], name="plan_hazard_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("preparedness:plan-detail", args=[self.pk])

    @staticmethod
    def in_force_q(year: int) -> Q:
        """Plans in force during a year: legalised, and the year lies within their validity."""
        return Q(
            status=ContingencyPlan.Status.LEGALISED,
            valid_from__isnull=False,
            valid_from__year__lte=year,
        ) & (Q(valid_until__isnull=True) | Q(valid_until__year__gte=year))

    @staticmethod
    def year_q(year: int) -> Q:
        """Plans of a year: drawn up or revised in it, or in force during it."""
        return Q(year=year) | ContingencyPlan.in_force_q(year)

    def in_force(self, year: int) -> bool:
        """True when the plan is legalised and `year` lies within its validity."""
        if self.status != self.Status.LEGALISED or self.valid_from is None:
            return False
        if self.valid_from.year > year:
            return False
        return self.valid_until is None or self.valid_until.year >= year

    @property
    def in_force_now(self) -> bool:
        """True when the plan is in force this year."""
        return self.in_force(timezone.localdate().year)

    @property
    def years(self) -> tuple[int, int | None]:
        """The first and last year the plan covers (None: open-ended)."""
        first = self.year
        if self.valid_from is not None:
            first = min(first, self.valid_from.year)
        return first, (self.valid_until.year if self.valid_until else None)

    def clean(self) -> None:
        """Not for a province; validity in order; a legalised plan has its date and validity."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level == Level.PROVINCE:
            errors["region"] = _(
                "A contingency plan belongs to a regency/city, sub-district or village, "
                "not to a province."
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end of validity is before its start.")
        if self.legalised_on and self.legalised_on > timezone.localdate():
            errors["legalised_on"] = _("The date legalised is in the future.")
        elif self.status == self.Status.LEGALISED and not self.legalised_on:
            errors["legalised_on"] = _("A legalised plan needs the date it was legalised.")
        if self.status == self.Status.LEGALISED and not self.valid_from:
            errors["valid_from"] = _("A legalised plan needs the start of its validity.")
        if errors:
            raise ValidationError(errors)


class PlanItem(models.Model):
    """A record that belongs to a contingency plan (scoped and audited in the plan's region)."""

    plan = models.ForeignKey(
        ContingencyPlan, verbose_name=_("contingency plan"), on_delete=models.CASCADE
    )

    region_lookup: ClassVar[str] = "plan__region__code"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("preparedness:plan-detail", args=[self.plan_id])

    @property
    def audit_region_code(self) -> str:
        """Changes to the item are recorded in the plan's region."""
        return self.plan.region_id if self.plan_id else ""


def _not_in_future(day: dt.date | None, field: str, message: Any, errors: dict[str, Any]) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = message


class Exercise(PlanItem):
    """An exercise (gladi or simulation) held to test a contingency plan."""

    class Kind(models.TextChoices):
        TABLETOP = "tabletop", _("Tabletop (gladi ruang/posko)")
        FIELD = "field", _("Field (gladi lapang)")
        BOTH = "both", _("Tabletop and field")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    participants_women = count_field(_("women taking part"))
    participants_men = count_field(_("men taking part"))
    participants_total = count_field(
        _("participants in all"), help_text=_("Fill in when the count by sex is not known.")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RegionManager["Exercise"]()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        default_related_name = "exercises"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date:%Y-%m-%d}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Exercises held in a year."""
        return Q(date__year=year)

    @property
    def participants(self) -> int | None:
        """Everyone who took part, when known."""
        if self.participants_total is not None:
            return self.participants_total
        if self.participants_women is not None and self.participants_men is not None:
            return self.participants_women + self.participants_men
        return None

    def clean(self) -> None:
        """Not in the future, within the plan's years; a total no smaller than its parts."""
        errors: dict[str, Any] = {}
        _not_in_future(self.date, "date", _("The exercise date is in the future."), errors)
        if self.date and self.plan_id and "date" not in errors:
            first, last = self.plan.years
            if self.date.year < first or (last is not None and self.date.year > last):
                errors["date"] = _(
                    "The exercise date lies outside the plan's years (%(first)s to %(last)s)."
                ) % {"first": first, "last": last if last is not None else _("open-ended")}
        parts = [self.participants_women, self.participants_men]
        total = self.participants_total
        if total is not None and None not in parts and total < sum(p or 0 for p in parts):
            errors["participants_total"] = _("The total is less than the women and men together.")
        if errors:
            raise ValidationError(errors)


class PreparednessTeam(RegionOwned):
    """A village preparedness team: Tim Kampung Siaga Bencana, Destana team, volunteers."""

    generation: ClassVar[str] = "preparedness"  # region facts are kept per generation

    class Kind(models.TextChoices):
        KSB = "ksb", _("Tim Kampung Siaga Bencana (KSB, social affairs)")
        DESTANA = "destana", _("Destana team (Forum PRB desa)")
        VOLUNTEERS = "volunteers", _("Volunteers (relawan)")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    established_on = models.DateField(_("established"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("e.g. the village head's decree (SK Kepala Desa) and its number."),
    )
    members_women = count_field(_("women members"))
    members_men = count_field(_("men members"))
    members_with_disability = count_field(
        _("members with disabilities"), help_text=_("Of the women and men above.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["region_id", "name", "id"]
        verbose_name = _("preparedness team")
        verbose_name_plural = _("preparedness teams")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="team_name_unique_in_village")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("preparedness:team-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Teams that existed in a year (established by then, or of unknown date)."""
        return Q(established_on__isnull=True) | Q(established_on__year__lte=year)

    @property
    def members_total(self) -> int | None:
        """Women and men together, when both are known."""
        if self.members_women is None or self.members_men is None:
            return None
        return self.members_women + self.members_men

    def clean(self) -> None:
        """A team belongs to a village; not established in the future; consistent counts."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level != Level.VILLAGE:
            errors["region"] = _(
                "A preparedness team belongs to a village (desa/kelurahan); "
                "%(code)s is a %(level)s."
            ) % {"code": self.region_id, "level": str(Level(self.region.level).label).lower()}
        future = _("The date established is in the future.")
        _not_in_future(self.established_on, "established_on", future, errors)
        total = self.members_total
        if (
            total is not None
            and self.members_with_disability is not None
            and self.members_with_disability > total
        ):
            errors["members_with_disability"] = _(
                "More members with disabilities than members (%(total)d)."
            ) % {"total": total}
        if errors:
            raise ValidationError(errors)


class TeamItem(models.Model):
    """A record that belongs to a preparedness team (scoped and audited in the team's village)."""

    team = models.ForeignKey(
        PreparednessTeam, verbose_name=_("preparedness team"), on_delete=models.CASCADE
    )

    region_lookup: ClassVar[str] = "team__region__code"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("preparedness:team-detail", args=[self.team_id])

    @property
    def audit_region_code(self) -> str:
        """Changes to the item are recorded in the team's village."""
        return self.team.region_id if self.team_id else ""


class Training(TeamItem):
    """A training the team took part in."""

    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    participants = count_field(_("participants"))
    notes = models.TextField(_("notes"), blank=True)

    objects = RegionManager["Training"]()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        default_related_name = "trainings"

    def __str__(self) -> str:
        return f"{self.topic} · {self.date:%Y-%m-%d}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Trainings held in a year."""
        return Q(date__year=year)

    def clean(self) -> None:
        """A training that took place: not in the future."""
        errors: dict[str, Any] = {}
        _not_in_future(self.date, "date", _("The training date is in the future."), errors)
        if errors:
            raise ValidationError(errors)


class Equipment(TeamItem):
    """Equipment the team holds (item, quantity, condition)."""

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        NEEDS_REPAIR = "repair", _("Needs repair")
        BROKEN = "broken", _("Broken or unusable")
        UNKNOWN = "unknown", _("Unknown")

    item = models.CharField(_("item"), max_length=200)
    quantity = count_field(_("quantity"))
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.UNKNOWN
    )
    year_acquired = year_field(_("year acquired"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RegionManager["Equipment"]()

    class Meta:
        ordering = ["item", "id"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        default_related_name = "equipment"

    def __str__(self) -> str:
        return self.item if self.quantity is None else f"{self.item} × {self.quantity}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Equipment held in a year (acquired by then, or in an unknown year)."""
        return Q(year_acquired__isnull=True) | Q(year_acquired__lte=year)

    def clean(self) -> None:
        """Not acquired in a future year."""
        if self.year_acquired and self.year_acquired > timezone.localdate().year:
            raise ValidationError({"year_acquired": _("The year acquired is in the future.")})


class Activation(TeamItem):
    """A time the team was called out: a response to a hazard, optionally a recorded event."""

    date = models.DateField(_("date"))
    hazard = models.ForeignKey(
        "catalogues.HazardType",
        verbose_name=_("hazard"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.ForeignKey(
        "disasters.Event",
        verbose_name=_("disaster event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The recorded disaster event the team responded to, if any."),
    )
    actions = models.TextField(_("what the team did"))
    people_helped = count_field(_("people helped"))

    objects = RegionManager["Activation"]()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activation")
        verbose_name_plural = _("activations")
        default_related_name = "activations"

    def __str__(self) -> str:
        return f"{self.hazard} · {self.date:%Y-%m-%d}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Activations in a year."""
        return Q(date__year=year)

    def clean(self) -> None:
        """Not in the future; a linked event happened in or around the team's village."""
        errors: dict[str, Any] = {}
        _not_in_future(self.date, "date", _("The activation date is in the future."), errors)
        if self.event is not None and self.team_id:
            event_region = self.event.region_id
            if not codes_related(event_region, self.team.region_id):
                errors["event"] = _(
                    "The event happened in %(event)s, not in or around the team's village "
                    "%(village)s."
                ) % {"event": event_region, "village": self.team.region_id}
        if errors:
            raise ValidationError(errors)
