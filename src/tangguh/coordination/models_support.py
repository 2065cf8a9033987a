"""Support delivered to villages: trainings and stimulus packages, with their beneficiaries by
sex, age group and disability and their value, per partner programme (report 004: BangKIT's
trainings and stimulus packages in Sumba Barat Daya). Unknown counts stay unknown (NULL)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned, count_field
from tangguh.regions.models import Level


class SupportDelivery(RegionOwned):
    """One training or stimulus package delivered in a village."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        STIMULUS = "stimulus", _("Stimulus package")
        OTHER = "other", _("Other support")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        "planning.PartnerProgramme",
        verbose_name=_("partner programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The programme that delivered it, if any."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    what = models.CharField(_("what"), max_length=255)
    date = models.DateField(_("date"))
    women = count_field(_("women"))
    men = count_field(_("men"))
    children = count_field(_("children (under 18)"))
    adults = count_field(_("adults (18-59)"))
    older = count_field(_("older people (60 and over)"))
    with_disability = count_field(_("people with disabilities"))
    value = models.DecimalField(
        _("value (Rp)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("support delivered")
        verbose_name_plural = _("support delivered")

    def __str__(self) -> str:
        return f"{self.what} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:support-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Support delivered in a year."""
        return Q(date__year=year)

    @property
    def beneficiaries(self) -> int | None:
        """Women and men together, when both are known."""
        if self.women is None or self.men is None:
            return None
        return self.women + self.men

    def clean(self) -> None:
        """In a village, by a programme working around it; not in the future; the age groups
        and disabilities consistent with the women and men."""
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level != Level.VILLAGE:
            errors["region"] = _("Support is delivered to a village (desa/kelurahan).")
        programme = self.programme
        if programme is not None and self.region_id:
            root = programme.region_id
            if not (self.region_id == root or self.region_id.startswith(root + ".")):
                errors["programme"] = _("%(programme)s works in %(region)s, not here.") % {
                    "programme": programme.name,
                    "region": root,
                }
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date is in the future.")
        total = self.beneficiaries
        ages = [self.children, self.adults, self.older]
        if total is not None and None not in ages and sum(a or 0 for a in ages) != total:
            errors["older"] = _(
                "The age groups add up to %(ages)d, the women and men to %(total)d."
            ) % {"ages": sum(a or 0 for a in ages), "total": total}
        if total is not None and self.with_disability is not None and self.with_disability > total:
            errors["with_disability"] = _(
                "More people with disabilities than people (%(total)d)."
            ) % {"total": total}
        if errors:
            raise ValidationError(errors)
