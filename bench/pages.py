"""Every page family and API list under concurrent clients, at 1x and 10x data, against a minimal
Django view: `uv run python bench/run.py pages [--scales 1,10] [--database-url URL]`.

For each scale, a fresh site (embedded SQLite in a temporary folder, or with `--database-url` a
PostgreSQL database made for the run and dropped after it) gets the demo (`tangguh demo
--no-serve`: the real NTT geography, 1,249 real DIBI events, demo plans, profiles and
proposals), then `bench.multiply` makes its events, proposals and risk profiles SCALE times as
many. A province viewer (a member of 53, not a superuser, so every read goes through the scope
filters) signs in; gunicorn serves the site (2 workers x 2 threads by default); each case is
warmed up, then measured with `--clients` keep-alive clients; the minimal view is measured first
and last of each scale. The 10x cases also carry the ratio of their server CPU per request to the
same case at 1x ("CPU vs 1x"): the province pages should stay near 1 (figures kept per
generation of their data, core.generations), lists grow only with what they show.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import secrets
from typing import Any

from bench import httpload, import_households, regions_http
from bench.server import Site, cookie_header, log, scratch_database

NAME = "pages"
DESCRIPTION = "Every page family and API list at 1x and 10x data vs a minimal Django view"

USERNAME = "bench"
METRICS = [
    {"key": "rps", "label": "req/s", "format": ".0f"},
    {"key": "p50_ms", "label": "p50 ms", "format": ".1f"},
    {"key": "p95_ms", "label": "p95 ms", "format": ".1f"},
    {"key": "server_cpu_ms", "label": "server CPU ms/req", "format": ".2f"},
    {"key": "cpu_vs_1x", "label": "CPU vs 1x", "format": ".2f"},
    {"key": "queries", "label": "queries", "format": "d"},
    {"key": "kib", "label": "KiB", "format": ".1f"},
    {"key": "gz_kib", "label": "KiB gzipped", "format": ".1f"},
    {"key": "errors", "label": "errors", "format": "d"},
    {"key": "other_cpu_pct", "label": "other load %", "format": ".0f"},
]

# (name, path, text the answer must contain, API?) — one case per page family.
PAGES: list[tuple[str, str, bytes, bool]] = [
    ("home", "/", b"<main", False),
    ("region_browser", "/regions/", b'data-testid="region-search"', False),
    ("region_regency", "/regions/53.01/", b"Kupang", False),
    ("region_search", "/regions/?q=kupang", b'data-testid="search-results"', False),
    ("search", "/search/?q=kupang", b"<main", False),
    ("agencies", "/agencies/", b"<main", False),
    ("change_log", "/changes/", b"<main", False),
    ("hazard_types", "/hazards/", b"<main", False),
    ("event_list", "/disasters/events/", b"<table", False),
    ("event_list_regency", "/disasters/events/?region=53.01", b"<table", False),
    ("hazard_profile_province", "/disasters/profile/53/", b"data-event-map", False),
    ("hazard_profile_regency", "/disasters/profile/53.01/", b"data-event-map", False),
    ("hazard_ranking", "/disasters/ranking/", b"<table", False),
    ("data_quality", "/disasters/quality/", b"<table", False),
    ("sendai", "/disasters/sendai/", b"<main", False),
    ("risk_summary", "/risk/?region=53.01", b"<main", False),
    ("risk_map_page", "/risk/map/?region=53.01", b'data-testid="risk-map"', False),
    ("risk_map_shapes", "/risk/map/53.01/shapes.geojson", b"FeatureCollection", False),
    ("risk_map_classes", "/risk/map/53.01/classes.json?hazard=drought", b"villages", False),
    ("risk_profiles", "/risk/profiles/", b"<main", False),
    ("climate", "/risk/climate/", b"<main", False),
    ("preparedness_overview", "/preparedness/overview/", b"<main", False),
    ("contingency_plans", "/preparedness/plans/", b"<main", False),
    ("teams", "/preparedness/teams/", b"<main", False),
    ("nomenclature", "/nomenclature/", b"<main", False),
    ("proposals", "/planning/proposals/", b"<main", False),
    ("proposals_regency", "/planning/proposals/?region=53.01", b"<main", False),
    ("sync_matrix", "/planning/sync/?region=53.01", b"<main", False),
    ("sync_matrix_province", "/planning/sync/", b"<main", False),
    ("programmes", "/planning/programmes/", b"<main", False),
    ("work_plans", "/planning/workplans/", b"<main", False),
    ("calendar", "/planning/calendar/", b"<main", False),
    ("resilience_assessments", "/resilience/", b"<main", False),
    ("resilience_overview", "/resilience/overview/", b"<main", False),
    ("spm_overview", "/spm/", b"<main", False),
    ("spm_reporting", "/spm/reporting/", b"<main", False),
    ("poverty_dashboard", "/poverty/?region=53.71", b"<main", False),
    ("poverty_dashboard_province", "/poverty/?region=53&year=2023", b"<main", False),
    ("poverty_villages", "/poverty/villages/?region=53.71", b"<main", False),
    ("poverty_households", "/poverty/households/?region=53.71", b"<main", False),
    # An id's first characters, in lower case: 100 of a 1.4 million registry (--households)
    (
        "poverty_households_search",
        "/poverty/households/?region=53.71&q=syn53-1-00012",
        b"<main",
        False,
    ),
    ("poverty_funds", "/poverty/funds/?region=53.71", b"<main", False),
    ("poverty_monitoring", "/poverty/monitoring/?region=53.71", b"<main", False),
    ("poverty_livelihoods", "/poverty/livelihoods/?region=53.01", b"<main", False),
    ("coordination_actions", "/coordination/actions/", b"<main", False),
    ("coordination_workspace", "/coordination/workspace/", b"<main", False),
    ("api_events", "/api/v1/events/", b'"count"', True),
    ("api_hazard_profile", "/api/v1/hazard-profile/?region=53", b'"hazards"', True),
    ("api_hazard_ranking", "/api/v1/hazard-ranking/", b'"rows"', True),
    ("api_risk_profiles", "/api/v1/risk-profiles/?region=53.01", b'"count"', True),
    ("api_proposals", "/api/v1/proposals/?region=53.01", b'"count"', True),
    ("api_work_plan_items", "/api/v1/work-plan-items/", b'"count"', True),
    ("api_changes", "/api/v1/changes/", b'"count"', True),
    ("api_households_search", "/api/v1/poverty/households/?q=syn53-1-00012", b'"count"', True),
]


def add_arguments(parser: Any) -> None:
    """Options of this benchmark: those of the regions benchmark, and the scales."""
    regions_http.add_arguments(parser)
    parser.add_argument(
        "--scales",
        default="1,10",
        help="data multipliers to measure, comma-separated (default 1,10)",
    )
    parser.add_argument(
        "--households",
        type=int,
        default=0,
        help="also import a synthetic registry of the whole province (2023) of this many "
        "households (e.g. 1400000, issue 12's scale) after the demo",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="measure on PostgreSQL: a database of this name is made for each scale and "
        "dropped after it (postgres://user@host:port/NAME); default embedded SQLite",
    )


def targets(session: str, token: str) -> list[httpload.Target]:
    """The minimal views, then every page family."""
    page = {"Cookie": session, "Accept": "text/html"}
    api = {"Authorization": f"Token {token}", "Accept": "application/json"}
    return [
        httpload.Target("minimal", "/bench/ok/", "minimal view (baseline)", page, 200, b"ok"),
        *(
            httpload.Target(
                name,
                path,
                f"{'API' if is_api else 'page'} {path}",
                api if is_api else page,
                200,
                text,
            )
            for name, path, text, is_api in PAGES
        ),
    ]


def gzipped_size(site: Site, target: httpload.Target) -> int:
    """Bytes on the wire when the client accepts gzip (as every browser does)."""
    conn = http.client.HTTPConnection(site.host, site.port, timeout=60)
    try:
        conn.request("GET", target.path, headers={**target.headers, "Accept-Encoding": "gzip"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.getheader("Content-Encoding") == "gzip":
        gzip.decompress(body)  # a broken stream fails here, not in a browser
    return len(body)


def add_registry(site: Site, households: int) -> None:
    """A synthetic registry of the whole province (2023, as bench import-households makes it),
    imported with the reader's limits raised as a site importing one raises them."""
    path = site.data_dir / "registry.csv"
    site.env.update(
        TANGGUH_IMPORT_MAX_ROWS=str(max(households + 10, 200_000)),
        TANGGUH_IMPORT_MAX_CELLS=str(max(households * 20, 2_000_000)),
        TANGGUH_IMPORT_MAX_UNPACKED_MB=str(max(households // 8_000, 64)),
    )
    import_households.generate(site.env, path, households, with_nik=False)
    site.manage("import-households", str(path), "--year", "2023", "--no-progress")
    path.unlink()
    log(f"registry: {households} households of the province imported (2023)")


def prepare(site: Site, scale: int, households: int = 0) -> tuple[str, str]:
    """The demo, multiplied (and a province's registry); a province viewer with a token;
    (password, token)."""
    password = secrets.token_urlsafe(18)
    site.manage("demo", "--no-serve")
    if scale > 1:
        log(f"data x{scale}: {site.python('bench.multiply', str(scale)).strip()}")
    if households:
        add_registry(site, households)
    site.manage(
        "create-user", USERNAME, "--password-stdin", "--member", "53:viewer", stdin=password
    )
    token = site.manage("create-token", USERNAME).strip()
    site.manage("collectstatic", "--noinput")
    return password, token


def measure_scale(args: argparse.Namespace, scale: int, wanted: set[str]) -> list[dict[str, Any]]:
    """Every wanted case on a fresh site with SCALE times the demo data."""
    url = args.database_url
    cases: list[dict[str, Any]] = []
    with (
        scratch_database(url),
        Site(settings_module=args.settings, keep=args.keep, database_url=url) as site,
    ):
        log(f"scale x{scale}: data directory {site.data_dir}")
        password, token = prepare(site, scale, args.households)
        site.start(workers=args.workers, threads=args.threads, worker_class=args.worker_class)
        session = cookie_header(site.login(USERNAME, password))
        chosen = [t for t in targets(session, token) if t.name in wanted]
        sizes = {t.name: httpload.check(site.host, site.port, t) for t in chosen}
        packed = {t.name: gzipped_size(site, t) for t in chosen}
        queries = site.count_queries(
            [{"name": t.name, "path": t.path, "headers": t.headers} for t in chosen]
        )
        for target in [*chosen, chosen[0]]:
            again = bool(cases) and target.name == chosen[0].name
            figures = regions_http.measure_case(site, target, args)
            name = f"{target.name}_end" if again else target.name
            cases.append(
                {
                    "name": f"{name}@{scale}x",
                    "case": name,
                    "scale": scale,
                    "label": f"{'minimal view, again at the end' if again else target.label} "
                    f"(x{scale})",
                    "path": target.path,
                    **figures,
                    "queries": queries[target.name]["queries"],
                    "kib": sizes[target.name] / 1024,
                    "gz_kib": packed[target.name] / 1024,
                    "bytes": sizes[target.name],
                }
            )
    return cases


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every scale; the result for bench/run.py."""
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    known = {t.name for t in targets("", "")}
    wanted = known
    if args.only:
        unknown = set(args.only.split(",")) - known
        if unknown:
            raise httpload.TargetFailed(
                f"unknown case(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        wanted = {"minimal", *args.only.split(",")}
    cases: list[dict[str, Any]] = []
    for scale in scales:
        cases += measure_scale(args, scale, wanted)
    first = {c["case"]: c for c in cases if c["scale"] == scales[0]}
    for case in cases:
        base = first.get(case["case"])
        if base and case["scale"] != scales[0] and base.get("server_cpu_ms"):
            case["cpu_vs_1x"] = case["server_cpu_ms"] / base["server_cpu_ms"]
    slow = [c["name"] for c in cases if c.get("p95_ms", 0) > 300 and c["case"] != "minimal"]
    notes = [
        "Cases are named CASE@SCALEx; 'CPU vs 1x' is the case's server CPU per request "
        f"divided by the same case at x{scales[0]}.",
        "KiB: the answer's body; KiB gzipped: the same answer to a client that accepts gzip.",
        "queries: SQL statements per request (second of two, in-process test client).",
        "other load %: CPU used meanwhile by other programs (100 = one core); above "
        f"{regions_http.NOISY_PCT}% the figures are unreliable.",
        f"Over 300 ms at p95: {', '.join(slow) if slow else 'none'}.",
    ]
    return {
        "baseline": f"minimal@{scales[0]}x",
        "metrics": METRICS,
        "ratios": ["rps", "p50_ms"],
        "cases": cases,
        "params": {
            "clients": args.clients,
            "per case": f"{args.requests} requests"
            if args.requests
            else f"{args.duration:g} s (after {args.warmup:g} s warm-up)",
            "database": "PostgreSQL" if args.database_url else "embedded SQLite",
            "scales": ",".join(str(s) for s in scales),
            "registry households": args.households or "the demo's",
            "server": f"gunicorn {args.workers} workers x {args.threads} threads",
        },
        "notes": notes,
    }
