"""Settings for benchmark servers: tangguh's own settings with a bench-only URLconf.

Everything else (middleware, database options, templates, static files) is exactly what the
application ships, so a minimal view served here carries the same fixed costs as a real page.
"""

from tangguh.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
