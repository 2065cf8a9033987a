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
        from tangguh.core.registry import (
            DemoStep,
            SearchProvider,
            SummaryProvider,
            register_demo,
            register_search,
            register_summary,
        )
        from tangguh.preparedness import summaries
        from tangguh.preparedness.demo import demo_step

        register(NavItem(_("Preparedness"), "preparedness:overview", order=50, group="hazards"))
        register_demo(DemoStep("preparedness", demo_step, order=50))
        register_summary(
            SummaryProvider("preparedness", _("Preparedness"), summaries.region_facts, 50)
        )
        register_search(SearchProvider("preparedness", _("Preparedness"), summaries.search, 50))
