"""Importing disaster events: the upsert's write speed against a bare executemany, and the import's
events per second and peak memory.

A fresh site (embedded SQLite in a temporary data directory, or with `--database-url` a PostgreSQL
database the benchmark creates and drops; the shipped NTT geography) receives a generated file in
the current DIBI layout with `--events` rows spread over NTT's regencies and hazards. In a separate
process (bench/import_events_worker.py; its stderr is shown when it fails) the checked events are
written (0) by a bare `cursor.executemany` of the event rows and their change records into the same
tables (the write baseline, rows prepared beforehand) and (1) by `upsert(Event, …)` with ROW
audit, each rolled back, best of `--repeat` (3); the ratio of their speeds is printed
(the goal: the upsert at least half as fast); on PostgreSQL also by a bare COPY of the same
rows. Then the file is (2) only read and checked by the format reader, (3) imported, (4) imported
again (nothing changes: every row is recognised). Each case reports seconds and events per
second; the last three also the peak Python memory (tracemalloc) of that step.
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

from bench.server import scratch_database

ROOT = Path(__file__).resolve().parent.parent
NAME = "import-events"
DESCRIPTION = "upsert of new events against a bare executemany; import-events speed and memory."
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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark."""
    parser.add_argument("--events", type=int, default=5000, help="rows in the generated file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="runs of each write case, the best counts (default 3)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="measure on this PostgreSQL database (postgres://user@host:port/NAME), which the "
        "benchmark creates and drops (refused when it exists); default: embedded SQLite",
    )


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
    _process([sys.executable, "-m", "tangguh.cli", *args], env)


def _process(command: list[str], env: dict[str, str]) -> str:
    """Run a step of the benchmark; its output, or a RuntimeError with its stderr."""
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        what = " ".join(command[1:3])
        raise RuntimeError(
            f"{what} exited with {done.returncode}; its stderr:\n{done.stderr.rstrip()}"
        )
    return done.stdout


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Prepare a fresh site, then measure the steps in one worker process."""
    folder = Path(tempfile.mkdtemp(prefix="tangguh-import-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env.update(TANGGUH_DATA_DIR=str(folder), DJANGO_SETTINGS_MODULE="tangguh.settings")
    if args.database_url:
        env["TANGGUH_DATABASE_URL"] = args.database_url
    try:
        with scratch_database(args.database_url):
            _tangguh(env, "migrate", "-v0")
            _tangguh(env, "load-regions", "--no-progress")
            data = folder / "events.csv"
            _generate(data, args.events)
            print(f"[bench] importing {args.events} generated events", file=sys.stderr)
            worker = ["-m", "bench.import_events_worker", str(data), str(args.repeat)]
            output = _process([sys.executable, *worker], env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    measured = json.loads(output.strip().splitlines()[-1])
    cases = []
    for number, step in enumerate(measured["cases"]):
        cases.append(
            {
                "name": f"step{number}",
                "label": step["label"],
                "seconds": step["seconds"],
                "cpu_seconds": step.get("cpu_seconds"),
                "runs": step.get("runs"),
                "events_per_s": args.events / step["seconds"],
                "peak_mib": step["peak_mib"],
                "rows": step["result"],
            }
        )
    bare, upserted = cases[0], cases[1]
    ratio = bare["seconds"] / upserted["seconds"]
    cpu_ratio = bare["cpu_seconds"] / upserted["cpu_seconds"]
    database = "PostgreSQL" if measured["vendor"] == "postgresql" else "embedded SQLite"
    print(
        f"[bench] upsert speed / bare executemany speed: {ratio:.3f} (CPU time: {cpu_ratio:.3f})",
        file=sys.stderr,
    )
    notes = [
        f"{database}, a fresh site (the shipped NTT geography); one worker process. The write "
        f"cases are the best of {args.repeat} runs, each rolled back (seconds: {bare['runs']} "
        f"and {upserted['runs']}; CPU s: the process's own time, the least disturbed by other "
        "work); the others run once, with their tracemalloc peak.",
        f"upsert writes at {ratio:.3f}x the speed of the bare executemany "
        f"({upserted['seconds']:.3f} s against {bare['seconds']:.3f} s; goal >= 0.5); "
        f"in CPU time {cpu_ratio:.3f}x.",
    ]
    copied = next((case for case in cases if case["label"].startswith("bare COPY")), None)
    if copied is not None:
        notes.append(
            f"Against a bare COPY of the same prepared rows ({copied['seconds']:.3f} s) the "
            f"upsert writes at {copied['seconds'] / upserted['seconds']:.3f}x its speed."
        )
    return {
        "cases": cases,
        "baseline": "step0",
        "metrics": [
            {"key": "seconds", "label": "seconds", "format": ".3f"},
            {"key": "cpu_seconds", "label": "CPU s", "format": ".3f"},
            {"key": "events_per_s", "label": "events/s", "format": ".0f"},
            {"key": "peak_mib", "label": "peak MiB", "format": ".1f"},
            {"key": "rows", "label": "rows", "format": "d"},
        ],
        "ratios": ["events_per_s"],
        "params": {"events": args.events, "database": database, "repeat": args.repeat},
        "upsert_speed_ratio": ratio,
        "upsert_cpu_ratio": cpu_ratio,
        "notes": notes,
    }
