"""Classes and codes of the risk app, and the words files use for them (Indonesian and English)."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    """The three classes of Perka BNPB 2/2012 (rendah / sedang / tinggi)."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ClimateClass(models.TextChoices):
    """SIDIK's five classes of climate vulnerability."""

    VERY_LOW = "very_low", _("Very low")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class RiskBasis(models.TextChoices):
    """Where a profile's risk class comes from."""

    GIVEN = "given", _("As the source gives it")
    INDICES = "indices", _("Computed from the hazard, vulnerability and capacity indices")
    CLASSES = "classes", _("Combined from the hazard, vulnerability and capacity classes")


class ScoreBasis(models.TextChoices):
    """Where an IRBI score's class comes from."""

    GIVEN = "given", _("As the source gives it")
    BOUNDS = "bounds", _("From the class bounds BNPB published")


class ClassRule(models.TextChoices):
    """Which computed class a method takes as the risk class when all three indices are known."""

    MATRIX = "matrix", _("Matrix of the H, V and C classes")
    INDEX = "index", _("Class of the normalised risk index")


class Normalisation(models.TextChoices):
    """How R = H × V / C is brought onto 0–1 (see tangguh.measures.risk.normalised_risk)."""

    GEOMETRIC = "geometric-lack-of-capacity", _("(H × V × (1 − C))^⅓")
    LACK_OF_CAPACITY = "lack-of-capacity", _("H × V × (1 − C)")
    CAPPED_RATIO = "capped-ratio", _("min(1, H × V / C)")


class Origin(models.TextChoices):
    """How a record came in."""

    FORM = "form", _("Entered in a form or the API")
    FILE = "file", _("Imported from a file")
    DEMO = "demo", _("Demo data")


def word_key(text: str) -> str:
    """A spelling-insensitive key: `Sangat Tinggi`, `sangat_tinggi` and `SANGAT-TINGGI` agree."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


# The words (as `word_key`s) files use for the three classes.
RISK_WORDS: dict[str, str] = {
    **dict.fromkeys(("rendah", "low"), RiskLevel.LOW),
    **dict.fromkeys(("sedang", "medium", "moderate", "menengah"), RiskLevel.MEDIUM),
    **dict.fromkeys(("tinggi", "high"), RiskLevel.HIGH),
}
# Hazard words that mean "all hazards together" in an IRBI table (its multi-hazard score).
ALL_HAZARDS_WORDS = frozenset(
    (
        "multibahaya",
        "semuabahaya",
        "seluruhbahaya",
        "gabungan",
        "total",
        "irbi",
        "multihazard",
        "allhazards",
    )
)
# ... and for SIDIK's five classes.
CLIMATE_WORDS: dict[str, str] = {
    **dict.fromkeys(("sangatrendah", "verylow"), ClimateClass.VERY_LOW),
    **dict.fromkeys(("rendah", "low"), ClimateClass.LOW),
    **dict.fromkeys(("sedang", "medium", "moderate"), ClimateClass.MEDIUM),
    **dict.fromkeys(("tinggi", "high"), ClimateClass.HIGH),
    **dict.fromkeys(("sangattinggi", "veryhigh"), ClimateClass.VERY_HIGH),
}
# Indonesian names of the classes, as exports write them next to the codes.
RISK_WORDS_ID = {RiskLevel.LOW: "Rendah", RiskLevel.MEDIUM: "Sedang", RiskLevel.HIGH: "Tinggi"}
CLIMATE_WORDS_ID = {
    ClimateClass.VERY_LOW: "Sangat Rendah",
    ClimateClass.LOW: "Rendah",
    ClimateClass.MEDIUM: "Sedang",
    ClimateClass.HIGH: "Tinggi",
    ClimateClass.VERY_HIGH: "Sangat Tinggi",
}
# Map and chart colours by class (ColorBrewer RdYlGn, readable as grey; text labels go with them).
RISK_COLOURS = {RiskLevel.LOW: "#1a9850", RiskLevel.MEDIUM: "#fdae61", RiskLevel.HIGH: "#d73027"}
NO_DATA_COLOUR = "#c8ced3"
