"""Template filters of coordination: whether a follow-up item is overdue or stalled on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

register = template.Library()


@register.filter
def overdue(item: Any, today: dt.date) -> bool:
    """Open and past its deadline on `today`."""
    return bool(item.is_overdue(today))


@register.filter
def stalled(item: Any, today: dt.date) -> bool:
    """Open and without a progress update for long on `today`."""
    return bool(item.is_stalled(today))
