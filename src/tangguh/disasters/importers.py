"""Import disaster events from DIBI, DesInventar or tangguh CSV files: check the whole file,
then write every row in one transaction, or nothing.

The file is read by `disasters.formats` (through the import kit's reader); hazards are resolved
against the catalogue, places by the kit's `RegionResolver` (a regency refined to the
sub-district or village its place text names); events are written by the kit's `upsert`, keyed
on their natural key (origin + the source's id, else origin + fingerprint), with one change
record per event; new events that may repeat an earlier record are flagged.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.regions import RegionResolver, Unresolved, place_names
from tangguh.core.importing.upsert import ROW, Upserted, upsert
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, Scope, user_scope
from tangguh.disasters import duplicates, services
from tangguh.disasters.formats import read_events
from tangguh.disasters.models import Event
from tangguh.disasters.records import EventRecord
from tangguh.measures.hazards import HazardResolver
from tangguh.regions.models import Level

# What an import never overwrites on a stored event: its identity, when it was entered, the
# duplicate flag, and the natural key itself.
KEPT = {"id", "created_at", "updated_at", "possible_duplicate_of", "origin", "source_id"}
COMPARED = tuple(f.name for f in Event._meta.concrete_fields if f.name not in KEPT)


class _Places:
    """Turns a record's hazard and place into catalogue and geography rows, collecting problems."""

    def __init__(self, file: str, scope: Scope, problems: Problems) -> None:
        self.file, self.scope, self.problems = file, scope, problems
        self.hazards = {h.key: h for h in HazardType.objects.all()}
        self.hazard_resolver = HazardResolver(h.entry() for h in self.hazards.values())
        self.regions = RegionResolver(least_level=Level.PROVINCE)

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
        """The finest region the record names, within the acting user's scope."""
        raw = (record.region_code or "").strip()
        if not raw:
            self._problem(record, _("the region code is missing"))
            return None
        try:
            place = self.regions.by_code(raw)
        except Unresolved:
            self._problem(record, _("unknown region code '%(code)s'") % {"code": raw})
            return None
        code = place.code
        if place.level == Level.REGENCY:
            code = self.regions.refine(code, place_names(record.location_text, record.village_name))
        if not self.scope.covers(code):
            self._problem(
                record,
                _("region %(code)s is outside the regions you may change") % {"code": code},
            )
            return None
        return code

    def _problem(self, record: EventRecord, message: str) -> None:
        self.problems.add(self.file, message, record.line, "region_code")


def _event_from(record: EventRecord, hazard: HazardType, region: str) -> Event:
    """An unsaved event from a checked record (the caller made sure it has a start date)."""
    assert record.start is not None
    given = " / ".join(x for x in (record.hazard_code, record.hazard_name) if x)
    event = Event(
        region_id=region,
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
    """The model's own checks (dates, region level, disaggregation) as problems of the row."""
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


def _occurrence_fingerprints(events: list[Event]) -> None:
    """Identical rows of one file stay separate records: the n-th copy gets its own fingerprint."""
    seen: dict[str, int] = {}
    for event in events:
        count = seen.get(event.fingerprint, 0)
        seen[event.fingerprint] = count + 1
        if count:
            event.fingerprint = services.fingerprint_with(event, occurrence=count)


def write_events(events: list[Event], actor: Any, progress: Progress) -> Upserted[Event]:
    """Create new events and update changed ones on their natural key, one change record each:
    events with the source's id by (origin, source id), the others by (origin, fingerprint)."""
    with_id = [e for e in events if e.source_id]
    without_id = [e for e in events if not e.source_id]
    total: Upserted[Event] = Upserted()
    for rows, key, queryset in (
        (with_id, ("origin", "source_id"), Event.objects.exclude(source_id="")),
        (without_id, ("origin", "fingerprint"), Event.objects.filter(source_id="")),
    ):
        if not rows:
            continue
        done = upsert(
            Event,
            rows,
            key=key,
            compared=COMPARED,
            actor=actor,
            audit_mode=ROW,
            queryset=queryset,
            progress=progress,
        )
        total.created += done.created
        total.updated += done.updated
        total.unchanged += done.unchanged
    return total


def _checked_events(
    records: list[EventRecord], places: _Places, problems: Problems, progress: Progress
) -> list[Event]:
    """The events of the records that resolve; every problem is collected in `problems`."""
    events: list[Event] = []
    progress.start(len(records), _("Checking events"))
    for record in records:
        hazard, region = places.hazard(record), places.region(record)
        if hazard is not None and region is not None and record.start is not None:
            event = _event_from(record, hazard, region)
            _check(event, record, places.file, problems)
            events.append(event)
        progress.advance()
    return events


def import_events(
    path: Path,
    *,
    actor: Any,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str = "",
) -> ImportReport:
    """Read a file, resolve hazards and places, check scope and values; write all rows or none.

    Returns the report; when it has errors nothing was written. Re-importing the same file changes
    nothing. Possible duplicates are imported and flagged (`counts["duplicates"]`).
    """
    progress = progress or NullProgress()
    result = read_events(path, fmt, name=name)
    file = name or path.name
    problems = Problems(list(result.problems))
    scope = EVERYWHERE if actor is None else user_scope(actor, "add")
    places = _Places(file, scope, problems)
    events = _checked_events(result.records, places, problems, progress)
    report = ImportReport(
        format=result.format,
        ignored_columns=list(result.ignored_columns),
        warnings=list(result.warnings),
        dry_run=dry_run,
        counts={"duplicates": 0},
    )
    if problems:
        rejected = len({p.line for p in problems.items}) if result.records else 0
        return report.reject(problems.items, rows=rejected)
    _occurrence_fingerprints(events)
    with transaction.atomic():
        written = write_events(events, actor, progress)
        report.created, report.updated = len(written.created), len(written.updated)
        report.unchanged = written.unchanged
        report.counts["duplicates"] = duplicates.flag(written.created)
        if dry_run:
            transaction.set_rollback(True)
    return report
