"""API authentication by token: `Authorization: Token KEY`, the token found by its digest."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from tangguh.accounts.models import ApiToken


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's token header, checked against the stored SHA-256 digests (no token is stored)."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        found = (
            ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
        )
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not found.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (found.user, found)
