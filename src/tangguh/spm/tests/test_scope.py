"""Region scope of every SPM record on page, API and CLI (the shared scope suite)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.spm import services

from .conftest import region

_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _any_year(settings: Any) -> None:
    """The scope suite makes many records, each of a new year: every year is plausible here
    (the plausible ranges have tests of their own)."""
    settings.PLAUSIBLE_YEARS = {
        **settings.PLAUSIBLE_YEARS,
        **dict.fromkeys(("assessments",), (1900, 300)),
    }


def _year() -> int:
    """A past year not used yet in this test (one record per region, year and service)."""
    return 1901 + next(_numbers) % 120


def make_record(code: str) -> Any:
    """A record of a new year (one record per region, year and service)."""
    return services.create_record(
        actor=None, region=region(code), year=_year(), service="rescue", target=500
    )


def make_quarter(code: str) -> Any:
    record = make_record(code)
    return services.create_quarter(
        actor=None,
        record=record,
        quarter=1,
        served=20,
        reported_on=dt.date(record.year, 4, 10),
    )


CASES = [
    ScopeCase(
        name="spm-record",
        make=make_record,
        api="/api/v1/spm/services/",
        payload=lambda code: {"region": code, "year": _year(), "service": "information"},
        change={"notes": "Dicek ulang"},
        move=lambda code: {"region": code},
        page_list="spm:record-list",
        page_detail="spm:record-detail",
        page_add="spm:record-add",
        page_edit="spm:record-edit",
        page_delete="spm:record-delete",
        page_export="export=csv",
        cli=("export_spm",),
        cli_import=("import_spm",),
        api_queries=7,  # measured 5 with 5 and with 10 records
        list_queries=10,  # measured 8 with 5 and with 10 records
    ),
    ScopeCase(
        name="spm-quarter",
        make=make_quarter,
        api="/api/v1/spm/quarters/",
        payload=lambda code: {
            "record": make_record(code).pk,
            "quarter": 2,
            "served": 30,
            "reported_on": "2024-07-10",
        },
        change={"notes": "Data Dinsos"},
        move=lambda code: {"record": make_record(code).pk},
        page_add="spm:quarter-add",
        page_add_args=lambda q: (q.record_id,),
        page_edit="spm:quarter-edit",
        page_delete="spm:quarter-delete",
        api_queries=6,  # measured 4 with 5 and with 10 figures
    ),
]

test_scope = scope_suite(CASES)
