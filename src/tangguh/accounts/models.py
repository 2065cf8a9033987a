"""Users, agencies and memberships: a membership gives a user a role in a region's subtree."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core.querysets import RegionManager
from tangguh.core.scope import Role, Scope, role_allows
from tangguh.core.text import is_number
from tangguh.regions.models import Level


class User(AbstractUser):
    """A person who signs in; what they may do comes from their memberships."""

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    audit_exclude: ClassVar[tuple[str, ...]] = ("password", "last_login")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def region_scope(self, action: str) -> Scope:
        """The region subtrees where this user's memberships allow `action`."""
        cache: dict[str, Scope] = self.__dict__.setdefault("_scope_cache", {})
        if action not in cache:
            if "_memberships" not in self.__dict__:  # one query per request, for every action
                self.__dict__["_memberships"] = list(
                    self.memberships.all().values_list("region_id", "role")
                )
            cache[action] = Scope.of(
                code for code, role in self.__dict__["_memberships"] if role_allows(role, action)
            )
        return cache[action]

    @property
    def audit_region_code(self) -> str:
        """Users are not inside one region; their memberships are."""
        return ""


class Agency(models.Model):
    """A regional government agency (perangkat daerah: Dinas, Badan) of a province or regency."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("government"),
        on_delete=models.PROTECT,
        related_name="agencies",
        limit_choices_to={"level__lte": Level.REGENCY},
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        help_text=_(
            "The agency's code in SIPD, e.g. 1.05.0.00.0.00.01.0000, or a short local code."
        ),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    bidang_codes = models.JSONField(
        _("fields of government affairs (bidang urusan)"),
        default=list,
        blank=True,
        help_text=_("Bidang urusan codes the agency holds, e.g. 1.05 for disaster management."),
    )
    valid_from = models.PositiveSmallIntegerField(_("in force from (year)"), null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField(
        _("in force until (year)"), null=True, blank=True
    )

    objects = RegionManager["Agency"]()

    class Meta:
        ordering = ["region_id", "code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="agency_code_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:agency-detail", args=[self.pk])

    @staticmethod
    def year_q(year: int) -> Q:
        """Agencies in force during a year."""
        return (Q(valid_from__isnull=True) | Q(valid_from__lte=year)) & (
            Q(valid_until__isnull=True) | Q(valid_until__gte=year)
        )

    def clean(self) -> None:
        """An agency belongs to a province or regency/city and its years are in order."""
        if self.region_id and self.region.level > Level.REGENCY:
            raise ValidationError({"region": _("An agency belongs to a province or regency/city.")})
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end year is before the start year.")})
        for code in self.bidang_codes or []:
            if not isinstance(code, str) or not _is_bidang(code):
                raise ValidationError(
                    {
                        "bidang_codes": _("'%(code)s' is not a bidang urusan code like 1.05.")
                        % {"code": code}
                    }
                )


def _is_bidang(code: str) -> bool:
    head, _dot, tail = code.partition(".")
    return (
        len(head) == 1
        and (is_number(head) or head == "X")
        and len(tail) == 2
        and (is_number(tail) or tail == "XX")
    )


class Membership(models.Model):
    """A user's role in a region: it covers that region and everything inside it."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = RegionManager["Membership"]()
    # Who holds which role is for managers (members page, API), and so are its changes.
    audit_read_action: ClassVar[str] = "manage"

    class Meta:
        ordering = ["user__username", "region_id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="one_membership_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} · {self.region_id} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A user's API token, kept as its SHA-256 digest: the token itself is shown once, when it
    is made, and is stored nowhere (not in the database, backups or logs)."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_token"
    )
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    prefix = models.CharField(_("first characters"), max_length=8)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    audit_exclude: ClassVar[tuple[str, ...]] = ("digest",)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user.get_username()} {self.prefix}…"

    @staticmethod
    def digest_of(key: str) -> str:
        """The digest a token is stored and found by."""
        return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()

    @staticmethod
    def new_key() -> str:
        """A new random token (40 hexadecimal digits, as before)."""
        return secrets.token_hex(20)
