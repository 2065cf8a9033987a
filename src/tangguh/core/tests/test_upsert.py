"""Writing many rows on their natural key (`core.importing.upsert`)."""

from __future__ import annotations

import pytest

from tangguh.core.importing.upsert import NONE, upsert
from tangguh.regions.models import Region
from tangguh.risk.models import ClimateVulnerability

pytestmark = pytest.mark.django_db


def record(code: str, year: int | None, kind: str) -> ClimateVulnerability:
    return ClimateVulnerability(
        region=Region.objects.get(code=code), year=year, vulnerability_class=kind
    )


def test_a_row_whose_key_has_an_empty_part_is_found_again() -> None:
    key, compared = ("region", "year"), ("vulnerability_class",)
    first = [record("53.01.27.2002", None, "high"), record("53.01.27.2001", 2021, "low")]
    assert len(upsert(ClimateVulnerability, first, key, compared, actor=None).created) == 2
    again = [record("53.01.27.2002", None, "medium"), record("53.01.27.2001", 2021, "low")]
    result = upsert(ClimateVulnerability, again, key, compared, actor=None, audit_mode=NONE)
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 1, 1)
    assert ClimateVulnerability.objects.get(year__isnull=True).vulnerability_class == "medium"
    assert ClimateVulnerability.objects.count() == 2
