"""SPM: the minimum service standards of the disaster sub-affair (standar pelayanan minimal,
sub-urusan bencana) of the regencies and cities, and the province's roll-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpmConfig(AppConfig):
    """SPM disaster services: targets, people served per quarter, quality, achievement."""

    name = "tangguh.spm"
    label = "spm"
    verbose_name = _("SPM disaster services")

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
        from tangguh.spm import jobs, summaries  # noqa: F401 - registers the import job
        from tangguh.spm.demo import demo_step

        register(NavItem(_("SPM"), "spm:overview", order=55, group="resilience"))
        register_demo(DemoStep("spm", demo_step, order=55))
        register_summary(
            SummaryProvider("spm", _("SPM disaster services"), summaries.region_facts, 55)
        )
        register_search(SearchProvider("spm", _("SPM disaster services"), summaries.search, 55))
        count_label("quarters", _("quarterly figures read"))
