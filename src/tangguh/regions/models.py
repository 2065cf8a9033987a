"""The official geography: one Region per province, regency/city, sub-district and village."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tangguh.core.querysets import RegionQuerySet
from tangguh.core.scope import user_scope
from tangguh.regions import codes


class Level(models.IntegerChoices):
    """Depth in the administrative tree."""

    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency/city")
    DISTRICT = 3, _("Sub-district")
    VILLAGE = 4, _("Village")


class Kind(models.TextChoices):
    """The administrative kind of a region, as Kemendagri names it."""

    PROVINSI = "provinsi", _("Province")
    KABUPATEN = "kabupaten", _("Regency")
    KOTA = "kota", _("City")
    KECAMATAN = "kecamatan", _("Sub-district")
    DESA = "desa", _("Village (desa)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA_ADAT = "desa_adat", _("Customary village (desa adat)")


KIND_LEVEL = {
    Kind.PROVINSI: Level.PROVINCE,
    Kind.KABUPATEN: Level.REGENCY,
    Kind.KOTA: Level.REGENCY,
    Kind.KECAMATAN: Level.DISTRICT,
    Kind.DESA: Level.VILLAGE,
    Kind.KELURAHAN: Level.VILLAGE,
    Kind.DESA_ADAT: Level.VILLAGE,
}


def kind_from_code(code: str) -> Kind:
    """The kind a code implies: regency 01-69 vs city 71-99; village digit 1 kelurahan, 2 desa."""
    level = codes.level_of(code)
    last = code.rsplit(".", 1)[-1]
    if level == Level.PROVINCE:
        return Kind.PROVINSI
    if level == Level.REGENCY:
        return Kind.KOTA if int(last) >= 71 else Kind.KABUPATEN
    if level == Level.DISTRICT:
        return Kind.KECAMATAN
    return {"1": Kind.KELURAHAN, "3": Kind.DESA_ADAT}.get(last[0], Kind.DESA)


class RegionsQuerySet(RegionQuerySet["Region"]):
    """Reference data: every signed-in user may read regions; only superusers change them."""

    def restrict(self, user: Any, action: str = "view") -> RegionsQuerySet:
        """All regions for reading; changing the geography is for superusers (via load-regions)."""
        if action == "view":
            if user is not None and getattr(user, "is_authenticated", False):
                return self
            return self.none()
        return self if user_scope(user, action).everything else self.none()

    def active(self) -> RegionsQuerySet:
        """Regions in the current edition of the geography."""
        return self.filter(is_active=True)

    def search(self, text: str) -> RegionsQuerySet:
        """Regions whose name contains `text`, or whose code starts with it (dots optional)."""
        text = text.strip()
        if not text:
            return self.none()
        if codes.looks_like_code_prefix(text):
            prefix = text
            if "." not in text and codes.is_code(text):
                prefix = codes.normalize(text)
            return self.filter(code__startswith=prefix)
        return self.filter(name__icontains=text)


class Region(models.Model):
    """A province, regency/city, sub-district or village, identified by its Kemendagri code."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    bbox = models.JSONField(_("bounding box"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    region_lookup: ClassVar[str] = "code"
    # Left out when a region is loaded beside another record (core.querysets.heavy_paths).
    deferred_when_related: ClassVar[tuple[str, ...]] = ("boundary", "bbox")
    # Counts over the geography (villages per regency) are kept until a region is written.
    generation: ClassVar[str] = "regions"
    objects = RegionsQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", args=[self.code])

    @property
    def audit_region_code(self) -> str:
        """A region's change records belong to the region itself."""
        return self.code

    @property
    def has_boundary(self) -> bool:
        """True when a boundary polygon is known."""
        return self.boundary is not None

    def ancestors(self) -> list[Region]:
        """Regions from the province down to this region's parent."""
        wanted = codes.ancestors_of(self.code)
        rows = Region.objects.filter(code__in=wanted).only("code", "name", "kind", "level")
        found = {r.code: r for r in rows}
        return [found[c] for c in wanted if c in found]


class UnknownRegion(ValueError):
    """Text that names no region: not a code (`reason` "invalid"), or no such region ("missing")."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def find_region(raw: str, queryset: models.QuerySet[Region] | None = None) -> Region:
    """The region whose code is `raw` (dots optional); UnknownRegion says why there is none."""
    try:
        code = codes.normalize(raw)
    except codes.BadRegionCode as exc:
        message = gettext("'%(code)s' is not a region code.") % {"code": raw}
        raise UnknownRegion(message, "invalid") from exc
    if queryset is None:  # most callers need the code and name, not the (large) boundary
        queryset = Region.objects.defer("boundary", "bbox")
    region = queryset.filter(code=code).first()
    if region is None:
        raise UnknownRegion(gettext("Region %(code)s does not exist.") % {"code": code}, "missing")
    return region


class Indicator(models.TextChoices):
    """A statistic published for regions (BPS poverty figures, estimated population)."""

    # xgettext:no-python-format
    POVERTY_RATE = "p0", _("Poverty rate (P0, % of the population)")
    POOR = "poor_thousands", _("Poor people (thousands)")
    POVERTY_GAP = "p1", _("Poverty gap index (P1)")
    POVERTY_SEVERITY = "p2", _("Poverty severity index (P2)")
    POVERTY_LINE = "poverty_line", _("Poverty line (rupiah per person per month)")


class Statistic(models.Model):
    """One published figure of a region for a year, with its source (reference data: read by
    every signed-in user, loaded with `tangguh load-statistics`)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="statistics"
    )
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=255)

    region_lookup: ClassVar[str] = "region__code"
    # Series and lines read by the poverty pages are kept per generation (core.generations).
    generation: ClassVar[str] = "statistics"

    class Meta:
        ordering = ["region_id", "indicator", "year"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year"], name="statistic_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.indicator} {self.year}: {self.value}"
