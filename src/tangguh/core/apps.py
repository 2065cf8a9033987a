"""Core: change log, region scope, imports, background jobs, backup."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure every domain app builds on."""

    name = "tangguh.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_migrate, pre_save
        from rest_framework import serializers

        from tangguh.core import generations, planner, textsearch
        from tangguh.core.api import VisibleRelatedField
        from tangguh.core.nav import NavItem, register
        from tangguh.core.text import clean_before_save

        # Every record is stored without control characters (core/text.py).
        pre_save.connect(clean_before_save, dispatch_uid="tangguh.core.text.clean_before_save")

        # A model serializer's foreign keys name only records the requesting user may view: an
        # id of another region's record answers as an id that does not exist.
        serializers.ModelSerializer.serializer_related_field = VisibleRelatedField

        generations.connect()
        # The text indexes first, so that the statistics refreshed after them count their tables.
        post_migrate.connect(textsearch.after_migrate, dispatch_uid="tangguh-text-search")
        post_migrate.connect(planner.after_migrate, dispatch_uid="tangguh-planner-statistics")
        request_finished.connect(planner.optimize_now_and_then, dispatch_uid="tangguh-optimize")

        register(NavItem(_("Change log"), "change-log", order=90, group="admin"))
