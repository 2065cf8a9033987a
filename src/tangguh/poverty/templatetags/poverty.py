"""Template filters of the poverty pages."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(fraction: Any, digits: int = 2) -> str:
    """A fraction shown as a percentage in the active language ("0.0861" → "8,61 %" in id)."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "–"
    shown = round(float(fraction) * 100, int(digits))  # number_format cuts, it does not round
    return f"{number_format(shown, int(digits))}\u00a0%"


@register.filter
def index100(fraction: Any) -> str:
    """An FGT index the way BPS publishes it (x 100, two decimals)."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "–"
    return str(number_format(round(float(fraction) * 100, 2), 2))


@register.filter
def at(mapping: Any, key: Any) -> Any:
    """The value of a dict at a key ("" when absent): `{{ potentials|at:v.code }}`."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
