"""Walk every coordination page in a real browser: stakeholders, a commitment with its
signatories and follow-up plan, an item's progress, the overdue filter, the matrix's downloads and
the bulk status update with its preview."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import shot, sign_in
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_add_form(page: Any, testid: str) -> Any:
    block = page.locator(f"[data-testid={testid}]")
    block.locator("summary").click()
    return block


def test_the_province_records_a_commitment_and_a_city_reports_progress(
    page: Any, user_factory: Any, tmp_path: Path
) -> None:
    from tangguh.coordination import services
    from tangguh.coordination.models import ActionItem
    from tangguh.regions.models import Region

    user_factory("bpbd.ntt", {"53": "editor"})
    user_factory("bpbd.kota", {"53.71": "editor"}, email="bpbd@kupangkota.go.id")
    services.create_stakeholder(
        actor=None,
        region=Region.objects.get(code="53"),
        name="Program SIAP SIAGA",
        category="community",
    )
    sign_in(page, "bpbd.ntt")
    page.click("[data-testid=lang-en]")
    page.click('nav.mainnav >> text="Coordination"')
    page.wait_for_url(re.compile(r"/coordination/commitments/$"))

    page.click('nav.tabs >> text="Stakeholders"')
    page.click("a.button:has-text('Register a stakeholder')")
    page.fill("input[name=region]", "53.71")
    page.fill("input[name=name]", "BPBD Kota Kupang")
    page.select_option("select[name=category]", "government")
    page.fill("input[name=email]", "bpbd@kupangkota.go.id")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/coordination/stakeholders/\d+/$"))
    assert "bpbd@kupangkota.go.id" in page.inner_text("[data-testid=contacts]")
    page.click('nav.mainnav >> text="Coordination"')
    page.click('nav.tabs >> text="Stakeholders"')
    assert page.locator("[data-testid=stakeholders] tbody tr").count() == 2
    shot(page, "coordination-stakeholders")

    page.click('nav.tabs >> text="Commitments"')
    page.click("a.button:has-text('Record a commitment')")
    page.fill("input[name=region]", "53")
    page.fill("input[name=title]", "Komitmen Bersama Rakor Penanggulangan Bencana NTT 2025")
    page.fill("textarea[name=text]", "1. Memperkuat pengelolaan data bencana.")
    page.fill("input[name=date]", "2025-11-20")
    page.fill("input[name=place]", "Hotel Aston, Kupang")
    page.click("button.primary")
    assert "Name the regions that committed." in page.inner_text("main")
    page.check("input[name=regions][value='53.01']")
    page.check("input[name=regions][value='53.71']")
    page.locator("label:has-text('Program SIAP SIAGA') input").check()
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/coordination/commitments/\d+/$"))
    assert "0 of 2 regions" in page.inner_text("[data-testid=signed]")

    block = _open_add_form(page, "add-signatory")
    block.locator("input[name=region]").fill("53.18")
    block.locator("input[name=name]").fill("Kalaksa BPBD SBD")
    block.locator("button.primary").click()
    assert "53.18 is not one of the regions of the commitment" in page.inner_text("main")
    page.fill("input[name=region]", "53.71")
    page.fill("input[name=name]", "Kalaksa BPBD Kota Kupang")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#signatories$"))
    assert "1 of 2 regions" in page.inner_text("[data-testid=signed]")

    page.click("a.button:has-text('Add a follow-up item')")
    page.fill("input[name=region]", "53.71")
    page.fill("input[name=number]", "1")
    page.fill("textarea[name=issue]", "Data kejadian bencana belum dimutakhirkan")
    page.select_option("select[name=phase]", "pra")
    page.fill("textarea[name=action]", "Memutakhirkan data kejadian bencana di DIBI setiap bulan")
    page.fill("input[name=deadline]", "2025-10-01")
    page.click("button.primary")
    main = page.inner_text("main")
    assert "A follow-up item needs a responsible party." in main
    assert "The deadline 2025-10-01 is before the meeting (2025-11-20)." in main
    page.select_option("select[name=responsible]", label="BPBD Kota Kupang · Government")
    page.fill("input[name=deadline]", "2026-03-31")
    page.fill("input[name=indicator]", "Laporan bulanan")
    page.fill("input[name=target]", "4")
    page.fill("input[name=unit]", "laporan")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#actions$"))
    assert page.locator("[data-testid=actions] [data-testid=overdue]").count() == 1
    shot(page, "coordination-commitment")
    with page.expect_download() as download:
        page.click("[data-testid=export-xlsx]")
    workbook = tmp_path / "rtl.xlsx"
    download.value.save_as(workbook)
    with page.expect_download() as download:
        page.click("[data-testid=export-pdf]")
    assert download.value.suggested_filename == "follow-up-matrix.pdf"

    page.context.clear_cookies()
    sign_in(page, "bpbd.kota")
    page.click("[data-testid=lang-en]")
    # The responsible party's home page lists its overdue item.
    page.wait_for_selector("[data-testid=my-overdue]")
    assert "Memutakhirkan data kejadian bencana" in page.inner_text("[data-testid=my-overdue]")
    shot(page, "coordination-home")
    page.goto("/coordination/actions/?overdue=true")
    assert page.locator("[data-testid=actions] tbody tr").count() == 1
    shot(page, "coordination-actions")
    page.click("[data-testid=actions] a >> nth=0")
    page.wait_for_url(re.compile(r"/coordination/actions/\d+/$"))
    block = _open_add_form(page, "add-progress")
    block.locator("select[name=status]").select_option("done")
    block.locator("textarea[name=note]").fill("Empat laporan terkirim ke BPBD Provinsi")
    block.locator("input[name=realised]").fill("4")
    block.locator("button.primary").click()
    page.wait_for_url(re.compile(r"#updates$"))
    assert "Empat laporan terkirim" in page.inner_text("[data-testid=updates]")
    assert page.locator("[data-testid=status] [data-testid=overdue]").count() == 0
    shot(page, "coordination-action")

    # Back to "in progress" by spreadsheet: the note is missing, then given.
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book["RTL"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("status") + 1, value="in_progress")
    sheet.cell(row=2, column=header.index("note") + 1, value="")
    book.save(workbook)
    page.goto("/coordination/actions/upload/")
    page.set_input_files("input[name=upload]", str(workbook))
    page.click("[data-testid=import-form] button.primary")
    page.wait_for_selector("[data-testid=import-report]")
    assert "say why in a note" in page.inner_text("[data-testid=import-report]")
    sheet.cell(row=2, column=header.index("note") + 1, value="Laporan Desember belum masuk")
    book.save(workbook)
    page.goto("/coordination/actions/upload/")
    shot(page, "coordination-upload")
    page.set_input_files("input[name=upload]", str(workbook))
    page.click("[data-testid=import-form] button.primary")
    page.wait_for_selector("[data-testid=preview]")
    assert "in_progress" in page.inner_text("[data-testid=preview]")
    shot(page, "coordination-upload-preview")
    page.click("button:has-text('Import now')")
    page.wait_for_selector("[data-testid=import-report]")
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done", timeout=30_000)
    assert ActionItem.objects.get().status == "in_progress"
    assert ActionItem.objects.get().deadline == dt.date(2026, 3, 31)

    # The province prepares the next meeting from the workspace.
    page.context.clear_cookies()
    sign_in(page, "bpbd.ntt")
    page.click("[data-testid=lang-en]")
    page.goto("/coordination/workspace/")
    assert page.locator("[data-testid=province-table] tbody tr").count() == 22
    shot(page, "coordination-workspace")
    page.click("[data-testid=province-table] >> text=Kota Kupang")
    page.wait_for_url(re.compile(r"/coordination/workspace/53.71/$"))
    assert "Data kejadian bencana belum dimutakhirkan" in page.inner_text("main")
    assert page.locator("button[data-print]").is_visible()
    shot(page, "coordination-workspace-region")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    page.emulate_media(media="screen")
    assert not page.js_errors


def test_a_regency_records_its_forum_and_meetings_with_attendance(
    page: Any, user_factory: Any
) -> None:
    from tangguh.accounts.models import Agency

    Agency.objects.create(region_id="53.18", code="5.01", short_name="Bappeda", name="Bappeda SBD")
    user_factory("bappeda.sbd", {"53.18": "editor"})
    sign_in(page, "bappeda.sbd")
    page.click("[data-testid=lang-en]")
    page.goto("/coordination/forums/")
    page.click("a.button:has-text('Record a forum')")
    page.fill("input[name=region]", "53.18")
    page.fill("input[name=name]", "Forum BangKIT Kabupaten Sumba Barat Daya")
    page.fill("input[name=decree_number]", "Keputusan Bupati SBD Nomor 289/KEP/HK/2023")
    page.fill("input[name=decree_date]", "2023-06-12")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/coordination/forums/\d+/$"))
    block = _open_add_form(page, "add-member")
    block.locator("input[name=person]").fill("Kepala Bappeda")
    block.locator("select[name=agency]").select_option(label="Bappeda")
    block.locator("input[name=role]").fill("Ketua")
    block.locator("button.primary").click()
    page.wait_for_url(re.compile(r"#members$"))
    assert "Bappeda SBD" in page.inner_text("[data-testid=members]")
    shot(page, "coordination-forum")

    page.click("a.button:has-text('Record a meeting')")
    page.fill("input[name=region]", "53.18")
    page.fill("input[name=title]", "Rapat Koordinasi Forum BangKIT kedua")
    page.fill("input[name=date]", "2024-03-15")
    page.fill("input[name=place]", "Tambolaka")
    page.fill("textarea[name=decisions]", "Sinkronisasi RPMD dengan Renja OPD disepakati.")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/coordination/meetings/\d+/$"))
    block = _open_add_form(page, "add-attendance")
    block.locator("input[name=region]").fill("53.18")
    block.locator("input[name=agency]").fill("Perangkat daerah anggota forum")
    block.locator("input[name=women]").fill("9")
    block.locator("input[name=men]").fill("15")
    block.locator("input[name=with_disability]").fill("30")
    block.locator("button.primary").click()
    assert "More people with disabilities than people (24)." in page.inner_text("main")
    page.fill("input[name=with_disability]", "1")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"#attendance$"))
    assert page.inner_text("[data-testid=women]") == "9"
    shot(page, "coordination-meeting")
    page.click('nav.crumbs >> text="Meetings"')
    page.wait_for_selector("canvas[data-drawn=true]")
    shot(page, "coordination-meetings")
    assert not page.js_errors


def test_a_programmes_sustainability_view(page: Any, user_factory: Any) -> None:
    from decimal import Decimal

    from test_planning_proposals import nomenclature, set_calendar

    from tangguh.accounts.models import Agency
    from tangguh.nomenclature.models import Item
    from tangguh.planning import services
    from tangguh.regions.models import Region

    nomenclature()
    year = set_calendar("53.01", "open")
    bpbd = Agency.objects.create(
        region_id="53.01",
        code="1.05",
        name="BPBD Kabupaten Kupang",
        short_name="BPBD",
        bidang_codes=["1.05"],
    )
    programme = services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.01"),
        name="PAR IV CORRECT",
        partner="Catholic Relief Services",
        implementers="CIS Timor",
        donor="[DEMO] USAID/BHA",
        first_year=2021,
        last_year=2025,
        components="Pengurangan risiko bencana\nPenghidupan dan akses pasar\nKeuangan mikro",
        practices="Perencanaan desa berbasis risiko\nTim Kampung Siaga Bencana",
        villages=[Region.objects.get(code="53.01.27.2002")],
    )
    gladi = Item.objects.filter(code="1.05.03.2.02.0018").first()
    services.create_item(
        actor=None,
        agency=bpbd,
        year=year,
        sub_activity=gladi,
        budget=Decimal("25000000"),
        partner_programme=programme,
        practice="Tim Kampung Siaga Bencana",
    )
    user_factory("perencana", {"53.01": "viewer"})
    sign_in(page, "perencana")
    page.click("[data-testid=lang-en]")
    page.goto(programme.get_absolute_url())
    table = page.inner_text("[data-testid=sustainability]")
    assert "no owner" in table
    assert "BPBD" in table
    assert "Nuataus" in page.inner_text("[data-testid=villages]")
    page.locator("#sustainability").scroll_into_view_if_needed()
    shot(page, "coordination-programme-sustainability")
    assert not page.js_errors


def test_a_village_officer_records_support_shown_on_the_village_page(
    page: Any, user_factory: Any
) -> None:
    from tangguh.planning import services
    from tangguh.regions.models import Region

    services.create_programme(
        actor=None,
        region=Region.objects.get(code="53.01"),
        name="PAR IV CORRECT",
        partner="Catholic Relief Services",
        first_year=2021,
    )
    user_factory("desa.nuataus", {"53.01.27.2002": "editor"})
    sign_in(page, "desa.nuataus")
    page.click("[data-testid=lang-en]")
    page.goto("/coordination/support/new/?region=53.01.27.2002")
    page.select_option("select[name=programme]", label="PAR IV CORRECT (Catholic Relief Services)")
    page.select_option("select[name=kind]", "training")
    page.fill("input[name=what]", "Pelatihan perencanaan desa berbasis risiko")
    page.fill("input[name=date]", "2024-09-12")
    page.fill("input[name=women]", "12")
    page.fill("input[name=men]", "18")
    page.fill("input[name=children]", "0")
    page.fill("input[name=adults]", "26")
    page.fill("input[name=older]", "3")
    page.click("button.primary")
    assert "The age groups add up to 29, the women and men to 30." in page.inner_text("main")
    page.fill("input[name=adults]", "27")
    page.fill("input[name=with_disability]", "2")
    page.fill("input[name=value]", "15000000")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/coordination/support/\d+/$"))
    page.click("nav.crumbs >> text=Nuataus")
    page.wait_for_selector("[data-testid=village-support]")
    section = page.locator("[data-testid=village-support]")
    assert "12 women, 18 men, 2 people with disabilities reached" in section.inner_text()
    section.scroll_into_view_if_needed()
    shot(page, "coordination-village-support")
    assert not page.js_errors
