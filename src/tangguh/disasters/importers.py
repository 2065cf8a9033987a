"""Import disaster events from DIBI, DesInventar or tangguh CSV files: check the whole file,
then write every row in one transaction, or nothing.

The file is read by `disasters.formats` (through the import kit's reader); hazards are resolved
against the catalogue, places by the kit's `RegionResolver` (a regency refined to the
sub-district or village its place text names); events are written by the kit's `upsert`, keyed
on their natural key (origin + the source's id, else origin + fingerprint), with one change
record per event; new events that may repeat an earlier record are flagged.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.importing import ImportReport, Problem, Problems
from tangguh.core.importing.upsert import ROW, Upserted, upsert
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.disasters import duplicates, mappings, services
from tangguh.disasters.formats import ReadResult, read_events
from tangguh.disasters.models import Event
from tangguh.disasters.places import EventPlaces, Outside
from tangguh.disasters.records import EventRecord
from tangguh.regions.models import Region

# What an import never overwrites on a stored event: its identity, when it was entered, the
# duplicate flag, and the natural key itself.
KEPT = {"id", "created_at", "updated_at", "possible_duplicate_of", "origin", "source_id"}
COMPARED = tuple(f.name for f in Event._meta.concrete_fields if f.name not in KEPT)


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
        try:
            event.event_count = record.event_count.quantize(Decimal("0.000001"), ROUND_HALF_UP)
        except InvalidOperation:  # too many digits to round: the field's check names it
            event.event_count = record.event_count
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
    records: list[EventRecord], places: EventPlaces, problems: Problems, progress: Progress
) -> list[Event]:
    """The events of the records that resolve; every problem is collected in `problems`; rows
    outside the installed geography are skipped (and counted by `places`)."""
    events: list[Event] = []
    progress.start(len(records), _("Checking events"))
    for record in records:
        try:
            region = places.region(record)
        except Outside:
            progress.advance()
            continue
        hazard = places.hazard(record)
        if hazard is not None and region is not None and record.start is not None:
            event = _event_from(record, hazard, places.region_row(region))
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
    mapping: dict[str, str] | None = None,
    other_provinces: bool = False,
    line_ids: str = "",
) -> ImportReport:
    """Read a file, resolve hazards and places, check scope and values; write all rows or none.

    Returns the report; when it has errors nothing was written. Re-importing the same file changes
    nothing. Possible duplicates are imported and flagged (`counts["duplicates"]`). `mapping`
    (field → column) reads a table of another layout; without one, the mapping remembered for
    the same header is used, and a table whose layout is unknown is described in the report
    (`details["columns"]`) for a person to map. Rows of provinces outside the installed
    geography are skipped and counted (`other_provinces` imports those whose province is
    loaded). `line_ids` gives rows without an id the id `<line_ids>-<line>`.
    """
    progress = progress or NullProgress()
    result = read_events(path, fmt, name=name, mapping=mapping)
    remembered = None if mapping else mappings.remembered(result.unplaced, actor)
    if remembered:
        result = read_events(path, fmt, name=name, mapping=remembered)
    file = name or path.name
    problems = Problems(list(result.problems))
    scope = EVERYWHERE if actor is None else user_scope(actor, "add")
    places = EventPlaces(file, scope, problems, other_provinces=other_provinces)
    if line_ids:
        for record in result.records:
            record.source_id = record.source_id or f"{line_ids}-{record.line}"
    events = _checked_events(result.records, places, problems, progress)
    report = _report(result, places, dry_run)
    if problems:
        rejected = len({p.line for p in problems.items}) if result.records else 0
        if result.unplaced.get("not_placed"):
            report.details.update(columns=result.unplaced, awaits_input=True)
        return report.reject(problems.items, rows=rejected)
    _occurrence_fingerprints(events)
    with transaction.atomic():
        written = write_events(events, actor, progress)
        report.created, report.updated = len(written.created), len(written.updated)
        report.unchanged = written.unchanged
        report.counts["duplicates"] = duplicates.flag(written.created)
        if mapping and result.records and not dry_run:
            mappings.remember(str(result.unplaced.get("signature", "")), mapping, actor)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _report(result: ReadResult, places: EventPlaces, dry_run: bool) -> ImportReport:
    """The report's counts of placing and the notes about rows skipped or left unrefined."""
    placing = places.placing
    report = ImportReport(
        format=result.format,
        ignored_columns=list(result.ignored_columns),
        warnings=list(result.warnings),
        dry_run=dry_run,
        counts={
            "duplicates": 0,
            "refined_village": placing.refined_village,
            "refined_district": placing.refined_district,
            "at_regency": len(placing.at_regency),
            "outside": sum(placing.outside.values()),
        },
    )
    if placing.outside:
        shown = ", ".join(f"{code} ({n})" for code, n in sorted(placing.outside.items()))
        report.warnings.append(
            Problem(
                places.file,
                _(
                    "%(count)d rows of provinces outside this installation's geography were "
                    "skipped (province code and rows: %(provinces)s)"
                )
                % {"count": sum(placing.outside.values()), "provinces": shown},
            )
        )
    if placing.at_regency:
        lines = ", ".join(str(n) for n in placing.at_regency[:20])
        more = " …" if len(placing.at_regency) > 20 else ""
        report.warnings.append(
            Problem(
                places.file,
                _(
                    "the place text of %(count)d rows names no village or sub-district found "
                    "unambiguously in its regency; those events stay at regency level (lines "
                    "%(lines)s)"
                )
                % {"count": len(placing.at_regency), "lines": lines + more},
            )
        )
    return report
