"""The sync matrix as CSV: one row per village, sub-district, agency, source or tag, and a total."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tangguh.planning import matrix
from tangguh.planning.models import Proposal
from tangguh.planning.sheets import guard

HEADER = [
    "key",
    "label",
    "received",
    *matrix.OUTCOMES,
    "budget_asked",
    "budget_allocated",
    "share_accommodated",
]


def matrix_rows(proposals: QuerySet[Proposal], by: str) -> list[matrix.Row]:
    """The matrix rows and, last, their total (for tags: a proposal counts once per tag)."""
    rows = matrix.sync_matrix(proposals, by)
    return [*rows, matrix.total(rows, _("Total"))]


def write_matrix(rows: Sequence[matrix.Row], out: IO[str]) -> int:
    """Write matrix rows as CSV (UTF-8, comma separated); returns how many."""
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        data = row.as_dict()
        writer.writerow(
            [
                guard(str(data["key"])),
                guard(str(data["label"])),
                *[data[name] for name in HEADER[2:-1]],
                "" if data["share_accommodated"] is None else data["share_accommodated"],
            ]
        )
    return len(rows)
