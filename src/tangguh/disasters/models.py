"""Disaster events with their effects; unknown effects are stored as unknown (NULL), never as 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned, count_field
from tangguh.disasters.records import (
    AGE_KEYS,
    DISAGGREGATION_KEYS,
    EFFECTS,
    PEOPLE_EFFECTS,
    SEX_KEYS,
    Verification,
)
from tangguh.regions.models import Level


def _measure(label: Any, digits: int = 12, places: int = 3) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=digits,
        decimal_places=places,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )


class Event(RegionOwned):
    """A disaster event in one region: hazard, when, where, and its effects."""

    class Status(models.TextChoices):
        UNVERIFIED = Verification.UNVERIFIED, _("Unverified")
        VERIFIED = Verification.VERIFIED, _("Verified")
        REJECTED = Verification.REJECTED, _("Rejected")

    class Origin(models.TextChoices):
        FORM = "form", _("Entered in a form")
        DIBI = "dibi", _("DIBI file")
        DESINVENTAR = "desinventar", _("DesInventar file")
        CSV = "csv", _("tangguh CSV file")

    hazard = models.ForeignKey(
        "catalogues.HazardType", verbose_name=_("hazard"), on_delete=models.PROTECT
    )
    start_date = models.DateField(_("start date"), db_index=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_text = models.CharField(_("place as reported"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    source = models.TextField(_("source"), blank=True)
    verification = models.CharField(
        _("verification"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED
    )
    event_count = models.DecimalField(
        _("number of events"),
        max_digits=12,
        decimal_places=6,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Tables by regency split an event that spans several regencies (e.g. 0.5)."),
    )

    deaths = count_field(_("deaths"))
    missing = count_field(_("missing"))
    injured = count_field(_("injured or ill"))
    affected = count_field(_("affected (menderita)"))
    displaced = count_field(_("displaced (mengungsi)"))
    houses_destroyed = count_field(_("houses destroyed"))
    houses_heavy = count_field(_("houses heavily damaged"))
    houses_moderate = count_field(_("houses moderately damaged"))
    houses_light = count_field(_("houses lightly damaged"))
    houses_damaged = count_field(_("houses damaged (grade unknown)"))
    houses_flooded = count_field(_("houses flooded"))
    education_damaged = count_field(_("education facilities damaged"))
    health_damaged = count_field(_("health facilities damaged"))
    worship_damaged = count_field(_("places of worship damaged"))
    office_damaged = count_field(_("offices damaged"))
    bridges_damaged = count_field(_("bridges damaged"))
    roads_km = _measure(_("roads damaged (km)"))
    rice_fields_ha = _measure(_("rice fields (ha)"))
    plantations_ha = _measure(_("plantations (ha)"))
    other_land_ha = _measure(_("other land (ha)"))
    livestock = count_field(_("livestock lost"))
    livelihoods_affected = count_field(_("people whose livelihoods were disrupted"))
    economic_loss = _measure(_("economic loss (rupiah)"), digits=20, places=2)
    disaggregation = models.JSONField(
        _("disaggregation"),
        default=dict,
        blank=True,
        help_text=_("People counts by sex, age group and disability where known."),
    )

    origin = models.CharField(
        _("origin"), max_length=12, choices=Origin.choices, default=Origin.FORM
    )
    source_id = models.CharField(_("source's id"), max_length=100, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True, editable=False)
    hazard_code_given = models.CharField(_("hazard as given"), max_length=120, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    effect_fields: ClassVar[tuple[str, ...]] = tuple(EFFECTS)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("disaster event")
        verbose_name_plural = _("disaster events")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "source_id"],
                condition=~Q(source_id=""),
                name="event_source_id_unique",
            )
        ]
        indexes = [models.Index(fields=["hazard", "start_date"], name="event_hazard_date")]

    def __str__(self) -> str:
        return f"{self.hazard} · {self.region_id} · {self.start_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("disasters:event-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Events that started in a year."""
        return Q(start_date__year=year)

    @property
    def effects(self) -> dict[str, Any]:
        """Effect values by field name (None = unknown)."""
        return {name: getattr(self, name) for name in self.effect_fields}

    def clean(self) -> None:
        """Dates in order and not in the future; the region is a regency or lies within one."""
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.start_date and self.start_date > today:
            errors["start_date"] = _("The start date is in the future.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.end_date and self.end_date > today:
            errors["end_date"] = _("The end date is in the future.")
        if self.region_id and self.region.level < Level.REGENCY:
            errors["region"] = _("Record an event in a regency/city, sub-district or village.")
        problems = disaggregation_problems(self.disaggregation, self.effects)
        if problems:
            errors["disaggregation"] = problems
        if errors:
            raise ValidationError(errors)


def disaggregation_problems(value: Any, effects: dict[str, Any]) -> list[str]:
    """What is wrong with people counts by sex, age group and disability (empty when nothing)."""
    if not isinstance(value, dict):
        return [str(_("The disaggregation must be a mapping of effects to counts."))]
    problems: list[str] = []
    for effect, parts in value.items():
        if effect not in PEOPLE_EFFECTS or not isinstance(parts, dict):
            problems.append(str(_("'%(effect)s' cannot be disaggregated.") % {"effect": effect}))
            continue
        problems += _part_problems(effect, parts, effects.get(effect))
    return problems


def _part_problems(effect: str, parts: dict[str, Any], total: int | None) -> list[str]:
    problems: list[str] = []
    for key, count in parts.items():
        if key not in DISAGGREGATION_KEYS:
            problems.append(str(_("'%(key)s' is not a disaggregation key.") % {"key": key}))
        elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(
                str(
                    _("%(effect)s %(key)s must be a whole number of 0 or more.")
                    % {"effect": effect, "key": key}
                )
            )
        elif total is not None and count > total:
            problems.append(
                str(
                    _("%(effect)s %(key)s (%(count)d) is more than the total (%(total)d).")
                    % {"effect": effect, "key": key, "count": count, "total": total}
                )
            )
    counts = {k: v for k, v in parts.items() if isinstance(v, int) and not isinstance(v, bool)}
    for group in (SEX_KEYS, AGE_KEYS):
        summed = sum(counts.get(k, 0) for k in group)
        if total is not None and summed > total:
            problems.append(
                str(
                    _("%(effect)s: the groups add up to %(sum)d, more than the total (%(total)d).")
                    % {"effect": effect, "sum": summed, "total": total}
                )
            )
    return problems


class ColumnMapping(models.Model):
    """How a person mapped the columns of an events table of an unknown layout to fields,
    remembered for the next file with the same header (per person; the system's own has no
    owner)."""

    signature = models.CharField(_("header signature"), max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["signature", "owner"], name="column_mapping_signature_owner"
            )
        ]

    def __str__(self) -> str:
        return self.signature[:12]
