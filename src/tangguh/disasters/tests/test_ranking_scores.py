"""BNPB's IRBI scores and the KRB indices, once imported on the risk pages, stand beside tangguh's
event-history ranking: in its table, below it, in its CSV and in its API; a member sees only the
scores of their own regencies."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tangguh.catalogues.models import HazardType
from tangguh.core.testing import text_of
from tangguh.disasters import services
from tangguh.regions.models import Region
from tangguh.risk import services as risk_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> None:
    year = timezone.localdate().year - 1
    for code, hazard in [("53.01", "flood"), ("53.01", "drought"), ("53.71", "flood")]:
        services.create_event(
            actor=None,
            region=Region.objects.get(code=code),
            hazard=HazardType.objects.get(key=hazard),
            start_date=dt.date(year, 3, 1),
            deaths=1,
        )


@pytest.fixture
def irbi() -> None:
    kupang = Region.objects.get(code="53.01")
    for year, value in [(2022, "140.10"), (2023, "146.20")]:
        risk_services.create_risk_score(
            actor=None,
            region=kupang,
            hazard=None,
            year=year,
            score=Decimal(value),
            source=f"BNPB IRBI {year}",
        )
    risk_services.create_risk_score(
        actor=None,
        region=kupang,
        hazard=HazardType.objects.get(key="drought"),
        year=2023,
        score=Decimal("14.20"),
        source="BNPB IRBI 2023",
    )
    risk_services.create_risk_profile(
        actor=None,
        region=kupang,
        hazard=HazardType.objects.get(key="drought"),
        year=2021,
        risk_index_given=Decimal("0.72"),
        source="KRB Kabupaten Kupang 2021-2025",
    )
    risk_services.create_risk_score(
        actor=None,
        region=Region.objects.get(code="53.71"),
        hazard=None,
        year=2023,
        score=Decimal("98.40"),
        score_class="high",
        source="BNPB IRBI 2023",
    )


def test_the_ranking_shows_the_latest_irbi_score_beside_each_regency(
    web, province_manager, events, irbi
) -> None:
    response = web(province_manager).get(reverse("disasters:ranking"))
    scores = {row.region_code: s for row, s in response.context["ranked"]}
    assert (scores["53.01"].irbi.score, scores["53.01"].irbi.year) == (Decimal("146.20"), 2023)
    assert [s.name for s in scores["53.01"].others] == [
        "IRBI, Drought",
        "Risk of Drought (index 0–1)",
    ]
    assert scores["53.02"].irbi is None
    html = response.content.decode()
    assert "BNPB's IRBI, all hazards" in html
    published = html.split('data-testid="published-scores"')[1].split("</section>")[0]
    assert "KRB Kabupaten Kupang 2021-2025" in published
    assert "0.72" in published
    assert "not held in tangguh yet" not in html


def test_without_imported_scores_the_ranking_says_none_are_held(
    web, province_manager, events
) -> None:
    html = web(province_manager).get(reverse("disasters:ranking")).content.decode()
    assert "BNPB's IRBI, all hazards" not in html  # no empty column
    assert "No IRBI score or KRB risk index has been imported" in html


def test_a_member_sees_only_the_scores_of_their_regency(web, kupang_editor, events, irbi) -> None:
    response = web(kupang_editor).get(reverse("disasters:ranking"))
    assert [row.region_code for row, _s in response.context["ranked"]] == ["53.01"]
    assert "98.40" not in response.content.decode()


def test_the_ranking_csv_carries_the_irbi_score_after_its_own_columns(
    web, province_manager, events, irbi
) -> None:
    response = web(province_manager).get(reverse("disasters:ranking"), {"export": "csv"})
    reader = csv.DictReader(io.StringIO(text_of(response)))
    assert reader.fieldnames is not None
    assert reader.fieldnames[-5:] == [
        "method_version",
        "irbi_score",
        "irbi_class",
        "irbi_year",
        "irbi_source",
    ]
    rows = {row["region_code"]: row for row in reader}
    assert (rows["53.71"]["irbi_score"], rows["53.71"]["irbi_class"]) == ("98.40", "high")
    assert rows["53.01"]["irbi_year"] == "2023"
    assert rows["53.02"]["irbi_score"] == ""


def test_the_ranking_api_carries_the_published_scores(api, province_manager, events, irbi) -> None:
    body = api(province_manager).get("/api/v1/hazard-ranking/").json()
    rows = {row["region_code"]: row for row in body["rows"]}
    assert set(rows["53.01"]) >= {"rank", "score", "criteria", "method_version"}
    assert rows["53.01"]["published_scores"][0] == {
        "name": "IRBI, all hazards",
        "score": "146.20",
        "risk_class": "high",
        "year": 2023,
        "source": "BNPB IRBI 2023",
    }
    assert len(rows["53.01"]["published_scores"]) == 3
    assert rows["53.02"]["published_scores"] == []


def test_the_irbi_column_is_found_in_indonesian_too(web, province_manager, events, irbi) -> None:
    client = web(province_manager)
    client.cookies["tangguh_language"] = "id"
    with translation.override("id"):
        response = client.get(reverse("disasters:ranking"))
    scores = {row.region_code: s for row, s in response.context["ranked"]}
    assert scores["53.01"].irbi is not None
    assert "IRBI BNPB, semua ancaman bencana" in response.content.decode()
