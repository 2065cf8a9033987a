"""Risk method versions, village risk profiles (Perka BNPB 2/2012) and climate vulnerability
(SIDIK)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core import plausible
from tangguh.core.models import RegionOwned, year_field
from tangguh.measures.irbi import MAX_SCORE, irbi_class
from tangguh.measures.risk import LEVELS, Matrix, RiskMethod, SocialVulnerabilityMethod
from tangguh.regions.models import Level
from tangguh.risk.choices import (
    ClassRule,
    ClimateClass,
    Normalisation,
    Origin,
    RiskBasis,
    RiskLevel,
    ScoreBasis,
)


def _index(label: Any, help_text: Any = "") -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=help_text,
    )


def _level(label: Any) -> models.CharField:
    return models.CharField(label, max_length=8, choices=RiskLevel.choices, blank=True)


def _year() -> models.PositiveSmallIntegerField:
    return year_field(
        _("year"),
        null=True,
        blank=True,
        help_text=_("The year of the assessment or of its data; empty when the source gives none."),
    )


def _check_region(region_id: str | None, region: Any) -> dict[str, Any]:
    if region_id and region.level < Level.REGENCY:
        return {"region": _("Give a village, sub-district or regency/city, not a province.")}
    return {}


class RiskMethodVersion(models.Model):
    """One versioned configuration of the Perka BNPB 2/2012 risk computation, with its basis."""

    version = models.CharField(_("version"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    legal_basis = models.TextField(_("legal basis"))
    class_threshold_low = models.DecimalField(
        _("upper limit of the low class"),
        max_digits=7,
        decimal_places=6,
        help_text=_("An index below this is low."),
    )
    class_threshold_high = models.DecimalField(
        _("upper limit of the medium class"),
        max_digits=7,
        decimal_places=6,
        help_text=_("An index below this (and not low) is medium; from it on, high."),
    )
    normalisation = models.CharField(
        _("normalisation of the risk"), max_length=40, choices=Normalisation.choices
    )
    class_rule = models.CharField(
        _("risk class from indices"),
        max_length=10,
        choices=ClassRule.choices,
        default=ClassRule.MATRIX,
        help_text=_("Which computed class is the risk class when all three indices are known."),
    )
    hv_matrix = models.JSONField(
        _("hazard × vulnerability matrix"),
        help_text=_("Rows: hazard class low, medium, high; columns: vulnerability class."),
    )
    hvc_matrix = models.JSONField(
        _("(hazard × vulnerability) × capacity matrix"),
        help_text=_("Rows: the H×V class low, medium, high; columns: capacity class."),
    )
    social_weights = models.JSONField(
        _("social vulnerability weights"),
        help_text=_("Density, sex ratio, poverty ratio, disability ratio, age-group ratio."),
    )
    density_limits = models.JSONField(_("population density class limits (people/km²)"))
    ratio_limits = models.JSONField(_("ratio class limits (percent)"))
    evidence = models.JSONField(
        _("how sure each parameter is"),
        default=dict,
        blank=True,
        help_text=_("Parameter name → where its value comes from and whether it was verified."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("New profiles use the current version.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Filled by a data migration: a backup restore replaces these rows instead of refusing them.
    seeded_by_migrations: ClassVar[bool] = True
    # Which version is current decides which profile counts (core.generations).
    generation: ClassVar[str] = "risk"
    # The method's tables are left out when a version is loaded beside a profile: a list reads
    # only its name (core.querysets.heavy_paths).
    deferred_when_related: ClassVar[tuple[str, ...]] = (
        "hv_matrix",
        "hvc_matrix",
        "social_weights",
        "density_limits",
        "ratio_limits",
        "evidence",
    )

    class Meta:
        ordering = ["-is_current", "-created_at", "version"]
        verbose_name = _("risk method version")
        verbose_name_plural = _("risk method versions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="risk_method_one_current"
            )
        ]

    def __str__(self) -> str:
        return self.version

    @classmethod
    def current(cls) -> RiskMethodVersion:
        """The version new profiles are computed with."""
        found = cls.objects.filter(is_current=True).first() or cls.objects.first()
        if found is None:
            raise cls.DoesNotExist("no risk method version is configured")
        return found

    def as_method(self) -> RiskMethod:
        """The version as the pure computation's configuration (ValueError when inconsistent)."""
        weights = tuple(Decimal(str(w)) for w in self.social_weights)
        density = tuple(Decimal(str(x)) for x in self.density_limits)
        ratio = tuple(Decimal(str(x)) for x in self.ratio_limits)
        if len(weights) != 5 or len(density) != 2 or len(ratio) != 2:
            raise ValueError("social vulnerability needs 5 weights and 2 limits per measure")
        return RiskMethod(
            version=self.version,
            legal_basis=self.legal_basis,
            class_thresholds=(
                Decimal(self.class_threshold_low),
                Decimal(self.class_threshold_high),
            ),
            normalisation=cast(Any, self.normalisation),
            hv_matrix=_matrix(self.hv_matrix),
            hvc_matrix=_matrix(self.hvc_matrix),
            social=SocialVulnerabilityMethod(
                weights=cast(Any, weights),
                density_limits=cast(Any, density),
                ratio_limits=cast(Any, ratio),
            ),
        )

    def clean(self) -> None:
        """The parameters must make a valid method (thresholds in order, 3×3 class matrices)."""
        try:
            self.as_method()
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ValidationError(
                _("The parameters do not make a valid method: %(error)s") % {"error": exc}
            ) from exc


def _matrix(value: Any) -> Matrix:
    """A 3×3 matrix of class names from JSON (ValueError when it is not one)."""
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise ValueError("a class matrix has 3 rows")
    rows = []
    for row in value:
        if not isinstance(row, list | tuple) or len(row) != 3 or any(c not in LEVELS for c in row):
            raise ValueError(f"each row of a class matrix has 3 of {LEVELS}: {row!r}")
        rows.append(tuple(row))
    return cast(Matrix, tuple(rows))


class RiskProfile(RegionOwned):
    """The disaster risk of one village (or sub-district, regency) for one hazard, in one year,
    computed with one method version."""

    hazard = models.ForeignKey(
        "catalogues.HazardType",
        verbose_name=_("hazard"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = _year()
    method = models.ForeignKey(
        RiskMethodVersion,
        verbose_name=_("method version"),
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    hazard_index = _index(_("hazard index (H)"))
    hazard_class = _level(_("hazard class"))
    vulnerability_index = _index(_("vulnerability index (V)"))
    vulnerability_class = _level(_("vulnerability class"))
    capacity_index = _index(_("capacity index (C)"))
    capacity_class = _level(_("capacity class"))
    risk_index_given = _index(
        _("risk index as given"), _("A risk index on 0–1 as the source gives it (e.g. InaRISK).")
    )
    risk_class_given = _level(_("risk class as given"))
    risk_ratio = models.DecimalField(
        _("R = H × V / C"), max_digits=16, decimal_places=6, null=True, blank=True
    )
    risk_normalised = _index(_("risk index (computed)"))
    risk_class_by_index = _level(_("risk class by index"))
    risk_class_by_matrix = _level(_("risk class by matrix"))
    risk_class = models.CharField(_("risk class"), max_length=8, choices=RiskLevel.choices)
    basis = models.CharField(_("basis of the risk class"), max_length=10, choices=RiskBasis.choices)
    source = models.CharField(_("source"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.FORM
    )

    INPUT_FIELDS = (
        "hazard_index",
        "hazard_class",
        "vulnerability_index",
        "vulnerability_class",
        "capacity_index",
        "capacity_class",
        "risk_index_given",
        "risk_class_given",
    )
    COMPUTED_FIELDS = (
        "risk_ratio",
        "risk_normalised",
        "risk_class_by_index",
        "risk_class_by_matrix",
        "risk_class",
        "basis",
    )
    # Figures over risk profiles are kept until a profile is written (core.generations).
    generation: ClassVar[str] = "risk"

    class Meta:
        ordering = ["region", "hazard", "-year"]
        verbose_name = _("risk profile")
        verbose_name_plural = _("risk profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "hazard", "year", "method"],
                condition=Q(year__isnull=False),
                name="risk_profile_unique",
                violation_error_message=_(
                    "This region already has a profile for this hazard, year and method version."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "hazard", "method"],
                condition=Q(year__isnull=True),
                name="risk_profile_unique_without_year",
                violation_error_message=_(
                    "This region already has a profile without a year for this hazard and method "
                    "version."
                ),
            ),
        ]
        indexes = [models.Index(fields=["hazard", "region"], name="risk_profile_hazard_region")]

    def __str__(self) -> str:
        return f"{self.hazard} · {self.region_id} · {self.year or '?'}"

    def get_absolute_url(self) -> str:
        return reverse("risk:profile-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Profiles of a year."""
        return Q(year=year)

    def compute(self) -> None:
        """Fill the classes and the risk from the given values under the profile's method."""
        from tangguh.risk.computing import COMPONENTS, Inputs, compute, rounded

        method = self.method
        try:
            configured = method.as_method()
        except ValueError as exc:
            raise ValidationError({"method": str(exc)}) from exc
        for name in (*(f"{c}_index" for c in COMPONENTS), "risk_index_given"):
            value = getattr(self, name)
            if value is None:
                continue
            number = Decimal(str(value))
            if not number.is_finite() or not Decimal(0) <= number <= Decimal(1):
                raise ValidationError({name: _("An index lies between 0 and 1.")})
            setattr(self, name, rounded(number))
        inputs = Inputs(
            indices={name: getattr(self, f"{name}_index") for name in COMPONENTS},
            classes={name: getattr(self, f"{name}_class") or "" for name in COMPONENTS},
            risk_index_given=self.risk_index_given,
            risk_class_given=self.risk_class_given or "",
        )
        result = compute(inputs, configured, method.class_rule)
        for name in COMPONENTS:
            setattr(self, f"{name}_class", result.classes[name])
        self.risk_ratio = result.risk_ratio
        self.risk_normalised = result.risk_normalised
        self.risk_class_by_index = result.risk_class_by_index
        self.risk_class_by_matrix = result.risk_class_by_matrix
        self.risk_class = result.risk_class
        self.basis = result.basis

    def clean(self) -> None:
        """The region is a regency/city or lies within one; the year is a plausible one for an
        assessment (core.plausible)."""
        errors = _check_region(self.region_id, self.region if self.region_id else None)
        implausible = plausible.year_problem("risk", self.year)
        if implausible:
            errors["year"] = implausible
        if errors:
            raise ValidationError(errors)


class ClimateVulnerability(RegionOwned):
    """The climate vulnerability class of a village (SIDIK, KLHK) in one year."""

    year = _year()
    vulnerability_class = models.CharField(
        _("climate vulnerability class"), max_length=10, choices=ClimateClass.choices
    )
    index = _index(_("vulnerability index"), _("SIDIK's index on 0–1, when the source gives it."))
    source = models.CharField(_("source"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.FORM
    )
    # Shown among a region's risk figures, kept per generation (core.generations).
    generation: ClassVar[str] = "risk"

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("climate vulnerability")
        verbose_name_plural = _("climate vulnerability")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(year__isnull=False),
                name="climate_vulnerability_unique",
                violation_error_message=_("This region already has a class for this year."),
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(year__isnull=True),
                name="climate_vulnerability_unique_without_year",
                violation_error_message=_("This region already has a class without a year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} · {self.get_vulnerability_class_display()} · {self.year or '?'}"

    def get_absolute_url(self) -> str:
        return reverse("risk:region", args=[self.region_id])

    @staticmethod
    def year_q(year: int) -> Q:
        """Classes of a year."""
        return Q(year=year)

    def clean(self) -> None:
        """The region is a regency/city or lies within one; the year is a plausible one for an
        assessment (core.plausible); the index keeps six places."""
        errors = _check_region(self.region_id, self.region if self.region_id else None)
        implausible = plausible.year_problem("climate", self.year)
        if implausible:
            errors["year"] = implausible
        if errors:
            raise ValidationError(errors)
        if self.index is not None:
            self.index = Decimal(str(self.index)).quantize(Decimal("0.000001"))


class RiskScore(RegionOwned):
    """A regency's/city's score in BNPB's disaster risk index (IRBI) of one year, for one hazard
    or for all hazards together, with its class. Not on 0–1: see `tangguh.measures.irbi`."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    hazard = models.ForeignKey(
        "catalogues.HazardType",
        verbose_name=_("hazard"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty: the score of all hazards together (multi-hazard)."),
    )
    year = year_field(_("year"), help_text=_("The year of the IRBI edition."))
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_SCORE)],
        help_text=_("As BNPB publishes it (e.g. 132.41), not on 0–1."),
    )
    score_class = models.CharField(_("class"), max_length=8, choices=RiskLevel.choices, blank=True)
    class_basis = models.CharField(
        _("basis of the class"), max_length=8, choices=ScoreBasis.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.FORM
    )
    # Shown among a region's risk figures, kept per generation (core.generations).
    generation: ClassVar[str] = "risk"

    class Meta:
        ordering = ["region", "-year", "hazard"]
        verbose_name = _("IRBI score")
        verbose_name_plural = _("IRBI scores")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "hazard", "year"],
                condition=Q(hazard__isnull=False),
                name="risk_score_unique",
                violation_error_message=_(
                    "This regency/city already has an IRBI score for this hazard and year."
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(hazard__isnull=True),
                name="risk_score_unique_all_hazards",
                violation_error_message=_(
                    "This regency/city already has an IRBI score of all hazards for this year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"IRBI {self.year} · {self.region_id} · {self.hazard_id or '*'}"

    def get_absolute_url(self) -> str:
        return reverse("risk:region", args=[self.region_id])

    @staticmethod
    def year_q(year: int) -> Q:
        """Scores of an IRBI edition."""
        return Q(year=year)

    @property
    def all_hazards(self) -> bool:
        """True for the multi-hazard score."""
        return self.hazard_id is None

    def classify(self) -> None:
        """A class given by the source stays; otherwise the class of BNPB's published bounds
        (none where they do not decide it)."""
        if self.score_class and self.class_basis != ScoreBasis.BOUNDS:
            self.class_basis = ScoreBasis.GIVEN
            return
        found = None
        if self.score is not None:
            found = irbi_class(Decimal(str(self.score)), multi_hazard=self.all_hazards)
        self.score_class = found or ""
        self.class_basis = ScoreBasis.BOUNDS if found else ""

    def clean(self) -> None:
        """IRBI scores belong to a regency/city; the class follows the score unless given."""
        if self.region_id and self.region.level != Level.REGENCY:
            raise ValidationError(
                {
                    "region": _(
                        "IRBI scores are published per regency/city; give its code (e.g. 53.01)."
                    )
                }
            )
        self.classify()
