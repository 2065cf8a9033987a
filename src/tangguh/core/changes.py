"""How a change record reads to people: each changed field by its name for users, each choice by
its label, yes/no for flags, and times in the site's time zone (WITA for NTT).

The change log stores fields by their internal names and values as plain JSON (times in UTC) so
that the API and backups stay exact; pages show them through `readable_changes`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import dateformat, timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.core.importing.report import COUNT_LABELS
from tangguh.core.models import RegionOwned

# How a time is shown on change-log pages (in the site's time zone).
TIME_FORMAT = "Y-m-d H:i"

# Keys of a change that are not fields of the record: a bulk load's file, a secret's rotation.
OTHER_LABELS: dict[str, str | Promise] = {
    "file": gettext_lazy("file"),
    "sha256": "SHA-256",
    "api_token": gettext_lazy("API token"),
}

# The channel a change came through.
CHANNELS: dict[str, str | Promise] = {
    "web": gettext_lazy("web page"),
    "api": gettext_lazy("API"),
    "cli": gettext_lazy("command line"),
    "task": gettext_lazy("background job"),
    "system": gettext_lazy("system"),
}


@dataclass(frozen=True)
class FieldChange:
    """One changed field as people read it: its name, and its value before and after (None when
    there was none)."""

    label: str
    before: str | None
    after: str | None


def record_model(label: str) -> type[models.Model] | None:
    """The model a change record names (`app.model`), or None when it is gone."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A changed field's name for people, in the active language."""
    return _field_label(model, name, translation.get_language() or "")


@functools.lru_cache(maxsize=4096)
def _field_label(model: type[models.Model] | None, name: str, language: str) -> str:
    field = _field(model, name)
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    label = OTHER_LABELS.get(name) or COUNT_LABELS.get(name)
    return capfirst(str(label)) if label is not None else capfirst(name.replace("_", " "))


def local_time(value: str) -> str:
    """A stored ISO time (UTC) in the site's time zone; the text itself when it is no time."""
    try:
        when = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if timezone.is_naive(when):
        return value
    return dateformat.format(timezone.localtime(when), TIME_FORMAT)


def _is_reference(field: Any) -> bool:
    """A foreign key to shared reference data (regions, nomenclature, hazards, users), whose
    names anyone may read; a region's own records are named by type and id only."""
    related = getattr(field, "related_model", None)
    return (
        isinstance(field, models.ForeignKey)
        and related is not None
        and not issubclass(related, RegionOwned)
    )


def _is_key(pk: Any, value: str) -> bool:
    """Whether a stored value can be a key of the model (else it is shown as it is)."""
    try:
        pk.to_python(value)
    except (TypeError, ValueError, ValidationError):
        return False
    return True


def label_references(records: Iterable[Any]) -> None:
    """Give change records the names of the reference records their foreign keys hold (one
    query per related model for all the records), as `references`, for `readable_changes`."""
    records = list(records)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for record in records:
        model = record_model(record.model)
        for name, values in (record.changes or {}).items():
            field = _field(model, name)
            if _is_reference(field):
                pair = values if isinstance(values, list | tuple) else (values,)
                wanted[field.related_model].update(str(v) for v in pair if v is not None)
    names: dict[tuple[str, str], str] = {}
    for related, keys in wanted.items():
        pk = related._meta.pk
        valid = [key for key in keys if _is_key(pk, key)]
        for obj in related._base_manager.filter(pk__in=valid):
            names[(related._meta.label_lower, str(obj.pk))] = str(obj)
    for record in records:
        record.references = names


def field_value(
    field: Any, value: Any, references: Mapping[tuple[str, str], str] | None = None
) -> str | None:
    """A stored value as people read it: a choice's label, yes/no, a local time, a list, the
    name of a reference record (`label_references`) or the type and id of a region's record."""
    if value is None:
        return None
    if isinstance(field, models.ForeignKey) and not isinstance(field.related_model, str):
        related = field.related_model
        if not _is_reference(field):
            return f"{capfirst(str(related._meta.verbose_name))} #{value}"
        return (references or {}).get((related._meta.label_lower, str(value)), str(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and getattr(field, "choices", None) and isinstance(value, str | int):
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return local_time(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def readable_changes(
    model_label: str,
    changes: dict[str, Any],
    references: Mapping[tuple[str, str], str] | None = None,
) -> list[FieldChange]:
    """The changed fields of a change record, as people read them (`references`: the names of
    the reference records its foreign keys hold, from `label_references`)."""
    model = record_model(model_label)
    found = []
    for name, values in changes.items():
        before, after = (
            values if isinstance(values, list | tuple) and len(values) == 2 else (None, values)
        )
        field = _field(model, name)
        found.append(
            FieldChange(
                field_label(model, name),
                field_value(field, before, references),
                field_value(field, after, references),
            )
        )
    return found


def channel_label(source: str) -> str:
    """The channel a change came through (web page, API, command line, …)."""
    label = CHANNELS.get(source)
    return str(label) if label is not None else source
