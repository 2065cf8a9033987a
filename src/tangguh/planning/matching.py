"""Suggestions of sub-activities (and the agencies that may carry them) for proposal texts.

The matcher itself is pure code in `tangguh.measures.matching`; this module feeds it the
nomenclature from the database and keeps one index per edition and government in memory (built
on first use with the labelled texts tangguh ships as examples, `seed_examples`; rebuilt when
the edition is reloaded).

**Where a text comes from.** Every suggestion is made in a `Context` (`context_for`): a desa or
a kelurahan (the village's kind), in a regency or a city (the regency's kind), and the
regency/city whose planners' decisions count. For a kelurahan the matcher proposes the
sub-district's own sub-activity beside an agency's small work (`route == "kelurahan"`).

**What planners teach** is kept per regency/city, keyed by its code (`MatchIndex.learn` and
`forbid`): every proposal coded to a sub-activity, or accommodated with work-plan items, is an
example of that code for its regency; every suggestion marked wrong (`WrongSuggestion`) is
forbidden there. The planning services teach the cached indexes at once when a coding or a mark
is committed (`taught`, `forbidden`, `withdrawn`), without rebuilding anything. A regency's
memory is replayed from the database, in the order its decisions were made, on its first use in
a process and whenever the database shows a change this process did not make (another worker,
a correction that withdraws an example: the matcher cannot unlearn one example), see
`_ensure_region`. Nothing a regency teaches changes another regency's suggestions.

`Match.score` is the matcher's calibrated confidence (the probability that a planner chooses
the suggestion); `Found.status` says why there is no (good) suggestion, `Found.message` says it
in the user's language.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from tangguh.accounts.models import Agency
from tangguh.measures.matching import Context, Entry, Example, MatchIndex, MatchResult
from tangguh.nomenclature.models import Edition, Government, Item, Level
from tangguh.planning.models import Proposal, ProposalLink, WrongSuggestion
from tangguh.regions.models import Kind, Region
from tangguh.regions.models import Level as RegionLevel

_LOCK = threading.RLock()
SEED_DIR = Path(__file__).resolve().parent.parent / "measures" / "data"
MAX_EXAMPLES_PER_CODE = 12
RANK_DEPTH = 10  # how far down the suggestions a coding's chosen code is looked for

PLACE_KINDS: dict[str, str] = {
    Kind.DESA: "desa",
    Kind.DESA_ADAT: "desa",
    Kind.KELURAHAN: "kelurahan",
}
REGION_KINDS: dict[str, str] = {Kind.KABUPATEN: "regency", Kind.KOTA: "city"}
NO_EDITION = "no_edition"  # the app's own status: no nomenclature edition to match against


@cache
def seed_examples() -> tuple[tuple[str, str], ...]:
    """The labelled texts shipped with tangguh as (text, code) pairs, one per accepted code."""
    pairs: list[tuple[str, str]] = []
    for path in sorted(SEED_DIR.glob("matching_eval*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                text = (row.get("text") or "").strip()
                for code in (row.get("codes") or "").split():
                    if text:
                        pairs.append((text, code))
    return tuple(pairs)


def capped(
    examples: Sequence[tuple[str, str]], per_code: int | None = None
) -> list[tuple[str, str]]:
    """At most `per_code` distinct examples of each code, the first given first, so that the
    index, and the time each suggestion takes, stays bounded."""
    limit = per_code or MAX_EXAMPLES_PER_CODE
    kept: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    per: dict[str, int] = {}
    for text, code in examples:
        key = (text.strip().lower(), code)
        if not key[0] or key in seen or per.get(code, 0) >= limit:
            continue
        seen.add(key)
        per[code] = per.get(code, 0) + 1
        kept.append((text, code))
    return kept


def entries_for(edition: Edition, government: str) -> tuple[list[Entry], dict[str, Item]]:
    """The matcher's entries for the sub-activities a government may use in an edition."""
    items = Item.objects.filter(edition=edition, government=government)
    names = dict(items.exclude(level=Level.SUB_KEGIATAN).values_list("code", "name"))
    subs = {i.code: i for i in items.filter(level=Level.SUB_KEGIATAN, offered=True)}
    entries = []
    for code, item in subs.items():
        parts = code.split(".")
        entries.append(
            Entry(
                code=code,
                name=item.name,
                kegiatan=names.get(".".join(parts[:5]), ""),
                program=names.get(".".join(parts[:3]), ""),
                bidang=names.get(".".join(parts[:2]), ""),
                output=item.output,
                indicator=item.indicator,
                unit=item.unit,
                definition=item.definition,
                pelaksana=item.implementer,
            )
        )
    return entries, subs


# ---------------------------------------------------------------------------------------------
# The cached indexes and the regencies' memories


@dataclass
class _Loaded:
    """One cached index, its items, and the version of each regency memory it holds."""

    index: MatchIndex
    items: dict[str, Item]
    edition_id: int
    government: str
    loaded_at: Any
    versions: dict[str, tuple[Any, ...]] = field(default_factory=dict)


_INDEXES: dict[tuple[int, str], _Loaded] = {}


def _loaded(edition: Edition, government: str) -> _Loaded:
    """The cached index of an edition and government (built when absent or the edition was
    reloaded since)."""
    key = (edition.pk, government)
    with _LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and cached.loaded_at == edition.loaded_at:
            return cached
        entries, items = entries_for(edition, government)
        index = MatchIndex.build(entries, examples=capped(seed_examples()))
        loaded = _Loaded(index, items, edition.pk, government, edition.loaded_at)
        _INDEXES[key] = loaded
        return loaded


def index_for(edition: Edition, government: str) -> tuple[MatchIndex, dict[str, Item]]:
    """The (cached) index of an edition and government, with the shipped examples."""
    loaded = _loaded(edition, government)
    return loaded.index, loaded.items


def forget_indexes() -> None:
    """Drop every cached index (tests; after loading an edition in the same process)."""
    with _LOCK:
        _INDEXES.clear()


def region_version(code: str) -> tuple[Any, ...]:
    """What the database holds of a regency's teaching, as a value that changes with it."""
    coded = (
        Proposal.objects.filter(regency_id=code)
        .exclude(sub_activity=None)
        .aggregate(n=Count("pk"), last=Max("updated_at"))
    )
    marks = WrongSuggestion.objects.filter(region_id=code).aggregate(
        n=Count("pk"), last=Max("created_at")
    )
    return (coded["n"], coded["last"], marks["n"], marks["last"])


def _text(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def lessons(loaded: _Loaded, code: str) -> list[tuple[Any, int, str, str]]:
    """What a regency taught an index's edition and government, oldest first:
    (when, 0 for an example or 1 for a mark, text, sub-activity code)."""
    sub = {"edition_id": loaded.edition_id, "government": loaded.government}
    found: list[tuple[Any, int, str, str]] = []
    coded = Proposal.objects.filter(
        regency_id=code, **{f"sub_activity__{k}": v for k, v in sub.items()}
    ).values_list("title", "description", "problem", "sub_activity__code", "updated_at")
    for title, description, problem, sub_code, at in coded.iterator(chunk_size=2000):
        found.append((at, 0, _text(title, description, problem), sub_code))
    linked = ProposalLink.objects.filter(
        proposal__regency_id=code, **{f"item__sub_activity__{k}": v for k, v in sub.items()}
    ).values_list(
        "proposal__title",
        "proposal__description",
        "proposal__problem",
        "item__sub_activity__code",
        "proposal__updated_at",
    )
    for title, description, problem, sub_code, at in linked.iterator(chunk_size=2000):
        found.append((at, 0, _text(title, description, problem), sub_code))
    marks = WrongSuggestion.objects.filter(
        region_id=code, **{f"sub_activity__{k}": v for k, v in sub.items()}
    ).values_list("text", "sub_activity__code", "created_at")
    for text, sub_code, at in marks.iterator(chunk_size=2000):
        found.append((at, 1, text, sub_code))
    found.sort(key=lambda lesson: (lesson[0], lesson[1]))
    return found


def _replay(loaded: _Loaded, code: str, version: tuple[Any, ...]) -> None:
    """Load a regency's memory afresh from the database (`version` read before it)."""
    taught = lessons(loaded, code)
    with _LOCK:
        loaded.index.forget_region(code)
        for _at, kind, text, sub_code in taught:
            if kind:
                loaded.index.forbid(code, text, sub_code)
            else:
                loaded.index.learn(code, text, sub_code)
        loaded.versions[code] = version


def _ensure_region(loaded: _Loaded, code: str | None, *, check: bool = True) -> None:
    """Make the index's memory of a regency match the database: loaded on first use, and
    (with `check`) replayed when the database changed in a way this process did not see."""
    if not code:
        return
    known = loaded.versions.get(code)
    if known is not None and not check:
        return
    version = region_version(code)
    if version != known:
        _replay(loaded, code, version)


def _holding(code: str) -> list[_Loaded]:
    """The cached indexes that hold a regency's memory."""
    with _LOCK:
        return [loaded for loaded in _INDEXES.values() if code in loaded.versions]


def _current(loaded: _Loaded, code: str, before: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    """Whether an index's memory of a regency is current but for the write just committed: it
    reflects the database as it was before the write (`before`), or already as it is (`now`,
    another write of the same transaction got there first)."""
    return loaded.versions.get(code) in (before, now)


def taught(proposal_id: int, *, before: tuple[Any, ...], withdrawn: bool = False) -> None:
    """A coding of a proposal was committed (`before`: the regency's `region_version` just
    before the write): every cached index holding the regency's memory learns the proposal's
    codes (its sub-activity and those of its work-plan items) at once. When a code was withdrawn
    (corrected, cleared, unlinked), or the memory missed other changes, it is replayed."""
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return
    region = proposal.regency_id
    codes: list[tuple[int, str, str]] = []
    if proposal.sub_activity_id is not None:
        codes += Item.objects.filter(pk=proposal.sub_activity_id).values_list(
            "edition_id", "government", "code"
        )
    codes += ProposalLink.objects.filter(proposal=proposal).values_list(
        "item__sub_activity__edition_id",
        "item__sub_activity__government",
        "item__sub_activity__code",
    )
    for loaded in _holding(region):
        now = region_version(region)
        if withdrawn or not _current(loaded, region, before, now):
            _replay(loaded, region, now)
            continue
        with _LOCK:
            for edition_id, government, code in codes:
                if (edition_id, government) == (loaded.edition_id, loaded.government):
                    loaded.index.learn(region, proposal.text, code)
            loaded.versions[region] = now


def forbidden(mark_id: int, *, before: tuple[Any, ...]) -> None:
    """A suggestion marked wrong was committed (`before`: the regency's `region_version` just
    before): the cached indexes holding the regency's memory stop making it there at once."""
    mark = WrongSuggestion.objects.filter(pk=mark_id).select_related("sub_activity").first()
    if mark is None:
        return
    item, region = mark.sub_activity, mark.region_id
    for loaded in _holding(region):
        now = region_version(region)
        if not _current(loaded, region, before, now):
            _replay(loaded, region, now)
            continue
        with _LOCK:
            if (item.edition_id, item.government) == (loaded.edition_id, loaded.government):
                loaded.index.forbid(region, mark.text, item.code)
            loaded.versions[region] = now


def withdrawn(region: str) -> None:
    """Something a regency taught was taken back (a mark withdrawn): replay its memory."""
    for loaded in _holding(region):
        _replay(loaded, region, region_version(region))


def forget_regions() -> None:
    """Drop every regency's memory from the cached indexes (tests; they are replayed on use)."""
    with _LOCK:
        for loaded in _INDEXES.values():
            for code in list(loaded.versions):
                loaded.index.forget_region(code)
            loaded.versions.clear()


# ---------------------------------------------------------------------------------------------
# Where a text comes from


def context_for(region: Region | None, regency: Region | None = None) -> Context:
    """The matcher's context of a text from `region` (a village, sub-district, regency or the
    province): desa or kelurahan, regency or city, and whose planners' decisions count (the
    regency/city, or the province for the province's own list)."""
    if region is None:
        return Context()
    if regency is None:
        regency = government_region(region)
    return Context(
        place_kind=PLACE_KINDS.get(region.kind),
        region_kind=REGION_KINDS.get(regency.kind),
        region=regency.code,
    )


def government_region(region: Region) -> Region:
    """The government a region belongs to: its regency/city, or the province itself."""
    if region.level <= RegionLevel.REGENCY:
        return region
    code = ".".join(region.code.split(".")[:2])
    return Region.objects.defer("boundary", "bbox").get(code=code)


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Match:
    """One suggested sub-activity for a text, with why it is suggested.

    `score` is the calibrated confidence (about this share of such suggestions are the code a
    planner chooses); `relevance` the matcher's raw score, comparable only within one text;
    `examples` the coded examples that voted for it (`source` "region": coded by the planners of
    this regency, "shipped": tangguh's labelled texts); `route` "kelurahan" for the
    sub-district's own sub-activity proposed beside an agency's small work in a kelurahan."""

    item: Item
    score: float
    matched: tuple[str, ...]
    explanation: str
    agencies: list[Agency] = field(default_factory=list)
    relevance: float = 0.0
    examples: tuple[Example, ...] = ()
    route: str = ""

    @property
    def agency_hint(self) -> str:
        """The agencies that may carry it (or, without a regency, the nomenclature's hint)."""
        if self.agencies:
            return "; ".join(a.short_name or a.name for a in self.agencies)
        return self.item.implementer

    @property
    def percent(self) -> int:
        """The confidence as a whole percentage."""
        return round(self.score * 100)


def status_message(status: str, places: Sequence[str] = ()) -> str:
    """Why there is no suggestion, or no good one, in the user's language ("" when fine)."""
    if status == "only_place":
        return _(
            "The proposal names only a place (%(places)s), not what is asked for: describe the "
            "request to get suggestions."
        ) % {"places": ", ".join(places)}
    messages = {
        "weak": _(
            "Nothing matches this text well: these are the nearest sub-activities, with low "
            "confidence. Check them before coding."
        ),
        "empty": _("The proposal has no text to match."),
        "no_words": _(
            "The proposal has no words to match (only numbers, symbols, emoji or spaces)."
        ),
        "unknown_words": _(
            "None of the proposal's words is known to the matcher (is it written in another "
            "language?). Describe the request in Indonesian to get suggestions."
        ),
        NO_EDITION: _("No nomenclature edition is loaded to suggest sub-activities from."),
    }
    return messages.get(status, "")


@dataclass(frozen=True)
class Found:
    """The suggestions for one text, the matcher's status, and the context they were made in."""

    matches: list[Match]
    status: str
    reason: str = ""
    places: tuple[str, ...] = ()
    understood: float = 0.0
    context: Context = field(default_factory=Context)

    @property
    def message(self) -> str:
        """Why there is no (good) suggestion, in the user's language ("" for "ok")."""
        return status_message(self.status, self.places)


def _agencies_by_bidang(regency: Region | None, year: int | None) -> dict[str, list[Agency]]:
    if regency is None:
        return {}
    agencies = Agency.objects.filter(region=regency)
    if year is not None:
        agencies = agencies.for_year(year)  # type: ignore[attr-defined]
    result: dict[str, list[Agency]] = {}
    for agency in agencies:
        for bidang in agency.bidang_codes or []:
            result.setdefault(bidang, []).append(agency)
    return result


def _found(
    result: MatchResult,
    items: dict[str, Item],
    agencies: dict[str, list[Agency]],
    context: Context,
) -> Found:
    matches = []
    for s in result.suggestions:
        item = items.get(s.code)
        if item is None:
            continue
        matches.append(
            Match(
                item=item,
                score=round(float(s.confidence), 4),
                matched=s.matched,
                explanation=s.explanation,
                agencies=agencies.get(item.bidang, []),
                relevance=s.score,
                examples=s.examples,
                route=s.route,
            )
        )
    return Found(matches, result.status, result.reason, result.places, result.understood, context)


def resolve_edition(edition: Edition | str | None, year: int | None) -> Edition | None:
    """An edition by object or name; otherwise the one for the year; otherwise the newest."""
    if isinstance(edition, Edition):
        return edition
    if edition:
        return Edition.objects.filter(name=edition).first()
    if year is not None:
        return Edition.for_year(year)
    return Edition.objects.order_by("-budget_year").first()


def government_of(region: Region | None) -> str:
    """Whose list of sub-activities a region's government uses."""
    if region is not None and region.level == RegionLevel.PROVINCE:
        return Government.PROVINSI
    return Government.KABKOTA


class Batch:
    """Suggestions for many texts from many places: each index, regency memory and list of
    agencies is loaded (and checked against the database) once."""

    def __init__(self, top: int = 5) -> None:
        """Suggest `top` sub-activities per text."""
        self.top = top
        self._agencies: dict[tuple[str | None, int | None], dict[str, list[Agency]]] = {}
        self._checked: set[tuple[int, str, str]] = set()

    def find(
        self,
        text: str,
        *,
        edition: Edition | None,
        government: str,
        context: Context,
        agency_region: Region | None = None,
        year: int | None = None,
    ) -> Found:
        """The suggestions for one text in a context; the agencies named are those of
        `agency_region` (a regency/city, or the province) for `year`."""
        if edition is None:
            return Found([], NO_EDITION, "no nomenclature edition", context=context)
        loaded = _loaded(edition, government)
        region = context.region
        if region and (edition.pk, government, region) not in self._checked:
            _ensure_region(loaded, region)
            self._checked.add((edition.pk, government, region))
        key = (agency_region.code if agency_region else None, year)
        if key not in self._agencies:
            self._agencies[key] = _agencies_by_bidang(agency_region, year)
        result = loaded.index.suggest(text, self.top, context)
        return _found(result, loaded.items, self._agencies[key], context)


def find_many(
    texts: Sequence[str],
    *,
    edition: Edition | str | None = None,
    year: int | None = None,
    government: str = Government.KABKOTA,
    region: Region | None = None,
    top: int = 5,
) -> list[Found]:
    """Suggestions for texts that come from one `region` (a village, sub-district,
    regency/city or the province; none: no context and no agencies), one result per text."""
    chosen = resolve_edition(edition, year)
    context = context_for(region)
    agency_region = government_region(region) if region is not None else None
    batch = Batch(top)
    return [
        batch.find(
            text,
            edition=chosen,
            government=government,
            context=context,
            agency_region=agency_region,
            year=year,
        )
        for text in texts
    ]


def suggest_many(texts: Sequence[str], **options: Any) -> list[list[Match]]:
    """The suggestions for many texts (one list per text, best first); see `find_many`."""
    return [found.matches for found in find_many(texts, **options)]


def suggest(text: str, **options: Any) -> list[Match]:
    """Suggestions for one text; see `find_many`."""
    return suggest_many([text], **options)[0]


def find_for_proposals(proposals: Iterable[Proposal], top: int = 5) -> dict[int, Found]:
    """Suggestions for proposals, each in its own place's context, with the agencies of its
    regency/city for its year (select `region` and `regency` with them)."""
    batch = Batch(top)
    editions: dict[int, Edition | None] = {}
    found: dict[int, Found] = {}
    for proposal in proposals:
        if proposal.year not in editions:
            editions[proposal.year] = resolve_edition(None, proposal.year)
        found[proposal.pk] = batch.find(
            proposal.text,
            edition=editions[proposal.year],
            government=government_of(proposal.regency),
            context=context_for(proposal.region, proposal.regency),
            agency_region=proposal.regency,
            year=proposal.year,
        )
    return found


def find_for(proposal: Proposal, top: int = 5) -> Found:
    """Suggestions for a proposal in its place's context, with its regency's agencies."""
    return find_for_proposals([proposal], top)[proposal.pk]


def suggest_for(proposal: Proposal, top: int = 5) -> list[Match]:
    """Suggestions for a proposal (best first); see `find_for`."""
    return find_for(proposal, top).matches


@dataclass(frozen=True)
class Standing:
    """Where a chosen code stood among the suggestions for a proposal."""

    rank: int | None
    first_code: str
    first_confidence: float | None
    status: str


def standing(proposal: Proposal, code: str) -> Standing:
    """Where `code` stood among the suggestions for a proposal as its planners last saw them
    (the regency's memory as this process holds it: not re-read in the middle of a write)."""
    edition = resolve_edition(None, proposal.year)
    if edition is None:
        return Standing(None, "", None, NO_EDITION)
    loaded = _loaded(edition, government_of(proposal.regency))
    context = context_for(proposal.region, proposal.regency)
    _ensure_region(loaded, context.region, check=False)
    result = loaded.index.suggest(proposal.text, RANK_DEPTH, context)
    codes = [s.code for s in result.suggestions]
    rank = codes.index(code) + 1 if code in codes else None
    first = result.suggestions[0] if result.suggestions else None
    return Standing(
        rank,
        first.code if first else "",
        round(first.confidence, 4) if first else None,
        result.status,
    )
