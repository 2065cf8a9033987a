"""Kemendagri region codes: `53` province, `53.01` regency/city, `53.01.27` sub-district,
`53.01.27.2005` village. A code lies within every code it starts with (segment by segment)."""

from __future__ import annotations

import re

# Digits per segment: province 2, regency/city 2, sub-district 2, village 4.
SEGMENT_WIDTHS = (2, 2, 2, 4)
_DOTTED = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
_PLAIN_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}


class BadRegionCode(ValueError):
    """Text that is not a Kemendagri region code."""


def normalize(raw: str) -> str:
    """The dotted form of a code given with or without dots (`5301272005` -> `53.01.27.2005`)."""
    text = str(raw).strip()
    if _DOTTED.match(text):
        return text
    if text.isascii() and text.isdigit() and len(text) in _PLAIN_LENGTHS:
        parts, start = [], 0
        for width in SEGMENT_WIDTHS[: _PLAIN_LENGTHS[len(text)]]:
            parts.append(text[start : start + width])
            start += width
        return ".".join(parts)
    raise BadRegionCode(raw)


def is_code(raw: str) -> bool:
    """True when `raw` is a region code with or without dots."""
    try:
        normalize(raw)
    except BadRegionCode:
        return False
    return True


def level_of(code: str) -> int:
    """1 province, 2 regency/city, 3 sub-district, 4 village."""
    return code.count(".") + 1


def parent_of(code: str) -> str | None:
    """The code of the region containing this one (None for a province)."""
    if "." not in code:
        return None
    return code.rsplit(".", 1)[0]


def ancestors_of(code: str) -> list[str]:
    """Codes from the province down to the parent of `code`."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def looks_like_code_prefix(text: str) -> bool:
    """True when a search text is a (partial) code rather than a name: digits and dots only."""
    return bool(text) and bool(re.fullmatch(r"[0-9.]+", text.strip()))


def lies_within(code: str, root: str) -> bool:
    """True when `code` is `root` or lies in its subtree."""
    return code == root or code.startswith(root + ".")


def related(a: str, b: str) -> bool:
    """True when one region code lies within the other (or they are the same)."""
    return lies_within(a, b) or lies_within(b, a)
