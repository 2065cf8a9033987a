"""Village livelihoods: the economic potential of a village or sub-district (a commodity such as
turmeric or ginger), always with where it is written down."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.core.models import RegionOwned
from tangguh.regions.models import Level


class Livelihood(RegionOwned):
    """A commodity or trade a village (or every village of a sub-district) could live from."""

    class Sector(models.TextChoices):
        CROPS = "crops", _("Food and cash crops")
        FOREST = "forest", _("Forest products")
        LIVESTOCK = "livestock", _("Livestock")
        FISHERY = "fishery", _("Fishery")
        CRAFT = "craft", _("Crafts and processing")
        TOURISM = "tourism", _("Tourism")
        TRADE = "trade", _("Trade and services")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village or sub-district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    commodity = models.CharField(
        _("commodity"), max_length=100, help_text=_("e.g. kunyit (turmeric), jahe (ginger)")
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=255,
        help_text=_("Where the potential is written down (report, village plan, survey)."),
    )
    source_url = models.URLField(_("source address"), blank=True)

    class Meta:
        ordering = ["region_id", "commodity"]
        verbose_name = _("livelihood potential")
        verbose_name_plural = _("livelihood potentials")
        constraints = [
            models.UniqueConstraint(fields=["region", "commodity"], name="livelihood_once")
        ]

    def __str__(self) -> str:
        return self.commodity

    def get_absolute_url(self) -> str:
        return reverse("poverty:livelihood-detail", args=[self.pk])

    def clean(self) -> None:
        if self.region_id and self.region.level < Level.DISTRICT:
            raise ValidationError(
                {"region": _("A livelihood potential belongs to a village or a sub-district.")}
            )
