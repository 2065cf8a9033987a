"""Accounts: users, agencies (perangkat daerah) and region memberships."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Who the users are and where they may act."""

    name = "tangguh.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from tangguh.core.nav import NavItem, register
        from tangguh.core.scope import user_scope

        register(NavItem(_("Agencies"), "accounts:agency-list", order=20))
        register(
            NavItem(
                _("Members"),
                "accounts:member-list",
                order=80,
                visible=lambda user: not user_scope(user, "manage").is_empty,
            )
        )
