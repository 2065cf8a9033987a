"""CPU time per request of every page family, in one process, at 1x and 10x data:
`uv run python bench/run.py page-cpu [--scales 1,10] [--repeat 20] [--database-url URL]`.

The same sites as `pages` (the demo, multiplied by bench.multiply; a province viewer), but
measured in-process with Django's test client: process CPU time per request, which other
programs on the machine barely disturb (unlike latency under 20 clients), and the SQL queries
per request. The baseline is the cheapest signed-in page measured the same way (the hazard
types list); "CPU vs 1x" compares each case with itself at the first scale.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bench.pages import PAGES, USERNAME, prepare
from bench.server import Site, log, scratch_database

NAME = "page-cpu"
DESCRIPTION = "CPU per request of every page family in one process, at 1x and 10x data"

METRICS = [
    {"key": "cpu_ms", "label": "CPU ms/req", "format": ".1f"},
    {"key": "cpu_vs_1x", "label": "CPU vs 1x", "format": ".2f"},
    {"key": "queries", "label": "queries", "format": "d"},
    {"key": "kib", "label": "KiB", "format": ".1f"},
]
BASELINE = "hazard_types"


def add_arguments(parser: Any) -> None:
    """Options of this benchmark."""
    parser.add_argument("--scales", default="1,10", help="data multipliers (default 1,10)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--only", metavar="CASES", help="comma-separated case names")
    parser.add_argument(
        "--database-url", metavar="URL", help="PostgreSQL database to make and drop per scale"
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every scale; the result for bench/run.py."""
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    wanted = set(args.only.split(",")) | {BASELINE} if args.only else None
    pages = [(name, path) for name, path, _text, _api in PAGES if not wanted or name in wanted]
    cases: list[dict[str, Any]] = []
    for scale in scales:
        with scratch_database(args.database_url), Site(database_url=args.database_url) as site:
            log(f"scale x{scale}: data directory {site.data_dir}")
            prepare(site, scale)
            task = {"username": USERNAME, "repeat": args.repeat, "pages": pages}
            measured = json.loads(site.python("bench.page_cpu_worker", stdin=json.dumps(task)))
        for name, path in pages:
            figures = measured[name]
            if figures["status"] != 200:
                raise RuntimeError(f"{name}: GET {path} answered {figures['status']}")
            cases.append(
                {
                    "name": f"{name}@{scale}x",
                    "case": name,
                    "scale": scale,
                    "label": f"{path} (x{scale})",
                    "cpu_ms": figures["cpu_ms"],
                    "queries": figures["queries"],
                    "kib": figures["bytes"] / 1024,
                }
            )
    first = {c["case"]: c for c in cases if c["scale"] == scales[0]}
    for case in cases:
        base = first.get(case["case"])
        if base and case["scale"] != scales[0] and base["cpu_ms"]:
            case["cpu_vs_1x"] = case["cpu_ms"] / base["cpu_ms"]
    return {
        "baseline": f"{BASELINE}@{scales[0]}x",
        "metrics": METRICS,
        "ratios": ["cpu_ms"],
        "cases": cases,
        "params": {
            "requests per page": args.repeat,
            "database": "PostgreSQL" if args.database_url else "embedded SQLite",
            "scales": ",".join(str(s) for s in scales),
            "user": "a province viewer (member of 53)",
        },
        "notes": [
            "CPU ms/req: process CPU time of the in-process test client per request (the "
            "server's work, without network and gunicorn); the first request of each page is "
            "not counted.",
        ],
    }
