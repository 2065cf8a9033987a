"""Risk: village risk profiles (Perka BNPB 2/2012) and climate vulnerability (SIDIK)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """Disaster risk and climate vulnerability of villages."""

    name = "tangguh.risk"
    label = "risk"
    verbose_name = _("Risk")
