"""Preparedness: contingency plans and village preparedness teams."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparednessConfig(AppConfig):
    """Contingency plans and preparedness teams."""

    name = "tangguh.preparedness"
    label = "preparedness"
    verbose_name = _("Preparedness")

    def ready(self) -> None:
        from tangguh.core.nav import NavItem, register

        register(NavItem(_("Preparedness"), "preparedness:overview", order=50))
