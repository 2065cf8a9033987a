"""Walk every page of the foundation in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_village_officer_finds_their_village_on_the_map_and_switches_language(
    page: Any, user_factory: Any
) -> None:
    user_factory("desa.nuataus", {"53.01.27.2002": "editor"}, first_name="Maria")
    page.goto("/")
    assert "/login/" in page.url
    shot(page, "login")
    sign_in(page, "desa.nuataus")
    assert page.locator("html").get_attribute("lang") == "id"
    page.click("text=Wilayah")
    page.fill("[data-testid=region-search]", "nuat")
    results = page.locator("[data-testid=search-results]")
    results.wait_for()
    assert "53.01.27.2002" in results.inner_text()
    shot(page, "search")
    page.click("[data-testid=search-results] >> text=Nuataus")
    page.wait_for_url(re.compile(r"/regions/53\.01\.27\.2002/$"))
    page.wait_for_selector("[data-testid=region-map][data-loaded]")
    assert page.get_attribute("[data-testid=region-map]", "data-loaded") == "1"
    assert page.locator("[data-testid=region-map] path.leaflet-interactive").count() >= 1
    assert "Fatuleu Barat" in page.inner_text("nav.crumbs")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Key facts" in page.inner_text("main")
    page.click("text=History")
    page.wait_for_selector(".history-body table, .history-body p.muted:not(:has-text('Loading'))")
    assert not page.js_errors


def test_a_planner_browses_the_tree_and_a_regency_map(page: Any, user_factory: Any) -> None:
    user_factory("perencana", {"53.01": "editor"})
    sign_in(page, "perencana")
    page.goto("/regions/")
    node = page.locator("details[data-code='53']")
    node.locator("summary").first.click()
    page.wait_for_selector("details[data-code='53.01']")
    page.locator("details[data-code='53.01'] > summary").click()
    page.wait_for_selector("details[data-code='53.01.27']")
    page.goto("/regions/53.01/")
    page.wait_for_selector("[data-testid=region-map][data-loaded]")
    assert int(page.get_attribute("[data-testid=region-map]", "data-loaded")) == 25
    assert page.locator("[data-testid=children] tbody tr").count() == 24
    shot(page, "region")
    page.locator("[data-testid=region-map] path.leaflet-interactive").nth(5).click()
    page.wait_for_url(re.compile(r"/regions/53\.01\.\d\d/$"))
    assert not page.js_errors


def test_the_region_page_fits_a_phone_screen(
    browser: Any, live_server: Any, geography: None, user_factory: Any
) -> None:
    user_factory("hp", {"53.71": "viewer"})
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, "hp")
    page.goto("/regions/53.71/")
    page.wait_for_selector("[data-testid=region-map][data-loaded]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"page is {width}px wide on a 375px screen"
    assert not page.is_visible("nav.mainnav")
    page.click("label.nav-toggle-label")
    assert page.is_visible("nav.mainnav")
    shot(page, "phone")
    context.close()


def test_an_editor_manages_an_agency_and_reads_the_change_log(page: Any, user_factory: Any) -> None:
    user_factory("editor", {"53.01": "editor"})
    sign_in(page, "editor")
    page.click("[data-testid=lang-en]")
    page.goto("/agencies/")
    page.click("text=Add an agency")
    page.fill("input[name=region]", "53.01.27")
    page.fill("input[name=code]", "1.05.0.00.0.00.01.0000")
    page.fill("input[name=name]", "Badan Penanggulangan Bencana Daerah")
    page.click("button.primary")
    assert "province or regency/city" in page.inner_text("main")
    page.fill("input[name=region]", "53.01")
    page.fill("input[name=short_name]", "BPBD")
    page.fill("input[name=bidang_codes]", "1.05")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/agencies/\d+/$"))
    page.click("a.button:has-text('Edit')")
    page.fill("input[name=name]", "BPBD Kabupaten Kupang")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/agencies/\d+/$"))
    page.click("text=History")
    page.wait_for_selector(".history-body table")
    page.click(".history-body summary:has-text('1 field')")
    assert "BPBD Kabupaten Kupang" in page.inner_text(".history-body dl.diff")
    page.goto("/changes/?model=accounts.agency")
    assert page.locator("table tbody tr").count() == 2
    shot(page, "change-log")
    page.goto("/agencies/")
    page.click("text=BPBD Kabupaten Kupang")
    page.click("a.button.danger")
    page.click("button.danger")
    page.wait_for_url(re.compile(r"/agencies/$"))
    assert "Agency BPBD deleted." in page.inner_text(".messages")
    assert "BPBD Kabupaten Kupang" not in page.inner_text("table")
    page.goto("/hazards/")
    assert "Flash flood" in page.inner_text("[data-testid=hazards]")
    assert not page.js_errors


def test_a_manager_adds_a_member_and_a_user_gets_a_token(page: Any, user_factory: Any) -> None:
    user_factory("boss", {"53.71": "manager"})
    sign_in(page, "boss")
    page.click("[data-testid=lang-en]")
    page.goto("/members/")
    page.fill("input[name=username]", "petugas.baru")
    page.fill("input[name=region]", "53.71.01")
    page.select_option("select[name=role]", "editor")
    page.click("form[action='/members/new/'] button.primary")
    page.wait_for_url(re.compile(r"/members/$"))
    assert "petugas.baru" in page.inner_text("table")
    page.fill("input[name=username]", "x")
    page.fill("input[name=region]", "53.01")
    page.click("form[action='/members/new/'] button.primary")
    assert "You do not manage region 53.01" in page.inner_text("main")
    page.goto("/members/")
    page.locator("tr", has_text="petugas.baru").locator("button").click()
    page.wait_for_url(re.compile(r"/members/$"))
    assert "petugas.baru" not in page.inner_text("table")
    page.goto("/account/")
    page.click("text=Create a new token")
    token = page.inner_text("[data-testid=new-token]").strip()
    assert re.fullmatch(r"[0-9a-f]{40}", token)
    page.click("text=Change password")
    page.fill("input[name=old_password]", "a-long-test-password-1")
    page.fill("input[name=new_password1]", "another-long-pass-2")
    page.fill("input[name=new_password2]", "another-long-pass-2")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/account/$"))
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    assert not page.js_errors


def test_a_superuser_loads_region_files_and_watches_the_progress(
    page: Any, user_factory: Any, tmp_path: Any
) -> None:
    user_factory("root", {}, is_superuser=True)
    upload = tmp_path / "ntb.csv"
    upload.write_text("kode,nama\n52,Nusa Tenggara Barat\n52.71,Kota Mataram\n", encoding="utf-8")
    sign_in(page, "root")
    page.click("[data-testid=lang-en]")
    page.goto("/regions/load/")
    page.set_input_files("input[name=uploads]", str(upload))
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/jobs/"))
    # In tests the task runs at once; in production the worker runs it and this page polls.
    page.wait_for_selector("#job-status[data-status=done]")
    # The job page shows the import report: its counts by label, in the user's language.
    assert re.search(r"Created\s+2\s+Updated\s+0", page.inner_text("#job-status"))


def test_forbidden_and_missing_pages_are_friendly(page: Any, user_factory: Any) -> None:
    from tangguh.accounts.models import Agency

    agency = Agency.objects.create(region_id="53.71", code="X", name="Dinas Kota")
    user_factory("kupang", {"53.01": "viewer"})
    sign_in(page, "kupang")
    response = page.goto(f"/agencies/{agency.pk}/")
    assert response.status == 403
    assert page.locator("[data-status='403']").is_visible()
    response = page.goto("/regions/53.99/")
    assert response.status == 404
    page.goto("/")
    page.click("text=Keluar")
    page.wait_for_url(re.compile(r"/login/"))


def test_a_bpbd_officer_records_imports_and_reads_sendai(
    page: Any, user_factory: Any, tmp_path: Any
) -> None:
    user_factory("bpbd", {"53.71": "editor"})
    sign_in(page, "bpbd")
    page.click("[data-testid=lang-en]")
    page.goto("/disasters/events/new/")
    page.fill("input[name=region]", "53.71.01")
    page.select_option("select[name=hazard]", "flood")
    page.fill("input[name=start_date]", "2025-01-14")
    page.fill("input[name=deaths]", "0")
    page.fill("input[name=affected]", "250")
    page.fill("input[name=dis__affected__female]", "130")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/disasters/events/\d+/$"))
    effects = page.inner_text("[data-testid=effects]")
    assert "unknown" in effects
    assert "130" in page.inner_text("main")
    shot(page, "event")
    page.click("a.button:has-text('Edit')")
    page.fill("input[name=injured]", "3")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/disasters/events/\d+/$"))
    assert "3" in page.inner_text("[data-testid=effects]")
    upload = tmp_path / "dibi.csv"
    upload.write_text(
        "Tanggal / Waktu Kejadian,Kode Kabupaten,Kode Jenis Kejadian,Nama Kejadian,"
        "Meninggal,Menderita\n"
        "2025-01-15,53.71,1010,Banjir,1,300\n"
        "2024-12-02,5371,1050,Puting Beliung,0,45\n",
        encoding="utf-8",
    )
    page.goto("/disasters/events/import/")
    page.set_input_files("input[name=upload]", str(upload))
    page.click("button.primary")
    page.wait_for_selector("#job-status[data-status=done]")
    # The job page shows the import report: its counts by label, in the user's language.
    status = page.inner_text("#job-status")
    assert re.search(r"Created\s+2\s+Updated\s+0", status)
    assert re.search(r"Possible duplicates\s+1", status)
    page.goto("/disasters/events/?year=2025")
    assert page.locator("[data-testid=events] tbody tr").count() == 2
    assert page.locator("[data-testid=events] .badge").count() == 1  # the second flood report
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    assert download.value.suggested_filename.endswith(".csv")
    page.goto("/disasters/sendai/?region=53.71&year=2025")
    table = page.inner_text("[data-testid=sendai]")
    assert "A-1" in table
    assert "D-5" in table
    shot(page, "sendai")
    page.goto("/disasters/events/?year=2024")
    page.click("[data-testid=events] tbody a")
    page.click("a.button.danger")
    page.click("button.danger")
    page.wait_for_url(re.compile(r"/disasters/events/$"))
    assert "deleted" in page.inner_text(".messages")
    assert not page.js_errors


def test_a_province_officer_reads_profiles_ranking_and_data_quality(
    page: Any, user_factory: Any
) -> None:
    from tangguh.catalogues.models import HazardType
    from tangguh.disasters import services
    from tangguh.regions.models import Region

    for code, key, day in [
        ("53.01.27.2002", "flood", "2024-01-10"),
        ("53.01", "drought", "2024-08-01"),
        ("53.71.01", "flood", "2024-02-02"),
    ]:
        services.create_event(
            actor=None,
            region=Region.objects.get(code=code),
            hazard=HazardType.objects.get(key=key),
            start_date=day,
            deaths=1,
        )
    user_factory("provinsi", {"53": "manager"})
    sign_in(page, "provinsi")
    page.click("[data-testid=lang-en]")
    page.goto("/regions/53.01/")
    page.click("a.button:has-text('Hazard profile')")
    page.wait_for_selector("canvas[data-drawn=true]")
    page.wait_for_selector("[data-testid=event-map][data-loaded]")
    assert page.get_attribute("[data-testid=event-map]", "data-loaded") == "2", page.get_attribute(
        "[data-testid=event-map]", "data-error"
    )
    assert "Drought" in page.inner_text("[data-testid=profile-table]")
    shot(page, "hazard-profile")
    page.goto("/disasters/ranking/?first=2015&last=2025")
    assert page.locator("[data-testid=ranking] tbody tr").count() == 22
    page.goto("/disasters/quality/")
    assert page.locator("[data-testid=quality] tbody tr").count() == 22
    page.click("nav.tabs >> text=Sendai indicators")
    page.wait_for_selector("[data-testid=sendai]")
    assert not page.js_errors


def test_an_account_waits_after_failures_and_an_administrator_ends_the_wait(
    page: Any, user_factory: Any
) -> None:
    user_factory("petugas", {"53.71": "editor"})
    user_factory("admin", {}, is_superuser=True)
    page.goto("/login/")
    page.click("[data-testid=lang-en]")
    for _ in range(6):  # five failures, then the sixth try waits
        page.goto("/login/")
        page.fill("input[name=username]", "petugas")
        page.fill("input[name=password]", "wrong password")
        page.click("button.primary")
        page.wait_for_load_state()
    assert "Wait" in page.inner_text("main")
    assert "from this device" in page.inner_text("main")
    sign_in(page, "admin")
    page.goto("/members/")
    page.click("[data-testid=sign-in-attempts]")
    table = page.inner_text("[data-testid=attempts]")
    assert "petugas" in table
    assert "127.0.0.1" in table
    shot(page, "sign-in-attempts")
    page.click("text=End the wait at every address")
    assert "No failed sign-ins lately." in page.inner_text("[data-testid=attempts]")
    assert not page.js_errors
