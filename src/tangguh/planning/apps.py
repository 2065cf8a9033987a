"""Planning: the planning calendar, village proposals, agency work plans and decisions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_navigation() -> None:
    """Menu entries and the region-page section of the planning pages (registering twice
    changes nothing)."""
    from tangguh.core.nav import NavItem, register, register_region_section

    register(NavItem(_("Proposals"), "planning:proposals", order=55, group="planning"))
    register(NavItem(_("Work plans"), "planning:workplans", order=56, group="planning"))
    register(NavItem(_("Sync matrix"), "planning:sync", order=57, group="planning"))
    register_region_section("planning:village-proposals-section")


class PlanningConfig(AppConfig):
    """Synchronising village proposals with agency work plans (Renja/RKPD)."""

    name = "tangguh.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from tangguh.core.registry import (
            DemoStep,
            SearchProvider,
            SummaryProvider,
            register_demo,
            register_search,
            register_summary,
        )
        from tangguh.planning import jobs, summaries  # noqa: F401 - jobs registers the imports
        from tangguh.planning.demo import demo_step

        register_navigation()
        register_demo(DemoStep("planning", demo_step, order=70))
        register_summary(SummaryProvider("planning", _("Planning"), summaries.region_facts, 70))
        register_search(SearchProvider("planning", _("Planning"), summaries.search, 70))
