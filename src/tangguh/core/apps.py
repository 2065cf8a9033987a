"""Core: change log, region scope, imports, background jobs, backup."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure every domain app builds on."""

    name = "tangguh.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tangguh.core import generations
        from tangguh.core.nav import NavItem, register

        generations.connect()

        register(NavItem(_("Change log"), "change-log", order=90))
