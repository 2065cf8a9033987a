"""Government level and kind of place: which sub-activities fit where a proposal comes from.

A proposal from a **kelurahan** (an urban sub-district unit with no budget of its own) is funded,
for small local works, through the sub-district's (kecamatan's) own sub-activities: the 2027
nomenclature has them under urusan 7.01 (Kecamatan), kegiatan 7.01.03.2.02 "Kegiatan
Pemberdayaan Kelurahan":

- 7.01.03.2.02.0002 *Pembangunan Sarana dan Prasarana Kelurahan* (the "dana kelurahan" works:
  neighbourhood roads and paths, drains, street lights, small bridges, posyandu buildings ...),
- 7.01.03.2.02.0003 *Pemberdayaan Masyarakat di Kelurahan* (community empowerment).

This follows PP 17/2018 on Kecamatan (art. 30: local infrastructure of a kelurahan and community
empowerment in it are decided by the kelurahan's musyawarah and funded through the kecamatan) and
Permendagri 130/2018 on those two kinds of kelurahan activities (its annex lists the works:
lingkungan permukiman, transportasi, kesehatan, pendidikan dan kebudayaan). So, for a kelurahan,
when the best suggestion is such a work of an agency (roads, drainage, street furniture, housing
PSU, water, sanitation, waste, community institutions), the matcher also proposes the kecamatan's
sub-activity, marked ``route="kelurahan"``. When that work is a physical one (the agency's
sub-activity builds, repairs or procures: "Pembangunan ...", "Rehabilitasi ...", "Penyediaan
..."), the kecamatan's sub-activity comes *first*: it is the channel a kelurahan musyawarah
decides and funds itself (PP 17/2018 art. 30), the agency's code the alternative for a work
beyond its scale. For a service or an office's work of the same agencies (waste collection,
operation, guidance) it stays second.

A **desa** item funded by Dana Desa reaches the regency as a request to the agency that does the
same work, so a desa gets the agency's codes and never the kelurahan ones; a kelurahan, or any
place in a city (kota), rarely needs the sub-activities written for villages ("... Desa").
`place_factor` expresses this as a score factor per sub-activity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tangguh.measures.matching.model import Context, Entry, Suggestion
from tangguh.measures.text_id import normalise

KELURAHAN_WORKS_CODE = "7.01.03.2.02.0002"
KELURAHAN_EMPOWERMENT_CODE = "7.01.03.2.02.0003"
KELURAHAN_PREFIX = "7.01.03.2.02."
# Programmes / kegiatan whose small works a kelurahan funds through the kecamatan.
KELURAHAN_WORKS: tuple[str, ...] = (
    "1.03.10.",  # roads and bridges (jalan lingkungan, jembatan kecil)
    "1.03.06.",  # drainage
    "1.03.03.",  # drinking water (small systems)
    "1.03.05.",  # waste water, MCK
    "1.03.04.",  # solid waste infrastructure
    "1.04.05.",  # housing PSU
    "2.15.02.2.02.",  # street furniture and lights
    "2.11.11.2.01.",  # waste handling
    "2.13.05.2.01.0004",  # facilities of community institutions (posyandu, RT/RW)
)
KELURAHAN_EMPOWERMENT: tuple[str, ...] = (
    "2.13.05.2.01.0002",
    "2.13.05.2.01.0003",
    "2.13.05.2.01.0005",
)
DESA_ONLY_IN_KELURAHAN = 0.75  # a "... Desa" sub-activity for a kelurahan proposal
DESA_ONLY_IN_CITY = 0.8  # ... or for any proposal of a city
KELURAHAN_IN_DESA = 0.6  # the kecamatan's kelurahan sub-activities for a village proposal

PLACE_KINDS = frozenset({"desa", "kelurahan"})
REGION_KINDS = frozenset({"regency", "city"})


def desa_only(entry: Entry) -> bool:
    """Whether a sub-activity is written for villages only (its name says desa, not kelurahan)."""
    name = f" {normalise(entry.name)} "
    return " desa " in name and " kelurahan " not in name


def place_factor(code: str, village_only: bool, context: Context | None) -> float:
    """Score factor of a sub-activity for a proposal from this kind of place (1.0: no rule)."""
    if context is None:
        return 1.0
    factor = 1.0
    if context.place_kind == "desa" and code.startswith(KELURAHAN_PREFIX):
        factor *= KELURAHAN_IN_DESA
    if village_only:
        if context.place_kind == "kelurahan":
            factor *= DESA_ONLY_IN_KELURAHAN
        elif context.region_kind == "city":
            factor *= DESA_ONLY_IN_CITY
    return factor


def routed_first(work_kind: str | None) -> bool:
    """Whether the kelurahan routing goes before the agency's sub-activity of this kind of
    action (`reading.verb_kind` of its name): for building, repairing or procuring."""
    return work_kind in ("new", "repair")


def kelurahan_route(code: str) -> str | None:
    """The kecamatan sub-activity that funds this kind of work in a kelurahan, if any."""
    if code.startswith(KELURAHAN_PREFIX):
        return None
    if code.startswith(KELURAHAN_WORKS):
        return KELURAHAN_WORKS_CODE
    if code.startswith(KELURAHAN_EMPOWERMENT):
        return KELURAHAN_EMPOWERMENT_CODE
    return None


def with_kelurahan_route(
    suggestions: list[Suggestion],
    blocked: frozenset[str],
    top: int,
    position: Mapping[str, int],
    verb_kinds: Sequence[str | None],
) -> list[Suggestion]:
    """For a kelurahan: the kecamatan's own sub-activity beside the agency's work, first when
    that work is building, repairing or procuring something (`routed_first`). `position` and
    `verb_kinds` are the index's: where each known code is, and the kind of action of each name."""
    if not suggestions:
        return suggestions
    first = suggestions[0]
    route = kelurahan_route(first.code)
    if route is None or route in blocked or route not in position:
        return suggestions
    rest = [s for s in suggestions[1:] if s.code != route]
    routed = Suggestion(
        code=route,
        score=first.score,
        matched=first.matched,
        explanation=first.explanation,
        examples=first.examples,
        route="kelurahan",
    )
    if routed_first(verb_kinds[position[first.code]]):
        return [routed, first, *rest][:top]
    return [first, routed, *rest][:top]


__all__ = [
    "KELURAHAN_EMPOWERMENT_CODE",
    "KELURAHAN_WORKS_CODE",
    "desa_only",
    "kelurahan_route",
    "place_factor",
    "routed_first",
    "with_kelurahan_route",
]
