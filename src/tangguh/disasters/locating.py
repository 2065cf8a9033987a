"""Find the finest region a record names: a regency code refined by the place text
("Kec. Fatuleu Barat, Ds. Nuataus") to the sub-district or village it mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tangguh.regions.models import Level, Region

_DISTRICT = re.compile(r"\b(?:kec(?:amatan)?|distrik)\b\.?\s*([^\n,;/]+)", re.IGNORECASE)
_VILLAGE = re.compile(r"\b(?:ds|desa|kel(?:urahan)?|dsn)\b\.?\s*([^\n,;/]+)", re.IGNORECASE)


def name_key(text: str) -> str:
    """A spelling-insensitive key for place names."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class PlaceNames:
    """Sub-district and village names found in a place text."""

    district: str | None
    village: str | None


def place_names(text: str, village: str = "") -> PlaceNames:
    """The names after "Kec." and "Ds."/"Desa"/"Kel." in a place text (and an explicit village)."""
    district = _DISTRICT.search(text or "")
    found = _VILLAGE.search(text or "")
    village_name = village.strip() or (found.group(1).strip() if found else "")
    return PlaceNames(
        district=district.group(1).strip() if district else None,
        village=village_name or None,
    )


class RegionIndex:
    """Names of the sub-districts and villages of the regencies seen in one import."""

    def __init__(self) -> None:
        self._children: dict[str, dict[str, list[str]]] = {}

    def _names_under(self, code: str) -> dict[str, list[str]]:
        if code not in self._children:
            names: dict[str, list[str]] = {}
            rows = Region.objects.within(code).filter(level__gt=Level.REGENCY, is_active=True)
            for child, name in rows.values_list("code", "name"):
                names.setdefault(name_key(name), []).append(child)
            self._children[code] = names
        return self._children[code]

    def refine(self, regency: str, places: PlaceNames) -> str:
        """The finest unambiguous region under `regency` the names point to (else the regency)."""
        names = self._names_under(regency)
        district = _single(names, places.district, level=3)
        if places.village:
            candidates = names.get(name_key(places.village), [])
            villages = [c for c in candidates if c.count(".") == 3]
            if district:
                villages = [c for c in villages if c.startswith(district + ".")]
            if len(villages) == 1:
                return villages[0]
        return district or regency


def _single(names: dict[str, list[str]], name: str | None, level: int) -> str | None:
    if not name:
        return None
    found = [c for c in names.get(name_key(name), []) if c.count(".") == level - 1]
    return found[0] if len(found) == 1 else None
