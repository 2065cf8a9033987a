"""Logging: refusals are one line each."""

from __future__ import annotations

import logging


class OneLineRefusals(logging.Filter):
    """Drop the traceback of Django's records of client errors (a 403 for a record outside
    one's regions, a 404): the line names the status and the path, which is all there is to
    know. Server errors (5xx) keep theirs. API tokens and passwords never appear: requests are
    logged by path only, never with their headers or body."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.") and isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
