"""Clean text everywhere: the one place where control characters leave stored text.

NUL (U+0000) cannot be stored in PostgreSQL text or jsonb at all, and the other C0 control
characters and DEL are invisible marks copied from other programs. They are removed from every
text and JSON value a model stores, whichever way it is written: `Model.save` (services,
`create_record`/`update_record`, restores; a `pre_save` receiver connected in
`CoreConfig.ready`) and the kit's bulk writes (`core.bulk.insert`, `core.importing.upsert`).
Tab, line feed and carriage return are kept (they mean something in multi-line text). The
import kit's `cells.text` refuses such characters in a cell with a message naming its row and
column before anything is written; this layer makes sure whatever gets past a reader (a
code, a name read another way, an API value, an old backup) is stored clean, so that data kept
in SQLite always restores into PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import models

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# How json.dumps writes those characters (\\b and \\f short, the others as \\u00XX).
_JSON_CONTROLS = re.compile(r"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])|(?<!\\)\\[bf]")


def is_number(text: str) -> bool:
    """Whether `text` is a whole number written with the digits 0–9 only. `str.isdigit` also
    accepts "²", which `int()` refuses (a crash on a hostile query string), and other scripts'
    digits, which `int()` reads but no code or year of ours is written in."""
    return text.isascii() and text.isdigit()


def clean(value: str) -> str:
    """`value` without control characters (tab, line feed and carriage return kept)."""
    return CONTROLS.sub("", value) if CONTROLS.search(value) else value


def has_controls(value: str) -> bool:
    """True when `value` holds a control character other than tab, line feed, carriage return."""
    return CONTROLS.search(value) is not None


def clean_json(value: Any) -> Any:
    """A JSON-like value with every string in it (keys included) cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_json(key): clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value


def _json_needs_cleaning(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return False
    if isinstance(value, str):
        return has_controls(value)
    try:
        dumped = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return False
    return _JSON_CONTROLS.search(dumped) is not None


TEXT, JSON = "text", "json"


@cache
def text_fields(model: type[models.Model]) -> tuple[tuple[str, str], ...]:
    """(attname, kind) of the model's concrete text fields (char, text and their kinds) and
    JSON fields."""
    found = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.JSONField):
            found.append((field.attname, JSON))
        elif isinstance(field, models.CharField | models.TextField):
            found.append((field.attname, TEXT))
    return tuple(found)


def clean_instance(obj: models.Model) -> bool:
    """Clean the text and JSON values of one record in place; True when any changed."""
    changed = False
    values = obj.__dict__
    for attname, kind in text_fields(type(obj)):
        value = values.get(attname)
        if kind == TEXT:
            if isinstance(value, str) and CONTROLS.search(value):
                values[attname] = CONTROLS.sub("", value)
                changed = True
        elif _json_needs_cleaning(value):
            values[attname] = clean_json(value)
            changed = True
    return changed


def clean_objects(model: type[models.Model], objects: Sequence[models.Model]) -> bool:
    """Clean many records of one model in place, a column at a time (one search over a column's
    joined text finds whether any value needs cleaning); True when any changed."""
    changed = False
    for attname, kind in text_fields(model):
        column = [obj.__dict__.get(attname) for obj in objects]
        if kind == TEXT:
            texts = [value for value in column if isinstance(value, str)]
            if not CONTROLS.search("".join(texts)):
                continue
        elif not any(_json_needs_cleaning(value) for value in column):
            continue
        for obj in objects:
            value = obj.__dict__.get(attname)
            if kind == TEXT and isinstance(value, str) and CONTROLS.search(value):
                obj.__dict__[attname] = CONTROLS.sub("", value)
                changed = True
            elif kind == JSON and _json_needs_cleaning(value):
                obj.__dict__[attname] = clean_json(value)
                changed = True
    return changed


def clean_before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """The `pre_save` receiver: every record is stored with clean text (raw saves included)."""
    clean_instance(instance)
