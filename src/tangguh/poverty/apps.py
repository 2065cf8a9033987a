"""Poverty: BPS statistics, the household registry, FGT measures, targets, programmes and
their monitoring, the kelurahan's revolving funds and village livelihoods."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyConfig(AppConfig):
    """BPS poverty statistics, the household registry, measures and targets."""

    name = "tangguh.poverty"
    label = "poverty"
    verbose_name = _("Poverty")

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
        from tangguh.poverty import jobs, summaries  # noqa: F401 - jobs registers the upload
        from tangguh.poverty.demo import demo_logins, demo_step
        from tangguh.poverty.demo_ledger import demo_step as ledger_demo_step

        register(NavItem(_("Poverty"), "poverty:dashboard", order=55))
        register_demo(DemoStep("poverty", demo_step, order=70, logins=demo_logins))
        register_demo(DemoStep("poverty-ledger", ledger_demo_step, order=71))
        register_summary(SummaryProvider("poverty", _("Poverty"), summaries.region_facts, 55))
        register_search(SearchProvider("poverty", _("Households"), summaries.search, 55))
        count_label("households", _("households in the file"))
        count_label("persons", _("persons in the file"))
