"""Importing disaster events: events per second and peak memory, against parsing alone.

A fresh temporary data directory (embedded SQLite, the shipped NTT geography) receives a generated
file in the current DIBI layout with `--events` rows spread over NTT's regencies and hazards. In a
separate process the checked events are written (0) by a bare `cursor.executemany` of the event
rows and their change records into the same tables (the write baseline, rows prepared
beforehand) and (1) by `upsert(Event, …, audit_mode=ROW)`, each rolled back, best of three; the
ratio of their speeds is printed (the goal: the upsert at least half as fast). Then the file is
(2) only read and checked by the format reader, (3) imported, (4) imported again (nothing
changes: every row is recognised). Each case reports seconds, events per second and, for the
last three, the peak Python memory (tracemalloc) of that step.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

NAME = "import-events"
DESCRIPTION = "Events per second and peak memory of import-events, vs parsing the file alone."
HAZARDS = [
    ("1010", "Banjir"),
    ("1012", "Banjir Bandang"),
    ("1020", "Tanah Longsor"),
    ("1060", "Kekeringan"),
    ("1050", "Puting Beliung"),
    ("1070", "Kebakaran Hutan dan Lahan"),
]
REGENCIES = [f"53.{n:02d}" for n in range(1, 22)] + ["53.71"]
HEADER = (
    "Tanggal / Waktu Kejadian,Kode Kabupaten,Kode Jenis Kejadian,Nama Kejadian,Jumlah Kejadian,"
    "Meninggal,Hilang,Luka / Sakit,Menderita,Mengungsi,Rumah Rusak Berat,Rumah Rusak Sedang,"
    "Rumah Rusak Ringan,Rumah Terendam\n"
)

WORKER = r"""
import json, sys, time, tracemalloc
from pathlib import Path
import django
django.setup()
from django.db import connection, transaction
from tangguh.core.models import ChangeRecord
from tangguh.core.progress import NullProgress
from tangguh.core.scope import EVERYWHERE
from tangguh.core.importing import Problems
from tangguh.disasters.formats import read_events
from tangguh.disasters.importers import _checked_events, _Places, import_events, write_events
from tangguh.disasters.models import Event

def timed(label, step, prepare, repeat=3):
    best, result = None, None
    for _ in range(repeat):
        data = prepare()
        started = time.perf_counter()
        result = step(data)
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return {"label": label, "seconds": best, "peak_mib": 0.0, "result": result}

def measure(label, step):
    tracemalloc.start()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"label": label, "seconds": seconds, "peak_mib": peak / 2**20, "result": result}

def checked_events(path):
    places = _Places(path.name, EVERYWHERE, Problems())
    return _checked_events(read_events(path).records, places, places.problems, NullProgress())

def upsert_only(events):
    with transaction.atomic():
        created = len(write_events(events, None, NullProgress()).created)
        transaction.set_rollback(True)
    return created

def table_rows(model, objects, skip=()):
    fields = [f for f in model._meta.concrete_fields if f.attname not in skip]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
    rows = [[f.get_db_prep_save(f.pre_save(o, True), connection) for f in fields] for o in objects]
    return sql, rows

def bare_rows(events):
    from tangguh.core import audit
    first = (Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    copies = []
    for number, event in enumerate(events):
        copy = Event(**{f.attname: getattr(event, f.attname) for f in Event._meta.concrete_fields})
        copy.pk = first + number
        copies.append(copy)
    changes = [audit.new_change(None, "create", e, audit.creation(e)) for e in copies]
    return table_rows(Event, copies), table_rows(ChangeRecord, changes, skip=("id",))

def bare_insert(prepared):
    (event_sql, event_rows), (change_sql, change_rows) = prepared
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(event_sql, event_rows)
            cursor.executemany(change_sql, change_rows)
        transaction.set_rollback(True)
    return len(event_rows)

path = Path(sys.argv[1])
cases = [
    timed("bare executemany: event rows + change records (write baseline)", bare_insert,
          lambda: bare_rows(checked_events(path))),
    timed("upsert(Event, ROW audit): the same new events", upsert_only,
          lambda: checked_events(path)),
    measure("read and check only", lambda: len(read_events(path).records)),
    measure("import (new events)", lambda: import_events(path, actor=None).created),
    measure("import again (unchanged)", lambda: import_events(path, actor=None).unchanged),
]
print(json.dumps(cases))
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark."""
    parser.add_argument("--events", type=int, default=5000, help="rows in the generated file")


def _generate(path: Path, count: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for _ in range(count):
            code, name = rng.choice(HAZARDS)
            day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            figures = [rng.choice(["", "0", str(rng.randint(0, 50))]) for _ in range(9)]
            out.write(f"{day},{rng.choice(REGENCIES)},{code},{name},1,{','.join(figures)}\n")


def _tangguh(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "tangguh.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Prepare a fresh site, then measure the three steps in one worker process."""
    folder = Path(tempfile.mkdtemp(prefix="tangguh-import-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env.update(TANGGUH_DATA_DIR=str(folder), DJANGO_SETTINGS_MODULE="tangguh.settings")
    try:
        _tangguh(env, "migrate", "-v0")
        _tangguh(env, "load-regions", "--no-progress")
        data = folder / "events.csv"
        _generate(data, args.events)
        print(f"[bench] importing {args.events} generated events", file=sys.stderr)
        output = subprocess.run(
            [sys.executable, "-c", WORKER, str(data)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    cases = []
    for number, step in enumerate(json.loads(output.strip().splitlines()[-1])):
        cases.append(
            {
                "name": f"step{number}",
                "label": step["label"],
                "seconds": step["seconds"],
                "events_per_s": args.events / step["seconds"],
                "peak_mib": step["peak_mib"],
                "rows": step["result"],
            }
        )
    ratio = cases[0]["seconds"] / cases[1]["seconds"]
    print(f"[bench] upsert / bare executemany speed ratio: {ratio:.3f}", file=sys.stderr)
    return {
        "cases": cases,
        "baseline": "step0",
        "metrics": [
            {"key": "seconds", "label": "seconds", "format": ".2f"},
            {"key": "events_per_s", "label": "events/s", "format": ".0f"},
            {"key": "peak_mib", "label": "peak MiB", "format": ".1f"},
            {"key": "rows", "label": "rows", "format": "d"},
        ],
        "ratios": ["events_per_s", "peak_mib"],
        "params": {"events": args.events},
        "notes": [
            "Embedded SQLite in a temporary data directory; one process; tracemalloc peaks "
            "(not taken for the two write cases, best of three, each rolled back).",
            f"upsert writes at {ratio:.3f}x the speed of the bare executemany "
            f"({cases[1]['seconds']:.3f} s against {cases[0]['seconds']:.3f} s; goal >= 0.5).",
        ],
    }
