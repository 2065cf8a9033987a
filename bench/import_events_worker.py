"""The measuring process of `bench/run.py import-events`: run as
`python -m bench.import_events_worker FILE [REPEAT]` in the site's environment, it prints the
cases as JSON on its last line.

It has no NAME, so run.py does not list it: it is started by bench/import_events.py.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import django

django.setup()

from django.db import connection, models, transaction  # noqa: E402

from tangguh.core import audit  # noqa: E402
from tangguh.core.importing import Problems  # noqa: E402
from tangguh.core.models import ChangeRecord  # noqa: E402
from tangguh.core.progress import NullProgress  # noqa: E402
from tangguh.core.scope import EVERYWHERE  # noqa: E402
from tangguh.disasters.formats import read_events  # noqa: E402
from tangguh.disasters.importers import (  # noqa: E402
    _checked_events,
    _occurrence_fingerprints,
    import_events,
    write_events,
)
from tangguh.disasters.models import Event  # noqa: E402
from tangguh.disasters.places import EventPlaces  # noqa: E402

T = TypeVar("T")
Prepared = tuple[str, list[list[Any]]]


def timed(label: str, step: Callable[[T], int], prepare: Callable[[], T], repeat: int) -> dict:
    """Best of `repeat` runs of `step`, each on data `prepare` made beforehand (not timed):
    wall-clock seconds, and the process's CPU seconds (less disturbed by other work)."""
    best, cpu, result, runs = float("inf"), float("inf"), 0, []
    for _ in range(repeat):
        data = prepare()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = step(data)
        seconds = time.perf_counter() - started
        cpu = min(cpu, time.process_time() - started_cpu)
        runs.append(round(seconds, 4))
        best = min(best, seconds)
    return {
        "label": label,
        "seconds": best,
        "cpu_seconds": cpu,
        "runs": runs,
        "peak_mib": None,
        "result": result,
    }


def measure(label: str, step: Callable[[], int]) -> dict:
    """One run of `step` with its peak Python memory."""
    tracemalloc.start()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"label": label, "seconds": seconds, "peak_mib": peak / 2**20, "result": result}


def checked_events(path: Path) -> list[Event]:
    """The file's events, read and checked as `import_events` does before it writes."""
    places = EventPlaces(path.name, EVERYWHERE, Problems())
    events = _checked_events(read_events(path).records, places, places.problems, NullProgress())
    if places.problems:
        raise SystemExit(f"the generated file has problems: {places.problems.items[:3]}")
    _occurrence_fingerprints(events)
    return events


def upsert_only(events: list[Event]) -> int:
    """The importer's write step (`upsert` with ROW audit), rolled back."""
    with transaction.atomic():
        created = len(write_events(events, None, NullProgress()).created)
        transaction.set_rollback(True)
    return created


def table_rows(
    model: type[models.Model], objects: Sequence[models.Model], skip: Sequence[str] = ()
) -> Prepared:
    """An INSERT of all the model's columns (less `skip`) and the objects' values, converted."""
    fields = [f for f in model._meta.concrete_fields if f.attname not in skip]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    rows = [[f.get_db_prep_save(f.pre_save(o, True), connection) for f in fields] for o in objects]
    return sql, rows


def bare_rows(events: list[Event]) -> tuple[Prepared, Prepared]:
    """The events with the next free ids and their creation records, as bound rows."""
    first = (Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for number, event in enumerate(events):
        event.pk = first + number
    changes = [
        audit.new_change(None, ChangeRecord.Action.CREATE, e, audit.creation(e)) for e in events
    ]
    return table_rows(Event, events), table_rows(ChangeRecord, changes, skip=("id",))


def bare_insert(prepared: tuple[Prepared, Prepared]) -> int:
    """Two `executemany` (events, change records) in one transaction, rolled back."""
    (event_sql, event_rows), (change_sql, change_rows) = prepared
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(event_sql, event_rows)
            cursor.executemany(change_sql, change_rows)
        transaction.set_rollback(True)
    return len(event_rows)


def bare_copy(prepared: tuple[Prepared, Prepared]) -> int:
    """PostgreSQL: the same rows through two COPY (events, change records), rolled back."""
    written = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql, rows in prepared:
                table, columns = sql.split(" VALUES ")[0].removeprefix("INSERT INTO ").split(" ", 1)
                with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                written = written or len(rows)
        transaction.set_rollback(True)
    return written


def main(path: Path, repeat: int) -> list[dict]:
    """The cases, in order: the write baseline, upsert, (PostgreSQL) a bare COPY, then the
    whole import."""
    extra = []
    if connection.vendor == "postgresql":
        extra.append(
            timed(
                "bare COPY: the same prepared rows (PostgreSQL only)",
                bare_copy,
                lambda: bare_rows(checked_events(path)),
                repeat,
            )
        )
    return [
        timed(
            "bare executemany: event rows + change records (write baseline)",
            bare_insert,
            lambda: bare_rows(checked_events(path)),
            repeat,
        ),
        timed(
            "upsert(Event, ROW audit): the same new events",
            upsert_only,
            lambda: checked_events(path),
            repeat,
        ),
        *extra,
        measure("read and check only", lambda: len(read_events(path).records)),
        measure("import (new events)", lambda: import_events(path, actor=None).created),
        measure("import again (unchanged)", lambda: import_events(path, actor=None).unchanged),
    ]


if __name__ == "__main__":
    cases = main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    print(json.dumps({"vendor": connection.vendor, "cases": cases}))
