"""Importing a household registry at province scale: `import-households` against a bare bulk
insert of the same file (COPY on PostgreSQL, executemany on SQLite), its peak memory, and
recomputing every village's measures.

A fresh site (embedded SQLite in a temporary data directory, or with `--database-url` a
PostgreSQL database the benchmark creates and drops; the shipped NTT geography and BPS's
statistics) receives a synthetic registry of `--households` rows (2023, calibrated to NTT's P0 at
its line, spread over all 3,442 villages; no identifiers unless `--with-nik`). Each case runs in
its own process (bench/import_households_worker.py), which reports wall-clock and CPU seconds and
its peak resident memory: (0) the file read with the csv module and its rows written as they are
by one bare COPY on PostgreSQL (psycopg's `cursor.copy`) or one `cursor.executemany` on SQLite
(no checks; committed as the import is, then deleted outside its time) — the baseline;
`bare-rolled-back` is the same rolled back, `bare-executemany` the executemany on either
database, `bare-raw` the file's bytes sent to COPY (FORMAT csv) on PostgreSQL; (1) `tangguh
import-households`'s importer; (2) the same file again (every household unchanged); (3) P0/P1/P2
of every village from the stored registry; (4) the same sums by a hand-written DuckDB query over
the file (DuckDB is a benchmark-only dependency: `uv run --group bench python bench/run.py
import-households`).
Goals (issue 12): (1) within 60 s at 1.4 million households and at least half the speed of (0);
(3) at most twice (4).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.import_events import ROOT, _process, _tangguh
from bench.server import scratch_database

NAME = "import-households"
DESCRIPTION = "import-households against a bare bulk insert of the same file; village measures."
YEAR = 2023
CASES = ("bare", "import", "reimport", "aggregate", "duckdb")
EXTRA = ("bare-rolled-back", "bare-executemany", "bare-raw")  # baselines run only when asked


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark."""
    parser.add_argument("--households", type=int, default=100_000, help="rows in the file")
    parser.add_argument("--with-nik", action="store_true", help="give every household a NIK")
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help=f"which cases to run, comma-separated (default {','.join(CASES)}; also "
        f"{', '.join(EXTRA)}); the ratio is the import's speed against the bare case",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="measure on this PostgreSQL database (postgres://user@host:port/NAME), which the "
        "benchmark creates and drops (refused when it exists); default: embedded SQLite",
    )


def generate(env: dict[str, str], path: Path, count: int, with_nik: bool) -> None:
    """A synthetic registry of the whole province (its villages, NTT's 2023 P0 and line)."""
    script = (
        "import django; django.setup()\n"
        "from tangguh.core.exporting import write_csv\n"
        "from tangguh.poverty import synthetic\n"
        "from tangguh.regions.models import Region\n"
        f"cal = synthetic.calibration(Region.objects.get(code='53'), {YEAR})\n"
        f"with open({str(path)!r}, 'w', encoding='utf-8', newline='') as out:\n"
        f"    write_csv(out, synthetic.HEADER, synthetic.rows(cal, {count}, 1, {with_nik}))\n"
    )
    _process([sys.executable, "-c", script], env)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Prepare a fresh site and the file, then measure each case in its own process."""
    folder = Path(tempfile.mkdtemp(prefix="tangguh-households-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env.update(TANGGUH_DATA_DIR=str(folder), DJANGO_SETTINGS_MODULE="tangguh.settings")
    if args.database_url:
        env["TANGGUH_DATABASE_URL"] = args.database_url
    # A province's registry is past the reader's default limits (200,000 rows, 2 million cells,
    # 64 MB): a site that imports one raises them, as here.
    env.update(
        TANGGUH_IMPORT_MAX_ROWS=str(max(args.households + 10, 200_000)),
        TANGGUH_IMPORT_MAX_CELLS=str(max(args.households * 20, 2_000_000)),
        TANGGUH_IMPORT_MAX_UNPACKED_MB=str(max(args.households // 8_000, 64)),
    )
    measured = []
    load_before = os.getloadavg()
    try:
        with scratch_database(args.database_url):
            _tangguh(env, "migrate", "-v0")
            _tangguh(env, "load-regions", "--no-progress")
            _tangguh(env, "load-statistics", "--no-progress")
            data = folder / "registry.csv"
            generate(env, data, args.households, args.with_nik)
            size = data.stat().st_size / 2**20
            print(f"[bench] {args.households} households, {size:.0f} MiB", file=sys.stderr)
            for case in args.cases.split(","):
                worker = ["-m", "bench.import_households_worker", case, str(data), str(YEAR)]
                output = _process([sys.executable, *worker], env)
                measured.append(json.loads(output.strip().splitlines()[-1]))
                print(f"[bench] {case}: {measured[-1]['seconds']:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()
    cases = [
        {
            "name": f"step{number}",
            "label": step["label"],
            "seconds": step["seconds"],
            "cpu_seconds": step["cpu_seconds"],
            "households_per_s": args.households / step["seconds"],
            "peak_mib": step["peak_mib"],
            "rows": step["result"],
        }
        for number, step in enumerate(measured)
    ]
    names = args.cases.split(",")
    database = "PostgreSQL" if measured[0]["vendor"] == "postgresql" else "embedded SQLite"
    ratios = []
    if "import" in names:
        imported = cases[names.index("import")]
        for baseline in ("bare", *EXTRA):
            if baseline in names:
                bare = cases[names.index(baseline)]
                ratios.append(
                    f"import-households runs at {bare['seconds'] / imported['seconds']:.2f}x "
                    f"the speed of the {bare['label']} in wall time "
                    f"({imported['seconds']:.1f} s against {bare['seconds']:.1f} s), "
                    f"{bare['cpu_seconds'] / imported['cpu_seconds']:.2f}x in CPU time"
                    + (
                        " (goal >= 0.5 in wall time, and <= 60 s at 1.4 million)."
                        if baseline == "bare"
                        else "."
                    )
                )
    return {
        "cases": cases,
        "baseline": "step0",
        "metrics": [
            {"key": "seconds", "label": "seconds", "format": ".2f"},
            {"key": "cpu_seconds", "label": "CPU s", "format": ".2f"},
            {"key": "households_per_s", "label": "households/s", "format": ".0f"},
            {"key": "peak_mib", "label": "peak RSS MiB", "format": ".0f"},
            {"key": "rows", "label": "rows", "format": "d"},
        ],
        "params": {
            "households": args.households,
            "with_nik": args.with_nik,
            "cases": args.cases,
        },
        "notes": [
            f"{database}, a fresh site; each case in its own process (peak RSS of that process).",
            *ratios,
            "load average (1, 5, 15 min) before: "
            + ", ".join(f"{x:.2f}" for x in load_before)
            + "; after: "
            + ", ".join(f"{x:.2f}" for x in load_after)
            + f" ({os.cpu_count()} CPUs; other work on the machine inflates wall seconds, "
            "CPU s is the process's own time).",
        ],
    }


__all__ = ["ROOT", "run"]
