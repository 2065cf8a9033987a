"""Run a benchmark: `uv run python bench/run.py NAME [options]`; list them with `--list`.

A benchmark is a module in bench/ that defines, at top level:

    NAME = "regions"                      # what you type after run.py
    DESCRIPTION = "One line for --list."
    def add_arguments(parser): ...        # optional: options of its own
    def run(args) -> dict: ...            # measure; return the result (below)

`args` carries the common options (`duration`, `requests`, `clients`, `warmup`) and the
benchmark's own. `run` returns a JSON-serialisable dict:

    {
        "cases": [{"name": "minimal", "label": "GET /bench/ok/", "rps": 812.0, ...}, ...],
        "baseline": "minimal",            # the case every other is compared with
        "metrics": [{"key": "rps", "label": "req/s", "format": ".0f"}, ...],  # table columns
        "ratios": ["rps", "p50_ms"],      # metrics also shown as case ÷ baseline
        "params": {...}, "notes": [...],  # optional: settings used, remarks
    }

The baseline is measured in the same run as the cases, so ratios compare like with like on
whatever machine runs them. Benchmarks print figures; nothing here asserts a timing.
Modules are found by reading bench/*.py (nothing is imported until one is chosen).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import platform
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def discover() -> dict[str, dict[str, str]]:
    """{NAME: {"module", "description"}} for every bench/*.py that defines NAME and run()."""
    found = {}
    for path in sorted(BENCH_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        constants: dict[str, str] = {}
        has_run = False
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "run":
                has_run = True
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                constants[node.targets[0].id] = node.value.value
        if has_run and "NAME" in constants:
            found[constants["NAME"]] = {
                "module": f"bench.{path.stem}",
                "description": constants.get("DESCRIPTION", ""),
            }
    return found


def list_benchmarks(benchmarks: dict[str, dict[str, str]]) -> None:
    """Print the benchmarks one may run."""
    width = max((len(name) for name in benchmarks), default=0)
    for name, info in sorted(benchmarks.items()):
        print(f"{name:<{width}}  {info['description']}  ({info['module']})")


def build_parser(name: str, module: ModuleType) -> argparse.ArgumentParser:
    """Common options plus the benchmark's own."""
    parser = argparse.ArgumentParser(
        prog=f"bench/run.py {name}", description=getattr(module, "DESCRIPTION", None)
    )
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument(
        "--duration",
        type=float,
        default=None,
        metavar="SECONDS",
        help="measure each case for this long (default 10)",
    )
    amount.add_argument(
        "--requests", type=int, default=None, metavar="N", help="measure N requests per case"
    )
    parser.add_argument(
        "--clients", type=int, default=20, metavar="N", help="concurrent clients (default 20)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="unmeasured load per case before measuring (default 2)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for docs)"
    )
    parser.add_argument("--output", type=Path, metavar="FILE", help="also write the JSON here")
    add_arguments = getattr(module, "add_arguments", None)
    if add_arguments is not None:
        add_arguments(parser.add_argument_group(f"{name} options"))
    return parser


def machine() -> dict[str, Any]:
    """Facts about the machine and the code measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": _versions("django", "djangorestframework", "gunicorn"),
        "platform": platform.platform(),
        "git": _git_revision(),
    }


def _versions(*names: str) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{'+changes' if dirty else ''}" if head else "unknown"


def add_ratios(result: dict[str, Any]) -> None:
    """For every case and every ratio metric: case ÷ baseline (in case["ratio"])."""
    cases = {case["name"]: case for case in result["cases"]}
    baseline = cases.get(result.get("baseline", ""))
    for case in result["cases"]:
        case["ratio"] = {}
        for key in result.get("ratios", []):
            base, value = (baseline or {}).get(key), case.get(key)
            case["ratio"][key] = value / base if base and value is not None else None


def _format(value: Any, spec: str) -> str:
    if value is None:
        return "–"
    try:
        return format(value, spec)
    except (TypeError, ValueError):
        return str(value)


def table(result: dict[str, Any], markdown: bool = False) -> str:
    """The cases as a text (or Markdown) table, with the ratios to the baseline."""
    metrics = result.get("metrics", [])
    labels = {metric["key"]: metric["label"] for metric in metrics}
    header = ["case", *(metric["label"] for metric in metrics)]
    ratios = result.get("ratios", [])
    header += [f"{labels.get(key, key)} ÷ {result.get('baseline')}" for key in ratios]
    rows = []
    for case in result["cases"]:
        row = [case.get("label") or case["name"]]
        row += [_format(case.get(metric["key"]), metric.get("format", "")) for metric in metrics]
        row += [
            _format(case["ratio"][key], ".3g") + ("×" if case["ratio"][key] is not None else "")
            for key in ratios
        ]
        rows.append(row)
    if markdown:
        numeric = [False] + [True] * (len(header) - 1)
        lines = ["| " + " | ".join(header) + " |"]
        lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = []
    for i, row in enumerate([header, *rows]):
        cells = [
            cell.ljust(width) if n == 0 else cell.rjust(width)
            for n, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if i == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def report(result: dict[str, Any], markdown: bool) -> str:
    """The human-readable report: what ran, where, the table and notes."""
    facts = result["machine"]
    lines = [
        f"{result['benchmark']}: {result.get('description', '')}",
        f"{result['started']} · {facts['nproc']} CPUs ({facts['cpu']}) · Python "
        f"{facts['python']} · SQLite {facts['sqlite']} · git {facts['git']}",
    ]
    lines += [f"{key}: {value}" for key, value in result.get("params", {}).items()]
    lines += ["", table(result, markdown)]
    if result.get("notes"):
        lines += ["", *(f"- {note}" for note in result["notes"])]
    return "\n".join(lines)


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds, so benchmarks' clean-up (finally) runs


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    benchmarks = discover()
    if not argv or argv[0] in ("--list", "-l", "-h", "--help"):
        if argv and argv[0] in ("-h", "--help"):
            print(__doc__)
        print("Benchmarks:")
        list_benchmarks(benchmarks)
        return 0
    name, rest = argv[0], argv[1:]
    if name not in benchmarks:
        known = ", ".join(sorted(benchmarks))
        print(f"No benchmark named {name!r}. Known: {known}", file=sys.stderr)
        return 2
    # `python bench/run.py` puts bench/ first on the path; import its modules as bench.NAME.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
    sys.path.insert(0, str(ROOT))
    module = importlib.import_module(benchmarks[name]["module"])
    args = build_parser(name, module).parse_args(rest)
    if args.duration is None and args.requests is None:
        args.duration = 10.0
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = datetime.now(UTC)
    try:
        result = module.run(args)
    except RuntimeError as exc:  # set-up or serving failed (SiteError, TargetFailed, …)
        print(f"bench/run.py {name}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"bench/run.py {name}: interrupted", file=sys.stderr)
        return 130
    result = {
        "benchmark": name,
        "description": benchmarks[name]["description"],
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {
            "duration_s": args.duration,
            "requests": args.requests,
            "clients": args.clients,
            "warmup_s": args.warmup,
        },
        **result,
    }
    add_ratios(result)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(report(result, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
