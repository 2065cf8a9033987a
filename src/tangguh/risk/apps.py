"""Risk: village risk profiles (Perka BNPB 2/2012) and climate vulnerability (SIDIK)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """Disaster risk and climate vulnerability of villages."""

    name = "tangguh.risk"
    label = "risk"
    verbose_name = _("Risk")

    def ready(self) -> None:
        from tangguh.core.importing.report import count_label
        from tangguh.core.nav import NavItem, register, register_region_section
        from tangguh.core.registry import (
            DemoStep,
            SearchProvider,
            SummaryProvider,
            register_demo,
            register_search,
            register_summary,
        )
        from tangguh.risk import (
            jobs,  # noqa: F401  (registers the upload job)
            summaries,
        )
        from tangguh.risk.demo import demo_step

        register(NavItem(_("Risk"), "risk:summary", order=35, group="hazards"))
        register_region_section("risk:region-section")
        register_demo(DemoStep("risk", demo_step, order=60))
        register_summary(SummaryProvider("risk", _("Disaster risk"), summaries.region_facts, 35))
        register_search(SearchProvider("risk", _("Disaster risk"), summaries.search, 35))
        count_label("risk_profiles", _("risk profiles"))
        count_label("irbi_scores", _("IRBI scores"))
