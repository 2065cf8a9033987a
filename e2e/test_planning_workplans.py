"""Walk the nomenclature, the planning calendar and an agency's work plan in a real browser:
browse and search the nomenclature, set a calendar stage, add a work-plan item through the
sub-activity search, copy the previous year forward, finalise, and see why a closed year is
closed."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KRB = "1.05.03.2.01.0008"  # Penyusunan Kajian Risiko Bencana Kabupaten/Kota
GLADI = "1.05.03.2.02.0018"  # Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota


@pytest.fixture
def nomenclature(geography: None) -> None:
    """The shipped 2027 nomenclature (transactional tests start from an empty database)."""
    from tangguh.nomenclature.loading import load_shipped
    from tangguh.nomenclature.models import Edition

    if not Edition.objects.filter(name="2027").exists():
        load_shipped()


def set_calendar(region: str, year: int, *, first_day: dt.date) -> None:
    """Every stage of a year, 20 days apart and 14 days long, from `first_day`."""
    from tangguh.planning.models import PlanningStage, Stage

    for number, stage in enumerate(Stage):
        starts = first_day + dt.timedelta(days=20 * number)
        PlanningStage.objects.create(
            region_id=region, year=year, stage=stage, starts=starts, ends=starts + dt.timedelta(14)
        )


def test_a_planner_browses_and_searches_the_nomenclature(
    page: Any, user_factory: Any, nomenclature: None
) -> None:
    from tangguh.accounts.models import Agency

    Agency.objects.create(
        region_id="53.01", code="1.05.0.00", name="BPBD Kabupaten Kupang", bidang_codes=["1.05"]
    )
    user_factory("perencana", {"53.01": "editor"})
    sign_in(page, "perencana")
    page.click("[data-testid=lang-en]")
    page.goto("/nomenclature/")
    assert "not yet enacted by Kepmendagri" in page.inner_text("[data-testid=editions]")
    page.click("[data-testid=editions] >> text=Pemutakhiran nomenklatur")
    page.wait_for_url(re.compile(r"/nomenclature/2027/$"))
    assert page.locator("[data-testid=provisional]").is_visible()

    page.locator("details[data-code='1'] > summary > .code").click()
    page.locator("details[data-code='1.05'] > summary > .code").click()
    page.locator("details[data-code='1.05.02'] > summary > .code").click()
    page.wait_for_selector("details[data-code='1.05.02.2.01']")
    assert page.locator("details[data-code='1.05.02.7.04']").count() == 0  # Aceh's only
    page.locator("details[data-code='1.05.03'] > summary > .code").click()
    page.locator("details[data-code='1.05.03.2.01'] > summary > .code").click()
    page.click(f"a[data-code='{KRB}']")
    page.wait_for_url(re.compile(rf"/nomenclature/2027/kabkota/sub_kegiatan/{re.escape(KRB)}/$"))
    assert "Kajian Risiko Bencana (KRB)" in page.inner_text("[data-testid=indicator]")
    assert "BPBD Kabupaten Kupang" in page.inner_text("[data-testid=agencies]")
    assert "1.05.03.2.01" in page.inner_text("[data-testid=parents]")

    page.goto("/nomenclature/2027/")
    page.click("[data-testid=toggle-all]")
    page.wait_for_url(re.compile(r"all=1"))
    page.locator("details[data-code='1'] > summary > .code").click()
    page.locator("details[data-code='1.05'] > summary > .code").click()
    page.locator("details[data-code='1.05.02'] > summary > .code").click()
    page.wait_for_selector("details[data-code='1.05.02.7.04']")

    page.goto("/nomenclature/2027/")
    page.fill("[data-testid=nomenclature-search]", "air minum bukan perpipaan")
    results = page.locator("[data-testid=search-results]")
    results.wait_for()
    assert "1.03.03.2.01.0022" in results.inner_text()
    page.fill("[data-testid=nomenclature-search]", "1.05.03.2.02.00")
    page.wait_for_selector(f"[data-testid=search-results] >> text={GLADI}")
    page.click("[data-testid=search-results] >> text=Gladi Kesiapsiagaan")
    page.wait_for_url(re.compile(rf"{re.escape(GLADI)}/$"))
    assert page.inner_text("[data-testid=unit]") == "Orang"
    page.goto("/nomenclature/2027/?government=provinsi")
    page.fill("[data-testid=nomenclature-search]", "Sekolah Menengah Atas")
    page.wait_for_selector("[data-testid=search-results] >> text=1.01.02.1.01")
    assert not page.js_errors


def test_a_planner_sets_a_stage_of_the_calendar(
    page: Any, user_factory: Any, nomenclature: None
) -> None:
    user_factory("perencana", {"53.01": "editor"})
    sign_in(page, "perencana")
    page.click("[data-testid=lang-en]")
    page.goto("/planning/calendar/")
    page.wait_for_url(re.compile(r"/planning/calendar/53\.01/\d{4}/$"))
    year = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    assert "Bappeda must set the dates" in page.inner_text("[data-testid=calendar-missing]")
    form = page.locator("[data-testid=stage-form]")
    form.locator("select[name=stage]").select_option("musrenbang_desa")
    form.locator("input[name=starts]").fill(f"{year - 1}-02-01")
    form.locator("input[name=ends]").fill(f"{year - 1}-01-15")
    form.locator("button.primary").click()
    page.wait_for_selector("[data-testid=stage-form] .error")
    assert "The stage ends before it starts." in page.inner_text("[data-testid=stage-form]")
    page.fill("input[name=ends]", f"{year - 1}-02-28")
    page.fill("input[name=note]", "SE Bupati 050/2026")
    page.click("[data-testid=stage-form] button.primary")
    page.wait_for_url(re.compile(rf"/planning/calendar/53\.01/{year}/$"))
    row = page.locator("tr[data-stage=musrenbang_desa]")
    assert f"{year - 1}-02-01" in row.inner_text()
    assert "SE Bupati 050/2026" in row.inner_text()
    assert "saved" in page.inner_text(".messages")
    assert page.locator("[data-testid=openness]").is_visible()
    row.locator("text=Change").click()
    assert page.input_value("[data-testid=stage-form] input[name=starts]") == f"{year - 1}-02-01"
    assert not page.js_errors


def test_an_agency_adds_an_item_copies_forward_and_finalises(
    page: Any, user_factory: Any, nomenclature: None
) -> None:
    from tangguh.accounts.models import Agency
    from tangguh.nomenclature.models import Item
    from tangguh.planning import services
    from tangguh.planning.models import WorkPlanItem
    from tangguh.planning.rules import today

    year = today().year + 1
    for budget_year in (year - 1, year):
        set_calendar("53.01", budget_year, first_day=today() + dt.timedelta(days=10))
    bpbd = Agency.objects.create(
        region_id="53.01", code="1.05.0.00", name="BPBD Kabupaten Kupang", bidang_codes=["1.05"]
    )
    krb = Item.objects.get(edition__name="2027", government="kabkota", code=KRB)
    services.create_item(
        actor=None, agency=bpbd, year=year - 1, sub_activity=krb, budget=Decimal("90000000")
    )
    user_factory("bpbd.kupang", {"53.01": "editor"}, agency=bpbd)
    sign_in(page, "bpbd.kupang")
    page.click("[data-testid=lang-en]")
    page.goto("/planning/workplans/")
    page.click("[data-testid=workplans] >> text=BPBD Kabupaten Kupang")
    page.wait_for_url(re.compile(rf"/planning/workplans/{bpbd.pk}/{year}/$"))
    page.click("text=Add an item")

    page.fill("[data-testid=sub-activity-search]", "air minum")
    page.wait_for_selector("text=No sub-activity of the agency's fields of affairs matches")
    page.fill("[data-testid=sub-activity-search]", "gladi kesiapsiagaan")
    page.click(f"[data-testid=sub-activity-results] button[data-code='{GLADI}']")
    chosen = page.locator("[data-testid=chosen-sub-activity]")
    chosen.wait_for()
    assert page.inner_text("[data-testid=default-unit]") == "Orang"
    assert page.input_value("[data-testid=sub-activity-code]") == GLADI
    assert page.locator("[data-testid=sub-activity-results] li").count() == 0
    page.fill("[data-testid=location-search]", "Nuataus")
    page.click("[data-testid=location-results] button[data-code='53.01.27.2002']")
    page.wait_for_selector("[data-testid=chosen-locations] input[value='53.01.27.2002']")
    page.click("[data-testid=location-results] button[data-code='53.01.27.2002']")
    page.fill("input[name=target]", "120")
    page.fill("input[name=budget]", "-5")
    page.check("input[name=phases][value=pra]")
    page.click("[data-testid=item-form] button.primary")
    page.wait_for_selector("[data-testid=item-form] .field.has-error")
    assert "greater than or equal to 0" in page.inner_text("[data-testid=item-form]")
    assert page.locator("[data-testid=chosen-locations] input").count() == 1
    page.fill("input[name=budget]", "75000000")
    page.click("[data-testid=item-form] button.primary")
    page.wait_for_url(re.compile(r"/planning/workplan-items/\d+/$"))
    assert "Jumlah warga negara yang mengikuti gladi" in page.inner_text("[data-testid=indicator]")
    assert "Nuataus" in page.inner_text("[data-testid=locations]")

    page.click("nav.crumbs >> text=BPBD Kabupaten Kupang")
    page.wait_for_url(re.compile(rf"/planning/workplans/{bpbd.pk}/{year}/$"))
    page.click(f"text=Copy forward from {year - 1}")
    page.wait_for_url(re.compile(r"/copy/$"))
    assert "Copy the 1 item" in page.inner_text("main")
    page.click("[data-testid=confirm-copy]")
    assert KRB in page.inner_text("[data-testid=copy-created]")
    page.click(f"text=Open the {year} work plan")
    page.wait_for_url(re.compile(rf"/planning/workplans/{bpbd.pk}/{year}/$"))
    page.wait_for_selector("[data-testid=totals]")
    assert page.locator("[data-testid=items] tbody tr").count() == 2
    assert "165,000,000" in page.inner_text("[data-testid=totals]")
    shot(page, "workplan")

    page.click("[data-testid=workplan-actions] >> text=Finalise")
    page.wait_for_url(re.compile(r"/finalise/$"))
    assert "Mark the 2 draft items final?" in page.inner_text("main")
    page.click("[data-testid=confirm-finalise]")
    page.wait_for_url(re.compile(rf"/planning/workplans/{bpbd.pk}/{year}/$"))
    assert "2 items marked final." in page.inner_text(".messages")
    statuses = {s.status for s in WorkPlanItem.objects.filter(agency=bpbd, year=year)}
    assert statuses == {"final"}
    assert not page.js_errors


def test_a_closed_year_says_why_it_is_closed(
    page: Any, user_factory: Any, nomenclature: None
) -> None:
    from tangguh.accounts.models import Agency
    from tangguh.planning.rules import today

    year = today().year
    set_calendar("53.01", year, first_day=today() - dt.timedelta(days=400))
    bpbd = Agency.objects.create(
        region_id="53.01", code="1.05.0.00", name="BPBD Kabupaten Kupang", bidang_codes=["1.05"]
    )
    user_factory("bpbd.kupang", {"53.01": "editor"}, agency=bpbd)
    sign_in(page, "bpbd.kupang")
    page.click("[data-testid=lang-en]")
    page.goto(f"/planning/workplans/{bpbd.pk}/{year}/")
    reason = page.inner_text("[data-testid=closed-reason]")
    assert f"The agencies' work plans (Renja) for {year} were finalised on" in reason
    assert page.locator("text=Add an item").count() == 0
    page.click("[data-testid=closed-reason] >> text=Planning calendar")
    page.wait_for_url(re.compile(rf"/planning/calendar/53\.01/{year}/$"))
    assert "can no longer be changed" in page.inner_text("[data-testid=openness]")
    assert page.locator("[data-state=done]").count() == 6
    page.click("[data-testid=lang-id]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert not page.js_errors
