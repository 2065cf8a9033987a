"""Template filters of the risk pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def index(value: Any) -> str:
    """An index or threshold without trailing zeros, in the active language's number format
    (0.700000 → "0.7", "0,7" in Indonesian); '' for no value."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return str(formats.number_format(number, use_l10n=True))
