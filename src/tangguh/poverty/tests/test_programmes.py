"""Programmes and beneficiaries: the import (bad input by row, nothing written, one change
record), coverage and targeting errors computed by hand, overlaps, pages and API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.poverty import coverage, services
from tangguh.poverty.models import Beneficiary, Household, Programme
from tangguh.regions.models import Region

from .conftest import FATUFETO, NUATAUS, NUNHILA

pytestmark = pytest.mark.django_db
HEADER = "household_id,region_code,members,expenditure_per_capita,decile\n"


@pytest.fixture
def kota(bps, registry) -> Any:
    """Six Kota Kupang households (2023; BPS line Rp732,921, extreme line Rp351,957) and PKH
    for deciles 1-4."""
    path = registry(
        f"A,{FATUFETO},4,300000,1",  # extreme poor, eligible
        f"B,{FATUFETO},4,500000,2",  # poor, eligible
        f"C,{FATUFETO},4,600000,3",  # poor, eligible
        f"D,{NUNHILA},4,700000,6",  # poor, not eligible
        f"E,{NUNHILA},4,900000,8",  # not poor, not eligible
        f"F,{NUNHILA},4,1200000,9",  # not poor, not eligible
        header=HEADER,
    )
    services.import_households(path, year=2023).raise_if_failed()
    return services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.71"),
        code="PKH",
        name="Program Keluarga Harapan",
        kind="national",
        max_decile=4,
        benefit_per_year=3_000_000,
    )


def _beneficiaries(tmp_path: Path, *lines: str, name: str = "pkh.csv") -> Path:
    path = tmp_path / name
    path.write_text("programme,household_id,benefit\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_coverage_and_errors_follow_the_definitions(kota, tmp_path) -> None:
    path = _beneficiaries(tmp_path, "PKH,A,3000000", "PKH,B,3000000", "PKH,E,1000000")
    report = services.import_beneficiaries(path, year=2023)
    assert (report.created, report.errors) == (3, [])
    assert ChangeRecord.objects.filter(model="poverty.beneficiary").count() == 1
    found = coverage.programme_coverage(kota, 2023, Household.objects.all())
    assert found.recipients == 3
    assert found.eligible.coverage == pytest.approx(2 / 3)  # A, B of A, B, C
    assert found.eligible.exclusion_error == pytest.approx(1 / 3)
    assert found.eligible.inclusion_error == pytest.approx(1 / 3)  # E
    assert found.eligible.leakage == pytest.approx(1 / 7)  # 1M of 7M
    assert found.poor.coverage == pytest.approx(2 / 4)  # A, B of A, B, C, D
    assert found.extreme.coverage == 1.0  # A
    both = coverage.overlaps([kota], 2023, Household.objects.all(), "53.71")
    assert both.by_count == [(0, 3.0), (1, 3.0)]
    assert (both.poor_in_none, both.poor, both.extreme_in_none) == (2.0, 4.0, 0.0)
    again = services.import_beneficiaries(path, year=2023)
    assert (again.created, again.unchanged) == (0, 3)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("PKH,ZZZ,3000000", "household_id", "no household ZZZ in the registry of 2023"),
        ("SEMBAKO,A,", "programme", "no programme SEMBAKO runs in 53.71.01.1001"),
        ("PKH,A,-5", "benefit", "negative"),
        ("PKH,B,1", "household_id", "listed again for PKH (first on line 2)"),
    ],
)
def test_bad_beneficiaries_are_reported_by_row_and_nothing_is_written(
    kota, tmp_path, line: str, column: str, message: str
) -> None:
    report = services.import_beneficiaries(
        _beneficiaries(tmp_path, "PKH,B,3000000", line), year=2023
    )
    [problem] = report.errors
    assert (problem.line, problem.column) == (3, column)
    assert message in problem.message
    assert not Beneficiary.objects.exists()


def test_an_editor_of_another_regency_cannot_list_kota_households(kota, tmp_path, make_user):
    editor = make_user("kupang", {"53.01": "editor"})
    report = services.import_beneficiaries(
        _beneficiaries(tmp_path, "PKH,A,3000000"), year=2023, actor=editor
    )
    assert "outside your regions" in report.errors[0].message
    assert not Beneficiary.objects.exists()


def test_a_programme_belongs_to_a_regency_or_the_province(kota) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_programme(
            actor=None, region=Region.objects.get(code=NUATAUS), code="X", name="X", kind="local"
        )


def test_pages_and_api_show_coverage(kota, tmp_path, web, api, make_user) -> None:
    services.import_beneficiaries(_beneficiaries(tmp_path, "PKH,A,3000000"), year=2023)
    viewer = make_user("viewer", {"53.71": "viewer"})
    html = web(viewer).get(reverse("poverty:programme-list") + "?region=53.71").content.decode()
    assert 'data-testid="coverage"' in html
    assert "33.3" in html  # coverage of the eligible: 1 of 3
    detail = web(viewer).get(reverse("poverty:programme-detail", args=[kota.pk])).content.decode()
    assert 'data-testid="programme-coverage"' in detail
    data = api(viewer).get("/api/v1/poverty/coverage/?region=53.71&year=2023").json()
    [pkh] = data["programmes"]
    assert pkh["eligible"]["coverage"] == pytest.approx(1 / 3)
    assert pkh["eligibility"] == "decile<=4"
    assert data["overlaps"]["poor_in_no_programme"] == 3
    listed = api(viewer).get("/api/v1/poverty/beneficiaries/?year=2023").json()
    assert [b["household_id"] for b in listed["results"]] == ["A"]
    stranger = api(make_user("kupang", {"53.01": "viewer"}))
    assert stranger.get("/api/v1/poverty/coverage/?region=53.71&year=2023").status_code == 403
    assert stranger.get("/api/v1/poverty/beneficiaries/").json()["results"] == []


def test_deleting_a_programme_logs_its_beneficiaries(kota, tmp_path) -> None:
    services.import_beneficiaries(_beneficiaries(tmp_path, "PKH,A,3000000"), year=2023)
    services.delete_programme(kota, actor=None)
    assert not Programme.objects.exists()
    assert ChangeRecord.objects.filter(model="poverty.beneficiary", action="delete").count() == 1
