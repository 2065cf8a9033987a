"""Core records: the change log, sign-in attempts and background jobs."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from tangguh.core.querysets import ChangeManager, RegionManager

# The one range of year fields in the product (records, plans, filters): 1900 to 2200. Event
# dates may reach further back (DIBI and DesInventar hold 19th-century eruptions).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def year_field(
    verbose_name: Any, *, plausible: str = "", **options: Any
) -> models.PositiveSmallIntegerField:
    """A year between FIRST_YEAR and LAST_YEAR; with `plausible`, also within the plausible
    years of that kind of record (settings.PLAUSIBLE_YEARS, core.plausible)."""
    from tangguh.core.plausible import PlausibleYear

    validators: list[Any] = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    if plausible:
        validators.append(PlausibleYear(plausible))
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **options)


def count_field(verbose_name: Any, **options: Any) -> models.PositiveIntegerField:
    """A count of people, houses or things; null means unknown, never zero."""
    options.setdefault("null", True)
    options.setdefault("blank", True)
    return models.PositiveIntegerField(verbose_name, **options)


def choice_label(record: models.Model, field: models.Field[Any, Any]) -> Any:
    """What `get_FOO_display()` answers, from a table of the field's choices built once per
    process (Django builds it, hashing and so translating every label, at each call: a list of
    50 rows calls it a few hundred times). The labels stay lazy: translated when shown."""
    labels = field.__dict__.get("_choice_labels")
    if labels is None:
        labels = field.__dict__["_choice_labels"] = dict(make_hashable(field.flatchoices))
    value = getattr(record, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


class RegionOwned(models.Model):
    """A record that belongs to a region: read through `objects.restrict(user, action)`,
    written through services that check the region and log the change.

    Subclasses may redeclare `region` to name it for their users ("village", "regency/city").
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    region_lookup: ClassVar[str] = "region__code"
    # True for records the users of the regions below may read too (a regency's planning
    # calendar, a province-wide programme): `core.crud.fetch` then checks `visible_from_below`.
    read_from_below: ClassVar[bool] = False
    objects = RegionManager[Any]()

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:  # noqa: N802 (Django's name)
        return choice_label(self, field)


class ChangeRecord(models.Model):
    """One create, update or delete of a domain record: who, when, what, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        IMPORT = "import", _("Imported")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=255)
    region_code = models.CharField(_("region"), max_length=32, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict)
    source = models.CharField(_("channel"), max_length=10, default="system")

    region_lookup: ClassVar[str] = "region_code"
    objects = ChangeManager["ChangeRecord"]()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        indexes = [
            models.Index(fields=["model", "object_id", "at"]),
            # The change log counts what a user may read: region and model from this index
            # alone (PostgreSQL read the whole table: 12 ms at 17,000 changes, 2.5 with it).
            models.Index(
                fields=["region_code", "model"],
                name="change_region_model",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.object_repr}"

    @staticmethod
    def year_q(year: int) -> Q:
        """Changes made in a calendar year."""
        return Q(at__year=year)

    @property
    def model_verbose_name(self) -> str:
        """The record type's human name, in the active language."""
        from django.apps import apps

        try:
            return str(apps.get_model(self.model)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.model


class LoginAttempt(models.Model):
    """A failed sign-in, kept for throttling repeated guesses."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.username} {self.address} {self.at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    """A long piece of work run in the background, with its progress for the web and API."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("total steps"), default=0)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    params = models.JSONField(_("parameters"), default=dict)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The process running the job ("host:pid"): a job whose process is gone is marked failed.
    worker = models.CharField(_("worker"), max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        """Progress as a whole percentage (0 while the total is unknown)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        """True once the job has succeeded or failed."""
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def as_dict(self) -> dict[str, Any]:
        """The job's state as plain data for the API and the progress page."""
        return {
            "id": str(self.id),
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "total": self.total,
            "done": self.done,
            "percent": self.percent,
            "message": self.message,
            "result": self.result,
        }


class Generation(models.Model):
    """The current generation of a kind of data ("events", "risk"): a random token replaced on
    every write of that data, so figures computed from it can be kept under the token
    (`core.generations`). A token never comes back: a write rolled back leaves the old token,
    and the next write draws a new one."""

    name = models.CharField(_("name"), max_length=60, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("data generation")
        verbose_name_plural = _("data generations")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"
