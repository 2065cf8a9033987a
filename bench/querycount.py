"""Count the SQL queries of requests, in-process with Django's test client.

Run by `Site.count_queries` as `python -m bench.querycount` in the benchmark site's environment.
Reads a JSON list of {"name", "path", "headers"} on stdin; prints {name: {"status", "queries",
"sql"}}. Each request is made twice and the second is counted, so that per-process caches
(content types, translations) filled by the first do not count.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    requests: list[dict[str, Any]] = json.load(sys.stdin)
    client = Client(HTTP_HOST="127.0.0.1")
    counts: dict[str, Any] = {}
    for request in requests:
        for _attempt in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(request["path"], headers=request.get("headers", {}))
        counts[request["name"]] = {
            "status": response.status_code,
            "queries": len(captured),
            "sql": [query["sql"] for query in captured.captured_queries],
        }
    json.dump(counts, sys.stdout)


if __name__ == "__main__":
    main()
