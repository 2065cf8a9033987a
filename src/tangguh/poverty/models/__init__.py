"""The poverty registry and its companions: households of a village with their welfare and
(encrypted) identifiers, each reveal of an identifier, poverty-reduction targets, and local
estimates kept apart from BPS's published statistics.

BPS's own series (P0, poor people, P1, P2, poverty line per regency and year) are the regions
app's reference `Statistic`s; this module reads them, it does not copy them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core.indexes import CaseInsensitivePrefixIndex
from tangguh.core.models import RegionOwned, count_field, year_field
from tangguh.core.querysets import RegionManager
from tangguh.regions import codes
from tangguh.regions.models import Level

MAX_MEMBERS = 40
# Monthly expenditure per person above this is not plausible for a registry (about 60 times
# NTT's poverty line): a typing error, or a household total entered per person.
MAX_EXPENDITURE = 30_000_000


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class Household(RegionOwned):
    """A household of the social registry (DTSEN, a local verification, or synthetic data) in a
    year: its village, size, welfare and the people in it who need attention. Identifiers (NIK of
    the head, KK number) are stored encrypted, with a keyed hash for matching; pages, API and
    exports show them masked."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    year = year_field(_("year"), plausible="assessments")
    household_id = models.CharField(_("household id"), max_length=40)

    generation: ClassVar[str] = "households"  # village measures are kept per generation
    members = models.PositiveSmallIntegerField(
        _("members"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MEMBERS)]
    )
    weight = models.FloatField(
        _("weight"),
        default=1.0,
        validators=[MinValueValidator(0.0)],
        help_text=_("Survey weight: how many households this one stands for (1 in a registry)."),
    )
    expenditure_per_capita = models.PositiveIntegerField(
        _("expenditure per person (Rp/month)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EXPENDITURE)],
    )
    welfare_score = models.FloatField(_("welfare score"), null=True, blank=True)
    decile = models.PositiveSmallIntegerField(
        _("DTSEN decile"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A rank among ten equal groups of the population, not an expenditure class."),
    )
    head_sex = models.CharField(_("sex of the head"), max_length=1, choices=Sex.choices, blank=True)
    disabled_members = count_field(_("members with a disability"))
    elderly_members = count_field(_("members aged 60 or more"))
    child_members = count_field(_("children (under 18)"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    nik_token = models.TextField(_("NIK (encrypted)"), blank=True, editable=False)
    nik_hash = models.CharField(_("NIK hash"), max_length=64, blank=True, editable=False)
    kk_token = models.TextField(_("KK number (encrypted)"), blank=True, editable=False)
    kk_hash = models.CharField(_("KK hash"), max_length=64, blank=True, editable=False)
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated data, not real households.")
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    # Identifiers never enter the change log, not even encrypted.
    audit_exclude: ClassVar[tuple[str, ...]] = ("nik_token", "nik_hash", "kk_token", "kk_hash")

    class Meta:
        ordering = ["region_id", "household_id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["year", "household_id"], name="household_once_a_year")
        ]
        indexes = [
            # A year's households by village, and what FGT sums need: the village measures
            # read this index alone, in village order (4x faster than reading the table).
            models.Index(
                fields=["year", "region", "expenditure_per_capita", "members", "weight"],
                name="household_year_region_fgt",
            ),
            models.Index(fields=["nik_hash"], name="household_nik_hash"),
            # The household search (an id's first characters, in any case) reads this index,
            # not the whole registry (SQL as Django writes `istartswith`; see core/indexes.py).
            CaseInsensitivePrefixIndex(field="household_id", name="household_id_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("poverty:household-detail", args=[self.pk])

    @classmethod
    def audit_reprs(cls, objects: list[Household]) -> list[str]:
        """Names of many households at once (for bulk change records)."""
        return [f"{o.household_id} ({o.year})" for o in objects]

    @staticmethod
    def year_q(year: int) -> Q:
        """Households registered for a year."""
        return Q(year=year)

    @staticmethod
    def id_starts_q(text: str) -> Q:
        """Households whose id starts with `text`, in any case (served by household_id_prefix;
        identifiers are never searched)."""
        return Q(household_id__istartswith=text)

    @property
    def has_nik(self) -> bool:
        return bool(self.nik_token)

    @property
    def has_kk(self) -> bool:
        return bool(self.kk_token)

    @property
    def persons(self) -> float:
        """The persons this household stands for (weight x members)."""
        return self.weight * self.members

    def clean(self) -> None:
        """A household lives in a village; its counted members fit in it."""
        errors = {}
        if self.region_id and self.region.level != Level.VILLAGE:
            errors["region"] = _("A household belongs to a village (desa/kelurahan).")
        if self.members:
            for name in ("disabled_members", "elderly_members", "child_members"):
                value = getattr(self, name)
                if value is not None and value > self.members:
                    errors[name] = _("More than the household's members.")
        if errors:
            raise ValidationError(errors)


class IdentifierReveal(RegionOwned):
    """One showing of a household's identifiers to a permitted user, with the reason given."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="reveals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("identifier reveal")
        verbose_name_plural = _("identifier reveals")

    def __str__(self) -> str:
        return f"{self.household.household_id}: {self.reason[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:household-detail", args=[self.household_id])


class Target(RegionOwned):
    """A poverty-reduction target of a region: a rate to reach by a year, with its basis."""

    class Measure(models.TextChoices):
        POVERTY = "p0", _("Poverty rate (P0, BPS national line)")
        EXTREME = "extreme", _("Extreme poverty rate")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    target_rate = models.DecimalField(
        _("target rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    target_year = year_field(_("target year"), plausible="plans")
    basis = models.CharField(
        _("basis"),
        max_length=255,
        help_text=_("The plan or regulation that sets the target (e.g. RPD, Inpres 4/2022)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["region_id", "target_year", "measure"]
        verbose_name = _("poverty target")
        verbose_name_plural = _("poverty targets")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "measure", "target_year"], name="poverty_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.target_rate} % · {self.target_year}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:target-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Targets still ahead in (or reached by) a year."""
        return Q(target_year__gte=year)

    def clean(self) -> None:
        if self.region_id and self.region.level != Level.REGENCY:
            raise ValidationError({"region": _("A target belongs to a regency/city.")})


class LocalEstimate(models.Model):
    """A figure that is not a BPS statistic (a ministry's estimate printed in the press, a
    regency's own count), kept apart from BPS's series and always shown with its source."""

    generation: ClassVar[str] = "statistics"  # read with BPS's series, kept with them

    class Indicator(models.TextChoices):
        EXTREME_RATE = "extreme_rate", _("Extreme poverty rate (%)")
        EXTREME_POOR = "extreme_poor_thousands", _("Extremely poor people (thousands)")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = year_field(_("year"), plausible="assessments")
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=255)
    note = models.TextField(_("note"), blank=True)

    region_lookup: ClassVar[str] = "region__code"

    class Meta:
        ordering = ["region_id", "indicator", "year"]
        verbose_name = _("local estimate")
        verbose_name_plural = _("local estimates")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year", "source"], name="local_estimate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.indicator} {self.year}: {self.value} ({self.source})"


class Programme(RegionOwned):
    """A poverty programme run in a regency/city (or province-wide): national (PKH, Sembako,
    PIP, PBI-JK) or local (an agency's sub-activity), with whom it is meant for."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        LOCAL = "local", _("Local")

    class Unit(models.TextChoices):
        HOUSEHOLD = "household", _("Household (family)")
        PERSON = "person", _("Person")
        STUDENT = "student", _("Student")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.SlugField(_("code"), max_length=30, help_text=_("e.g. PKH, SEMBAKO, PBI-JK"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.HOUSEHOLD)
    max_decile = models.PositiveSmallIntegerField(
        _("eligible up to DTSEN decile"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "PKH and Sembako take deciles 1–4, PBI-JK 1–5; empty: the poor by expenditure."
        ),
    )
    benefit_per_year = models.DecimalField(
        _("benefit per beneficiary a year (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sub_activity = models.CharField(
        _("sub-activity code"),
        max_length=40,
        blank=True,
        help_text=_("The work-plan sub-activity that funds a local programme (nomenclature code)."),
    )
    work_plan_item = models.ForeignKey(
        "planning.WorkPlanItem",
        verbose_name=_("work-plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The agency work-plan item (sub-activity and budget) that funds it, if any."),
    )
    livelihood = models.CharField(
        _("livelihood tag"),
        max_length=100,
        blank=True,
        help_text=_("A commodity recorded as a livelihood potential in the region (e.g. kunyit)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["region_id", "kind", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="poverty_programme_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:programme-detail", args=[self.pk])

    def clean(self) -> None:
        if self.region_id and self.region.level > Level.REGENCY:
            raise ValidationError(
                {"region": _("A programme belongs to a regency/city or the province.")}
            )
        agency = self.agency if self.agency_id else None
        home = (self.region_id, self.region_id.split(".")[0]) if self.region_id else ()
        if agency is not None and home and agency.region_id not in home:
            raise ValidationError({"agency": _("Not an agency of this regency/city or province.")})
        item = self.work_plan_item if self.work_plan_item_id else None
        if (
            item is not None
            and self.region_id
            and not codes.related(item.region_id, self.region_id)
        ):
            message = _("The work-plan item belongs to %(item)s, outside %(region)s.")
            raise ValidationError(
                {"work_plan_item": message % {"item": item.region_id, "region": self.region_id}}
            )
        if self.livelihood and self.region_id:
            known = Livelihood.objects.within(self.region_id).filter(
                commodity__iexact=self.livelihood.strip()
            )
            if not known.exists():
                raise ValidationError(
                    {
                        "livelihood": _(
                            "No livelihood potential %(name)s is recorded in this region."
                        )
                        % {"name": self.livelihood}
                    }
                )


class Beneficiary(models.Model):
    """A household receiving a programme in a year (scoped and logged in the household's
    village)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="beneficiaries",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="benefits"
    )
    year = year_field(_("year"), plausible="plans")
    benefit = models.DecimalField(
        _("benefit received (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    region_lookup: ClassVar[str] = "household__region__code"
    objects = RegionManager["Beneficiary"]()

    class Meta:
        ordering = ["programme_id", "household_id", "year"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "household", "year"], name="poverty_beneficiary_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.household_id}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:household-detail", args=[self.household_id])

    @staticmethod
    def year_q(year: int) -> Q:
        return Q(year=year)

    @property
    def audit_region_code(self) -> str:
        return self.household.region_id if self.household_id else ""


# The ledger, monitoring and livelihood records live in their own files.
from tangguh.poverty.models.funds import FundLoan, FundRepayment, RevolvingFund  # noqa: E402
from tangguh.poverty.models.livelihoods import Livelihood  # noqa: E402
from tangguh.poverty.models.monitoring import Finding, ProgrammeOutput  # noqa: E402

__all__ = [
    "Beneficiary",
    "Finding",
    "FundLoan",
    "FundRepayment",
    "Household",
    "IdentifierReveal",
    "Livelihood",
    "LocalEstimate",
    "Programme",
    "ProgrammeOutput",
    "RevolvingFund",
    "Sex",
    "Target",
]
