"""Catalogues: reference lists several modules share (hazard types, disaster phases)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CataloguesConfig(AppConfig):
    """Shared reference catalogues."""

    name = "tangguh.catalogues"
    label = "catalogues"
    verbose_name = _("Catalogues")

    def ready(self) -> None:
        from tangguh.core.nav import NavItem, register

        register(NavItem(_("Hazard types"), "catalogues:hazards", order=70, group="hazards"))
