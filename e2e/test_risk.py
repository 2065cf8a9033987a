"""Walk the risk pages in a real browser: the regency summary with its chart, the village map
with coloured villages, a village's risk section, and imports with their job reports (profiles,
a refused file, and BNPB's IRBI scores checked first, then confirmed, on the regency's page)."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from conftest import go_to, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed_method() -> None:
    """The method version the migration seeds (transactional tests start from an empty table)."""
    from tangguh.risk.models import RiskMethodVersion

    seed = importlib.import_module("tangguh.risk.migrations.0002_seed_method").SEED
    if not RiskMethodVersion.objects.filter(version=seed["version"]).exists():
        RiskMethodVersion.objects.create(**seed)


def test_a_planner_reads_the_summary_the_map_and_a_village(page: Any, user_factory: Any) -> None:
    from tangguh.risk.demo import load_demo

    seed_method()
    counts = load_demo()
    assert counts.profiles == 36
    user_factory("perencana", {"53.01": "editor"})
    sign_in(page, "perencana")
    page.click("[data-testid=lang-en]")
    page.goto("/")
    go_to(page, "Risk")
    page.wait_for_url(re.compile(r"/risk/$"))
    assert "Kabupaten Kupang" in page.inner_text("h1")
    page.wait_for_selector("#risk-chart[data-drawn]")
    assert page.get_attribute("#risk-chart", "data-drawn") == "4"
    summary = page.inner_text("[data-testid=risk-summary]")
    assert "Drought" in summary
    assert "Forest and land fire" in summary
    shot(page, "risk-summary")

    page.locator("[data-testid=risk-summary] tr", has_text="Drought").locator("text=map").click()
    page.wait_for_url(re.compile(r"/risk/map/\?region=53\.01&hazard=drought"))
    page.wait_for_selector("[data-testid=risk-map][data-loaded]")
    villages = int(page.get_attribute("[data-testid=risk-map]", "data-loaded"))
    assert villages > 100  # every village of Kabupaten Kupang is drawn
    assert page.get_attribute("[data-testid=risk-map]", "data-coloured") == "9"
    assert page.locator("path[data-risk-class=high]").count() == 9  # drought is high in Fatuleu
    assert page.locator("path[data-risk-class=none]").count() == villages - 9
    legend = page.inner_text("[data-testid=risk-legend]")
    assert "Risk of Drought" in legend
    assert "High" in legend
    assert "no profile" in legend
    high = page.locator("path[data-risk-class=high]").first
    high.hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "53.01.2" in tooltip.inner_text()
    assert "High" in tooltip.inner_text()
    shot(page, "risk-map")

    page.select_option("select[name=hazard]", "flood")
    page.click("form.filters button")
    page.wait_for_selector("[data-testid=risk-map][data-loaded]")
    assert page.get_attribute("[data-testid=risk-map]", "data-coloured") == "9"

    page.goto("/risk/regions/53.01.27.2002/")
    section = page.locator("[data-testid=risk-section]")
    assert section.locator("[data-testid=risk-profiles] tbody tr").count() == 4
    assert "Drought" in section.inner_text()
    assert page.locator("[data-testid=climate] .climate-class").count() == 1
    shot(page, "risk-village")
    section.locator("text=Drought").click()
    page.wait_for_url(re.compile(r"/risk/profiles/\d+/$"))
    assert "perka-2-2012/tangguh-2026.1" in page.inner_text("main")
    page.click("text=History")
    page.wait_for_selector(".history-body table")
    page.goto("/risk/methods/")
    assert page.locator("[data-testid=matrix]").count() == 2
    assert not page.js_errors


def test_an_officer_imports_a_table_and_reads_the_job_result(
    page: Any, user_factory: Any, tmp_path: Any
) -> None:
    seed_method()
    user_factory("bpbd", {"53.01": "editor"})
    sign_in(page, "bpbd")
    page.click("[data-testid=lang-en]")
    good = tmp_path / "inarisk.csv"
    good.write_text(
        "Kode Desa,Desa,Bahaya,Indeks Bahaya,Indeks Kerentanan,Indeks Kapasitas,Tahun\n"
        "53.01.27.2002,Nuataus,Kekeringan,0.7,0.5,0.2,2023\n"
        "53.01.27.2001,Poto,Banjir,0.3,0.4,0.5,2023\n",
        encoding="utf-8",
    )
    page.goto("/risk/import/")
    page.set_input_files("input[name=upload]", str(good))
    page.fill("input[name=source]", "InaRISK 2023")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/jobs/"))
    page.wait_for_selector("#job-status[data-status=done]")
    counts = page.locator("[data-testid=import-report] dl.counts")
    assert counts.locator("dt").all_inner_texts()[0] == "Created"
    assert counts.locator("dd").all_inner_texts()[0] == "2"
    shot(page, "risk-import")

    bad = tmp_path / "kota.csv"
    bad.write_text("Kode Desa,Bahaya,Kelas Risiko\n53.71.01.1001,Banjir,Tinggi\n", encoding="utf-8")
    page.goto("/risk/import/")
    page.set_input_files("input[name=upload]", str(bad))
    page.click("button.primary")
    page.wait_for_selector("#job-status[data-status=failed]")
    problem = page.locator("#job-status table.problems tbody tr").first
    file, _sheet, line, column, message = problem.locator("td").all_inner_texts()
    assert (file, line, column) == ("kota.csv", "2", "Kode Desa")
    assert "outside the regions you may change" in message

    irbi = tmp_path / "irbi.csv"
    irbi.write_text(
        "Kode BPS,Bahaya,Skor IRBI,Kelas Risiko,Tahun,Sumber\n"
        "5303,Multi Bahaya,146.2,,2023,BNPB IRBI 2023\n"
        "5303,Kekeringan,14.2,Tinggi,2023,BNPB IRBI 2023\n",
        encoding="utf-8",
    )
    page.goto("/risk/import/")
    page.set_input_files("input[name=upload]", str(irbi))
    page.check("input[name=dry_run]")
    page.click("button.primary")
    page.wait_for_selector("#job-status[data-status=done]")
    counts = page.locator("[data-testid=import-report] dl.counts")
    labels, values = counts.locator("dt").all_inner_texts(), counts.locator("dd").all_inner_texts()
    found = dict(zip(labels, values, strict=True))
    assert (found["Created"], found["IRBI scores"]) == ("2", "2")
    page.click("text=Import now")
    page.wait_for_url(re.compile(r"/jobs/"))
    page.wait_for_selector("#job-status[data-status=done]")
    page.goto("/risk/regions/53.01/")
    scores = page.locator("[data-testid=irbi-scores] tbody tr")
    assert scores.count() == 2
    assert "146.20" in scores.first.inner_text()
    assert "High" in scores.first.inner_text()  # above 144, by BNPB's published bounds
    shot(page, "risk-irbi")

    page.goto("/risk/profiles/?year=2023")
    assert page.locator("[data-testid=profiles] tbody tr").count() == 2
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    assert download.value.suggested_filename == "risk-profiles.csv"
    page.goto("/risk/?region=53.01&year=2023")
    page.wait_for_selector("#risk-chart[data-drawn]")
    assert page.get_attribute("#risk-chart", "data-drawn") == "2"
    assert not page.js_errors
