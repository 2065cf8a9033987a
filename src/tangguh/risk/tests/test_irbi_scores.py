"""BNPB's disaster risk index (IRBI) in the risk import: a score over 1 (or in a `Skor IRBI`
column) is a regency's IRBI score, kept as published with its year, class and source, never put
on 0–1; bad scores are refused with their row and column; `summaries.regency_scores` gives them
(with the regencies' own 0–1 risk indices) to other pages."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from tangguh.catalogues.models import HazardType
from tangguh.core.models import ChangeRecord
from tangguh.regions.models import Region
from tangguh.risk import services
from tangguh.risk.importers import detect_kind, import_file, import_risk_profiles
from tangguh.risk.models import RiskProfile, RiskScore
from tangguh.risk.summaries import RegencyScore, regency_scores

pytestmark = pytest.mark.django_db

# An IRBI table as BNPB prints it: names, no codes, the score in "Indeks Risiko".
BY_NAME = (
    "No,Kabupaten/Kota,Indeks Risiko,Kelas Risiko\n"
    '1,Kupang,"150,25",Tinggi\n'
    "2,Kota Kupang,101.5,\n"
    "3,Kab. Timor Tengah Selatan,40.1,\n"
)
# Per hazard and all hazards, with BPS regency codes (5303 is Kabupaten Kupang).
PER_HAZARD = (
    "Kode BPS,Bahaya,Skor IRBI,Tahun,Sumber\n"
    "5303,Banjir,2.47,2024,BNPB IRBI 2024\n"
    "5303,Kekeringan,14.2,2024,BNPB IRBI 2024\n"
    "5303,Multi Bahaya,132.41,2024,BNPB IRBI 2024\n"
    "5371,Banjir,5.27,2024,BNPB IRBI 2024\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_irbi_table_of_names_gives_scores_not_indices(tmp_path: Path, province_manager) -> None:
    path = write(tmp_path, "irbi.csv", BY_NAME)
    assert detect_kind(path) == "risk"
    report = import_file(path, actor=province_manager, year=2023, source="BNPB IRBI 2023")
    assert report.errors == []
    assert (report.created, report.counts) == (3, {"risk_profiles": 0, "irbi_scores": 3})
    assert not RiskProfile.objects.exists()
    kupang = RiskScore.objects.get(region_id="53.01")
    assert (kupang.hazard, kupang.year, kupang.score) == (None, 2023, Decimal("150.25"))
    assert (kupang.score_class, kupang.class_basis, kupang.source) == (
        "high",
        "given",
        "BNPB IRBI 2023",
    )
    city = RiskScore.objects.get(region_id="53.71")  # "Kota Kupang" is the city
    assert (city.score, city.score_class, city.class_basis) == (
        Decimal("101.50"),
        "medium",
        "bounds",
    )
    low = RiskScore.objects.get(region_id="53.02")  # below every published multi-hazard score
    assert (low.score, low.score_class, low.class_basis) == (Decimal("40.10"), "", "")
    assert ChangeRecord.objects.filter(model="risk.riskscore", action="create").count() == 3


def test_per_hazard_and_all_hazard_scores_are_kept_apart(tmp_path: Path) -> None:
    report = import_risk_profiles(write(tmp_path, "irbi.csv", PER_HAZARD), actor=None)
    assert report.errors == []
    scores = {(s.region_id, s.hazard_id): s for s in RiskScore.objects.all()}
    assert set(scores) == {
        ("53.01", "flood"),
        ("53.01", "drought"),
        ("53.01", None),
        ("53.71", "flood"),
    }
    assert scores[("53.01", "flood")].score_class == "low"  # below 5.33
    assert scores[("53.01", "drought")].score_class == "high"  # from 12
    assert scores[("53.01", None)].score_class == "medium"  # 44.80 to 144
    assert scores[("53.71", "flood")].score == Decimal("5.27")
    again = import_risk_profiles(write(tmp_path, "again.csv", PER_HAZARD), actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = PER_HAZARD.replace("132.41", "150.02")
    report = import_risk_profiles(write(tmp_path, "changed.csv", changed), actor=None)
    assert (report.updated, report.unchanged) == (1, 3)
    total = RiskScore.objects.get(region_id="53.01", hazard__isnull=True)
    assert (total.score, total.score_class) == (Decimal("150.02"), "high")


def test_one_file_may_hold_profiles_on_0_1_and_irbi_scores(tmp_path: Path) -> None:
    text = (
        "Kode Wilayah,Bahaya,Indeks Risiko,Tahun\n"
        "53.01.27.2002,Kekeringan,0.8,2023\n"
        "53.01,Kekeringan,1,2023\n"
        "53.01,Kekeringan,14.5,2023\n"
    )
    report = import_risk_profiles(write(tmp_path, "mixed.csv", text), actor=None)
    assert report.errors == []
    assert report.counts == {"risk_profiles": 2, "irbi_scores": 1}
    village = RiskProfile.objects.get(region_id="53.01.27.2002")
    assert (village.risk_index_given, village.risk_class) == (Decimal("0.8"), "high")
    regency = RiskProfile.objects.get(region_id="53.01")  # 1 is still an index: the top of 0–1
    assert regency.risk_index_given == Decimal(1)
    score = RiskScore.objects.get()
    assert (score.region_id, score.hazard_id, score.score) == ("53.01", "drought", Decimal("14.50"))


def test_bad_irbi_scores_are_refused_with_their_row_and_column(tmp_path: Path) -> None:
    text = (
        "Kode Wilayah,Bahaya,Skor IRBI,Kelas Risiko,Tahun,Indeks Bahaya\n"
        "53.01,,-5,,2023,\n"
        "53.02,,banyak,,2023,\n"
        "53.03,,1500,,2023,\n"
        "53.01.27.2002,,120,,2023,\n"
        "53.04,,120,Parah,2023,\n"
        "53.05,,120,,,\n"
        "53.06,Hujan Meteor,12,,2023,\n"
        "53.07,,120,,2023,\n"
        "53.07,Multi Bahaya,121,,2023,\n"
        "53.08,,120,,2023,0.5\n"
    )
    report = import_risk_profiles(write(tmp_path, "bad.csv", text), actor=None)
    problems = {(p.line, p.column): p.message for p in report.errors}
    assert "not an IRBI score" in problems[(2, "Skor IRBI")]
    assert "not a number" in problems[(3, "Skor IRBI")]
    assert "not an IRBI score" in problems[(4, "Skor IRBI")]
    assert "per regency/city" in problems[(5, "Kode Wilayah")]
    assert "53.01" in problems[(5, "Kode Wilayah")]
    assert "'Parah' is not a class" in problems[(6, "Kelas Risiko")]
    assert "year of its edition" in problems[(7, "Tahun")]
    assert "unknown hazard 'Hujan Meteor'" in problems[(8, "Bahaya")]
    assert "as line 9" in problems[(10, "Kode Wilayah")]
    assert "not combined with hazard" in problems[(11, "Indeks Bahaya")]
    assert len(report.errors) == 9  # line 9 is fine: line 10 repeats it
    assert report.rejected == 9
    assert not RiskScore.objects.exists()
    assert not ChangeRecord.objects.filter(model="risk.riskscore").exists()


def test_a_negative_risk_index_is_still_an_index_problem(tmp_path: Path) -> None:
    text = "Kode Wilayah,Bahaya,Indeks Risiko,Tahun\n53.01,Banjir,-0.5,2023\n"
    [problem] = import_risk_profiles(write(tmp_path, "x.csv", text), actor=None).errors
    assert (problem.line, problem.column) == (2, "Indeks Risiko")
    assert "outside 0–1" in problem.message


def test_irbi_scores_keep_to_the_importer_s_regions(tmp_path: Path, kupang_editor) -> None:
    report = import_risk_profiles(write(tmp_path, "irbi.csv", PER_HAZARD), actor=kupang_editor)
    [problem] = report.errors
    assert (problem.line, problem.column) == (5, "Kode BPS")
    assert "outside the regions you may change" in problem.message
    assert not RiskScore.objects.exists()


def test_a_class_that_differs_from_bnpb_s_bounds_is_kept_with_a_note(tmp_path: Path) -> None:
    text = "Kode Wilayah,Skor IRBI,Kelas Risiko,Tahun\n53.01,150,Sedang,2022\n"
    report = import_risk_profiles(write(tmp_path, "x.csv", text), actor=None)
    assert report.errors == []
    [note] = report.warnings
    assert "differs from the class BNPB's published bounds give" in note.message
    assert "line 2" in note.message
    assert RiskScore.objects.get().score_class == "medium"


def test_the_command_reports_irbi_scores_in_its_json_and_keeps_its_summary_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "irbi.csv", PER_HAZARD)
    out = io.StringIO()
    call_command("import_risk", str(path), "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert (body["created"], body["irbi_scores"], body["risk_profiles"]) == (4, 4, 0)
    out = io.StringIO()
    call_command("import_risk", str(path), stdout=out)
    assert "created 0 / updated 0 / unchanged 4 / rejected 0" in out.getvalue()


def score(code: str, year: int, value: str, hazard: str | None = None, **extra) -> RiskScore:
    return services.create_risk_score(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard) if hazard else None,
        year=year,
        score=Decimal(value),
        source=f"BNPB IRBI {year}",
        **extra,
    )


@pytest.fixture
def published() -> None:
    score("53.01", 2022, "140.10")
    score("53.01", 2023, "146.20")
    score("53.01", 2023, "14.20", "drought")
    score("53.01", 2023, "3.10", "flood")
    score("53.71", 2023, "98.40", score_class="high")
    services.create_risk_profile(
        actor=None,
        region=Region.objects.get(code="53.01"),
        hazard=HazardType.objects.get(key="drought"),
        year=2021,
        risk_index_given=Decimal("0.72"),
        source="KRB Kabupaten Kupang 2021-2025",
    )
    services.create_risk_profile(
        actor=None,
        region=Region.objects.get(code="53.01.27.2002"),
        hazard=HazardType.objects.get(key="drought"),
        year=2023,
        risk_class_given="high",
    )


def test_regency_scores_give_the_latest_irbi_and_krb_scores_per_regency(
    province_manager, published
) -> None:
    found = regency_scores(province_manager)
    assert set(found) == {"53.01", "53.71"}  # villages' profiles are not regency scores
    assert found["53.01"] == [
        RegencyScore("IRBI, all hazards", Decimal("146.20"), "high", 2023, "BNPB IRBI 2023"),
        RegencyScore("IRBI, Flood", Decimal("3.10"), "low", 2023, "BNPB IRBI 2023"),
        RegencyScore("IRBI, Drought", Decimal("14.20"), "high", 2023, "BNPB IRBI 2023"),
        RegencyScore(
            "Risk of Drought (index 0–1)",
            Decimal("0.72"),
            "high",
            2021,
            "KRB Kabupaten Kupang 2021-2025",
        ),
    ]
    name, value, risk_class, year, source = found["53.71"][0]
    assert (name, value, risk_class, year, source) == (
        "IRBI, all hazards",
        Decimal("98.40"),
        "high",
        2023,
        "BNPB IRBI 2023",
    )
    assert found["53.71"][0].class_label == "High"


def test_regency_scores_of_a_year(province_manager, published) -> None:
    found = regency_scores(province_manager, year=2022)
    assert found == {
        "53.01": [
            RegencyScore("IRBI, all hazards", Decimal("140.10"), "medium", 2022, "BNPB IRBI 2022")
        ]
    }
    assert regency_scores(province_manager, year=2019) == {}


def test_regency_scores_keep_to_what_the_user_may_see(
    kota_editor, village_officer, published
) -> None:
    assert set(regency_scores(kota_editor)) == {"53.71"}
    # A village officer sees the scores of the regency containing their village.
    assert set(regency_scores(village_officer)) == {"53.01"}


def test_a_regency_page_shows_its_irbi_scores(web, kupang_editor, published) -> None:
    text = web(kupang_editor).get("/risk/regions/53.01/").content.decode()
    table = text.split('data-testid="irbi-scores"')[1].split("</table>")[0]
    assert "146.20" in table
    assert "All hazards" in table
    assert "from BNPB's class bounds" in table


def test_a_regency_s_key_figures_lead_with_its_irbi_score(kupang_editor, published) -> None:
    from tangguh.risk.summaries import region_facts

    first = region_facts(kupang_editor, "53.01")[0]
    assert (str(first.label), first.value) == ("IRBI 2023, all hazards", "146.20 (High)")


def test_irbi_scores_through_the_api(api, kupang_editor, kota_editor) -> None:
    client = api(kupang_editor)
    created = client.post(
        "/api/v1/risk-scores/",
        {"region": "5301", "hazard": None, "year": 2024, "score": "131.5"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["score"], body["score_class"], body["class_basis"]) == (
        "131.50",
        "medium",
        "bounds",
    )
    url = f"/api/v1/risk-scores/{body['id']}/"
    patched = client.patch(url, {"score_class": "high"}, format="json").json()
    assert (patched["score_class"], patched["class_basis"]) == ("high", "given")
    village = client.post(
        "/api/v1/risk-scores/",
        {"region": "53.01.27.2002", "year": 2024, "score": "12"},
        format="json",
    )
    assert village.status_code == 400
    assert "region" in village.json()["error"]["details"]
    too_big = client.post(
        "/api/v1/risk-scores/", {"region": "53.01", "year": 2023, "score": "999"}, format="json"
    )
    assert too_big.status_code == 400
    assert api(kota_editor).get(url).status_code == 403
    assert client.get("/api/v1/risk-scores/", {"all_hazards": "true"}).json()["count"] == 1
    assert client.delete(url).status_code == 204
    assert not RiskScore.objects.exists()
