"""Disasters: the event loss database, Sendai indicators, hazard and risk profiles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisastersConfig(AppConfig):
    """Disaster events and risk."""

    name = "tangguh.disasters"
    label = "disasters"
    verbose_name = _("Disasters")

    def ready(self) -> None:
        from tangguh.core.importing.report import count_label
        from tangguh.core.nav import NavItem, register
        from tangguh.core.registry import (
            DemoStep,
            SearchProvider,
            SummaryProvider,
            register_demo,
            register_search,
            register_summary,
        )
        from tangguh.disasters import (
            jobs,  # noqa: F401  (registers the job kinds)
            summaries,
        )
        from tangguh.disasters.demo import load_demo

        register(NavItem(_("Disaster events"), "disasters:event-list", order=30, group="hazards"))
        register_demo(DemoStep("disasters", load_demo, order=40))
        register_summary(SummaryProvider("disasters", _("Disasters"), summaries.region_facts, 30))
        register_search(SearchProvider("disasters", _("Disaster events"), summaries.search, 30))
        count_label("duplicates", _("possible duplicates"))
