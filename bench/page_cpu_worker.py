"""Worker of the page-cpu benchmark: in a site's environment, CPU time per request of each page
(in-process test client, signed in as the given user), read from stdin as JSON
{"username": ..., "repeat": N, "pages": [[name, path], ...]}; prints JSON per page."""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    task = json.load(sys.stdin)
    user = get_user_model().objects.get(username=task["username"])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    result = {}
    for name, path in task["pages"]:
        first = client.get(path)  # warm: templates, caches, kept figures
        repeat = int(task["repeat"])
        started = time.process_time()
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
        cpu_ms = (time.process_time() - started) / repeat * 1000
        body = b"" if response.streaming else response.content
        result[name] = {
            "status": response.status_code,
            "first_status": first.status_code,
            "cpu_ms": cpu_ms,
            "queries": len(queries.captured_queries),
            "bytes": len(body),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
