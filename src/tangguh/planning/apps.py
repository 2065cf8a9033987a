"""Planning: the planning calendar, village proposals, agency work plans and decisions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Synchronising village proposals with agency work plans (Renja/RKPD)."""

    name = "tangguh.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from tangguh.core.nav import NavItem, register
        from tangguh.planning.views_proposals import register_navigation

        register_navigation()
        register(NavItem(_("Work plans"), "planning:workplans", order=56))
        from tangguh.core.registry import DemoStep, register_demo
        from tangguh.planning.demo import demo_step

        register_demo(DemoStep("planning", demo_step, order=70))
