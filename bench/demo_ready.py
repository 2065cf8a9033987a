"""How long `tangguh demo --no-serve` takes from an empty data directory (target: under 60 s).

Baseline, measured in the same run: `tangguh migrate` on an empty data directory, the least any
first start must do. Each case runs in a fresh temporary directory `--repeat` times; the median is
reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NAME = "demo-ready"
DESCRIPTION = "Time from an empty data directory to a ready demo, vs a bare migrate."
TARGET_SECONDS = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark."""
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median reported)")


def _timed(command: list[str]) -> float:
    folder = Path(tempfile.mkdtemp(prefix="tangguh-demo-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env["TANGGUH_DATA_DIR"] = str(folder)
    try:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tangguh.cli", *command],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure both cases and return them for the runner's table."""
    cases = []
    for name, label, command in (
        ("migrate", "tangguh migrate (baseline)", ["migrate", "-v0"]),
        ("demo", "tangguh demo --no-serve", ["demo", "--no-serve"]),
    ):
        times = [_timed(command) for _ in range(args.repeat)]
        print(f"[bench] {label}: {', '.join(f'{t:.1f}' for t in times)} s", file=sys.stderr)
        median = statistics.median(times)
        cases.append(
            {
                "name": name,
                "label": label,
                "seconds": median,
                "worst": max(times),
                "within_target": "yes" if max(times) < TARGET_SECONDS else "NO",
            }
        )
    return {
        "cases": cases,
        "baseline": "migrate",
        "metrics": [
            {"key": "seconds", "label": "median s", "format": ".1f"},
            {"key": "worst", "label": "worst s", "format": ".1f"},
            {"key": "within_target", "label": f"< {TARGET_SECONDS:.0f} s"},
        ],
        "ratios": ["seconds"],
        "params": {"repeat": args.repeat},
        "notes": ["Each run starts from an empty temporary data directory (embedded SQLite)."],
    }
