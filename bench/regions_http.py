"""Region pages and the regions API under concurrent clients, against a minimal Django view.

A fresh site (temporary data directory, embedded SQLite, the shipped NTT geography, a viewer of
province 53 with a session and an API token) is served by gunicorn on loopback with the bench
settings (tangguh's settings plus the minimal views of bench/urls.py). Each endpoint is warmed
up, then measured with `--clients` keep-alive clients; the minimal view is measured first and
again last, as the baseline and as a check on drift during the run.
"""

from __future__ import annotations

import argparse
import secrets
import time
from typing import Any

from bench import httpload
from bench.server import Site, cookie_header, log

NAME = "regions"
DESCRIPTION = "Region pages and regions API under concurrent clients vs a minimal Django view"

USERNAME = "bench"
METRICS = [
    {"key": "rps", "label": "req/s", "format": ".0f"},
    {"key": "p50_ms", "label": "p50 ms", "format": ".1f"},
    {"key": "p95_ms", "label": "p95 ms", "format": ".1f"},
    {"key": "server_cpu_ms", "label": "server CPU ms/req", "format": ".2f"},
    {"key": "queries", "label": "queries", "format": "d"},
    {"key": "kib", "label": "KiB", "format": ".1f"},
    {"key": "errors", "label": "errors", "format": "d"},
    {"key": "other_cpu_pct", "label": "other load %", "format": ".0f"},
]
NOISY_PCT = 15  # other programs using more than this share of a core make figures unreliable


def add_arguments(parser: Any) -> None:
    """Options of this benchmark."""
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default 2)"
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="threads per gunicorn worker (default 2)"
    )
    parser.add_argument(
        "--worker-class",
        default="gthread",
        help="gunicorn worker class (default gthread: keeps connections alive)",
    )
    parser.add_argument(
        "--settings",
        default="bench.settings",
        metavar="MODULE",
        help="settings of the server (default bench.settings; for what-if runs, import it)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help=f"before each case, wait up to this long for other programs to use less than "
        f"{NOISY_PCT}%% of a core (default 0: do not wait)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=0,
        metavar="N",
        help=f"measure a case again, up to N times, when other programs used more than "
        f"{NOISY_PCT}%% of a core meanwhile (default 0)",
    )
    parser.add_argument(
        "--only", metavar="CASES", help="comma-separated case names to measure (and the baseline)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary data directory (and server log)"
    )
    parser.add_argument(
        "--sql", action="store_true", help="include every case's SQL statements in the JSON"
    )


def targets(session: str, token: str) -> list[httpload.Target]:
    """The endpoints, in the order measured; the first is the baseline."""
    page = {"Cookie": session, "Accept": "text/html"}
    api = {"Authorization": f"Token {token}", "Accept": "application/json"}
    return [
        httpload.Target("minimal", "/bench/ok/", "minimal view (baseline)", page, 200, b"ok"),
        httpload.Target(
            "minimal_signed_in", "/bench/ok-signed-in/", "minimal view, signed in", page, 200, b"ok"
        ),
        httpload.Target(
            "browser", "/regions/", "page /regions/", page, 200, b'data-testid="region-search"'
        ),
        httpload.Target(
            "search",
            "/regions/?q=kupang",
            "page /regions/?q=kupang",
            page,
            200,
            b'data-testid="search-results"',
        ),
        httpload.Target("regency", "/regions/53.01/", "page /regions/53.01/", page, 200, b"Kupang"),
        httpload.Target(
            "village",
            "/regions/53.01.27.2002/",
            "page /regions/53.01.27.2002/",
            page,
            200,
            b"Nuataus",
        ),
        httpload.Target(
            "api_list",
            "/api/v1/regions/?level=4&page_size=50",
            "API /api/v1/regions/?level=4&page_size=50",
            api,
            200,
            b'"count"',
        ),
        httpload.Target(
            "api_detail",
            "/api/v1/regions/53.01.27.2002/",
            "API /api/v1/regions/53.01.27.2002/",
            api,
            200,
            b"Nuataus",
        ),
    ]


def prepare(site: Site) -> tuple[str, str]:
    """Migrate, load the geography, add the bench user and its token; (password, token)."""
    password = secrets.token_urlsafe(18)
    site.manage("migrate", "--noinput")
    site.manage("load-regions", "--no-progress")
    site.manage(
        "create-user", USERNAME, "--password-stdin", "--member", "53:viewer", stdin=password
    )
    token = site.manage("create-token", USERNAME).strip()
    site.manage("collectstatic", "--noinput")
    return password, token


def wait_until_quiet(site: Site, patience: float) -> None:
    """Wait (up to `patience` seconds) until other programs leave the CPUs alone."""
    deadline = time.monotonic() + patience
    load = httpload.other_load_pct(site.cpu_seconds)
    if load <= NOISY_PCT:
        return
    log(f"other programs use {load:.0f}% of a core; waiting up to {patience:g} s")
    while load > NOISY_PCT and time.monotonic() < deadline:
        load = httpload.other_load_pct(site.cpu_seconds, interval=2.0)
    log(f"other load now {load:.0f}% of a core")


def measure_case(site: Site, target: httpload.Target, args: argparse.Namespace) -> dict[str, Any]:
    """Warm up, measure one endpoint; again (up to --retries times) if the machine was busy."""
    load = {
        "clients": args.clients,
        "spread_path": "/bench/pid/",  # keep-alive clients shared fairly by the workers
        "spread_over": args.workers,
    }
    for attempt in range(1 + args.retries):
        if args.wait_quiet > 0:
            wait_until_quiet(site, args.wait_quiet)
        if args.warmup > 0:
            log(f"warming up {target.path} for {args.warmup:g} s")
            httpload.measure(site.host, site.port, target, duration=args.warmup, **load)
        log(f"measuring {target.path} with {args.clients} clients")
        figures = httpload.measure(
            site.host,
            site.port,
            target,
            duration=args.duration,
            requests=args.requests,
            cpu_probe=site.cpu_seconds,
            **load,
        )
        figures["attempts"] = attempt + 1
        spread = "+".join(str(n) for n in figures.get("connections_per_worker", []))
        log(
            f"  {figures['rps']:.0f} req/s, p50 {figures['p50_ms']:.1f} ms, "
            f"p95 {figures['p95_ms']:.1f} ms, {figures['errors']} errors, "
            f"other load {figures.get('other_cpu_pct', 0):.0f}% of a core, "
            f"connections per worker {spread or '?'}"
        )
        if figures.get("other_cpu_pct", 0) <= NOISY_PCT:
            break
        if attempt < args.retries:
            log("  other programs were busy meanwhile: measuring again")
    return figures


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Set up, serve, measure every endpoint; the result for bench/run.py."""
    wanted = {t.name for t in targets("", "")}
    if args.only:
        unknown = set(args.only.split(",")) - wanted
        if unknown:
            raise httpload.TargetFailed(
                f"unknown case(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(wanted))}"
            )
        wanted = {"minimal", *args.only.split(",")}
    with Site(settings_module=args.settings, keep=args.keep) as site:
        log(f"data directory {site.data_dir}")
        password, token = prepare(site)
        site.start(workers=args.workers, threads=args.threads, worker_class=args.worker_class)
        session = cookie_header(site.login(USERNAME, password))
        chosen = [t for t in targets(session, token) if t.name in wanted]
        sizes = {t.name: httpload.check(site.host, site.port, t) for t in chosen}
        queries = site.count_queries(
            [{"name": t.name, "path": t.path, "headers": t.headers} for t in chosen]
        )
        for name, counted in queries.items():
            if counted["status"] != 200:
                raise httpload.TargetFailed(
                    f"{name}: counting its queries, the request answered {counted['status']}"
                )
        cases = []
        for target in [*chosen, chosen[0]]:  # the baseline again at the end: drift
            figures = measure_case(site, target, args)
            again = bool(cases) and target.name == chosen[0].name
            case = {
                "name": f"{target.name}_end" if again else target.name,
                "label": "minimal view, again at the end" if again else target.label,
                "path": target.path,
                **figures,
                "queries": queries[target.name]["queries"],
                "kib": sizes[target.name] / 1024,
                "bytes": sizes[target.name],
            }
            if args.sql:
                case["sql"] = queries[target.name]["sql"]
            cases.append(case)
        server = dict(site.server_config)
    notes = [
        "Latency: from sending a request to reading the last byte of its answer, over a "
        "keep-alive connection; throughput counts answers with the expected status only.",
        "server CPU ms/req: user+system CPU of the gunicorn master and workers per answer "
        "(10 ms clock ticks; the load generator runs on the same cores).",
        "queries: SQL statements per request (second of two, in-process test client).",
        "other load %: CPU used meanwhile by everything but the server and the load generator "
        "(100 = one core).",
    ]
    noisy = [case["name"] for case in cases if case.get("other_cpu_pct", 0) > NOISY_PCT]
    if noisy:
        notes.append(
            f"Other programs used more than {NOISY_PCT}% of a core while measuring "
            f"{', '.join(noisy)} (column 'other load %'): those figures are unreliable; "
            "measure again on a quiet machine."
        )
    errors = sum(case["errors"] for case in cases)
    if errors:
        notes.append(f"{errors} requests failed or answered an unexpected status: see the JSON.")
    return {
        "baseline": "minimal",
        "metrics": METRICS,
        "ratios": ["rps", "p50_ms"],
        "cases": cases,
        "params": {
            "clients": args.clients,
            "per case": f"{args.requests} requests"
            if args.requests
            else f"{args.duration:g} s (after {args.warmup:g} s warm-up)",
            "server": server["command"],
            "settings": args.settings,
            "wait for quiet": f"up to {args.wait_quiet:g} s" if args.wait_quiet else "no",
        },
        "notes": notes,
    }
