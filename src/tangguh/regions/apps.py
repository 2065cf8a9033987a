"""Regions: the official geography (province, regencies/cities, sub-districts, villages)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Reference geography that every record belongs to."""

    name = "tangguh.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from tangguh.core.nav import NavItem, register, register_region_section
        from tangguh.core.registry import DemoStep, SearchProvider, register_demo, register_search
        from tangguh.regions import (
            demo,
            jobs,  # noqa: F401  (registers the job kinds)
            summaries,
        )

        register(NavItem(_("Regions"), "regions:browser", order=10))
        register_region_section("regions:statistics")
        register_demo(DemoStep("regions", demo.load_demo, order=10))
        register_search(SearchProvider("regions", _("Regions"), summaries.search_regions, 10))
