"""Agencies as rows for CSV downloads and `tangguh list-agencies` (written by core.exporting)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tangguh.accounts.models import Agency

AGENCY_HEADER = ["id", "region", "code", "short_name", "name", "bidang_codes"]


def agency_rows(agencies: Iterable[Agency]) -> Iterator[list[Any]]:
    """One row per agency, in the columns of AGENCY_HEADER."""
    for agency in agencies:
        yield [
            agency.pk,
            agency.region_id,
            agency.code,
            agency.short_name,
            agency.name,
            " ".join(agency.bidang_codes or []),
        ]
