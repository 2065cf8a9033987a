"""Region scope of risk profiles, climate vulnerability and IRBI scores on page, API and CLI (the
shared scope suite)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.urls import reverse

from tangguh.catalogues.models import HazardType
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.regions.models import Region
from tangguh.risk import services

_numbers = itertools.count(1)


def _village(code: str) -> str:
    """A village inside a regency: Kelurahan Fatufeto (Kota Kupang), Nuataus (Kabupaten Kupang)."""
    return {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}[code]


def _year() -> int:
    """A different year for each record (a region has one record per year and hazard)."""
    return 2000 + next(_numbers) % 32  # plausible for an assessment (core.plausible)


def make_profile(code: str) -> Any:
    return services.create_risk_profile(
        actor=None,
        region=Region.objects.get(code=_village(code)),
        hazard=HazardType.objects.get(key="drought"),
        year=_year(),
        hazard_index=Decimal("0.7"),
        vulnerability_index=Decimal("0.5"),
        capacity_index=Decimal("0.2"),
    )


def make_climate(code: str) -> Any:
    return services.create_climate_vulnerability(
        actor=None,
        region=Region.objects.get(code=_village(code)),
        year=_year(),
        vulnerability_class="high",
    )


def make_score(code: str) -> Any:
    return services.create_risk_score(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key="flood"),
        year=_year(),
        score=Decimal("132.41"),
        source="BNPB IRBI",
    )


def _on_region_page(record: Any, html: str) -> bool:
    return reverse("risk:region", args=[record.region_id]) in html


def _climate_row(record: Any, text: str) -> bool:
    return any(
        line.startswith(f"{record.region_id},") and f",{record.year}," in line
        for line in text.splitlines()
    )


def _profile_row(record: Any, text: str) -> bool:
    return any(
        line.startswith(f"{record.region_id},")
        and f",{record.year},{record.method.version}," in line
        for line in text.splitlines()
    )


CASES = [
    ScopeCase(
        name="profile",
        make=make_profile,
        api="/api/v1/risk-profiles/",
        payload=lambda code: {
            "region": _village(code),
            "hazard": "flood",
            "year": _year(),
            "hazard_class": "high",
            "vulnerability_class": "medium",
            "capacity_class": "low",
        },
        change={"notes": "Kajian risiko diperbarui"},
        move=lambda code: {"region": _village(code)},
        page_list="risk:profile-list",
        page_detail="risk:profile-detail",
        page_add="risk:profile-add",
        page_edit="risk:profile-edit",
        page_delete="risk:profile-delete",
        page_export="export=csv",
        cli=("export_risk",),
        cli_import=("import_risk",),
        cli_shows=_profile_row,
        api_queries=5,  # measured 4 with 5 and with 20 profiles
        list_queries=11,  # measured 9 with 5 and with 20 profiles
    ),
    ScopeCase(
        name="climate",
        make=make_climate,
        api="/api/v1/climate-vulnerability/",
        payload=lambda code: {
            "region": _village(code),
            "year": _year(),
            "vulnerability_class": "medium",
        },
        change={"vulnerability_class": "very_high"},
        move=lambda code: {"region": _village(code)},
        page_list="risk:climate-list",
        page_shows=_on_region_page,
        page_detail="risk:region",
        page_args=lambda record: (record.region_id,),
        page_missing=("53.99",),
        page_export="export=csv",
        cli=("export_risk", "--climate"),
        cli_import=("import_climate",),
        cli_shows=_climate_row,
        api_queries=5,  # measured 4 with 5 and with 20 records
        list_queries=8,  # measured 6 with 5 and with 20 records
    ),
    ScopeCase(
        name="score",
        make=make_score,
        api="/api/v1/risk-scores/",
        payload=lambda code: {"region": code, "hazard": "flood", "year": _year(), "score": "98.5"},
        change={"score": "150.00"},
        move=lambda code: {"region": code},
        page_detail="risk:region",
        page_args=lambda record: (record.region_id,),
        page_missing=("53.99",),
        api_queries=5,  # measured 4 with 5 and with 20 scores
    ),
]

test_scope = scope_suite(CASES)
