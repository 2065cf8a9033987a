"""Coordination: pentahelix stakeholders, signed commitments with their signatories, and the
follow-up plan (RTL, regional action plan) whose items are tracked to the end with progress
updates and evidence.

A commitment belongs to the government that convened the meeting (the province for the
provincial coordination meeting, a regency for a regency forum) and names the regions that
signed it; its follow-up items each belong to one of those regions, whose members update them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.models import RegionOwned, count_field
from tangguh.core.querysets import RegionManager
from tangguh.regions.models import Level

# An open item without a progress update for this many days is stalled.
STALLED_DAYS = 60


def codes_related(a: str, b: str) -> bool:
    """True when one region code lies within the other (or they are the same)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def lies_within(code: str, root: str) -> bool:
    """True when `code` is `root` or lies in its subtree."""
    return code == root or code.startswith(root + ".")


class Pentahelix(models.TextChoices):
    """The five elements of the pentahelix (BNPB): who a party is."""

    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia")
    COMMUNITY = "community", _("Community (NGOs, volunteers, faith groups)")
    MEDIA = "media", _("Media")


# The role each element plays in disaster management, as BNPB and BPBD material labels it.
PENTAHELIX_ROLES = {
    Pentahelix.GOVERNMENT: _("regulator, controller, coordinator"),
    Pentahelix.BUSINESS: _("enabler"),
    Pentahelix.ACADEMIA: _("conceptor, innovator"),
    Pentahelix.COMMUNITY: _("accelerator"),
    Pentahelix.MEDIA: _("amplifier"),
}


class Stakeholder(RegionOwned):
    """A party to coordination: an agency, a company, a university, an NGO or community group,
    a media outlet. Its contacts are shown only to members of its region."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province or regency/city where the party is registered."),
    )
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("pentahelix element"), max_length=12, choices=Pentahelix.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a government party: the agency, whose officers see its follow-up items."),
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    regions_of_work = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("regions of work"),
        blank=True,
        related_name="+",
        help_text=_("The regencies/cities where the party works."),
    )

    # Parties of the province work in every regency: their members read them (not their contacts).
    read_from_below: ClassVar[bool] = True

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="stakeholder_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:stakeholder-detail", args=[self.pk])

    @property
    def role(self) -> Any:
        """The pentahelix role of the party's element."""
        return PENTAHELIX_ROLES.get(Pentahelix(self.category), "") if self.category else ""

    def clean(self) -> None:
        """Registered in the province or a regency/city; an agency of the same government."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level > Level.REGENCY:
            errors["region"] = _("A stakeholder is registered in the province or a regency/city.")
        agency = self.agency if self.agency_id else None
        if agency is not None and self.region_id and agency.region_id != self.region_id:
            errors["agency"] = _("The agency belongs to %(agency)s, not to %(region)s.") % {
                "agency": agency.region_id,
                "region": self.region_id,
            }
        if errors:
            raise ValidationError(errors)


class Commitment(RegionOwned):
    """A signed commitment (berita acara kesepakatan, komitmen bersama) of a coordination
    meeting, with the regions that signed it and its follow-up plan."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province or regency/city whose meeting agreed the commitment."),
    )
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("points agreed"))
    date = models.DateField(
        _("date of the meeting"), help_text=_("The day the commitment was signed.")
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    document = models.FileField(
        _("signed document"), upload_to="coordination/commitments/", blank=True
    )
    regions = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("regions committed"),
        related_name="+",
        help_text=_("The regions whose representatives signed."),
    )
    parties = models.ManyToManyField(
        Stakeholder, verbose_name=_("parties"), blank=True, related_name="commitments"
    )

    # The province's commitment binds the regencies: their members read it.
    read_from_below: ClassVar[bool] = True

    class Meta:
        ordering = ["-date", "title", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:commitment-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Commitments signed in a year."""
        return Q(date__year=year)

    def clean(self) -> None:
        """Convened by the province or a regency/city; not signed in the future."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level > Level.REGENCY:
            errors["region"] = _("A commitment is convened by the province or a regency/city.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date of the meeting is in the future.")
        if errors:
            raise ValidationError(errors)


class CommitmentItem(models.Model):
    """A record of a commitment (scoped and audited in the commitment's region)."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE
    )

    region_lookup: ClassVar[str] = "commitment__region__code"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("coordination:commitment-detail", args=[self.commitment_id])

    @property
    def audit_region_code(self) -> str:
        """Changes are recorded in the commitment's region."""
        return self.commitment.region_id if self.commitment_id else ""


class Signatory(CommitmentItem):
    """Who signed a commitment for a region."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("signed for"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    category = models.CharField(
        _("pentahelix element"),
        max_length=12,
        choices=Pentahelix.choices,
        default=Pentahelix.GOVERNMENT,
    )

    objects = RegionManager["Signatory"]()

    class Meta:
        ordering = ["region_id", "name", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        default_related_name = "signatories"

    def __str__(self) -> str:
        return f"{self.name} ({self.region_id})"

    def clean(self) -> None:
        """A signatory signs for one of the commitment's regions."""
        if not (self.region_id and self.commitment_id):
            return
        regions = self.commitment.regions.values_list("code", flat=True)
        if self.region_id not in regions:
            raise ValidationError(
                {
                    "region": _(
                        "%(code)s is not one of the regions of the commitment: a signatory "
                        "signs for a region that committed."
                    )
                    % {"code": self.region_id}
                }
            )


class ActionStatus(models.TextChoices):
    """Where a follow-up item stands."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED = (ActionStatus.DONE, ActionStatus.CANCELLED)
# How far along each status is: going to a lower rank is going backwards and needs a note.
STATUS_RANK = {
    ActionStatus.NOT_STARTED: 0,
    ActionStatus.IN_PROGRESS: 1,
    ActionStatus.DELAYED: 1,
    ActionStatus.DONE: 2,
    ActionStatus.CANCELLED: 2,
}


def goes_backwards(old: str, new: str) -> bool:
    """True when moving from status `old` to `new` goes back (done → in progress, …)."""
    return STATUS_RANK[ActionStatus(new)] < STATUS_RANK[ActionStatus(old)]


class Funding(models.TextChoices):
    """Where the money for a follow-up item comes from."""

    APBD = "apbd", _("Regional budget (APBD)")
    APBDES = "apbdes", _("Village budget (APBDes)")
    APBN = "apbn", _("National budget (APBN)")
    CSR = "csr", _("Business (CSR)")
    PARTNER = "partner", _("Partner or NGO")
    NONE = "none", _("No funding needed")
    OTHER = "other", _("Other")


class ActionItem(RegionOwned):
    """One row of a follow-up plan (rencana tindak lanjut): the issue found, the action agreed,
    its output, who is responsible, by when, with what money, and where it stands."""

    generation: ClassVar[str] = "coordination"  # region facts are kept per generation

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region that carries the item out (one of the commitment's)."),
    )
    number = models.CharField(_("no."), max_length=20, blank=True)
    issue = models.TextField(_("issue or challenge"))
    phase = models.CharField(
        _("disaster phase"), max_length=5, choices=DisasterPhase.choices, blank=True
    )
    action = models.TextField(_("action"))
    indicator = models.CharField(_("output indicator"), max_length=255, blank=True)
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    responsible = models.ForeignKey(
        Stakeholder,
        verbose_name=_("responsible party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for",
    )
    supporting = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("supporting parties"),
        blank=True,
        related_name="supporting",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    funding = models.CharField(
        _("funding source"), max_length=10, choices=Funding.choices, default=Funding.APBD
    )
    work_plan_item = models.ForeignKey(
        "planning.WorkPlanItem",
        verbose_name=_("work-plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The agency work-plan item (sub-activity) that funds the action, if any."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.NOT_STARTED,
        editable=False,
    )
    last_update_on = models.DateField(_("last progress update"), null=True, editable=False)

    class Meta:
        ordering = ["commitment", "region_id", "number", "id"]
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        indexes = [models.Index(fields=["status", "deadline"], name="action_status_deadline")]

    def __str__(self) -> str:
        label = self.action if len(self.action) <= 80 else self.action[:79] + "…"
        return f"{self.number} {label}".strip()

    def get_absolute_url(self) -> str:
        return reverse("coordination:action-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Items due in a year."""
        return Q(deadline__year=year)

    @staticmethod
    def overdue_q(today: dt.date) -> Q:
        """Open items whose deadline has passed."""
        return Q(deadline__lt=today) & ~Q(status__in=CLOSED)

    @staticmethod
    def stalled_q(today: dt.date) -> Q:
        """Open items without a progress update for STALLED_DAYS days."""
        since = today - dt.timedelta(days=STALLED_DAYS)
        return ~Q(status__in=CLOSED) & (
            Q(last_update_on__lt=since) | Q(last_update_on__isnull=True, created_at__date__lt=since)
        )

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open and past its deadline."""
        today = today or timezone.localdate()
        return bool(self.deadline and self.deadline < today and self.status not in CLOSED)

    def is_stalled(self, today: dt.date | None = None) -> bool:
        """Open and without a progress update for STALLED_DAYS days."""
        if self.status in CLOSED:
            return False
        today = today or timezone.localdate()
        last = self.last_update_on or (self.created_at.date() if self.created_at else today)
        return (today - last).days > STALLED_DAYS

    def clean(self) -> None:
        """A responsible party and a deadline, not before the meeting; the item's region is one
        of the commitment's; the parties and work-plan item belong around that region."""
        errors: dict[str, Any] = {}
        if self.responsible_id is None:
            errors["responsible"] = _("A follow-up item needs a responsible party.")
        if self.deadline is None:
            errors["deadline"] = _("A follow-up item needs a deadline.")
        if self.commitment_id is None:
            raise ValidationError(errors or {"commitment": _("Choose a commitment.")})
        commitment = self.commitment
        if self.deadline is not None and self.deadline < commitment.date:
            errors["deadline"] = _(
                "The deadline %(deadline)s is before the meeting (%(date)s)."
            ) % {"deadline": self.deadline.isoformat(), "date": commitment.date.isoformat()}
        if self.region_id and not self._region_committed(commitment):
            errors["region"] = _(
                "%(code)s is not one of the regions of the commitment (or the government that "
                "convened it)."
            ) % {"code": self.region_id}
        if self.responsible is not None and self.region_id:
            party = self.responsible.region_id
            if not codes_related(party, self.region_id):
                errors["responsible"] = _(
                    "The responsible party is registered in %(party)s, outside %(region)s."
                ) % {"party": party, "region": self.region_id}
        if self.work_plan_item is not None and self.region_id:
            item_region = self.work_plan_item.region_id
            if not codes_related(item_region, self.region_id):
                errors["work_plan_item"] = _(
                    "The work-plan item belongs to %(item)s, outside %(region)s."
                ) % {"item": item_region, "region": self.region_id}
        if errors:
            raise ValidationError(errors)

    def _region_committed(self, commitment: Commitment) -> bool:
        if self.region_id == commitment.region_id:
            return True
        if not commitment.pk:
            return False
        committed = commitment.regions.values_list("code", flat=True)
        return any(lies_within(self.region_id, code) for code in committed)


class ProgressUpdate(models.Model):
    """A report on a follow-up item: its new status, what was done, and the evidence."""

    item = models.ForeignKey(
        ActionItem,
        verbose_name=_("follow-up item"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    realised = models.DecimalField(
        _("realised"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("How much of the target was reached, in its unit."),
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    evidence = models.FileField(
        _("evidence (file)"), upload_to="coordination/evidence/", blank=True
    )
    by = models.CharField(_("by"), max_length=150, blank=True, editable=False)

    region_lookup: ClassVar[str] = "item__region__code"
    objects = RegionManager["ProgressUpdate"]()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:action-detail", args=[self.item_id])

    @property
    def audit_region_code(self) -> str:
        """Updates are recorded in the item's region."""
        return self.item.region_id if self.item_id else ""

    def clean(self) -> None:
        """Not in the future, not before the meeting."""
        errors: dict[str, Any] = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date of the update is in the future.")
        elif self.date and self.item_id and self.date < self.item.commitment.date:
            errors["date"] = _("The date of the update is before the meeting (%(date)s).") % {
                "date": self.item.commitment.date.isoformat()
            }
        if errors:
            raise ValidationError(errors)


class Forum(RegionOwned):
    """A coordination forum set up by decree (Forum BangKIT by the regent's decree, a Forum PRB):
    its legal basis and its members."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    decree_number = models.CharField(
        _("decree number"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Keputusan Bupati SBD Nomor 289/KEP/HK/2023."),
    )
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    document = models.FileField(
        _("decree (document)"), upload_to="coordination/forums/", blank=True
    )
    purpose = models.TextField(_("purpose"), blank=True)

    class Meta:
        ordering = ["region_id", "name", "id"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="forum_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("coordination:forum-detail", args=[self.pk])

    def clean(self) -> None:
        """Of the province or a regency/city; the decree not in the future."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level > Level.REGENCY:
            errors["region"] = _("A forum belongs to the province or a regency/city.")
        if self.decree_date and self.decree_date > timezone.localdate():
            errors["decree_date"] = _("The decree date is in the future.")
        if errors:
            raise ValidationError(errors)


class ForumMember(models.Model):
    """A member of a forum: the person, their agency or institution, their role."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.CharField(_("person"), max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.CharField(
        _("institution"), max_length=255, blank=True, help_text=_("When not an agency.")
    )
    role = models.CharField(_("role in the forum"), max_length=100, blank=True)

    region_lookup: ClassVar[str] = "forum__region__code"
    objects = RegionManager["ForumMember"]()

    class Meta:
        ordering = ["forum", "id"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self) -> str:
        return self.person

    def get_absolute_url(self) -> str:
        return reverse("coordination:forum-detail", args=[self.forum_id])

    @property
    def audit_region_code(self) -> str:
        """Changes are recorded in the forum's region."""
        return self.forum.region_id if self.forum_id else ""

    def clean(self) -> None:
        """An agency of the forum's government or of the province."""
        agency = self.agency
        if (
            agency is not None
            and self.forum_id
            and not codes_related(agency.region_id, self.forum.region_id)
        ):
            raise ValidationError(
                {
                    "agency": _("The agency belongs to %(agency)s, not to %(region)s.")
                    % {"agency": agency.region_id, "region": self.forum.region_id}
                }
            )


class Meeting(RegionOwned):
    """A coordination meeting (rapat koordinasi): when, where, who came, what was decided."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    forum = models.ForeignKey(
        Forum,
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Meetings held in a year."""
        return Q(date__year=year)

    def clean(self) -> None:
        """Convened by the province or a regency/city, the forum's own; not in the future."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level > Level.REGENCY:
            errors["region"] = _("A meeting is convened by the province or a regency/city.")
        if self.forum is not None and self.region_id and self.forum.region_id != self.region_id:
            errors["forum"] = _("The forum belongs to %(forum)s, not to %(region)s.") % {
                "forum": self.forum.region_id,
                "region": self.region_id,
            }
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The meeting date is in the future.")
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """Who came to a meeting from one region and agency: women, men, people with disabilities."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("from region"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.CharField(_("agency or institution"), max_length=255)
    women = count_field(_("women"))
    men = count_field(_("men"))
    with_disability = count_field(
        _("people with disabilities"), help_text=_("Of the women and men above.")
    )

    region_lookup: ClassVar[str] = "meeting__region__code"
    objects = RegionManager["Attendance"]()

    class Meta:
        ordering = ["meeting", "region_id", "agency", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.agency} ({self.region_id})"

    def get_absolute_url(self) -> str:
        return reverse("coordination:meeting-detail", args=[self.meeting_id])

    @property
    def audit_region_code(self) -> str:
        """Changes are recorded in the meeting's region."""
        return self.meeting.region_id if self.meeting_id else ""

    @property
    def total(self) -> int | None:
        """Women and men together, when both are known."""
        if self.women is None or self.men is None:
            return None
        return self.women + self.men

    def clean(self) -> None:
        """From within the meeting's region; no more people with disabilities than people."""
        errors: dict[str, Any] = {}
        if (
            self.region_id
            and self.meeting_id
            and not lies_within(self.region_id, self.meeting.region_id)
        ):
            errors["region"] = _("%(code)s lies outside %(region)s, which convened.") % {
                "code": self.region_id,
                "region": self.meeting.region_id,
            }
        total = self.total
        if total is not None and self.with_disability is not None and self.with_disability > total:
            errors["with_disability"] = _(
                "More people with disabilities than people (%(total)d)."
            ) % {"total": total}
        if errors:
            raise ValidationError(errors)


from tangguh.coordination.models_support import SupportDelivery  # noqa: E402 - in this app's models

__all__ = ["SupportDelivery"]
