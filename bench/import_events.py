"""Importing disaster events: events per second and peak memory, against parsing alone.

A fresh temporary data directory (embedded SQLite, the shipped NTT geography) receives a generated
file in the current DIBI layout with `--events` rows spread over NTT's regencies and hazards. In a
separate process the file is (1) only read and checked by the format reader (the baseline), (2)
imported, (3) imported again (nothing changes: every row is recognised). Each case reports
seconds, events per second and the peak Python memory (tracemalloc) of that step.
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
from tangguh.disasters.formats import read_events
from tangguh.disasters.importers import import_events

def measure(label, step):
    tracemalloc.start()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"label": label, "seconds": seconds, "peak_mib": peak / 2**20, "result": result}

path = Path(sys.argv[1])
cases = [
    measure("read and check only (baseline)", lambda: len(read_events(path).records)),
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
        "notes": ["Embedded SQLite in a temporary data directory; one process; tracemalloc peaks."],
    }
