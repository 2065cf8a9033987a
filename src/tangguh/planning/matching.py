"""Suggestions of sub-activities (and the agencies that may carry them) for proposal texts.

The matcher itself is pure code in `tangguh.measures.matching`; this module feeds it the
nomenclature from the database and keeps one index per edition and government in memory (built
on first use, rebuilt when the edition is reloaded).

The matcher also learns from coded proposals, as SIPD's proposal dictionary (kamus usulan) grows:
every proposal a planner coded to a sub-activity, or accommodated with work-plan items, teaches
the index how people write that sub-activity. The labelled texts tangguh ships (its evaluation
sets, `tangguh/measures/data/matching_eval*.csv`) seed this before a region has coded anything.
The index is rebuilt when new codings arrive, at most once a minute.
"""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Max

from tangguh.accounts.models import Agency
from tangguh.measures.matching import Entry, MatchIndex, Suggestion
from tangguh.nomenclature.models import Edition, Government, Item, Level
from tangguh.planning.models import Proposal
from tangguh.regions.models import Region

_LOCK = threading.Lock()
_INDEXES: dict[tuple[int, str], tuple[tuple[Any, ...], float, MatchIndex, dict[str, Item]]] = {}
SEED_DIR = Path(__file__).resolve().parent.parent / "measures" / "data"
REBUILD_AFTER_SECONDS = 60.0
MAX_EXAMPLES_PER_CODE = 12


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


def coded_examples(edition: Edition, government: str) -> list[tuple[str, str]]:
    """Proposals coded (or accommodated) to sub-activities of an edition, as (text, code);
    a pair that appears twice counts once in the index."""
    pairs: list[tuple[str, str]] = []
    coded = (
        Proposal.objects.filter(sub_activity__edition=edition, sub_activity__government=government)
        .order_by("-updated_at", "-pk")
        .values_list("title", "description", "problem", "sub_activity__code")
    )
    for title, description, problem, code in coded.iterator(chunk_size=2000):
        pairs.append(("\n".join(t for t in (title, description, problem) if t), code))
    linked = Proposal.objects.filter(
        links__item__sub_activity__edition=edition,
        links__item__sub_activity__government=government,
    ).order_by("-updated_at", "-pk")
    rows = linked.values_list("title", "description", "problem", "links__item__sub_activity__code")
    for title, description, problem, code in rows.iterator(chunk_size=2000):
        pairs.append(("\n".join(t for t in (title, description, problem) if t), code))
    return pairs


def capped(
    examples: Sequence[tuple[str, str]], per_code: int | None = None
) -> list[tuple[str, str]]:
    """At most `per_code` distinct examples of each code, the first given first (the regions'
    own codings come before the shipped texts, the newest first), so that the index, and the
    time each suggestion takes, stays bounded however many proposals are coded over the years."""
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


def _examples_version(edition: Edition, government: str) -> tuple[Any, ...]:
    stats = Proposal.objects.filter(
        sub_activity__edition=edition, sub_activity__government=government
    ).aggregate(n=Count("pk"), last=Max("updated_at"))
    return (edition.loaded_at, stats["n"], stats["last"])


@dataclass(frozen=True)
class Match:
    """One suggested sub-activity for a text."""

    item: Item
    score: float
    matched: tuple[str, ...]
    explanation: str
    agencies: list[Agency] = field(default_factory=list)

    @property
    def agency_hint(self) -> str:
        """The agencies that may carry it (or, without a regency, the nomenclature's hint)."""
        if self.agencies:
            return "; ".join(a.short_name or a.name for a in self.agencies)
        return self.item.implementer


def entries_for(edition: Edition, government: str) -> tuple[list[Entry], dict[str, Item]]:
    """The matcher's entries for the sub-activities a government may use in an edition."""
    items = Item.objects.filter(edition=edition, government=government)
    names = dict(items.exclude(level=Level.SUB_KEGIATAN).values_list("code", "name"))
    subs = {i.code: i for i in items.filter(level=Level.SUB_KEGIATAN, offered=True)}
    entries = []
    for code, item in subs.items():
        parts = code.split(".")
        kegiatan = ".".join(parts[:5])
        program = ".".join(parts[:3])
        bidang = ".".join(parts[:2])
        entries.append(
            Entry(
                code=code,
                name=item.name,
                kegiatan=names.get(kegiatan, ""),
                program=names.get(program, ""),
                bidang=names.get(bidang, ""),
                output=item.output,
                indicator=item.indicator,
                unit=item.unit,
                definition=item.definition,
                pelaksana=item.implementer,
            )
        )
    return entries, subs


def index_for(edition: Edition, government: str) -> tuple[MatchIndex, dict[str, Item]]:
    """The (cached) index of an edition and government, with the shipped and coded examples."""
    key = (edition.pk, government)
    version = _examples_version(edition, government)
    with _LOCK:
        cached = _INDEXES.get(key)
        if cached is not None:
            stored_version, built_at, index, items = cached
            fresh = time.monotonic() - built_at < REBUILD_AFTER_SECONDS
            if stored_version == version or (fresh and stored_version[0] == version[0]):
                return index, items
        entries, items = entries_for(edition, government)
        examples = capped([*coded_examples(edition, government), *seed_examples()])
        index = MatchIndex.build(entries, examples=examples)
        _INDEXES[key] = (version, time.monotonic(), index, items)
        return index, items


def forget_indexes() -> None:
    """Drop every cached index (tests; after loading an edition in the same process)."""
    with _LOCK:
        _INDEXES.clear()


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


def _wrap(
    suggestions: Sequence[Suggestion], items: dict[str, Item], agencies: dict[str, list[Agency]]
) -> list[Match]:
    result = []
    for s in suggestions:
        item = items.get(s.code)
        if item is None:
            continue
        result.append(
            Match(
                item=item,
                score=s.score,
                matched=s.matched,
                explanation=s.explanation,
                agencies=agencies.get(item.bidang, []),
            )
        )
    return result


def resolve_edition(edition: Edition | str | None, year: int | None) -> Edition | None:
    """An edition by object or name; otherwise the one for the year; otherwise the newest."""
    if isinstance(edition, Edition):
        return edition
    if edition:
        return Edition.objects.filter(name=edition).first()
    if year is not None:
        return Edition.for_year(year)
    return Edition.objects.order_by("-budget_year").first()


def suggest_many(
    texts: Sequence[str],
    *,
    edition: Edition | str | None = None,
    year: int | None = None,
    government: str = Government.KABKOTA,
    regency: Region | None = None,
    top: int = 5,
) -> list[list[Match]]:
    """Suggestions for many texts (one list per text, best first)."""
    chosen = resolve_edition(edition, year)
    if chosen is None:
        return [[] for _ in texts]
    index, items = index_for(chosen, government)
    agencies = _agencies_by_bidang(regency, year)
    return [_wrap(found, items, agencies) for found in index.match_many(list(texts), top=top)]


def suggest(text: str, **options: object) -> list[Match]:
    """Suggestions for one text; see suggest_many."""
    return suggest_many([text], **options)[0]  # type: ignore[arg-type]


def suggest_for(proposal: Proposal, top: int = 5) -> list[Match]:
    """Suggestions for a proposal, with the agencies of its regency that may carry them."""
    return suggest_many([proposal.text], year=proposal.year, regency=proposal.regency, top=top)[0]
