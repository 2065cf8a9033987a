"""Resilience: IKD, Destana, the village index and city resilience, as versioned instruments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    """Resilience instruments and assessments."""

    name = "tangguh.resilience"
    label = "resilience"
    verbose_name = _("Resilience")

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
        from tangguh.resilience import (
            jobs,  # noqa: F401  (registers the upload jobs)
            summaries,
        )
        from tangguh.resilience.demo import demo_step

        register(
            NavItem(
                _("Resilience assessments"),
                "resilience:assessment-list",
                order=54,
                group="resilience",
            )
        )
        register_demo(DemoStep("resilience", demo_step, order=60))
        register_summary(SummaryProvider("resilience", _("Resilience"), summaries.region_facts, 55))
        register_search(SearchProvider("resilience", _("Resilience"), summaries.search, 55))
