"""Which region a row of a file names: a Kemendagri code (with or without dots), a BPS regency
code, or a name; then whether it may be used (level, still active, within a region, the user's
scope). One resolver for every importer; it reads each region at most once per import.

A regency's name is read the way Indonesian tables write it: "Kota Kupang" is the city, "Kupang"
or "Kab. Kupang" the regency. A name that fits two regions, or none, is a problem; nothing is
guessed. A regency can be refined to the sub-district or village its place text names
("Kec. Fatuleu Barat, Ds. Nuataus") when the name is unambiguous inside the regency.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from tangguh.core.scope import EVERYWHERE, Scope, is_within
from tangguh.regions import codes

BPS_CODES = Path(__file__).resolve().parents[2] / "regions" / "data" / "ntt" / "kode_bps.csv"
KEMENDAGRI, BPS = "kemendagri", "bps"
_REGENCY_PREFIX = re.compile(r"^(kabupaten|kab\.?|kab)\s+", re.IGNORECASE)
_CITY_PREFIX = re.compile(r"^(kota|kot\.?)\s+", re.IGNORECASE)
_DISTRICT = re.compile(r"\b(?:kec(?:amatan)?|distrik)\b\.?\s*([^\n,;/]+)", re.IGNORECASE)
_VILLAGE = re.compile(r"\b(?:ds|desa|kel(?:urahan)?|dsn)\b\.?\s*([^\n,;/]+)", re.IGNORECASE)
_MENTION = re.compile(
    r"\b(kecamatan|kec|distrik|desa|ds|kelurahan|kel|dsn|kampung|kp)\b\.?\s*", re.IGNORECASE
)
_DISTRICT_WORDS = {"kecamatan", "kec", "distrik"}


def name_key(text: str) -> str:
    """A spelling-insensitive key for place names: letters and digits, lower case."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def bps_to_kemendagri() -> dict[str, str]:
    """BPS regency codes (`5303`) to Kemendagri codes (`53.01`), from the shipped table."""
    with BPS_CODES.open(encoding="utf-8") as handle:
        return {row["kode_bps"]: row["kode_kemendagri"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Place:
    """A region as an importer needs it: code, level, kind, name and whether it is active."""

    code: str
    level: int
    kind: str
    name: str
    is_active: bool = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


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


class Unresolved(ValueError):
    """A region that cannot be used, with the message for the user."""


class RegionResolver:
    """Resolves region codes and names for one import, and checks they may be used."""

    def __init__(
        self,
        *,
        scope: Scope = EVERYWHERE,
        within: str | None = None,
        least_level: int = 2,
        active_only: bool = False,
        outside_scope: str = "",
    ) -> None:
        """`least_level` 2 refuses the province itself; `within` limits to a subtree; `scope` is
        where the acting user may write (`outside_scope` words the refusal)."""
        self.scope, self.within = scope, within
        self.least_level, self.active_only = least_level, active_only
        self.outside_scope = outside_scope or _(
            "region %(code)s is outside the regions you may change"
        )
        self._places: dict[str, Place | None] = {}
        self._children: dict[str, dict[str, list[str]]] = {}
        self._regencies: dict[str, list[Place]] | None = None

    # -- lookups ----------------------------------------------------------------------------

    def prefetch(self, raw_codes: Iterable[str], scheme: str = KEMENDAGRI) -> None:
        """Read the regions of many codes at once (one query per 500)."""
        from tangguh.regions.models import Region

        wanted = {c for c in (self.code_of(raw, scheme) for raw in raw_codes) if c}
        pending = sorted(wanted - self._places.keys())
        for start in range(0, len(pending), 500):
            chunk = pending[start : start + 500]
            self._places.update(dict.fromkeys(chunk))
            rows = Region.objects.filter(code__in=chunk).values_list(
                "code", "level", "kind", "name", "is_active"
            )
            self._places.update((row[0], Place(*row)) for row in rows)

    def code_of(self, raw: str, scheme: str = KEMENDAGRI) -> str | None:
        """The dotted Kemendagri code of `raw` in the given scheme (None when it is not one)."""
        text = re.sub(r"\.0+$", "", str(raw).strip())
        if scheme == BPS:
            plain = text.replace(".", "")
            return bps_to_kemendagri().get(plain)
        return codes.normalize(text) if codes.is_code(text) else None

    def place(self, code: str) -> Place | None:
        """The region with this dotted code (None when there is none)."""
        if code not in self._places:
            self.prefetch([code])
        return self._places.get(code)

    def by_code(self, raw: str, scheme: str = KEMENDAGRI) -> Place:
        """The usable region a code names; Unresolved says why not."""
        code = self.code_of(raw, scheme)
        if code is None:
            if scheme == BPS:
                raise Unresolved(_("'%(code)s' is not a BPS regency code") % {"code": raw})
            raise Unresolved(_("'%(code)s' is not a region code") % {"code": raw})
        found = self.place(code)
        if found is None:
            raise Unresolved(_("unknown region code %(code)s") % {"code": code})
        return self.check(found)

    def by_name(self, raw: str) -> Place:
        """The usable regency/city a name names ("Kota Kupang", "Kab. Kupang", "KUPANG")."""
        regencies = self._regency_names()
        text = " ".join(str(raw).split())
        kinds: tuple[str, ...]
        if _CITY_PREFIX.match(text):
            kinds = ("kota",)
        elif _REGENCY_PREFIX.match(text):
            kinds = ("kabupaten",)
        else:
            kinds = ("kabupaten", "kota")
        key = name_key(_CITY_PREFIX.sub("", _REGENCY_PREFIX.sub("", text)))
        for kind in kinds:  # a bare name is the regency: cities are written "Kota …"
            found = [p for p in regencies.get(key, []) if p.kind == kind]
            if len(found) > 1:
                names = ", ".join(str(p) for p in found)
                raise Unresolved(
                    _("'%(name)s' fits more than one region (%(names)s); give its code")
                    % {"name": text, "names": names}
                )
            if found:
                return self.check(found[0])
        raise Unresolved(_("no regency/city is named '%(name)s'") % {"name": text})

    def _regency_names(self) -> dict[str, list[Place]]:
        if self._regencies is None:
            from tangguh.regions.models import Region

            self._regencies = {}
            rows = Region.objects.filter(level=2).values_list(
                "code", "level", "kind", "name", "is_active"
            )
            for row in rows:
                place = Place(*row)
                self._places.setdefault(place.code, place)
                bare = _CITY_PREFIX.sub("", _REGENCY_PREFIX.sub("", place.name))
                self._regencies.setdefault(name_key(bare), []).append(place)
        return self._regencies

    # -- checks -----------------------------------------------------------------------------

    def check(self, place: Place) -> Place:
        """The region if it may be used here; Unresolved says why not."""
        if place.level < self.least_level:
            raise Unresolved(
                _("%(code)s is a province; give a village, sub-district or regency/city")
                % {"code": place.code}
            )
        if self.active_only and not place.is_active:
            raise Unresolved(
                _("%(code)s %(name)s is no longer an active region")
                % {"code": place.code, "name": place.name}
            )
        if self.within is not None and not is_within(place.code, self.within):
            raise Unresolved(
                _("%(code)s %(name)s is not in %(region)s")
                % {"code": place.code, "name": place.name, "region": self.within}
            )
        if not self.scope.covers(place.code):
            raise Unresolved(self.outside_scope % {"code": place.code, "name": place.name})
        return place

    # -- refining a regency by its place text ------------------------------------------------

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

    def refine_text(self, regency: str, text: str, village: str = "") -> str:
        """The finest region under `regency` holding every place a free text names.

        "Kec. A, Ds. B, Ds. C, Kec. D" names villages B and C of sub-district A and the
        sub-district D; each name is looked up inside the regency (a village inside the
        sub-district named before it) and used only when it is unambiguous there; a name that
        is not found counts as its sub-district, or as the regency. The result is the deepest
        region containing all of them: a village, a sub-district, or the regency itself.
        """
        names = self._names_under(regency)
        found: list[str] = []
        district: str | None = None
        mentions = _mentions(text) + ([("desa", village.strip())] if village.strip() else [])
        bare: int | None = None  # where a sub-district without villages (yet) stands
        for word, name in mentions:
            if word in _DISTRICT_WORDS:
                district = _single(names, name, level=3)
                bare = len(found)
                found.append(district or regency)
                continue
            villages = [c for c in names.get(name_key(name), []) if c.count(".") == 3]
            if district:
                villages = [c for c in villages if c.startswith(district + ".")]
            place = villages[0] if len(villages) == 1 else district or regency
            if bare is not None:
                found[bare], bare = place, None
            else:
                found.append(place)
        return _common(found) if found else regency

    def _names_under(self, code: str) -> dict[str, list[str]]:
        if code not in self._children:
            from tangguh.regions.models import Region

            names: dict[str, list[str]] = {}
            rows = Region.objects.within(code).filter(level__gt=2, is_active=True)
            for child, name in rows.values_list("code", "name"):
                names.setdefault(name_key(name), []).append(child)
            self._children[code] = names
        return self._children[code]


def _mentions(text: str) -> list[tuple[str, str]]:
    """(kind word, name) of each "Kec. …" / "Ds. …" in a text, in order."""
    found = list(_MENTION.finditer(text or ""))
    mentions = []
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        name = re.split(r"[\n,;/]", text[match.end() : end], maxsplit=1)[0].strip(" .-")
        if name:
            mentions.append((match.group(1).lower(), name))
    return mentions


def _common(found: list[str]) -> str:
    """The deepest code that contains every code given."""
    parts = [code.split(".") for code in found]
    common = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return ".".join(common)


def _single(names: dict[str, list[str]], name: str | None, level: int) -> str | None:
    if not name:
        return None
    found = [c for c in names.get(name_key(name), []) if c.count(".") == level - 1]
    return found[0] if len(found) == 1 else None
