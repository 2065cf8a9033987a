"""Fixed vocabularies shared across modules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisasterPhase(models.TextChoices):
    """The three phases of disaster management (UU 24/2007): before, during and after."""

    BEFORE = "pra", _("Before a disaster (pra bencana)")
    DURING = "saat", _("During a disaster (saat tanggap darurat)")
    AFTER = "pasca", _("After a disaster (pasca bencana)")
