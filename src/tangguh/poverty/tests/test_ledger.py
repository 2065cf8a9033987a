"""The kelurahan's revolving funds (ledger, arrears, repayment rate), programme monitoring
(outputs against quarterly targets, findings with overdue follow-up), village livelihoods
(sourced, shown beside the priority villages, a programme's tag) and the link of a programme to
a work-plan item: services and their refusals, pages, API, exports, demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.poverty import demo_ledger, ledger, services
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    FundRepayment,
    Livelihood,
    Programme,
    RevolvingFund,
)
from tangguh.regions.models import Region

from .conftest import FATUFETO, NUATAUS, NUNHILA

pytestmark = pytest.mark.django_db
D = dt.date


def _fund(code: str = FATUFETO, **values: Any) -> Any:
    return services.create_fund(
        actor=None,
        region=Region.objects.get(code=code),
        name=values.pop("name", f"Dana bergulir {code}"),
        capital=values.pop("capital", 20_000_000),
        capital_source="APBD Kota Kupang",
        **values,
    )


def _loan(fund: Any, amount: int, issued: dt.date, instalments: int, *paid: tuple) -> FundLoan:
    loan = services.create_loan(
        actor=None,
        fund=fund,
        borrower="Kelompok usaha",
        amount=amount,
        issued_on=issued,
        instalments=instalments,
    )
    for day, value in paid:
        services.create_repayment(actor=None, loan=loan, paid_on=day, amount=value)
    return loan


@pytest.fixture
def funds(db: Any) -> tuple[Any, Any]:
    """Two kelurahan: one repaying on time, one behind (on 1 May 2024)."""
    good = _fund(FATUFETO)
    _loan(good, 1_200_000, D(2024, 1, 1), 12, *[(D(2024, m, 1), 100_000) for m in (2, 3, 4, 5)])
    late = _fund(NUNHILA)
    _loan(late, 1_200_000, D(2024, 1, 1), 12, (D(2024, 2, 1), 100_000), (D(2024, 3, 5), 50_000))
    _loan(late, 600_000, D(2024, 4, 15), 6)  # nothing due yet on 1 May
    return good, late


def test_the_ledger_gives_arrears_and_the_repayment_rate_per_kelurahan(funds) -> None:
    _good, _late = funds
    rows = ledger.by_village(
        RevolvingFund.objects.all(),
        FundLoan.objects.all(),
        D(2024, 5, 1),
    )
    assert [v.code for v in rows] == [NUNHILA, FATUFETO]  # the lowest rate first
    behind, on_time = rows
    assert (behind.totals.loans, behind.totals.lent, behind.totals.due) == (2, 1_800_000, 400_000)
    assert (behind.totals.repaid, behind.totals.arrears, behind.totals.loans_in_arrears) == (
        150_000,
        250_000,
        1,
    )
    assert behind.totals.repayment_rate == pytest.approx(150_000 / 400_000)
    assert behind.capital == 20_000_000
    assert behind.fund_count == 1
    assert on_time.totals.arrears == 0
    assert on_time.totals.repayment_rate == 1.0


def test_a_repayment_beyond_the_loan_or_before_it_is_refused_and_nothing_written(funds) -> None:
    _, late = funds
    loan = late.loans.order_by("issued_on").first()
    with pytest.raises(ValidationError) as caught:
        services.create_repayment(actor=None, loan=loan, paid_on=D(2024, 4, 1), amount=1_050_001)
    assert "More than the 1,050,000 left to repay" in str(caught.value)
    with pytest.raises(ValidationError, match="Before the loan was issued"):
        services.create_repayment(actor=None, loan=loan, paid_on=D(2023, 12, 1), amount=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.create_repayment(actor=None, loan=loan, paid_on=D(2999, 1, 1), amount=1)
    assert FundRepayment.objects.filter(loan=loan).count() == 2
    with pytest.raises(ValidationError, match="Less than the 150000 already repaid"):
        services.update_loan(loan, actor=None, amount=100_000)


def test_a_fund_lives_in_a_village_and_its_programme_runs_there(db) -> None:
    with pytest.raises(ValidationError, match="belongs to a kelurahan or village"):
        _fund("53.71")
    kupang = services.create_programme(
        actor=None, region=Region.objects.get(code="53.01"), code="P", name="P", kind="local"
    )
    with pytest.raises(ValidationError, match="does not run in this village"):
        _fund(FATUFETO, programme=kupang)


def test_deleting_a_fund_logs_each_loan_and_repayment(funds) -> None:
    _, late = funds
    services.delete_fund(late, actor=None)
    deleted = ChangeRecord.objects.filter(action="delete")
    assert deleted.filter(model="poverty.fundloan").count() == 2
    assert deleted.filter(model="poverty.fundrepayment").count() == 2
    assert deleted.filter(model="poverty.revolvingfund").count() == 1


def test_fund_pages_api_and_exports(funds, web, api, make_user) -> None:
    _good, late = funds
    viewer = make_user("viewer", {"53.71": "viewer"})
    page = web(viewer).get(reverse("poverty:fund-list") + "?on=2024-05-01").content.decode()
    assert 'data-testid="fund-ledger"' in page
    assert "37.5" in page  # Nunhila: 150k of 400k due came back
    csv = web(viewer).get(reverse("poverty:fund-list") + "?on=2024-05-01&export=csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("on,village_code,village,funds,capital,loans")
    assert lines[1].startswith(f"2024-05-01,{NUNHILA},")
    assert lines[1].endswith(",250000,1,0.375")
    detail = web(viewer).get(reverse("poverty:fund-detail", args=[late.pk]) + "?on=2024-05-01")
    html = detail.content.decode()
    assert 'data-testid="loans"' in html
    assert "250,000" in html
    data = api(viewer).get("/api/v1/poverty/fund-ledger/?region=53.71&on=2024-05-01").json()
    assert [v["code"] for v in data["villages"]] == [NUNHILA, FATUFETO]
    assert data["villages"][0]["repayment_rate"] == 0.375
    assert data["total"]["arrears"] == 250_000
    loans = api(viewer).get(f"/api/v1/poverty/fund-loans/?fund={late.pk}&on=2024-05-01").json()
    standing = {r["amount"]: r["standing"] for r in loans["results"]}
    assert standing[1_200_000]["arrears"] == 250_000
    assert standing[1_200_000]["days_late"] == 61  # March's instalment, unmet since 1 March
    assert standing[600_000]["due"] == 0
    assert (
        api(viewer).get("/api/v1/poverty/fund-ledger/?region=53.71&on=1-5-2024").status_code == 400
    )
    stranger = api(make_user("kupang", {"53.01": "viewer"}))
    assert stranger.get("/api/v1/poverty/fund-ledger/?region=53.71").status_code == 403
    assert stranger.get("/api/v1/poverty/fund-loans/").json()["results"] == []


@pytest.fixture
def pkh(db: Any) -> Programme:
    return services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.71"),
        code="PKH",
        name="Program Keluarga Harapan",
        kind="national",
        max_decile=4,
    )


def test_outputs_against_quarterly_targets_and_overdue_follow_up(pkh, web, api, make_user) -> None:
    for quarter, achieved in ((1, 90), (2, None)):
        services.create_output(
            actor=None,
            programme=pkh,
            year=2024,
            quarter=quarter,
            indicator="Keluarga menerima bantuan",
            unit="keluarga",
            target=100,
            achieved=achieved,
        )
    late = services.create_finding(
        actor=None,
        programme=pkh,
        found_on=D(2024, 1, 10),
        source="Laporan lapangan 003",
        finding="Perilaku konsumtif warga sasaran program",
        action="Pendampingan usaha",
        owner="Dinas Sosial",
        due_on=D(2024, 6, 30),
    )
    services.create_finding(
        actor=None,
        programme=pkh,
        found_on=D(2024, 1, 10),
        source="Monev",
        finding="Data penerima ganda",
        action="Verifikasi",
        owner="Dinas Sosial",
        due_on=D(2024, 3, 31),
        status=Finding.Status.DONE,
        done_on=D(2024, 3, 1),
    )
    with pytest.raises(ValidationError, match="needs the day it was done"):
        services.update_finding(late, actor=None, status=Finding.Status.DONE)
    with pytest.raises(ValidationError, match="due before the finding"):
        services.update_finding(late, actor=None, due_on=D(2023, 1, 1))
    viewer = make_user("viewer", {"53.71": "viewer"})
    detail = web(viewer).get(reverse("poverty:programme-detail", args=[pkh.pk])).content.decode()
    assert 'data-testid="outputs"' in detail
    assert "90 / 100" in detail
    assert "90\u00a0%" in detail
    assert "Perilaku konsumtif" in detail
    monitoring = web(viewer).get(reverse("poverty:monitoring") + "?overdue=true").content.decode()
    assert "1 follow-up overdue" in monitoring
    assert "Perilaku konsumtif" in monitoring
    assert "Data penerima ganda" not in monitoring
    found = api(viewer).get("/api/v1/poverty/findings/?overdue=true").json()["results"]
    assert [(f["finding"][:8], f["overdue"]) for f in found] == [("Perilaku", True)]
    outputs = api(viewer).get(f"/api/v1/poverty/programme-outputs/?programme={pkh.pk}").json()
    assert [o["achievement"] for o in outputs["results"]] == [0.9, None]
    services.delete_programme(pkh, actor=None)
    assert ChangeRecord.objects.filter(model="poverty.finding", action="delete").count() == 2


def test_livelihoods_are_sourced_shown_beside_villages_and_tag_programmes(
    db, api, make_user
) -> None:
    assert demo_ledger.load_livelihoods() == 18
    assert demo_ledger.load_livelihoods() == 0  # idempotent
    kunyit = Livelihood.objects.get(region_id="53.01.27", commodity="kunyit")
    assert "InfoNTT.com" in kunyit.source
    assert "Fatuleu" in kunyit.description
    shown = ledger.livelihoods_by_village(Livelihood.objects.all(), "53.01", [NUATAUS, FATUFETO])
    assert shown == {NUATAUS: "kunyit, jahe"} or shown == {NUATAUS: "jahe, kunyit"}
    kupang = Region.objects.get(code="53.01")
    tagged = services.create_programme(
        actor=None, region=kupang, code="REMPAH", name="Rempah", kind="local", livelihood="Kunyit"
    )
    assert tagged.livelihood == "Kunyit"
    viewer = api(make_user("viewer", {"53.01": "viewer"}))
    listed = viewer.get("/api/v1/poverty/programmes/?livelihood=kunyit").json()["results"]
    assert [p["code"] for p in listed] == ["REMPAH"]
    assert viewer.get("/api/v1/poverty/programmes/?livelihood=jahe").json()["results"] == []
    with pytest.raises(ValidationError, match="No livelihood potential vanili"):
        services.create_programme(
            actor=None, region=kupang, code="V", name="V", kind="local", livelihood="vanili"
        )
    with pytest.raises(ValidationError, match="belongs to a village or a sub-district"):
        services.create_livelihood(
            actor=None, region=kupang, commodity="jagung", sector="crops", source="x"
        )


def test_a_village_page_names_its_livelihoods(db, web, make_user) -> None:
    demo_ledger.load_livelihoods()
    viewer = make_user("viewer", {"53.01": "viewer"})
    html = web(viewer).get(reverse("regions:detail", args=[NUATAUS])).content.decode()
    assert "Livelihood potential" in html
    assert "kunyit, jahe" in html or "jahe, kunyit" in html
    stranger = make_user("kota", {"53.71": "viewer"})
    other = web(stranger).get(reverse("regions:detail", args=[NUATAUS])).content.decode()
    assert "Livelihood potential" not in other


def test_the_priority_villages_show_their_livelihoods(bps, registry, web, make_user) -> None:
    path = registry(f"K-1,{NUATAUS},4,300000,1,", f"K-2,{NUATAUS},3,900000,1,")
    services.import_households(path, year=2023).raise_if_failed()
    demo_ledger.load_livelihoods()
    viewer = make_user("viewer", {"53.01": "viewer"})
    html = web(viewer).get(reverse("poverty:villages") + "?region=53.01&year=2023")
    text = html.content.decode()
    assert 'data-testid="village-livelihoods"' in text
    assert "kunyit" in text
    assert "jahe" in text


def test_the_demo_tells_report_003s_story(db, web, make_user) -> None:
    services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.71"),
        code="PKH",
        name="PKH",
        kind="national",
        max_decile=4,
    )
    said = demo_ledger.demo_step()
    assert said == "poverty: 18 livelihood potentials, 5 demo revolving-fund loans"
    assert (
        demo_ledger.demo_step() == "poverty: 0 livelihood potentials, 0 demo revolving-fund loans"
    )
    finding = Finding.objects.get()
    assert "konsumtif" in finding.finding
    assert "003" in finding.source
    rows = ledger.by_village(RevolvingFund.objects.all(), FundLoan.objects.all(), D(2025, 1, 1))
    assert rows[0].totals.arrears > 0  # a kelurahan behind, to see in the demo
    viewer = make_user("viewer", {"53.71": "viewer"})
    html = web(viewer).get(reverse("poverty:dashboard") + "?region=53.71").content.decode()
    assert 'data-testid="follow-up"' in html
    assert "1 follow-up overdue" in html
    assert "Repayment rate" in html


def test_a_programme_links_the_work_plan_item_that_funds_it(
    planning_calendar, kupang_agency, kota_agency, api, make_user
) -> None:
    from tangguh.nomenclature.models import Item
    from tangguh.planning import services as planning

    year = planning_calendar("53.01", state="open")
    item = planning.create_item(
        actor=None,
        agency=kupang_agency,
        year=year,
        sub_activity=Item.objects.get(
            edition__name="2027",
            government="kabkota",
            level="sub_kegiatan",
            code="1.05.03.2.02.0018",
        ),
    )
    kupang = Region.objects.get(code="53.01")
    programme = services.create_programme(
        actor=None, region=kupang, code="GLADI", name="Gladi", kind="local", work_plan_item=item
    )
    with pytest.raises(ValidationError, match=r"belongs to 53\.01, outside 53\.71"):
        services.create_programme(
            actor=None,
            region=Region.objects.get(code="53.71"),
            code="X",
            name="X",
            kind="local",
            work_plan_item=item,
        )
    viewer = make_user("viewer", {"53.01": "viewer"})
    data = api(viewer).get(f"/api/v1/poverty/programmes/{programme.pk}/").json()
    assert data["work_plan_item"] == item.pk
    stranger = api(make_user("kota", {"53.71": "editor"}))
    body = {"region": "53.71", "code": "Y", "name": "Y", "kind": "local", "work_plan_item": item.pk}
    assert stranger.post("/api/v1/poverty/programmes/", body, format="json").status_code == 400
