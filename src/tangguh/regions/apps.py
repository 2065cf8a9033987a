"""Regions: the official geography (province, regencies/cities, sub-districts, villages)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Reference geography that every record belongs to."""

    name = "tangguh.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from tangguh.core.nav import NavItem, register
        from tangguh.regions import jobs  # noqa: F401  (registers the job kinds)

        register(NavItem(_("Regions"), "regions:browser", order=10))
