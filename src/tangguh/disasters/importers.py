"""Import disaster events from DIBI, DesInventar or tangguh CSV files: check the whole file,
then write every row in one transaction, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core import audit
from tangguh.core.importing import Problem, Problems
from tangguh.core.models import ChangeRecord
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, Scope, user_scope
from tangguh.disasters import duplicates, services
from tangguh.disasters.formats import read_events
from tangguh.disasters.locating import RegionIndex, place_names
from tangguh.disasters.models import Event
from tangguh.disasters.records import EventRecord
from tangguh.measures.hazards import HazardResolver
from tangguh.regions import codes
from tangguh.regions.models import Level, Region


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    format: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The counts and problems as plain data (the `--json` output)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "ignored_columns": self.ignored_columns,
            "format": self.format,
        }


class _Resolver:
    """Turns a record's hazard and place into catalogue and geography rows, collecting problems."""

    def __init__(self, file: str, scope: Scope, problems: Problems) -> None:
        self.file, self.scope, self.problems = file, scope, problems
        self.hazards = {h.key: h for h in HazardType.objects.all()}
        self.hazard_resolver = HazardResolver(h.entry() for h in self.hazards.values())
        self.regions: dict[str, Region | None] = {}
        self.index = RegionIndex()

    def hazard(self, record: EventRecord) -> HazardType | None:
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

    def region(self, record: EventRecord) -> Region | None:
        raw = (record.region_code or "").strip()
        if not raw:
            self.problems.add(
                self.file, _("the region code is missing"), record.line, "region_code"
            )
            return None
        code = codes.normalize(raw) if codes.is_code(raw) else None
        region = self._lookup(code) if code else None
        if region is None:
            self.problems.add(
                self.file,
                _("unknown region code '%(code)s'") % {"code": raw},
                record.line,
                "region_code",
            )
            return None
        if region.level == Level.REGENCY:
            finer = self.index.refine(
                region.code, place_names(record.location_text, record.village_name)
            )
            region = self._lookup(finer) or region
        if not self.scope.covers(region.code):
            self.problems.add(
                self.file,
                _("region %(code)s is outside the regions you may change") % {"code": region.code},
                record.line,
                "region_code",
            )
            return None
        return region

    def _lookup(self, code: str) -> Region | None:
        if code not in self.regions:
            self.regions[code] = Region.objects.filter(code=code).only("code", "level").first()
        return self.regions[code]


def _event_from(record: EventRecord, hazard: HazardType, region: Region) -> Event:
    """An unsaved event from a checked record (the caller made sure it has a start date)."""
    assert record.start is not None
    given = " / ".join(x for x in (record.hazard_code, record.hazard_name) if x)
    event = Event(
        region=region,
        hazard=hazard,
        hazard_code_given=given[:120],
        start_date=record.start,
        start_time=record.start_time,
        end_date=record.end,
        latitude=record.latitude,
        longitude=record.longitude,
        location_text=record.location_text[:500],
        description=record.description,
        cause=record.cause,
        source=record.source,
        verification=record.verification,
        disaggregation=record.disaggregation,
        origin=record.source_format,
        source_id=record.source_id[:100],
    )
    if record.event_count is not None:
        # Tables by regency split an event in thirds and the like; six places are plenty.
        event.event_count = record.event_count.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    for name in Event.effect_fields:
        setattr(event, name, record.effects.get(name))
    event.fingerprint = services.fingerprint(event)
    return event


def _check(event: Event, record: EventRecord, file: str, problems: Problems) -> None:
    from django.core.exceptions import ValidationError

    try:
        event.full_clean(
            exclude=["fingerprint", "region", "hazard"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = None if name == "__all__" else name
            for message in messages:
                problems.add(file, message, record.line, column)


def _occurrence_fingerprints(events: list[tuple[EventRecord, Event]]) -> None:
    """Identical rows of one file stay separate records: the n-th copy gets its own fingerprint."""
    seen: dict[str, int] = {}
    for _record, event in events:
        count = seen.get(event.fingerprint, 0)
        seen[event.fingerprint] = count + 1
        if count:
            event.fingerprint = services.fingerprint_with(event, occurrence=count)


def _key(event: Event) -> tuple[str, str]:
    return ("id", event.source_id) if event.source_id else ("fingerprint", event.fingerprint)


def _existing_map(events: list[Event]) -> dict[tuple[str, str], Event]:
    """The stored events the file's rows match (by the source's id, else by fingerprint)."""
    found: dict[tuple[str, str], Event] = {}
    for origin in {e.origin for e in events}:
        ids = [e.source_id for e in events if e.origin == origin and e.source_id]
        prints = [e.fingerprint for e in events if e.origin == origin and not e.source_id]
        same = Event.objects.filter(origin=origin)
        for chunk in _chunks(ids):
            found.update((("id", e.source_id), e) for e in same.filter(source_id__in=chunk))
        for chunk in _chunks(prints):
            found.update(
                (("fingerprint", e.fingerprint), e)
                for e in same.filter(fingerprint__in=chunk, source_id="")
            )
    return found


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _update(stored: Event, event: Event, actor: Any) -> ChangeRecord:
    keep = ("id", "created_at", "possible_duplicate_of")
    before = audit.snapshot(stored)
    for f in Event._meta.concrete_fields:
        if f.name not in keep:
            setattr(stored, f.attname, getattr(event, f.attname))
    stored.save()
    return audit.new_change(actor, "update", stored, audit.diff(before, audit.snapshot(stored)))


def _write(
    events: list[tuple[EventRecord, Event]], actor: Any, report: ImportReport, progress: Progress
) -> None:
    progress.start(len(events), _("Writing events"))
    existing = _existing_map([event for _record, event in events])
    new: list[Event] = []
    changes: list[ChangeRecord] = []
    for _record, event in events:
        stored = existing.get(_key(event))
        if stored is None:
            new.append(event)
        elif stored.fingerprint == event.fingerprint:
            report.unchanged += 1
        else:
            changes.append(_update(stored, event, actor))
            report.updated += 1
        progress.advance()
    Event.objects.bulk_create(new, batch_size=500)
    report.created = len(new)
    report.duplicates = duplicates.flag(new)
    changes += [
        audit.new_change(actor, "create", e, audit.diff({}, audit.snapshot(e))) for e in new
    ]
    audit.record_changes(changes)


def import_events(
    path: Path,
    *,
    actor: Any,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read a file, resolve hazards and places, check scope and values; write all rows or none.

    Returns the report; when it has errors nothing was written. Re-importing the same file changes
    nothing. Possible duplicates are imported and flagged (`duplicates` counts them).
    """
    progress = progress or NullProgress()
    result = read_events(path, fmt)
    problems = Problems(list(result.problems))
    scope = EVERYWHERE if actor is None else user_scope(actor, "add")
    resolver = _Resolver(path.name, scope, problems)
    events: list[tuple[EventRecord, Event]] = []
    progress.start(len(result.records), _("Checking events"))
    for record in result.records:
        hazard, region = resolver.hazard(record), resolver.region(record)
        if hazard is not None and region is not None and record.start is not None:
            event = _event_from(record, hazard, region)
            _check(event, record, path.name, problems)
            events.append((record, event))
        progress.advance()
    report = ImportReport(
        format=result.format,
        ignored_columns=list(result.ignored_columns),
        warnings=list(result.warnings),
    )
    if problems:
        report.errors = problems.items
        report.rejected = len({p.line for p in problems.items}) if result.records else 0
        return report
    _occurrence_fingerprints(events)
    with transaction.atomic():
        _write(events, actor, report, progress)
        if dry_run:
            transaction.set_rollback(True)
    return report
