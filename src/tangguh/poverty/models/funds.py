"""Revolving funds of the kelurahan (dana bergulir) as a ledger: a fund's capital, the loans it
made and their repayments. What is due, the arrears and the repayment rate are computed by
`tangguh.measures.funds` from these rows, never stored."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned
from tangguh.core.querysets import RegionManager
from tangguh.regions import codes
from tangguh.regions.models import Level

MAX_INSTALMENTS = 120


class RevolvingFund(RegionOwned):
    """A revolving fund run by a kelurahan (or a village) for its residents' small businesses."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    capital = models.DecimalField(
        _("capital (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    capital_source = models.CharField(
        _("source of the capital"),
        max_length=255,
        help_text=_("e.g. APBD Kota Kupang 2023, Dana Desa"),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    programme = models.ForeignKey(
        "poverty.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funds",
        help_text=_("The poverty programme that finances the fund, if any."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("revolving fund")
        verbose_name_plural = _("revolving funds")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="revolving_fund_once")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("poverty:fund-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.region_id and self.region.level != Level.VILLAGE:
            errors["region"] = _("A revolving fund belongs to a kelurahan or village.")
        programme = self.programme if self.programme_id else None
        if (
            programme
            and self.region_id
            and not codes.lies_within(self.region_id, programme.region_id)
        ):
            errors["programme"] = _("The programme does not run in this village's region.")
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = _("The start is in the future.")
        if errors:
            raise ValidationError(errors)


class FundLoan(models.Model):
    """A loan from a revolving fund to a resident or a group, repaid in monthly instalments."""

    fund = models.ForeignKey(
        RevolvingFund,
        verbose_name=_("revolving fund"),
        on_delete=models.CASCADE,
        related_name="loans",
    )
    borrower = models.CharField(
        _("borrower"),
        max_length=200,
        help_text=_("The person or group (kelompok usaha) that borrowed."),
    )
    purpose = models.CharField(_("purpose"), max_length=255, blank=True)
    amount = models.PositiveIntegerField(
        _("amount (Rp)"), validators=[MinValueValidator(1), MaxValueValidator(2_000_000_000)]
    )
    issued_on = models.DateField(_("issued on"))
    instalments = models.PositiveSmallIntegerField(
        _("monthly instalments"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INSTALMENTS)],
    )
    notes = models.TextField(_("notes"), blank=True)

    region_lookup: ClassVar[str] = "fund__region__code"
    objects = RegionManager["FundLoan"]()

    class Meta:
        ordering = ["fund_id", "-issued_on", "id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")

    def __str__(self) -> str:
        return f"{self.borrower} · {self.issued_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:fund-detail", args=[self.fund_id]) + f"#loan-{self.pk}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Loans issued in a year."""
        return Q(issued_on__year=year)

    @property
    def audit_region_code(self) -> str:
        return self.fund.region_id if self.fund_id else ""

    def clean(self) -> None:
        if self.issued_on and self.issued_on > timezone.localdate():
            raise ValidationError({"issued_on": _("A loan cannot be issued in the future.")})
        if self.pk and self.amount:
            repaid = self.repayments.aggregate(total=Sum("amount"))["total"] or 0
            if repaid > self.amount:
                raise ValidationError(
                    {"amount": _("Less than the %(repaid)s already repaid.") % {"repaid": repaid}}
                )


class FundRepayment(models.Model):
    """A repayment of a loan."""

    loan = models.ForeignKey(
        FundLoan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="repayments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveIntegerField(_("amount (Rp)"), validators=[MinValueValidator(1)])
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    region_lookup: ClassVar[str] = "loan__fund__region__code"
    objects = RegionManager["FundRepayment"]()

    class Meta:
        ordering = ["loan_id", "paid_on", "id"]
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")

    def __str__(self) -> str:
        return f"{self.paid_on:%Y-%m-%d} · Rp{self.amount:,}"

    def get_absolute_url(self) -> str:
        return self.loan.get_absolute_url()

    @staticmethod
    def year_q(year: int) -> Q:
        return Q(paid_on__year=year)

    @property
    def audit_region_code(self) -> str:
        return self.loan.fund.region_id if self.loan_id else ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.paid_on and self.paid_on > timezone.localdate():
            errors["paid_on"] = _("A repayment cannot be in the future.")
        elif self.paid_on and self.loan_id and self.paid_on < self.loan.issued_on:
            errors["paid_on"] = _("Before the loan was issued.")
        if self.amount and self.loan_id:
            others = self.loan.repayments.exclude(pk=self.pk).aggregate(total=Sum("amount"))
            left = self.loan.amount - (others["total"] or 0)
            if self.amount > left:
                errors["amount"] = _("More than the %(left)s left to repay on this loan.") % {
                    "left": f"{left:,}"
                }
        if errors:
            raise ValidationError(errors)
