"""Where an imported event happened: the region a row names (a Kemendagri or BPS regency code,
or a regency's name), refined by its place text, within this installation's geography.

Rows of provinces outside the installed geography are skipped and counted, never written and
never given stub regions; with `other_provinces` they are imported into their own province
when that province's geography is loaded. A name that fits two regions, or none, is a problem
of its row; nothing is guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.importing import Problems
from tangguh.core.importing.regions import BPS, Place, RegionResolver, Unresolved, name_key
from tangguh.core.scope import Scope
from tangguh.disasters.records import EventRecord
from tangguh.measures.hazards import HazardResolver
from tangguh.regions import codes
from tangguh.regions.models import Level, Region


class Outside(Exception):
    """The row's region lies in a province outside the installed geography."""


@dataclass
class Placing:
    """What placing the rows found: refinements, rows left at regency level, rows skipped."""

    refined_village: int = 0
    refined_district: int = 0
    at_regency: list[int] = field(default_factory=list)
    outside: Counter[str] = field(default_factory=Counter)


def _provinces(level: int) -> set[str]:
    """The provinces with regions of `level` loaded."""
    found = Region.objects.filter(level=level).annotate(province=Substr("code", 1, 2))
    return set(found.values_list("province", flat=True).distinct())


class EventPlaces:
    """Turns a record's hazard and place into catalogue and geography rows, collecting problems."""

    def __init__(
        self, file: str, scope: Scope, problems: Problems, *, other_provinces: bool = False
    ) -> None:
        self.file, self.scope, self.problems = file, scope, problems
        self.hazards = {h.key: h for h in HazardType.objects.all()}
        self.hazard_resolver = HazardResolver(h.entry() for h in self.hazards.values())
        self.regions = RegionResolver(least_level=Level.PROVINCE)
        self.rows: dict[str, Region] = {}
        self.home = _provinces(Level.VILLAGE) or _provinces(Level.REGENCY)
        self.allowed = _provinces(Level.REGENCY) | self.home if other_provinces else self.home
        self.placing = Placing()

    def hazard(self, record: EventRecord) -> HazardType | None:
        """The catalogue's hazard for the record's code and name (a problem when unknown)."""
        found = self.hazard_resolver.resolve(record.hazard_code, record.hazard_name)
        if found is None:
            given = " / ".join(x for x in (record.hazard_code, record.hazard_name) if x) or "-"
            self.problems.add(
                self.file,
                _("unknown hazard '%(hazard)s'") % {"hazard": given},
                record.line,
                "hazard",
            )
            return None
        return self.hazards[found.key]

    def region(self, record: EventRecord) -> str | None:
        """The finest region the record names, within the acting user's scope; None (and a
        problem) when it cannot be used; Outside when its province is not installed."""
        self._check_province(record.province_code)
        try:
            place = self._place(record)
        except Unresolved as exc:
            self._problem(record, str(exc))
            return None
        self._check_province(place.code[:2])
        code = place.code
        if place.level == Level.REGENCY:
            code = self._refine(record, code)
        if not self.scope.covers(code):
            self._problem(
                record, _("region %(code)s is outside the regions you may change") % {"code": code}
            )
            return None
        return code

    def _check_province(self, province: str | None) -> None:
        if province and province not in self.allowed:
            self.placing.outside[province] += 1
            raise Outside(province)

    def _place(self, record: EventRecord) -> Place:
        """The region of the row's code (Kemendagri, else BPS) or, failing that, of its name."""
        raw = (record.region_code or "").strip()
        if raw:
            try:
                return self.regions.by_code(raw)
            except Unresolved:
                if not record.regency_name:
                    raise Unresolved(_("unknown region code '%(code)s'") % {"code": raw}) from None
        bps = record.region_code_bps
        if bps and not raw:
            found = self._by_bps(bps, record.regency_name)
            if found is not None:
                return found
        if record.regency_name:
            return self.regions.by_name(record.regency_name)
        if bps:
            raise Unresolved(_("'%(code)s' is not a BPS regency code") % {"code": bps})
        raise Unresolved(_("the region code is missing"))

    def _by_bps(self, bps: str, name: str) -> Place | None:
        """A BPS regency code's region; when the row's name fits the digits read as a
        Kemendagri code instead (a re-export that wrote those), that region."""
        found = self._try(bps, BPS)
        if not name or (found is not None and _fits(found, name)):
            return found
        direct = self._try(bps)
        return direct if direct is not None and _fits(direct, name) else None

    def _try(self, raw: str, scheme: str = "kemendagri") -> Place | None:
        try:
            return self.regions.by_code(raw, scheme)
        except Unresolved:
            return None

    def _refine(self, record: EventRecord, regency: str) -> str:
        """The regency refined by the place text; counted for the report."""
        if not record.location_text and not record.village_name:
            return regency
        code = self.regions.refine_text(regency, record.location_text, record.village_name)
        if codes.level_of(code) == Level.VILLAGE:
            self.placing.refined_village += 1
        elif codes.level_of(code) == Level.DISTRICT:
            self.placing.refined_district += 1
        else:
            self.placing.at_regency.append(record.line)
        return code

    def region_row(self, code: str) -> Region:
        """The region row of a resolved code (read once per import)."""
        if code not in self.rows:
            self.rows[code] = Region.objects.only("code", "level", "name").get(code=code)
        return self.rows[code]

    def _problem(self, record: EventRecord, message: str) -> None:
        self.problems.add(self.file, message, record.line, "region_code")


def _fits(place: Place, name: str) -> bool:
    """True when a regency's name agrees with the name a row gives ("Kab. Kupang", "KUPANG")."""
    bare = name_key(
        " ".join(w for w in name.split() if w.lower().rstrip(".") not in ("kab", "kabupaten"))
    )
    return name_key(place.name).endswith(bare) if bare else False
