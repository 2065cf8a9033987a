"""BNPB hazard types with their DIBI codes (older and current schemes) and DesInventar names."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tangguh.measures.hazards import HazardEntry


class HazardType(models.Model):
    """A hazard family (flood, drought, ...) or one of its sub-types (flash flood, ...)."""

    key = models.SlugField(_("key"), max_length=40, primary_key=True)
    family = models.ForeignKey(
        "self",
        verbose_name=_("family"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtypes",
    )
    dibi_code = models.CharField(_("DIBI code"), max_length=4, blank=True, db_index=True)
    dibi_code_verified = models.BooleanField(
        _("DIBI code verified"),
        default=False,
        help_text=_("False when the current DIBI code is inferred and awaits confirmation."),
    )
    legacy_code = models.CharField(_("older DIBI code"), max_length=3, blank=True, db_index=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    desinventar_name = models.CharField(
        _("DesInventar Indonesia event"), max_length=100, blank=True
    )
    desinventar_event = models.CharField(
        _("DesInventar standard event"), max_length=100, blank=True
    )
    perka_2_2012 = models.BooleanField(
        _("assessed under Perka BNPB 2/2012"),
        default=False,
        help_text=_("One of the 13 hazards of the national risk-assessment guideline."),
    )
    aliases = models.CharField(
        _("other names"), max_length=255, blank=True, help_text=_("Separated by |")
    )
    evidence = models.TextField(_("evidence for the codes"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Filled by a data migration: a backup restore replaces these rows instead of refusing them.
    seeded_by_migrations: ClassVar[bool] = True
    generation: ClassVar[str] = "hazards"  # the ordered choices of forms are kept per generation

    class Meta:
        ordering = ["sort_order", "key"]
        verbose_name = _("hazard type")
        verbose_name_plural = _("hazard types")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    def entry(self) -> HazardEntry:
        """The hazard as plain data for the code resolver."""
        names = [self.name_id, self.name_en, self.desinventar_name, self.desinventar_event]
        names += [a for a in self.aliases.split("|") if a]
        return HazardEntry(
            key=self.key,
            family_key=self.family_id,
            dibi_code=self.dibi_code or None,
            dibi_code_verified=self.dibi_code_verified,
            legacy_code=self.legacy_code or None,
            names=tuple(n for n in names if n),
        )
