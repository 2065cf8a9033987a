"""Template filters of the change log: changed fields and channels as people read them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext, ngettext

from tangguh.core.cells import cell
from tangguh.core.changes import FieldChange, channel_label, readable_changes

register = template.Library()


@register.filter
def readable(change: Any) -> list[FieldChange]:
    """A change record's changed fields by their names for users, values by their labels."""
    return readable_changes(change.model, change.changes or {}, getattr(change, "references", None))


@register.filter
def channel(source: str) -> str:
    """The channel a change came through, in the user's language."""
    return channel_label(source)


def _value(value: str | None) -> str:
    return "∅" if value is None else str(conditional_escape(value))


@register.simple_tag
def changed_fields(change: Any) -> SafeString:
    """A change record's fields, before and after, folded under "N fields" (written in Python:
    a page of 50 records holds hundreds of fields, which cost the template engine ~25 ms)."""
    fields = readable(change)
    if not fields:
        return mark_safe("")
    summary = ngettext("%(n)s field", "%(n)s fields", len(fields)) % {"n": len(fields)}
    rows = "".join(
        f"<dt>{conditional_escape(f.label)}</dt><dd><del>{_value(f.before)}</del> → "
        f"<ins>{_value(f.after)}</ins></dd>"
        for f in fields
    )
    return format_html(
        '<details><summary>{}</summary>\n<dl class="diff">{}</dl></details>',
        summary,
        mark_safe(rows),  # noqa: S308 - every part escaped above
    )


def _change_row(c: Any) -> str:
    at = template_localtime(c.at)
    return (
        f'\n<tr>\n  <td><time datetime="{cell(date(at, "c"))}">{cell(date(at, "Y-m-d H:i"))}'
        f"</time></td>\n"
        f'  <td>{cell(c.actor_name or "-")} <small class="muted">{cell(channel(c.source))}'
        f"</small></td>\n"
        f'  <td><span class="badge {cell(c.action)}">{cell(c.get_action_display())}</span></td>\n'
        f'  <td><small class="muted">{cell(c.model_verbose_name)}</small><br>'
        f"{cell(c.object_repr)}</td>\n"
        f'  <td class="code">{cell(c.region_code or "-")}</td>\n'
        f"  <td>{changed_fields(c)}</td>\n</tr>\n"
    )


@register.simple_tag
def change_rows(changes: Iterable[Any]) -> SafeString:
    """The table rows of CHANGES, written in Python (core.cells: a page of changes resolved
    some forty template variables per row), or a row saying that none match."""
    rows = "".join(_change_row(c) for c in changes)
    if not rows:
        none = cell(gettext("No changes match."))
        rows = f'<tr><td colspan="6" class="muted">{none}</td></tr>'
    return mark_safe(rows)  # noqa: S308 - cells escape
