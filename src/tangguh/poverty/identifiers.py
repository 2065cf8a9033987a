"""Personal identifiers of the registry (NIK of the head, KK number): checked, encrypted with
Fernet under the registry key (`settings.TANGGUH_REGISTRY_KEY`), hashed with a keyed HMAC for
matching, and masked for everyone who may not see them. Nothing here logs or raises a value."""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.translation import gettext as _

from tangguh.core.text import is_number

MASK = "•" * 16
LENGTH = 16


class BadIdentifier(ValueError):
    """An identifier that cannot be right (its message never repeats the value)."""


@cache
def _keys(key: str) -> tuple[Fernet, bytes]:
    fernet = Fernet(key.encode())
    matching = hashlib.sha256(b"tangguh-registry-match:" + key.encode()).digest()
    return fernet, matching


def keys() -> tuple[Fernet, bytes]:
    """The cipher and the matching key of this installation."""
    return _keys(settings.TANGGUH_REGISTRY_KEY)


def check_nik(raw: str) -> str:
    """A NIK as 16 digits: a province code 11–94, a birth day 01–31 (41–71 for women) and month
    01–12. BadIdentifier says what is wrong, without the number."""
    value = raw.strip().replace(" ", "").replace(".", "")
    if len(value) != LENGTH or not is_number(value):
        raise BadIdentifier(_("a NIK has 16 digits"))
    day, month = int(value[6:8]), int(value[8:10])
    if not 11 <= int(value[:2]) <= 94:
        raise BadIdentifier(_("a NIK starts with a province code (11 to 94)"))
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        raise BadIdentifier(_("the birth date inside the NIK is not a date"))
    return value


def check_kk(raw: str) -> str:
    """A family card (KK) number as 16 digits starting with a province code."""
    value = raw.strip().replace(" ", "").replace(".", "")
    if len(value) != LENGTH or not is_number(value) or not 11 <= int(value[:2]) <= 94:
        raise BadIdentifier(_("a KK number has 16 digits and starts with a province code"))
    return value


def match_hash(value: str) -> str:
    """The keyed hash two records with the same identifier share."""
    return hmac.new(keys()[1], value.encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    """The identifier encrypted (Fernet: AES-128-CBC with HMAC-SHA256)."""
    return keys()[0].encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The identifier itself; only `services.reveal_identifiers` calls this."""
    try:
        return keys()[0].decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise BadIdentifier(_("the stored identifier cannot be decrypted with this key")) from exc


def masked(token: str) -> str:
    """What a page shows for a stored identifier: that there is one, not what it is."""
    return MASK if token else ""
