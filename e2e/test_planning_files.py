"""Walk the spreadsheet pages in a real browser: a planner downloads the proposals template,
fills it, uploads it, sees the check's report on the job page and imports; then downloads the
decisions workbook, fills a decision the way an agency would, imports it back and sees the
decision on the proposal."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import shot, sign_in
from test_planning_proposals import _navigation, bpbd_with_item, nomenclature, set_calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["_navigation"]

NUATAUS = "53.01.27.2002"
GLADI = "1.05.03.2.02.0018"


def test_a_planner_imports_proposals_and_decisions_from_spreadsheets(
    page: Any, user_factory: Any, tmp_path: Path
) -> None:
    from tangguh.planning.models import Outcome, Proposal
    from tangguh.planning.workbook import COLUMNS, FIRST_ROW

    nomenclature()
    year = set_calendar("53.01", "open")
    item = bpbd_with_item(year)
    user_factory("perencana", {"53.01": "editor"})
    sign_in(page, "perencana")
    page.click("[data-testid=lang-en]")

    # 1. The proposals template, filled and uploaded.
    page.goto("/planning/proposals/import/")
    with page.expect_download() as download:
        page.click("[data-testid=template-xlsx]")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = {
        "ref": "NTS-2",
        "village_code": NUATAUS,
        "source_kind": "risk_plan",
        "title": "Gladi evakuasi banjir utk warga Dusun 2",
        "estimated_cost": "Rp 25.000.000",
        "women": 40,
        "men": 35,
        "hazards": "flood",
        "phases": "pra",
    }
    sheet.append([row.get(str(name)) for name in header])
    book.save(template)
    page.set_input_files("input[name=upload]", str(template))
    page.fill("input[name=year]", str(year))
    page.click("form[data-testid=import-form] button.primary")
    report = page.inner_text("[data-testid=import-report]")
    assert re.search(r"Created\s+1", report)
    assert not Proposal.objects.exists()
    shot(page, "planning-import-check")
    page.click("[data-testid=import-report] form button.primary")
    page.wait_for_selector("#job-status[data-status=done]")
    proposal = Proposal.objects.get(reference="NTS-2")
    assert proposal.estimated_cost == 25_000_000
    assert [h.pk for h in proposal.hazards.all()] == ["flood"]

    # 2. A bad file is refused with the row and column, nothing written.
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ref,village_code,source_kind,title,estimated_cost\n"
        "NTS-3,53.01.27.9999,risk_plan,Embung,banyak\n",
        encoding="utf-8",
    )
    page.goto("/planning/proposals/import/")
    page.set_input_files("input[name=upload]", str(bad))
    page.fill("input[name=year]", str(year))
    page.click("form[data-testid=import-form] button.primary")
    problems = page.inner_text("main")
    assert "53.01.27.9999" in problems
    assert "estimated_cost" in problems
    assert Proposal.objects.count() == 1

    # 3. The decisions workbook, filled by the agency and imported back.
    page.goto("/planning/sync/export/")
    page.fill("input[name=year]", str(year))
    page.fill("input[name=region]", "53.01")
    with page.expect_download() as download:
        page.click("form[data-testid=export-form] button.primary")
    workbook = tmp_path / "decisions.xlsx"
    download.value.save_as(workbook)
    book = openpyxl.load_workbook(workbook)
    sheet = next(s for s in book.worksheets if "BPBD" in s.title)
    free = next(
        n for n in range(FIRST_ROW, sheet.max_row + 2) if sheet.cell(n, 1).value in (None, "")
    )
    target = next(
        (n for n in range(FIRST_ROW, sheet.max_row + 1) if sheet.cell(n, 1).value == proposal.pk),
        free,
    )
    values = {
        "proposal_id": proposal.pk,
        "outcome": str(Outcome.ACCOMMODATED.label),
        "sub_activity_code": GLADI,
        "budget": 20_000_000,
        "location_code": NUATAUS,
    }
    for key, value in values.items():
        sheet.cell(target, COLUMNS.index(key) + 1).value = value
    book.save(workbook)
    page.goto("/planning/decisions/import/")
    page.set_input_files("input[name=upload]", str(workbook))
    page.click("main form button.primary")
    assert re.search(r"Updated\s+1", page.inner_text("[data-testid=import-report]"))
    page.click("[data-testid=import-report] form button.primary")
    page.wait_for_selector("#job-status[data-status=done]")
    proposal.refresh_from_db()
    assert proposal.outcome == Outcome.ACCOMMODATED
    assert proposal.links.get().item == item

    page.goto(f"/planning/proposals/{proposal.pk}/")
    assert re.search("Accommodated", page.inner_text("main"))
    assert not page.js_errors
