"""The rows of the event list, written in Python (core.cells): a list page resolves over a
thousand template variables otherwise."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from tangguh.core.cells import cell, rows
from tangguh.disasters.models import Event

register = template.Library()


def _figure(value: int | None) -> str:
    return '<span class="unknown">?</span>' if value is None else cell(intcomma(value))


def _row(e: Event) -> str:
    duplicate = ""
    if e.possible_duplicate_of_id:
        label = gettext("possible duplicate")
        duplicate = f' <span class="badge provisional">{cell(label)}</span>'

    return (
        f'<tr><td><a href="{cell(e.get_absolute_url())}">{cell(date(e.start_date, "Y-m-d"))}'
        f"</a></td><td>{cell(e.hazard.name)}</td><td>{cell(e.region.name)} "
        f'<span class="code">{cell(e.region_id)}</span></td>\n'
        f'  <td class="num">{_figure(e.deaths)}</td>\n'
        f'  <td class="num">{_figure(e.affected)}</td>\n'
        f'  <td class="num">{_figure(e.houses_heavy)}</td>\n'
        f"  <td>{cell(e.get_verification_display())}{duplicate}</td></tr>"
    )


@register.simple_tag
def event_rows(events: Iterable[Event]) -> SafeString:
    """The table rows of EVENTS, every value escaped (core.cells)."""
    return rows(_row, events)
