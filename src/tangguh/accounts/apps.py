"""Accounts: users, agencies (perangkat daerah) and region memberships."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Who the users are and where they may act."""

    name = "tangguh.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from tangguh.accounts import demo, summaries
        from tangguh.core.nav import NavItem, register
        from tangguh.core.registry import (
            DemoStep,
            SearchProvider,
            SummaryProvider,
            register_demo,
            register_search,
            register_summary,
        )
        from tangguh.core.scope import user_scope

        register(NavItem(_("Agencies"), "accounts:agency-list", order=20, group="admin"))
        register_demo(DemoStep("accounts", demo.load_demo, order=20, logins=demo.demo_logins))
        register_summary(SummaryProvider("agencies", _("Agencies"), summaries.region_facts, 10))
        register_search(SearchProvider("agencies", _("Agencies"), summaries.search_agencies, 20))
        register(
            NavItem(
                _("Members"),
                "accounts:member-list",
                order=80,
                visible=lambda user: not user_scope(user, "manage").is_empty,
                group="admin",
            )
        )
