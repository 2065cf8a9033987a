"""Fuzz the API against its own OpenAPI schema: `uv run python bench/api_fuzz.py`.

Prepares a throwaway site (temporary SQLite data directory with the demo data, see
bench/server.py), adds a province manager with an API token, serves the site with gunicorn on a
free loopback port and runs schemathesis against /api/schema/ with that token. Checks: no server
error, every status and content type documented, every response valid against its schema; with
valid and invalid data (`--mode all`). The run is bounded by `--max-time`; the exit status is
schemathesis's (0: no failure). CI runs it (see .ci/run); docs/api.md says how to read a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import Site, SiteError, log  # noqa: E402

USERNAME = "fuzz.manager"
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]


def parse_arguments() -> argparse.Namespace:
    """Options of the run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-time", type=int, default=300, help="seconds schemathesis may run")
    parser.add_argument("--max-examples", type=int, default=10, help="test cases per operation")
    # One worker: hypothesis's lambda descriptions (ast.parse) are not thread-safe on Python 3.11.
    parser.add_argument("--workers", type=int, default=1, help="concurrent schemathesis workers")
    parser.add_argument("--seed", type=int, default=None, help="seed (a failure prints its own)")
    parser.add_argument("--mode", choices=["positive", "negative", "all"], default="all")
    parser.add_argument("--report-dir", type=Path, default=None, help="keep a JUnit report here")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("extra", nargs="*", help="more schemathesis options, after --")
    return parser.parse_args()


def prepare(site: Site) -> str:
    """Demo data and a province manager; the manager's API token."""
    site.manage("demo", "--no-serve")
    site.manage("create-user", USERNAME, "--member", "53:manager")
    return site.manage("create-token", USERNAME).strip()


def own_membership(site: Site, token: str) -> str:
    """The id of the fuzzing user's membership (the hooks keep it out of reach)."""
    request = urllib.request.Request(
        f"http://{site.host}:{site.port}/api/v1/me/", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        me = json.load(response)
    return str(me["memberships"][0]["id"])


def schemathesis_command(site: Site, token: str, args: argparse.Namespace) -> list[str]:
    """The schemathesis run against the site."""
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"http://{site.host}:{site.port}/api/schema/",
        f"--header=Authorization: Token {token}",
        f"--checks={','.join(CHECKS)}",
        f"--mode={args.mode}",
        f"--max-examples={args.max_examples}",
        f"--max-time={args.max_time}",
        f"--workers={args.workers}",
        "--request-timeout=60",
        "--generation-database=none",
        "--no-color",
    ]
    if args.seed is not None:
        command.append(f"--seed={args.seed}")
    if args.report_dir is not None:
        command += ["--report=junit", f"--report-dir={args.report_dir.resolve()}"]
    return [*command, *args.extra]


def server_errors(site: Site) -> list[str]:
    """The server's logged errors (tracebacks of 500s), for a failing run."""
    text = site.server_log.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if " ERROR " in line][:50]


def fuzz(site: Site, args: argparse.Namespace) -> int:
    """Prepare, serve and fuzz; schemathesis's exit status."""
    token = prepare(site)
    # gunicorn answers a request line over 4094 bytes itself (414, HTML) before tangguh sees it;
    # lifted here, so that long generated query strings reach the application.
    site.start(workers=2, threads=2, options=("--limit-request-line=0",))
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "bench.api_fuzz_hooks",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "API_FUZZ_USERNAME": USERNAME,
        "API_FUZZ_MEMBERSHIP_ID": own_membership(site, token),
    }
    started = time.monotonic()
    log(f"schemathesis for at most {args.max_time} s")
    try:
        done = subprocess.run(
            schemathesis_command(site, token, args),
            env=env,
            cwd=site.data_dir,  # schemathesis keeps a cache in .schemathesis/ here: thrown away
            stdin=subprocess.DEVNULL,
            timeout=args.max_time + 300,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log("schemathesis did not finish in time")
        return 124
    log(f"schemathesis exited with {done.returncode} after {time.monotonic() - started:.0f} s")
    if done.returncode != 0:
        for line in server_errors(site):
            log(f"server: {line}")
    return done.returncode


def main() -> int:
    """Run the fuzzer on a throwaway site."""
    args = parse_arguments()
    try:
        with Site(settings_module="tangguh.settings", keep=args.keep) as site:
            return fuzz(site, args)
    except SiteError as exc:
        log(str(exc))
        return 2


if __name__ == "__main__":
    sys.exit(main())
