"""The rows of the proposal list, written in Python (core.cells): the list's cost was the
template engine resolving some sixty variables per row."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from tangguh.core.cells import cell, rows
from tangguh.planning.models import Proposal

register = template.Library()

BADGES = {"accommodated": " create", "partly": " update", "deferred": " provisional"}
BADGES["rejected"] = " delete"


def _row(p: Proposal) -> str:
    priority = ""
    if p.priority:
        rank = gettext("Priority rank")
        priority = f'<span class="badge" title="{cell(rank)}">#{cell(p.priority)}</span> '

    reference = f' <span class="code">{cell(p.reference)}</span>' if p.reference else ""
    parent = p.region.parent
    place = f' <small class="muted">· {cell(parent.name)}</small>' if parent else ""
    if p.estimated_cost is not None:
        cost = cell(floatformat(p.estimated_cost, "0g"))
    else:
        unknown = gettext("unknown")
        cost = f'<span class="unknown">{cell(unknown)}</span>'

    if p.sub_activity:
        agency = f" · {cell(p.agency)}" if p.agency else ""
        sub_activity = f'<span class="code">{cell(p.sub_activity.code)}</span>{agency}'
    else:
        sub_activity = '<span class="muted">–</span>'
    outcome = (
        f'<span class="badge{BADGES.get(p.outcome, "")}" data-testid="outcome">'
        f"{cell(p.get_outcome_display())}</span>\n"  # as the old include wrote it
    )
    return (
        f'<tr><td>{priority}<a href="{cell(p.get_absolute_url())}">{cell(p.title)}</a>'
        f"{reference}</td>\n"
        f'  <td>{cell(p.region.name)}{place} <span class="code">{cell(p.region_id)}</span></td>\n'
        f"  <td>{cell(p.year)}</td><td>{cell(p.get_source_kind_display())}</td>\n"
        f'  <td class="num">{cost}</td>\n'
        f"  <td>{cell(p.get_stage_display())}</td>\n"
        f"  <td>{sub_activity}</td>\n"
        f"  <td>{outcome}</td></tr>"
    )


@register.simple_tag
def proposal_rows(proposals: Iterable[Proposal]) -> SafeString:
    """The table rows of PROPOSALS, every value escaped (core.cells)."""
    return rows(_row, proposals)
