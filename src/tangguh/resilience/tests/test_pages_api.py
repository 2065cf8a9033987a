"""Resilience pages and API: list, start, fill, submit, verify, return, reopen; the rules a
province sets; bad answers refused with nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.regions.models import Region
from tangguh.resilience import services
from tangguh.resilience.models import Answer, Assessment, Status
from tangguh.resilience.tests.conftest import destana_example, instrument

pytestmark = pytest.mark.django_db
NUATAUS = "53.01.27.2002"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def destana(village_officer) -> Assessment:
    return services.create_assessment(
        actor=village_officer,
        instrument=instrument("destana-2012"),
        region=Region.objects.get(code=NUATAUS),
        year=2026,
    )


def form_answers(answers: dict[str, str]) -> dict[str, str]:
    return {f"a-{k}": v for k, v in answers.items()}


def test_fill_submit_verify_on_pages(web, destana, village_officer, kupang_editor) -> None:
    village = web(village_officer)
    page = html(village.get(reverse("resilience:assessment-detail", args=[destana.pk])))
    assert 'name="a-60"' in page
    assert "unverified" in page  # the Destana cut-offs are not verified
    answers = form_answers(destana_example())
    answers["e-1"] = "Perdes 3/2025"
    answers["l-1"] = "https://desa.example/perdes"
    response = village.post(reverse("resilience:assessment-answers", args=[destana.pk]), answers)
    assert response.status_code == 302
    destana.refresh_from_db()
    assert destana.score == 45
    assert destana.klass == "madya"
    assert Answer.objects.get(assessment=destana, question__key="1").evidence == "Perdes 3/2025"
    village.post(
        reverse("resilience:assessment-step", args=[destana.pk, "submit"]), {"comment": "siap"}
    )
    destana.refresh_from_db()
    assert destana.status == Status.SUBMITTED
    # the village cannot verify: no form, and a post is refused
    assert 'data-testid="verify"' not in html(village.get(destana.get_absolute_url()))
    village.post(reverse("resilience:assessment-step", args=[destana.pk, "verify"]))
    destana.refresh_from_db()
    assert destana.status == Status.SUBMITTED
    regency = web(kupang_editor)
    assert 'data-testid="verify"' in html(regency.get(destana.get_absolute_url()))
    regency.post(
        reverse("resilience:assessment-step", args=[destana.pk, "return"]), {"comment": ""}
    )
    destana.refresh_from_db()
    assert destana.status == Status.SUBMITTED  # a return needs a comment
    regency.post(
        reverse("resilience:assessment-step", args=[destana.pk, "verify"]), {"comment": "ok"}
    )
    destana.refresh_from_db()
    assert destana.status == Status.FINAL
    page = html(regency.get(destana.get_absolute_url()))
    assert 'data-testid="reopen"' in page
    assert 'name="a-1"' not in page


def test_a_bad_answer_on_the_page_writes_nothing(web, destana, village_officer) -> None:
    village = web(village_officer)
    response = village.post(
        reverse("resilience:assessment-answers", args=[destana.pk]),
        {"a-1": "ya", "a-2": "mungkin", "l-1": "not a link"},
        follow=True,
    )
    text = response.content.decode()
    assert "&#x27;mungkin&#x27; is not an answer" in text or "'mungkin' is not an answer" in text
    assert not Answer.objects.filter(assessment=destana).exists()


def test_list_filter_and_csv(web, destana, village_officer, kota_editor) -> None:
    page = html(web(village_officer).get(reverse("resilience:assessment-list")))
    assert destana.get_absolute_url() in page
    assert destana.get_absolute_url() not in html(
        web(kota_editor).get(reverse("resilience:assessment-list"))
    )
    response = web(village_officer).get(
        reverse("resilience:assessment-list") + "?instrument=destana-2012&export=csv"
    )
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,instrument,region")
    assert f"{destana.pk},destana-2012,{NUATAUS}" in csv_text


def test_start_an_assessment_on_the_page(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("resilience:assessment-add"),
        {
            "instrument": instrument("ikd-2016").pk,
            "region": "53.01",
            "year": 2026,
            "hazards": ["drought", "flood"],
        },
    )
    assert response.status_code == 302
    created = Assessment.objects.get(region_id="53.01", year=2026)
    assert created.hazards == ["drought", "flood"]
    page = html(web(kupang_editor).get(created.get_absolute_url()))
    assert "level-1/4" in page


def test_the_province_sets_the_rules_on_the_instrument_page(
    web, province_manager, kupang_editor
) -> None:
    ikd = instrument("ikd-2016")
    page = html(web(kupang_editor).get(ikd.get_absolute_url()))
    assert 'data-testid="rules-form"' not in page
    assert (
        web(kupang_editor).post(ikd.get_absolute_url(), {"mapping": "level/5"}).status_code == 403
    )
    response = web(province_manager).post(
        ikd.get_absolute_url(),
        {
            "mapping": "level/5",
            "class_rendah": "0",
            "class_sedang": "0.4",
            "class_tinggi": "0.8",
            "above_rendah": "",
            "above_sedang": "",
            # "above_tinggi" left unticked: high from 0.8 inclusive (the 0.4/0.8 convention)
        },
    )
    assert response.status_code == 302
    ikd.refresh_from_db()
    assert ikd.mapping == "level/5"
    tinggi = ikd.classes.get(key="tinggi")
    assert str(tinggi.minimum) == "0.8000"
    assert tinggi.above is False
    assert ChangeRecord.objects.filter(model="resilience.scoreclass").exists()


def test_instrument_pages(web, kupang_editor) -> None:
    listing = html(web(kupang_editor).get(reverse("resilience:instrument-list")))
    assert "destana-2025" in listing
    slot = html(web(kupang_editor).get(instrument("destana-2025").get_absolute_url()))
    assert 'data-testid="placeholder"' in slot


def test_api_create_answer_submit_verify(api, kupang_editor, province_editor) -> None:
    client = api(kupang_editor)
    response = client.post(
        "/api/v1/assessments/",
        {
            "instrument": "ikd-2016",
            "region": "53.01",
            "year": 2026,
            "hazards": ["drought"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    answers = {
        f"{n}.{k}": {"answer": "yes" if k == 1 else "no"} for n in range(1, 72) for k in range(1, 5)
    }
    response = client.post(
        f"/api/v1/assessments/{pk}/answers/", {"answers": answers}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["score"] == "0.2500"
    assert body["class"] == "rendah"
    assert body["scored_with"]["mapping"] == "level-1/4"
    bad = client.post(
        f"/api/v1/assessments/{pk}/answers/",
        {"answers": {"1.1": {"answer": "maybe"}}},
        format="json",
    )
    assert bad.status_code == 400
    assert "maybe" in bad.content.decode()
    assert client.post(f"/api/v1/assessments/{pk}/submit/", {}, format="json").status_code == 200
    assert client.post(f"/api/v1/assessments/{pk}/verify/", {}, format="json").status_code == 403
    verified = api(province_editor).post(f"/api/v1/assessments/{pk}/verify/", {}, format="json")
    assert verified.status_code == 200
    assert verified.json()["status"] == "final"
    listed = client.get("/api/v1/assessments/?instrument=ikd-2016&region=53.01").json()
    assert [a["id"] for a in listed["results"]] == [pk]
    assert client.get("/api/v1/instruments/destana-2012/").json()["rules"]["rule"] == "count-yes"


def test_the_province_roll_up(web, province_editor, kupang_editor) -> None:
    from tangguh.resilience.demo import load_demo

    load_demo()
    page = html(web(province_editor).get(reverse("resilience:overview") + "?year=2026"))
    assert page.count('class="ikd-class') >= 22
    assert 'id="ikd-trend"' in page
    coverage = page[page.index('data-testid="destana-coverage"') :]
    assert "53.01" in coverage
    assert "53.11" in coverage
    geo = web(province_editor).get(reverse("resilience:overview-map") + "?year=2026").json()
    assert len(geo["features"]) == 22
    assert {f["properties"]["class"] for f in geo["features"]} <= {"rendah", "sedang", "tinggi"}
    # a regency sees only itself
    own = web(kupang_editor).get(reverse("resilience:overview-map") + "?year=2026").json()
    assert [f["properties"]["code"] for f in own["features"]] == ["53.01"]
    mine = html(web(kupang_editor).get(reverse("resilience:overview") + "?year=2026"))
    assert "53.71" not in mine[mine.index('data-testid="ikd-table"') :]


def test_coverage_lists_high_risk_villages_that_are_not_destana(web, province_editor) -> None:
    from decimal import Decimal

    from tangguh.catalogues.models import HazardType
    from tangguh.risk import services as risk_services

    for code in ("53.01.27.2002", "53.01.27.2001"):
        risk_services.create_risk_profile(
            actor=None,
            region=Region.objects.get(code=code),
            hazard=HazardType.objects.get(key="drought"),
            year=2024,
            hazard_index=Decimal("0.7"),
            vulnerability_index=Decimal("0.8"),
            capacity_index=Decimal("0.2"),
        )

    def coverage_row() -> str:
        page = html(web(province_editor).get(reverse("resilience:overview")))
        coverage = page[page.index('data-testid="destana-coverage"') :]
        row = coverage[coverage.index("53.01</span>") :]
        return row[: row.index("</tr>")]

    before = coverage_row()  # the roll-up is kept until assessments or risk data change
    assert reverse("regions:detail", args=["53.01.27.2002"]) in before
    destana = services.create_assessment(
        actor=None,
        instrument=instrument("destana-2012"),
        region=Region.objects.get(code="53.01.27.2002"),
        year=2025,
    )
    services.save_answers(
        destana, {k: {"answer": v} for k, v in destana_example().items()}, actor=None
    )
    page = html(web(province_editor).get(reverse("resilience:overview")))
    coverage = page[page.index('data-testid="destana-coverage"') :]
    row = coverage[coverage.index("53.01</span>") :]
    row = row[: row.index("</tr>")]
    assert reverse("regions:detail", args=["53.01.27.2001"]) in row
    assert reverse("regions:detail", args=["53.01.27.2002"]) not in row  # Destana madya


def test_the_province_completes_an_indicator(web, province_manager, kupang_editor) -> None:
    from tangguh.resilience.models import Indicator
    from tangguh.resilience.odk import form_version

    ikd = instrument("ikd-2016")
    before = form_version(ikd)
    url = reverse("resilience:indicator-edit", args=["ikd-2016", "66"])
    assert web(kupang_editor).get(url).status_code == 403
    indicator = Indicator.objects.get(instrument=ikd, key="66")
    questions = list(indicator.questions.order_by("order"))
    data = {"title": "Tsunami: rencana kontinjensi", "weight": "1", "hazards": ["tsunami"]}
    data.update({f"text_{q.pk}": f"Apakah renkon tsunami tahap {q.order} ada?" for q in questions})
    response = web(province_manager).post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.title == "Tsunami: rencana kontinjensi"
    assert indicator.hazards == ["tsunami"]
    assert not indicator.to_complete
    assert not indicator.questions.filter(to_complete=True).exists()
    assert (
        ChangeRecord.objects.filter(model="resilience.question", actor=province_manager).count()
        == 4
    )
    assert form_version(ikd) != before
    page = html(web(province_manager).get(ikd.get_absolute_url()))
    assert "Tsunami: rencana kontinjensi" in page


def test_region_page_facts_and_search(web, destana, village_officer, kota_editor) -> None:
    services.save_answers(
        destana, {k: {"answer": v} for k, v in destana_example().items()}, actor=village_officer
    )
    from tangguh.resilience.summaries import region_facts, search

    facts = region_facts(village_officer, NUATAUS)
    assert facts[0].value == "45 · madya"
    assert region_facts(kota_editor, NUATAUS) == []
    regency = region_facts(village_officer, "53.01")
    assert regency[-1].value == 1
    assert [h.url for h in search(village_officer, "Nuataus", 5)] == [destana.get_absolute_url()]
    assert search(kota_editor, "Nuataus", 5) == []
    page = html(web(village_officer).get("/search/?q=Nuataus"))
    assert destana.get_absolute_url() in page


def test_kept_region_facts_follow_answers_and_submission(destana, village_officer) -> None:
    from tangguh.resilience.summaries import region_facts

    before = region_facts(village_officer, NUATAUS)[0]
    assert before.value == "0 · belum"  # nothing answered yet
    services.save_answers(  # the score is stored by an update(), which sends no signal
        destana, {k: {"answer": v} for k, v in destana_example().items()}, actor=village_officer
    )
    assert region_facts(village_officer, NUATAUS)[0].value == "45 · madya"
    services.submit(destana, actor=village_officer)
    assert region_facts(village_officer, NUATAUS)[0].note != before.note


@pytest.mark.parametrize("year", [1999, 2099])
def test_an_assessment_of_an_implausible_year_is_refused_in_the_user_s_language(
    api, web, kupang_editor, year
) -> None:
    """Issue 14, item 8: assessments lie near the present (settings.PLAUSIBLE_YEARS)."""
    body = {"instrument": "ikd-2016", "region": "53.01", "year": year, "hazards": ["drought"]}
    response = api(kupang_editor).post(
        "/api/v1/assessments/", body, format="json", HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 400, response.content
    assert f"{year} bukan tahun yang masuk akal untuk penilaian" in response.content.decode()
    page = html(
        web(kupang_editor).post(
            reverse("resilience:assessment-add"),
            {"instrument": instrument("ikd-2016").pk, "region": "53.01", "year": year},
        )
    )
    assert f"{year} is not a plausible year for an assessment" in page
    assert not Assessment.objects.exists()
