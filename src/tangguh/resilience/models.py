"""Resilience instruments as data (IKD, Destana, the village index, city resilience) and the
assessments of regions scored with them.

An instrument version holds its sections, indicators, questions, weights, hazard relevance,
scoring rule and classes, each with its basis and whether it was verified; the uncertain rules
(the IKD level → score mapping, the class cut-offs) are fields a province administrator sets,
and every score keeps the rules it was computed with (`Assessment.scored_with`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned, year_field
from tangguh.core.querysets import RegionManager
from tangguh.measures import resilience as measure
from tangguh.regions.models import Level

PROVINCE_CODE = "53"


class Rule(models.TextChoices):
    """How an instrument's answers become a score (tangguh.measures.resilience)."""

    CASCADE_LEVEL = "cascade-level", _("Level per indicator, weighted mean (IKD)")
    COUNT_YES = "count-yes", _("Number of counted yes answers (Destana)")
    PERCENT_YES = "percent-yes", _("Counted yes answers as 0–100 (village index)")
    ASPECT_MEAN = "aspect-mean", _("Mean of aspect scores (city resilience)")


class LevelMapping(models.TextChoices):
    """The IKD level → score mapping; no source fixes it."""

    MINUS_ONE = "level-1/4", _("(level − 1) / 4")
    OVER_FIVE = "level/5", _("level / 5")


class AnswerType(models.TextChoices):
    """What a question takes."""

    YESNO = "yesno", _("Yes or no")
    NUMBER = "number", _("Number")


class Instrument(models.Model):
    """One version of an assessment instrument (code `ikd-2016`, `destana-2012`, …)."""

    generation: ClassVar[str] = "resilience"  # its title is shown beside kept scores

    class Family(models.TextChoices):
        IKD = "ikd", _("Regional resilience index (IKD)")
        DESTANA = "destana", _("Disaster-resilient village (Destana)")
        CITY = "city", _("City resilience")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In use")
        PLACEHOLDER = "placeholder", _("Empty slot: indicators not loaded yet")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)
    family = models.CharField(_("family"), max_length=10, choices=Family.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    legal_basis = models.TextField(_("legal basis"))
    level = models.PositiveSmallIntegerField(
        _("assessed level"), choices=Level.choices, help_text=_("The kind of region assessed.")
    )
    verifier_level = models.PositiveSmallIntegerField(
        _("verified at level"),
        choices=Level.choices,
        help_text=_(
            "The province verifies regencies' IKD; the regency verifies villages' Destana."
        ),
    )
    rule = models.CharField(_("scoring rule"), max_length=14, choices=Rule.choices)
    rule_verified = models.BooleanField(_("scoring rule verified"), default=False)
    rule_basis = models.TextField(_("basis of the scoring rule"), blank=True)
    mapping = models.CharField(
        _("level → score mapping"),
        max_length=10,
        choices=LevelMapping.choices,
        default=LevelMapping.MINUS_ONE,
        help_text=_("Only for level-based instruments (IKD). Not published in any source found."),
    )
    mapping_verified = models.BooleanField(_("mapping verified"), default=False)
    mapping_basis = models.TextField(_("basis of the mapping"), blank=True)
    owner_code = models.CharField(
        _("owned by region"),
        max_length=20,
        default=PROVINCE_CODE,
        help_text=_("Managers of this region set the instrument's rules."),
    )
    shipped = models.BooleanField(_("shipped with tangguh"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Installed after every migration (apps.py): a backup restore replaces these rows.
    seeded_by_migrations: ClassVar[bool] = True

    class Meta:
        ordering = ["family", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("resilience:instrument-detail", args=[self.code])

    @property
    def audit_region_code(self) -> str:
        """Changes are recorded in (and allowed to managers of) the owning region."""
        return self.owner_code

    @property
    def is_placeholder(self) -> bool:
        return self.status == self.Status.PLACEHOLDER

    @property
    def uses_mapping(self) -> bool:
        return self.rule == Rule.CASCADE_LEVEL

    def spec(self) -> measure.InstrumentSpec:
        """The instrument as tangguh.measures.resilience scores it."""
        return measure.InstrumentSpec(
            code=self.code,
            rule=self.rule,  # type: ignore[arg-type]
            sections=tuple(
                measure.SectionSpec(s.key, s.weight) for s in self.sections.order_by("order")
            ),
            indicators=tuple(
                measure.IndicatorSpec(i.key, i.section.key, i.weight, frozenset(i.hazards or ()))
                for i in self.indicators.select_related("section").order_by("order")
            ),
            questions=tuple(
                measure.QuestionSpec(
                    q.key,
                    q.indicator.key,
                    q.order,
                    cast(measure.AnswerType, q.answer_type),
                    q.worst,
                    q.best,
                )
                for q in self.questions.select_related("indicator")
            ),
            classes=tuple(measure.ClassSpec(c.key, c.minimum, c.above) for c in self.classes.all()),
            mapping=self.mapping,  # type: ignore[arg-type]
        )

    def rules(self) -> dict[str, Any]:
        """The rules a score was computed with, as stored beside it and shown with it."""
        classes = list(self.classes.all())
        return {
            "version": measure.VERSION,
            "rule": self.rule,
            "rule_verified": self.rule_verified,
            "mapping": self.mapping if self.uses_mapping else None,
            "mapping_verified": self.mapping_verified if self.uses_mapping else None,
            "classes": [
                {"key": c.key, "minimum": f"{c.minimum.normalize():f}", "above": c.above}
                for c in classes
            ],
            "classes_verified": all(c.verified for c in classes) if classes else None,
        }


class InstrumentPart(models.Model):
    """A part of an instrument: changes are recorded in the instrument's owning region."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE
    )
    verified = models.BooleanField(_("verified"), default=False)
    basis = models.TextField(_("basis"), blank=True)

    seeded_by_migrations: ClassVar[bool] = True

    class Meta:
        abstract = True

    @property
    def audit_region_code(self) -> str:
        return self.instrument.owner_code if self.instrument_id else ""


class Section(InstrumentPart):
    """A section: an IKD priority, a Destana aspect, a city-resilience aspect."""

    key = models.CharField(_("key"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4, default=Decimal(1))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["instrument", "order"]
        default_related_name = "sections"
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="section_key_unique")
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class Indicator(InstrumentPart):
    """An indicator, its weight and the hazards it applies to (empty: every region)."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE)
    key = models.CharField(_("key"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4, default=Decimal(1))
    hazards = models.JSONField(
        _("applies to regions with hazards"),
        default=list,
        blank=True,
        help_text=_("Hazard keys; empty: the indicator applies to every region."),
    )
    to_complete = models.BooleanField(
        _("to be completed by an administrator"),
        default=False,
        help_text=_("The name or the questions are not known yet and must be completed."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["instrument", "order"]
        default_related_name = "indicators"
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="indicator_key_unique")
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.key}. {self.title}"


class Question(InstrumentPart):
    """A question (IKD key question, Destana question) with its answer type and skip rule."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE)
    key = models.CharField(_("key"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order in the indicator"))
    position = models.PositiveIntegerField(_("position in the instrument"), default=0)
    text = models.TextField(_("question"))
    answer_type = models.CharField(
        _("answer type"), max_length=8, choices=AnswerType.choices, default=AnswerType.YESNO
    )
    worst = models.DecimalField(
        _("worst value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    best = models.DecimalField(
        _("best value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    skip = models.TextField(_("skip rule as printed"), blank=True)
    to_complete = models.BooleanField(_("to be completed by an administrator"), default=False)

    class Meta:
        ordering = ["instrument", "position"]
        default_related_name = "questions"
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="question_key_unique")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.key}. {self.text[:80]}"


class ScoreClass(InstrumentPart):
    """A class a score falls in from `minimum` on (strictly above it with `above`)."""

    key = models.SlugField(_("key"), max_length=20)
    label = models.CharField(_("label"), max_length=80)
    minimum = models.DecimalField(_("from"), max_digits=10, decimal_places=4)
    above = models.BooleanField(_("strictly above"), default=False)

    class Meta:
        ordering = ["instrument", "minimum", "above"]
        default_related_name = "classes"
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="class_key_unique")
        ]
        verbose_name = _("score class")
        verbose_name_plural = _("score classes")

    def __str__(self) -> str:
        return self.label


class Status(models.TextChoices):
    """Where an assessment stands."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for verification")
    RETURNED = "returned", _("Returned for correction")
    FINAL = "final", _("Verified (final)")


EDITABLE = (Status.DRAFT, Status.RETURNED)


class Assessment(RegionOwned):
    """An instrument filled for one region and year, scored with the instrument's rules."""

    # Region facts are kept per generation (core.generations); `services.rescore` bumps it.
    generation: ClassVar[str] = "resilience"

    class Source(models.TextChoices):
        WEB = "web", _("Filled in the browser")
        ODK = "odk", _("Collected with ODK/KoboToolbox")
        EXCEL = "excel", _("Imported from Excel")
        DEMO = "demo", _("Demo data")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    year = year_field(_("year"), plausible="assessments")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    hazards = models.JSONField(
        _("hazards the region faces"),
        null=True,
        blank=True,
        help_text=_(
            "Hazard keys; indicators of other hazards are left out. Empty: not known, every "
            "indicator counts."
        ),
    )
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=4, null=True, blank=True)
    klass = models.CharField(_("class"), max_length=20, blank=True)
    scored_with = models.JSONField(_("rules used"), default=dict, blank=True)
    flagged = models.PositiveIntegerField(_("yes after no (not counted)"), default=0)
    unanswered = models.PositiveIntegerField(_("questions to answer"), default=0)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.WEB)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "instrument", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "region", "year"], name="assessment_unique"
            )
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.instrument.code} · {self.region_id} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("resilience:assessment-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        return Q(year=year)

    @property
    def is_demo(self) -> bool:
        return self.source == self.Source.DEMO

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def verifier_code(self) -> str:
        """The region whose members verify: the province (IKD) or the regency (Destana)."""
        parts = self.region_id.split(".")
        return ".".join(parts[: self.instrument.verifier_level])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.instrument_id and self.instrument.is_placeholder:
            errors["instrument"] = _(
                "This instrument is an empty slot: its indicators are not loaded yet."
            )
        if self.instrument_id and self.region_id and self.region.level != self.instrument.level:
            errors["region"] = _("%(instrument)s assesses a %(level)s, not a %(this)s.") % {
                "instrument": self.instrument.code,
                "level": Level(self.instrument.level).label.lower(),
                "this": Level(self.region.level).label.lower(),
            }
        if errors:
            raise ValidationError(errors)


class Answer(models.Model):
    """The answer to one question with its evidence and comment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT)
    value = models.CharField(
        _("answer"),
        max_length=3,
        blank=True,
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_link = models.URLField(_("evidence link"), blank=True, max_length=500)
    # The stored name of an uploaded file (services.store_evidence), served to those who may
    # view the assessment.
    evidence_file = models.CharField(_("evidence file"), max_length=255, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    flagged = models.BooleanField(_("yes after no (not counted)"), default=False)
    carried_over = models.BooleanField(
        _("from last year"), default=False, help_text=_("Offered again from last year's answers.")
    )

    region_lookup: ClassVar[str] = "assessment__region__code"
    objects = RegionManager["Answer"]()

    class Meta:
        ordering = ["assessment", "question__position"]
        default_related_name = "answers"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question.key}: {self.shown}"

    @property
    def audit_region_code(self) -> str:
        return self.assessment.region_id if self.assessment_id else ""

    @property
    def shown(self) -> str:
        if self.number is not None:
            return f"{self.number.normalize():f}"
        return str(self.get_value_display()) if self.value else ""

    def parsed(self) -> measure.Answer:
        """The answer as scoring takes it."""
        if self.number is not None:
            return self.number
        return {"yes": True, "no": False}.get(self.value)


class Review(models.Model):
    """A step of the verification trail: submitted, returned, verified, reopened; with comment."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        VERIFIED = "verified", _("Verified")
        REOPENED = "reopened", _("Reopened")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    region_lookup: ClassVar[str] = "assessment__region__code"
    objects = RegionManager["Review"]()

    class Meta:
        ordering = ["assessment", "at", "id"]
        default_related_name = "reviews"
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.actor_name}"

    @property
    def audit_region_code(self) -> str:
        return self.assessment.region_id if self.assessment_id else ""
