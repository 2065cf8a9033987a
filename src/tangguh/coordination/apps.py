"""Coordination: pentahelix stakeholders, commitments and their follow-up plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """Stakeholders, commitments, follow-up items and their progress."""

    name = "tangguh.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from tangguh.coordination import (
            jobs,  # noqa: F401 - registers the upload job
            summaries,
        )
        from tangguh.coordination.demo import demo_step
        from tangguh.core.nav import (
            NavItem,
            register,
            register_home_section,
            register_region_section,
        )
        from tangguh.core.registry import (
            DemoStep,
            SearchProvider,
            SummaryProvider,
            register_demo,
            register_search,
            register_summary,
        )

        register(NavItem(_("Coordination"), "coordination:index", order=60))
        register_home_section("coordination:home-section")
        register_demo(DemoStep("coordination", demo_step, order=80))
        register_region_section("coordination:village-support-section")
        register_summary(
            SummaryProvider("coordination", _("Coordination"), summaries.region_facts, 70)
        )
        register_search(SearchProvider("coordination", _("Coordination"), summaries.search, 70))
