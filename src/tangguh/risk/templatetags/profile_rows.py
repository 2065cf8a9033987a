"""The rows of the risk profile list, written in Python (core.cells): four included templates
per row were most of the list's cost."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from tangguh.core.cells import cell, rows
from tangguh.risk.models import RiskProfile

register = template.Library()


def _class(value: str, label: str) -> str:
    """What risk/_class.html writes (with its closing newline): a class badge, or a dash."""
    if not value:
        return '<span class="unknown">–</span>\n'
    return f'<span class="risk-class {cell(value)}">{cell(label)}</span>\n'


def _row(p: RiskProfile) -> str:
    region_url = reverse("risk:region", args=[p.region_id])
    return (
        f'<tr><td><a href="{cell(region_url)}">{cell(p.region.name)}</a> '
        f'<span class="code">{cell(p.region_id)}</span></td>\n'
        f'  <td><a href="{cell(p.get_absolute_url())}">{cell(p.hazard.name)}</a></td>'
        f"<td>{cell(p.year) if p.year else '–'}</td>\n"
        f"  <td>{_class(p.hazard_class, p.get_hazard_class_display())}</td>\n"
        f"  <td>{_class(p.vulnerability_class, p.get_vulnerability_class_display())}</td>\n"
        f"  <td>{_class(p.capacity_class, p.get_capacity_class_display())}</td>\n"
        f"  <td>{_class(p.risk_class, p.get_risk_class_display())}</td>\n"
        f'  <td class="code">{cell(p.method.version)}</td></tr>'
    )


@register.simple_tag
def profile_rows(profiles: Iterable[RiskProfile]) -> SafeString:
    """The table rows of PROFILES, every value escaped (core.cells)."""
    return rows(_row, profiles)
