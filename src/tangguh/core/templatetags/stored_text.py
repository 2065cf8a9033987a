"""Template filter for text stored in the database by the application's own seeds (a method's
legal basis, an edition's notes): shown in the user's language when the text is one the
application declares for translation, else as it is stored."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def translated(text: Any) -> Any:
    """The stored text in the user's language when the catalogue holds it (the seeds declare
    their texts with `gettext_noop`), else unchanged; text people typed stays as they typed it."""
    if not isinstance(text, str) or not text:
        return text  # gettext("") would give the catalogue's header
    return gettext(text)
