"""The follow-up matrix: Excel and PDF downloads, the bulk status update (validated round trip,
bad input by row, nothing written), the `import-actions` command and the upload's preview."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tangguh.coordination import services
from tangguh.coordination.exporting import COLUMNS, matrix_pdf, matrix_workbook
from tangguh.coordination.importers import import_actions
from tangguh.coordination.models import ActionItem, ProgressUpdate
from tangguh.core.models import ChangeRecord, Job

from .conftest import action_values, make_stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(commitment: Any, kota_bpbd: Any) -> list[ActionItem]:
    """Two items of Kota Kupang (one overdue) and one of Kabupaten Kupang."""
    kupang = make_stakeholder("53.01", "BPBD Kabupaten Kupang")
    return [
        services.create_action(actor=None, **action_values(commitment, "53.71", kota_bpbd)),
        services.create_action(
            actor=None,
            **action_values(
                commitment, "53.71", kota_bpbd, number="2", deadline=dt.date(2026, 1, 31)
            ),
        ),
        services.create_action(actor=None, **action_values(commitment, "53.01", kupang)),
    ]


def save(book: Any, path: Path) -> Path:
    book.save(path)
    return path


def exported(items: list[ActionItem], tmp_path: Path) -> Path:
    queryset = ActionItem.objects.filter(pk__in=[i.pk for i in items])
    return save(matrix_workbook(queryset), tmp_path / "rtl.xlsx")


def rows_of(path: Path) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(path)["RTL"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def edit(path: Path, changes: dict[int, dict[str, Any]]) -> Path:
    """Set cells of the rows of the given item ids."""
    book = openpyxl.load_workbook(path)
    sheet = book["RTL"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        item_id = row[0].value
        for name, value in changes.get(item_id, {}).items():
            row[header.index(name)].value = value
    return save(book, path)


def test_the_workbook_holds_the_matrix_with_flags(items: list[ActionItem], tmp_path: Path) -> None:
    rows = rows_of(exported(items, tmp_path))
    assert rows[0] == COLUMNS
    by_id = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    assert by_id[items[1].pk]["overdue"] is True
    assert by_id[items[0].pk]["overdue"] is False
    assert by_id[items[0].pk]["responsible"] == "BPBD Kota Kupang"
    assert by_id[items[0].pk]["status"] == "not_started"


def test_an_untouched_workbook_changes_nothing(items: list[ActionItem], tmp_path: Path) -> None:
    report = import_actions(exported(items, tmp_path), actor=None)
    assert report.ok
    assert report.updated == 0
    assert report.unchanged == 3
    assert not ProgressUpdate.objects.exists()


def test_a_filled_workbook_updates_statuses_after_a_dry_run(
    items: list[ActionItem], tmp_path: Path, make_user: Any
) -> None:
    kota = make_user("kota", {"53.71": "editor"})
    path = edit(
        exported(items[:2], tmp_path),
        {
            items[0].pk: {"status": "in_progress", "note": "Rapat teknis digelar"},
            items[1].pk: {
                "status": "Done",
                "note": "Data terkirim",
                "evidence_url": "https://x.id/a",
            },
        },
    )
    preview = import_actions(path, actor=kota, dry_run=True)
    assert preview.ok
    assert preview.updated == 2
    assert [c["to"] for c in preview.details["preview"]] == ["in_progress", "done"]
    assert not ProgressUpdate.objects.exists()
    report = import_actions(path, actor=kota)
    assert report.updated == 2
    statuses = dict(ActionItem.objects.values_list("pk", "status"))
    assert statuses[items[0].pk] == "in_progress"
    assert statuses[items[1].pk] == "done"
    update = ProgressUpdate.objects.get(item=items[1])
    assert update.evidence_url == "https://x.id/a"
    assert update.by == "kota"
    # Exported again and read back untouched: nothing changes.
    again = import_actions(exported(items[:2], tmp_path), actor=kota)
    assert again.updated == 0
    assert again.unchanged == 2


def test_bad_rows_are_reported_by_row_and_nothing_is_written(
    items: list[ActionItem], tmp_path: Path, make_user: Any
) -> None:
    services.record_progress(items[1], actor=None, status="done", note="Selesai")
    kota = make_user("kota", {"53.71": "editor"})
    path = edit(
        exported(items, tmp_path),
        {
            items[0].pk: {"status": "in_progress", "note": "Mulai"},  # fine alone
            items[1].pk: {"status": "in_progress", "note": "Selesai"},  # back, same old note
            items[2].pk: {"status": "done"},  # Kabupaten Kupang's: not kota's
        },
    )
    book = openpyxl.load_workbook(path)
    book["RTL"].append(
        [987654, "", "53.71", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "done"]
    )
    book["RTL"].append(
        [
            items[0].pk + 0,
            "",
            "53.01",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "maybe",
        ]
    )
    save(book, path)
    report = import_actions(path, actor=kota)
    found = {(p.line, p.column, p.message) for p in report.errors}
    messages = " | ".join(p.message for p in report.errors)
    assert "does not match a follow-up item you may update" in messages
    assert f"item {items[0].pk} appears twice" in messages
    assert report.rejected == 3, found
    assert not ProgressUpdate.objects.filter(item__in=[items[0], items[2]]).exists()
    assert ActionItem.objects.get(pk=items[0].pk).status == "not_started"


def test_going_back_without_a_note_is_refused(items: list[ActionItem], tmp_path: Path) -> None:
    services.record_progress(items[0], actor=None, status="done", note="Selesai")
    path = edit(exported(items[:1], tmp_path), {items[0].pk: {"status": "in_progress", "note": ""}})
    report = import_actions(path, actor=None)
    assert [(p.line, p.column) for p in report.errors] == [(2, "note (V)")]
    assert "goes back from Done to In progress" in report.errors[0].message


def test_a_row_of_another_region_does_not_match(items: list[ActionItem], tmp_path: Path) -> None:
    path = edit(exported(items[:1], tmp_path), {items[0].pk: {"region_code": "53.01"}})
    report = import_actions(path, actor=None)
    assert "belongs to 53.71, not 53.01" in report.errors[0].message


def test_the_command_checks_and_prints_json(items: list[ActionItem], tmp_path: Path) -> None:
    path = edit(exported(items[:1], tmp_path), {items[0].pk: {"status": "done", "note": "Ok"}})
    out = io.StringIO()
    call_command("import_actions", str(path), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["updated"] == 1
    assert data["dry_run"] is True
    assert ActionItem.objects.get(pk=items[0].pk).status == "not_started"
    out = io.StringIO()
    call_command("import_actions", str(path), stdout=out)
    assert out.getvalue().strip() == "updated 1 / unchanged 0 / rejected 0"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,status\n999999,unknown\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_actions", str(bad), stdout=io.StringIO(), stderr=err)
    assert "bad.csv:2 [id]" in err.getvalue()


def test_the_pdf_lists_every_item(items: list[ActionItem]) -> None:
    content = matrix_pdf(ActionItem.objects.all(), "Rencana Tindak Lanjut – Rakor 2025")
    assert content.startswith(b"%PDF")
    assert len(content) > 1500


def test_the_downloads_and_the_upload_preview(
    items: list[ActionItem],
    web: Any,
    make_user: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    kota = make_user("kota", {"53.71": "editor"})
    client = web(kota)
    url = reverse("coordination:action-list")
    response = client.get(url, {"commitment": items[0].commitment_id, "export": "xlsx"})
    assert response.status_code == 200
    path = tmp_path / "down.xlsx"
    path.write_bytes(response.content)
    ids = [row[0] for row in rows_of(path)[1:]]
    assert sorted(ids) == sorted(i.pk for i in items[:2])  # not Kabupaten Kupang's
    pdf = client.get(url, {"overdue": "true", "export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    edit(path, {items[0].pk: {"status": "in_progress", "note": "Mulai"}})
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordination:action-upload"), {"upload": handle})
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.result["dry_run"] is True
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Changes the workbook would make" in page
    assert "in_progress" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("job-confirm", args=[job.pk]))
    assert ActionItem.objects.get(pk=items[0].pk).status == "in_progress"
    assert ChangeRecord.objects.filter(model="coordination.progressupdate", source="task").exists()
