"""Disaster events with their effects; unknown effects are stored as unknown (NULL), never as 0."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tangguh.core import plausible
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
    # Figures over events are kept until an event is written (core.generations).
    generation: ClassVar[str] = "events"
    # Searched through a trigram index (core/textsearch.py).
    text_search: ClassVar[tuple[str, ...]] = ("location_text", "description")

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
        indexes = [
            models.Index(fields=["hazard", "start_date"], name="event_hazard_date"),
            # The lists' order: page 1 of 12,000 events reads 50 index entries, sorts nothing.
            models.Index(fields=["-start_date", "-id"], name="event_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.hazard} · {self.region_id} · {self.start_date:%Y-%m-%d}"

    @classmethod
    def audit_reprs(cls, events: Sequence[Event]) -> list[str]:
        """`str(event)` of many events at once, for their change records: each hazard's name
        (in the active language) and each date is written once."""
        hazards: dict[int, str] = {}
        dates: dict[Any, str] = {}
        names = []
        for event in events:
            hazard = event.hazard
            name = hazards.get(id(hazard))
            if name is None:
                name = hazards[id(hazard)] = str(hazard)
            day = dates.get(event.start_date)
            if day is None:
                day = dates[event.start_date] = f"{event.start_date:%Y-%m-%d}"
            names.append(f"{name} · {event.region_id} · {day}")
        return names

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

    def clean_fields(self, exclude: Any = None) -> None:
        """A count of people above Indonesia's population is told as such by `clean`, not
        as the database's integer range (which differs between SQLite and PostgreSQL)."""
        absurd = absurd_problems(self.effects, None)
        super().clean_fields(exclude={*(exclude or ()), *absurd})

    def clean(self) -> None:
        """Dates in order and not in the future; the region is a regency or lies within one;
        disaggregated counts within their totals; no count of people above Indonesia's."""
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.start_date and self.start_date > today:
            errors["start_date"] = _("The start date is in the future.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.end_date and self.end_date > today:
            errors["end_date"] = _("The end date is in the future.")
        for name in ("start_date", "end_date"):
            implausible = plausible.date_problem("disasters", getattr(self, name))
            if implausible and name not in errors:
                errors[name] = implausible
        if self.region_id and self.region.level < Level.REGENCY:
            errors["region"] = _("Record an event in a regency/city, sub-district or village.")
        problems = disaggregation_problems(self.disaggregation, self.effects)
        absurd = absurd_problems(self.effects, self.disaggregation)
        if "disaggregation" in absurd:
            problems.append(absurd.pop("disaggregation"))
        if problems:
            errors["disaggregation"] = problems
        errors.update(absurd)
        if errors:
            raise ValidationError(errors)


# The groups of people a count may be split by, as the form and messages name them.
DISAGGREGATION_LABELS = {
    "female": _("women"),
    "male": _("men"),
    "age_0_4": _("aged 0–4"),
    "age_5_17": _("aged 5–17"),
    "age_18_59": _("aged 18–59"),
    "age_60_plus": _("aged 60+"),
    "with_disability": _("with disability"),
}
GROUP_LABELS = ((SEX_KEYS, _("women and men")), (AGE_KEYS, _("the age groups")))


def effect_label(name: str) -> Any:
    """The human name of an effect field (its verbose name)."""
    field = Event._meta.get_field(name)
    return getattr(field, "verbose_name", name)


# Counts of people: the effects counted in people and the people whose livelihoods were hit.
PEOPLE_COUNTS: tuple[str, ...] = (*PEOPLE_EFFECTS, "livelihoods_affected")
# Counts of houses and facilities: none can exceed the number of people in Indonesia either.
OTHER_COUNTS: tuple[str, ...] = tuple(
    name for name, (kind, _unit) in EFFECTS.items() if kind == "count" and name not in PEOPLE_COUNTS
)

# Indonesia's population on 30 June 2024: 282,477,584 (Dukcapil Kemendagri, Data Kependudukan
# Bersih semester I 2024). No event in one region can count more people than live in Indonesia;
# counts above the population of the event's region ask for a confirmation (`plausibility`).
NATIONAL_POPULATION = 282_477_584


def people_counts(values: Mapping[str, Any], disaggregation: Any) -> Iterator[tuple[str, str, int]]:
    """(field, label, count) of every known count of people: the totals, then the parts by sex,
    age and disability (field `affected__female`)."""
    for name in PEOPLE_COUNTS:
        count = values.get(name)
        if isinstance(count, int) and not isinstance(count, bool):
            yield name, str(effect_label(name)), count
    if not isinstance(disaggregation, Mapping):
        return
    for effect, parts in disaggregation.items():
        if effect not in PEOPLE_EFFECTS or not isinstance(parts, Mapping):
            continue
        for key, count in parts.items():
            if key in DISAGGREGATION_LABELS and isinstance(count, int):
                names = {"effect": effect_label(effect), "group": DISAGGREGATION_LABELS[key]}
                yield f"{effect}__{key}", str(_("%(effect)s among %(group)s") % names), count


def absurd_problems(values: Mapping[str, Any], disaggregation: Any) -> dict[str, str]:
    """Counts of people above the population of Indonesia, by field (refused outright; a part
    of a disaggregated count is reported on `disaggregation`)."""
    problems: dict[str, str] = {}
    for name, label, count in people_counts(values, disaggregation):
        if count > NATIONAL_POPULATION:
            field = "disaggregation" if "__" in name else name
            problems.setdefault(
                field,
                capfirst(
                    _(
                        "%(label)s: %(count)s is more than the whole population of Indonesia "
                        "(%(limit)s); check the figure."
                    )
                    % {
                        "label": label,
                        "count": number_format(count, force_grouping=True),
                        "limit": number_format(NATIONAL_POPULATION, force_grouping=True),
                    }
                ),
            )
    for name in OTHER_COUNTS:  # houses, facilities: sums of absurd counts overflow, too
        other = values.get(name)
        if isinstance(other, int) and not isinstance(other, bool) and other > NATIONAL_POPULATION:
            problems.setdefault(
                name,
                capfirst(
                    _(
                        "%(label)s: %(count)s is more than the number of people in Indonesia "
                        "(%(limit)s); check the figure."
                    )
                    % {
                        "label": effect_label(name),
                        "count": number_format(other, force_grouping=True),
                        "limit": number_format(NATIONAL_POPULATION, force_grouping=True),
                    }
                ),
            )
    return problems


def disaggregation_problems(value: Any, effects: dict[str, Any]) -> list[str]:
    """What is wrong with people counts by sex, age group and disability (empty when nothing),
    in the user's language with the form's names of the counts and groups."""
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
    """Problems of one effect's parts: unknown groups, bad counts, parts above the total."""
    problems: list[str] = []
    label = effect_label(effect)
    for key, count in parts.items():
        if key not in DISAGGREGATION_KEYS:
            problems.append(str(_("'%(key)s' is not a disaggregation key.") % {"key": key}))
            continue
        names = {"effect": label, "group": DISAGGREGATION_LABELS[key]}
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(
                capfirst(
                    _("%(effect)s among %(group)s must be a whole number of 0 or more.") % names
                )
            )
        elif total is not None and count > total:
            problems.append(
                capfirst(
                    _(
                        "%(effect)s among %(group)s (%(count)d) exceed the total %(effect)s "
                        "(%(total)d)."
                    )
                    % {**names, "count": count, "total": total}
                )
            )
    counts = {k: v for k, v in parts.items() if isinstance(v, int) and not isinstance(v, bool)}
    for group, groups_label in GROUP_LABELS:
        summed = sum(counts.get(k, 0) for k in group)
        # A group whose one part already exceeds the total has been reported above.
        if total is not None and summed > total >= max(counts.get(k, 0) for k in group):
            problems.append(
                capfirst(
                    _(
                        "%(effect)s: %(groups)s add up to %(sum)d, more than the total %(effect)s "
                        "(%(total)d)."
                    )
                    % {"effect": label, "groups": groups_label, "sum": summed, "total": total}
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
