"""Editions of the national nomenclature and their items (urusan → bidang → program → kegiatan →
sub-kegiatan), for province and for regency/city governments.

Codes change between editions, so every coded record keeps the item (and so the edition) it was
coded in; `Item.counterpart_in(edition)` finds the same sub-activity again by code, by the
previous-code link the source gives, or by name and parent.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Government(models.TextChoices):
    """Whose list an item belongs to (the source's JENIS PEMDA)."""

    KABKOTA = "kabkota", _("Regency/city")
    PROVINSI = "provinsi", _("Province")


class Level(models.TextChoices):
    """The levels of the classification."""

    URUSAN = "urusan", _("Affairs group (urusan)")
    BIDANG = "bidang", _("Field of affairs (bidang urusan)")
    PROGRAM = "program", _("Programme")
    KEGIATAN = "kegiatan", _("Activity (kegiatan)")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub-activity (sub-kegiatan)")


# The 4th code segment says which government an activity belongs to: 1 province, 2 regency/city;
# other digits are special regions (Papua, DIY, Jakarta, Aceh, Bali) and are never offered to NTT.
AUTHORITY_DIGIT = {Government.PROVINSI: "1", Government.KABKOTA: "2"}


def offered_to(code: str, government: str) -> bool:
    """True when a code may be used by an ordinary province or regency/city (NTT)."""
    parts = code.split(".")
    if len(parts) < 4:
        return True
    return parts[3] == AUTHORITY_DIGIT.get(Government(government), "")


def bidang_of(code: str) -> str:
    """The bidang urusan of a code: `1.05.03.2.01.0008` → `1.05`."""
    return ".".join(code.split(".")[:2])


_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """A name reduced for comparison across editions (case, punctuation and spaces ignored)."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", name.lower())).strip()


class Edition(models.Model):
    """One published (or provisional) version of the nomenclature."""

    audit_region_code = ""  # national reference data lies outside the geography

    name = models.SlugField(
        _("name"),
        max_length=60,
        unique=True,
        help_text=_("A short name used on the command line and in the API, e.g. 2027."),
    )
    title = models.CharField(_("title"), max_length=255)
    budget_year = models.PositiveSmallIntegerField(
        _("first budget year"), help_text=_("The first budget year this edition is used for.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    source = models.TextField(_("source"), blank=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Not yet enacted: codes may still change before the decree is signed."),
    )
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        ordering = ["-budget_year", "name"]
        verbose_name = _("nomenclature edition")
        verbose_name_plural = _("nomenclature editions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("nomenclature:edition", args=[self.name])

    @classmethod
    def for_year(cls, year: int) -> Edition | None:
        """The edition in force for a budget year: the newest that starts on or before it
        (or the oldest one when every edition starts later)."""
        edition = cls.objects.filter(budget_year__lte=year).order_by("-budget_year").first()
        return edition or cls.objects.order_by("budget_year").first()


class ItemQuerySet(models.QuerySet["Item"]):
    """Queries over nomenclature items."""

    def offered(self, government: str) -> ItemQuerySet:
        """Items of a government's list that an ordinary province or regency/city may use."""
        return self.filter(government=government, offered=True)

    def sub_activities(self) -> ItemQuerySet:
        """Only sub-activities."""
        return self.filter(level=Level.SUB_KEGIATAN)


class Item(models.Model):
    """One code of the classification in one edition and one government's list."""

    audit_region_code = ""  # national reference data lies outside the geography

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="items"
    )
    government = models.CharField(_("government"), max_length=10, choices=Government.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=30)
    name = models.TextField(_("name"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    bidang = models.CharField(_("bidang urusan"), max_length=5, db_index=True)
    offered = models.BooleanField(
        _("usable by NTT"),
        default=True,
        help_text=_("False for items reserved for special regions (Papua, Aceh, DIY, …)."),
    )
    output = models.TextField(_("standard output"), blank=True)
    indicator = models.TextField(_("indicator"), blank=True)
    unit = models.CharField(_("unit"), max_length=255, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    spm = models.BooleanField(_("supports a minimum service standard"), default=False)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    implementer = models.TextField(_("suggested implementing unit"), blank=True)
    previous_code = models.CharField(_("previous code"), max_length=30, blank=True)
    previous_name = models.TextField(_("previous name"), blank=True)
    definition = models.TextField(_("operational definition"), blank=True)
    name_key = models.TextField(_("name key"), editable=False, db_index=False)

    objects = ItemQuerySet.as_manager()
    # Searched through a trigram index (core/textsearch.py).
    text_search: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["edition", "government", "code"]
        verbose_name = _("nomenclature item")
        verbose_name_plural = _("nomenclature items")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "government", "level", "code"], name="nomenclature_item_unique"
            )
        ]
        indexes = [
            models.Index(fields=["edition", "government", "code"], name="nomenclature_code"),
            models.Index(fields=["edition", "government", "level"], name="nomenclature_level"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.name)
        self.bidang = bidang_of(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "nomenclature:item", args=[self.edition.name, self.government, self.level, self.code]
        )

    def ancestors(self) -> list[Item]:
        """Parents from the top (urusan) down to this item's parent."""
        chain: list[Item] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def counterpart_in(self, edition: Edition) -> Item | None:
        """The same item in another edition: by code and name, by the source's previous-code
        link, then by name under a parent of the same name; None when it is gone."""
        if edition.pk == self.edition_id:
            return self
        same = Item.objects.filter(edition=edition, government=self.government, level=self.level)
        exact = same.filter(code=self.code, name_key=self.name_key).first()
        if exact:
            return exact
        renamed = same.filter(previous_code=self.code).first()
        if renamed:
            return renamed
        candidates = list(same.filter(name_key=self.name_key).select_related("parent"))
        if self.parent is not None:
            parent_key = self.parent.name_key
            under_same_parent = [
                c for c in candidates if c.parent is not None and c.parent.name_key == parent_key
            ]
            if len(under_same_parent) == 1:
                return under_same_parent[0]
        if len(candidates) == 1:
            return candidates[0]
        return None
