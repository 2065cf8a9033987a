"""Nomenclature: the national programme / activity / sub-activity classification, per edition."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NomenclatureConfig(AppConfig):
    """The budget nomenclature (Permendagri 90/2019 and its Kepmendagri updates)."""

    name = "tangguh.nomenclature"
    label = "nomenclature"
    verbose_name = _("Nomenclature")

    def ready(self) -> None:
        from tangguh.core.registry import DemoStep, SearchProvider, register_demo, register_search
        from tangguh.nomenclature import summaries
        from tangguh.nomenclature.loading import load_demo
        from tangguh.nomenclature.views import register_navigation

        register_navigation()
        register_demo(DemoStep("nomenclature", load_demo, order=30))
        register_search(
            SearchProvider("nomenclature", _("Sub-activities"), summaries.search, order=75)
        )
