"""The planning cycle of a regency/city for one budget year.

- `PlanningStage`: the calendar (Musrenbang desa/kelurahan … Renja final) with dates; what may be
  entered or changed follows it (see `rules.py`).
- `PartnerProgramme`: an NGO or donor programme whose village plans feed proposals.
- `Proposal` (usulan): what a village, forum, partner or DPRD member asks for, with its
  recommendation trail (`Recommendation`) and the decision on it (fields `outcome…`).
- `WorkPlanItem`: one sub-activity of an agency's work plan (Renja/RKT) for a year, with the
  proposals it answers (`ProposalLink`: the budget and location that answer each one).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned, count_field, year_field
from tangguh.core.querysets import RegionManager

MAX_MONEY = Decimal("999999999999999")  # Rp 999 trillion: far above any regency's budget
MAX_COUNT = 10_000_000  # people of one proposal: more is a typing mistake


def _money(label: Any, **extra: Any) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=17,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_MONEY)],
        **extra,
    )


def _count(label: Any) -> models.PositiveIntegerField:
    return count_field(label, validators=[MaxValueValidator(MAX_COUNT)])


class Stage(models.TextChoices):
    """The stages of the planning calendar, in order (RKPD of year n is prepared in year n-1)."""

    MUSRENBANG_DESA = "musrenbang_desa", _("Village forum (Musrenbang desa/kelurahan)")
    MUSRENBANG_KECAMATAN = "musrenbang_kecamatan", _("Sub-district forum (Musrenbang kecamatan)")
    FORUM_PD = "forum_pd", _("Agency forum (Forum Perangkat Daerah)")
    MUSRENBANG_KABKOTA = "musrenbang_kabkota", _("Regency/city forum (Musrenbang kabupaten/kota)")
    RKPD_ADOPTED = "rkpd_adopted", _("Regional work plan adopted (RKPD)")
    RENJA_FINAL = "renja_final", _("Agency work plans final (Renja)")


STAGE_ORDER = list(Stage)


class PlanningStage(RegionOwned):
    """One stage of a regency's planning calendar for a budget year, with its dates."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = year_field(_("budget year"), plausible="plans")
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    # A regency's calendar applies to its villages: their officers read it (record_for, API).
    read_from_below: ClassVar[bool] = True

    class Meta:
        ordering = ["region_id", "-year", "starts"]
        verbose_name = _("planning stage")
        verbose_name_plural = _("planning stages")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "stage"], name="planning_stage_unique"
            ),
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="stage_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.get_stage_display()}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Stages of a budget year."""
        return Q(year=year)


class PartnerProgramme(RegionOwned):
    """A partner's (NGO, donor, university) programme that helps villages plan."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The regency/city (or the province) where the programme works."),
    )
    name = models.CharField(_("name"), max_length=255)
    partner = models.CharField(_("partner organisation"), max_length=255)
    first_year = year_field(_("from (year)"), plausible="plans")
    last_year = year_field(_("until (year)"), null=True, blank=True, plausible="plans")
    description = models.TextField(_("description"), blank=True)
    practices = models.TextField(
        _("practices promoted"),
        blank=True,
        help_text=_("What the programme wants agencies to take over, one per line."),
    )
    donor = models.CharField(_("donor"), max_length=255, blank=True)
    implementers = models.CharField(
        _("implementing partners"),
        max_length=255,
        blank=True,
        help_text=_("Other organisations carrying it out with the partner, e.g. CIS Timor."),
    )
    components = models.TextField(
        _("components"),
        blank=True,
        help_text=_(
            "e.g. disaster risk reduction, livelihoods and market access, microfinance; "
            "one per line."
        ),
    )
    outputs = models.TextField(_("outputs"), blank=True, help_text=_("One per line."))
    villages = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("villages of intervention"),
        blank=True,
        related_name="+",
    )

    # A programme of a regency (or the province) works in its villages: their officers read it.
    read_from_below: ClassVar[bool] = True
    # What the programmes' practices became is kept until a programme is written.
    generation: ClassVar[str] = "programmes"

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("partner programme")
        verbose_name_plural = _("partner programmes")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="partner_programme_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:programme-detail", args=[self.pk])

    @property
    def practice_list(self) -> list[str]:
        """The practices promoted, one per line."""
        return [p.strip() for p in self.practices.splitlines() if p.strip()]


class SourceKind(models.TextChoices):
    """Where a proposal comes from."""

    MUSRENBANG_DESA = "musrenbang_desa", _("Village forum (Musrenbang desa/kelurahan)")
    MUSRENBANG_KECAMATAN = "musrenbang_kecamatan", _("Sub-district forum (Musrenbang kecamatan)")
    LIVELIHOOD_PLAN = "livelihood_plan", _("Village livelihood plan")
    RISK_PLAN = "risk_plan", _("Village disaster-risk or contingency plan")
    PARTNER = "partner", _("Partner programme")
    POKIR = "pokir", _("DPRD member's proposal (pokir)")


VILLAGE_SOURCES = frozenset(
    {
        SourceKind.MUSRENBANG_DESA,
        SourceKind.MUSRENBANG_KECAMATAN,
        SourceKind.LIVELIHOOD_PLAN,
        SourceKind.RISK_PLAN,
    }
)


class Outcome(models.TextChoices):
    """The decision on a proposal."""

    UNDECIDED = "undecided", _("Not decided yet")
    ACCOMMODATED = "accommodated", _("Accommodated")
    PARTLY = "partly", _("Partly accommodated")
    DEFERRED = "deferred", _("Deferred to a later year")
    REJECTED = "rejected", _("Rejected")


class TrailLevel(models.TextChoices):
    """The levels that recommend a proposal on its way up."""

    VILLAGE = "village", _("Village / kelurahan")
    DISTRICT = "district", _("Sub-district (camat)")
    AGENCY = "agency", _("Agency (perangkat daerah)")
    BAPPEDA = "bappeda", _("Bappeda")


TRAIL_ORDER = list(TrailLevel)


class Verdict(models.TextChoices):
    """What a level says about a proposal."""

    RECOMMENDED = "recommended", _("Recommended")
    REVISED = "revised", _("Recommended with changes")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")


class Proposal(RegionOwned):
    """A proposal (usulan) for a budget year, located in a village, sub-district or regency."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village (or sub-district) the proposal is for."),
    )
    regency = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    year = year_field(_("budget year"), plausible="plans")
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_("Your own number for the proposal, e.g. the SIPD or forum number."),
    )
    source_kind = models.CharField(_("source"), max_length=24, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    problem = models.TextField(_("problem addressed"), blank=True)
    volume = models.DecimalField(
        _("volume"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    estimated_cost = _money(_("estimated cost (Rp)"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("1 is the most important."),
    )
    women = _count(_("women"))
    men = _count(_("men"))
    disabled = _count(_("persons with disabilities"))
    elderly = _count(_("elderly"))
    children = _count(_("children"))
    hazards = models.ManyToManyField(
        "catalogues.HazardType", verbose_name=_("hazards addressed"), blank=True, related_name="+"
    )
    phases = models.JSONField(_("disaster phases"), default=list, blank=True)
    poverty = models.BooleanField(_("poverty"), default=False)
    climate_adaptation = models.BooleanField(_("climate adaptation"), default=False)
    livelihood = models.BooleanField(_("livelihood"), default=False)
    livelihood_commodity = models.CharField(
        _("livelihood tag"),
        max_length=100,
        blank=True,
        help_text=_(
            "A commodity recorded as a livelihood potential of the location (e.g. kunyit), as "
            "programmes are tagged."
        ),
    )
    partner_programme = models.ForeignKey(
        PartnerProgramme,
        verbose_name=_("partner programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    stage = models.CharField(
        _("reached"), max_length=10, choices=TrailLevel.choices, default=TrailLevel.VILLAGE
    )
    sub_activity = models.ForeignKey(
        "nomenclature.Item",
        verbose_name=_("sub-activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "sub_kegiatan"},
        help_text=_("The sub-activity the proposal is coded to (in the edition of its year)."),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("decision"), max_length=12, choices=Outcome.choices, default=Outcome.UNDECIDED
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    deferred_to = year_field(_("deferred to (year)"), null=True, blank=True, plausible="plans")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        editable=False,
        help_text=_("The deferred proposal of an earlier year this one takes up again."),
    )
    # Searched through a trigram index (core/textsearch.py).
    text_search: ClassVar[tuple[str, ...]] = ("title", "description", "problem", "reference")
    # Counts of proposals are kept until a proposal is written (core.generations).
    generation: ClassVar[str] = "proposals"

    class Meta:
        ordering = ["-year", "region_id", "priority", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "year", "reference"],
                condition=~Q(reference=""),
                name="proposal_reference_unique",
            )
        ]
        indexes = [
            models.Index(fields=["regency", "year", "outcome"], name="proposal_outcome"),
            models.Index(fields=["year", "region"], name="proposal_year_region"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:proposal-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Proposals of a budget year."""
        return Q(year=year)

    def clean(self) -> None:
        super().clean()
        self.livelihood_commodity = self.livelihood_commodity.strip()
        if self.livelihood_commodity and self.region_id:
            from tangguh.poverty import summaries as poverty

            if not poverty.livelihood_recorded(self.region_id, self.livelihood_commodity):
                raise ValidationError(
                    {
                        "livelihood_commodity": _(
                            "No livelihood potential %(name)s is recorded in this region."
                        )
                        % {"name": self.livelihood_commodity}
                    }
                )

    @property
    def text(self) -> str:
        """What the matcher reads: title, description and problem."""
        return "\n".join(t for t in (self.title, self.description, self.problem) if t)

    @property
    def beneficiaries(self) -> int | None:
        """Women and men (the other counts overlap them); None when neither is known."""
        if self.women is None and self.men is None:
            return None
        return (self.women or 0) + (self.men or 0)


class Recommendation(models.Model):
    """One level's recommendation on a proposal (village → sub-district → agency → Bappeda)."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    level = models.CharField(_("level"), max_length=10, choices=TrailLevel.choices)
    verdict = models.CharField(_("recommendation"), max_length=16, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    volume = models.DecimalField(
        _("volume"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    cost = _money(_("cost (Rp)"), null=True, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    region_lookup = "proposal__region__code"
    objects = RegionManager["Recommendation"]()

    class Meta:
        ordering = ["proposal", "at", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_verdict_display()}"

    @property
    def audit_region_code(self) -> str:
        """A recommendation lives in its proposal's region."""
        return str(self.proposal.region_id)


class FundingSource(models.TextChoices):
    """Where a work-plan item's money comes from."""

    APBD = "apbd", _("Regional budget (APBD)")
    DAK = "dak", _("Special allocation fund (DAK)")
    DANA_DESA = "dana_desa", _("Village fund (Dana Desa)")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other")


class Climate(models.TextChoices):
    """Climate budget tag."""

    NONE = "", _("None")
    ADAPTATION = "adaptation", _("Adaptation")
    MITIGATION = "mitigation", _("Mitigation")
    BOTH = "both", _("Adaptation and mitigation")


class WorkPlanStatus(models.TextChoices):
    """A work-plan item is a draft until the agency finalises its Renja."""

    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class WorkPlanItem(RegionOwned):
    """One sub-activity in an agency's annual work plan (Renja/RKT)."""

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="work_plan_items",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("government"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    year = year_field(_("budget year"), plausible="plans")
    sub_activity = models.ForeignKey(
        "nomenclature.Item",
        verbose_name=_("sub-activity"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "sub_kegiatan"},
    )
    locations = models.ManyToManyField(
        "regions.Region", verbose_name=_("locations"), blank=True, related_name="+"
    )
    indicator = models.TextField(_("output indicator"), blank=True)
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    unit = models.CharField(_("unit"), max_length=255, blank=True)
    budget = _money(_("indicative budget (Rp)"), default=Decimal(0))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices, default="apbd"
    )
    partner_programme = models.ForeignKey(
        PartnerProgramme,
        verbose_name=_("partner programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_plan_items",
        help_text=_("The programme whose practice this item carries on, if any."),
    )
    practice = models.CharField(
        _("practice carried on"),
        max_length=255,
        blank=True,
        help_text=_(
            "Which of the programme's practices the item takes over (as the programme lists it)."
        ),
    )
    phases = models.JSONField(_("disaster phases"), default=list, blank=True)
    climate = models.CharField(
        _("climate tag"), max_length=10, choices=Climate.choices, default="", blank=True
    )
    poverty = models.BooleanField(_("poverty"), default=False)
    inclusion = models.BooleanField(_("inclusion"), default=False)
    status = models.CharField(
        _("status"), max_length=6, choices=WorkPlanStatus.choices, default="draft"
    )
    note = models.TextField(_("note"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    proposals: models.ManyToManyField[Proposal, ProposalLink] = models.ManyToManyField(
        Proposal, through="ProposalLink", related_name="work_plan_items", blank=True
    )
    # Counts of work-plan items are kept until an item is written (core.generations).
    generation: ClassVar[str] = "workplans"

    class Meta:
        ordering = ["-year", "agency", "sub_activity__code", "id"]
        verbose_name = _("work-plan item")
        verbose_name_plural = _("work-plan items")
        indexes = [models.Index(fields=["region", "year"], name="workplan_region_year")]

    def __str__(self) -> str:
        return f"{self.sub_activity.code} {self.sub_activity.name}"

    def get_absolute_url(self) -> str:
        return reverse("planning:item-detail", args=[self.pk])

    def clean(self) -> None:
        """A practice carried on is one of the item's programme's practices."""
        if not self.practice:
            return
        programme = self.partner_programme
        if programme is None:
            raise ValidationError({"practice": _("Choose the programme whose practice it is.")})
        if self.practice.strip() not in programme.practice_list:
            raise ValidationError(
                {
                    "practice": _("%(programme)s does not list the practice %(practice)s.")
                    % {"programme": programme.name, "practice": self.practice}
                }
            )

    @staticmethod
    def year_q(year: int) -> Q:
        """Items of a budget year."""
        return Q(year=year)


class ProposalLink(models.Model):
    """A proposal answered by a work-plan item, with the budget and location that answer it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="links"
    )
    item = models.ForeignKey(
        WorkPlanItem,
        verbose_name=_("work-plan item"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    budget = _money(_("budget answering the proposal (Rp)"), default=Decimal(0))
    location = models.ForeignKey(
        "regions.Region",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    region_lookup = "proposal__region__code"
    objects = RegionManager["ProposalLink"]()
    # The budget allocated to proposals counts in their kept figures (the sync matrix).
    generation: ClassVar[str] = "proposals"

    class Meta:
        ordering = ["proposal", "item"]
        verbose_name = _("proposal link")
        verbose_name_plural = _("proposal links")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "item"], name="proposal_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} → {self.item_id}"

    @property
    def audit_region_code(self) -> str:
        """A link lives in its proposal's region."""
        return str(self.proposal.region_id)


class WrongSuggestion(RegionOwned):
    """A planner marked a suggested sub-activity wrong for a proposal (or a text): the matcher
    stops suggesting it for essentially the same text in the regency/city."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The regency/city whose suggestions this mark changes."),
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wrong_suggestions",
    )
    text = models.TextField(_("text"), help_text=_("The text the suggestion was made for."))
    sub_activity = models.ForeignKey(
        "nomenclature.Item",
        verbose_name=_("sub-activity"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": "sub_kegiatan"},
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    marked_by = models.CharField(_("marked by"), max_length=150)

    class Meta:
        ordering = ["region_id", "-created_at", "-id"]
        verbose_name = _("suggestion marked wrong")
        verbose_name_plural = _("suggestions marked wrong")
        indexes = [models.Index(fields=["region", "created_at"], name="wrong_region_created")]

    def __str__(self) -> str:
        return f"{self.sub_activity.code} ✗ {self.text[:60]}"


class Coding(RegionOwned):
    """A planner coded a proposal to a sub-activity: where the chosen code stood among the
    suggestions the matcher made just before (for the regency's accuracy over time)."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="codings",
    )
    year = year_field(_("budget year"), plausible="plans")
    code = models.CharField(_("sub-activity chosen"), max_length=40)
    previous_code = models.CharField(_("code replaced"), max_length=40, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank among the suggestions"),
        null=True,
        blank=True,
        help_text=_("1 when the first suggestion was chosen; empty when it was not suggested."),
    )
    suggested_code = models.CharField(_("first suggestion"), max_length=40, blank=True)
    confidence = models.FloatField(
        _("confidence of the first suggestion"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    status = models.CharField(_("matcher status"), max_length=16, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    by = models.CharField(_("by"), max_length=150)

    class Meta:
        ordering = ["region_id", "-created_at", "-id"]
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        indexes = [models.Index(fields=["region", "created_at"], name="coding_region_created")]

    def __str__(self) -> str:
        return f"{self.code} (#{self.rank or '-'})"

    @staticmethod
    def year_q(year: int) -> Q:
        """Codings of proposals of a budget year."""
        return Q(year=year)
