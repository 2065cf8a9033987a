"""What the planning pages share: optional links, refusals as text, the budget year of an
address, and the regency a page is about."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import user_scope
from tangguh.planning import services
from tangguh.regions.models import Region


def optional_url(name: str, *args: Any) -> str | None:
    """The URL of a page that may not be installed yet (None then)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def refusal_text(exc: ValidationError | PermissionDenied) -> str:
    """A service's refusal as one sentence for a message."""
    if isinstance(exc, PermissionDenied):
        return str(exc)
    return " ".join(str(m) for m in exc.messages)


def year_or_404(year: int) -> int:
    """A budget year of an address, within the product's years."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("There is no budget year %(year)d.") % {"year": year})
    return year


def regency_of_interest(request: HttpRequest, code: str | None) -> Region | None:
    """The regency a page is about: the one holding the region chosen, else the user's only
    regency; None when that is not clear (a province manager who chose nothing)."""
    regencies = {services.regency_code(code)} if code and "." in code else set()
    if not regencies:
        scope = user_scope(request.user, "view")
        if scope.everything or any("." not in root for root in scope.roots):
            return None
        regencies = {services.regency_code(root) for root in scope.roots}
    if len(regencies) != 1:
        return None
    return Region.objects.defer("boundary", "bbox").filter(pk=regencies.pop()).first()
