"""The sync matrix as CSV: one row per village, sub-district, agency, source or tag, and a total
(for the page's download and `tangguh export-sync`), written with `core.exporting`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from tangguh.core.exporting import csv_response, write_csv
from tangguh.planning import summaries
from tangguh.planning.models import Proposal

HEADER = [
    "key",
    "label",
    "received",
    *summaries.OUTCOMES,
    "budget_asked",
    "budget_allocated",
    "share_accommodated",
]


def matrix_rows(proposals: QuerySet[Proposal], by: str) -> list[summaries.Row]:
    """The matrix rows and, last, their total (for tags: a proposal counts once per tag)."""
    rows = summaries.sync_matrix(proposals, by)
    return [*rows, summaries.total(rows, _("Total"))]


def csv_rows(rows: Sequence[summaries.Row]) -> Iterator[list[Any]]:
    """Each matrix row in HEADER order (the share empty when there are no proposals)."""
    for row in rows:
        data = row.as_dict()
        yield [data[name] for name in HEADER]


def write_matrix(rows: Sequence[summaries.Row], out: IO[str]) -> int:
    """Write matrix rows as CSV (UTF-8, comma separated); returns how many."""
    write_csv(out, HEADER, csv_rows(rows))
    return len(rows)


def matrix_response(filename: str, rows: Sequence[summaries.Row]) -> StreamingHttpResponse:
    """Matrix rows as a CSV download."""
    return csv_response(filename, HEADER, csv_rows(rows))
