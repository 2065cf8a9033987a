"""Core: change log, region scope, imports, background jobs, backup."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure every domain app builds on."""

    name = "tangguh.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from tangguh.core import generations, planner
        from tangguh.core.nav import NavItem, register

        generations.connect()
        post_migrate.connect(planner.after_migrate, dispatch_uid="tangguh-planner-statistics")

        register(NavItem(_("Change log"), "change-log", order=90, group="admin"))
