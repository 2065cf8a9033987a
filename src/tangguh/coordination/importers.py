"""The bulk status update: the follow-up matrix (see `exporting.py`) read back after the regions
filled in their progress. Every row is checked first — it names an existing item the person may
change (by `id`, and `region_code` when the column is there), a known status, no step back
without a note — then every change is recorded through `services.record_progress` in one
transaction, or nothing.

A row whose status and note are the ones already stored changes nothing, so a workbook exported
and imported untouched is a round trip without changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.coordination import services
from tangguh.coordination.models import ActionItem, ActionStatus, ProgressUpdate
from tangguh.core.importing import Problems
from tangguh.core.importing.cells import Cell, cell_text
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_file
from tangguh.core.importing.report import ImportReport
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.core.text import is_number

MAX_ROWS = 20_000
SPELLINGS = {
    "id": ("id", "ID", "no id"),
    "region_code": ("region_code", "kode wilayah", "kode daerah"),
    "status": ("status",),
    "note": ("note", "catatan", "keterangan"),
    "evidence_url": ("evidence_url", "bukti", "tautan bukti", "evidence"),
}
# Columns of the matrix that are shown, not read back.
QUIET = (
    "commitment",
    "region_name",
    "number",
    "issue",
    "phase",
    "action",
    "indicator",
    "target",
    "unit",
    "responsible",
    "responsible_element",
    "supporting",
    "deadline",
    "funding",
    "work_plan_item",
    "overdue",
    "stalled",
    "last_update",
)


@dataclass
class Change:
    """What one row asks: a new status and note for an item."""

    line: int
    item: ActionItem
    status: str
    note: str
    evidence_url: str


def _status_of(cell: Cell) -> str:
    """A status by its code or its label in either language ('' when unknown)."""
    text = cell_text(cell).strip().lower()
    if not text:
        return ""
    for status in ActionStatus:
        names = {status.value, status.value.replace("_", " "), str(status.label).lower()}
        if text in names:
            return str(status.value)
    return ""


def _status_names() -> str:
    return ", ".join(f"{s.value} ({s.label})" for s in ActionStatus)


def _read_row(
    f: RowReader, items: dict[int, ActionItem], changeable: Any, seen: dict[int, int]
) -> Change | None:
    raw_id = f.get("id", lambda cell: int(cell_text(cell)) if is_number(cell_text(cell)) else -1)
    item = items.get(raw_id or -1)
    if item is None or not changeable.covers(item.region_id):
        f.fail(
            "id",
            _("%(id)s does not match a follow-up item you may update.")
            % {"id": cell_text(f.raw("id")) or "-"},
        )
        return None
    if raw_id in seen:
        f.fail(
            "id",
            _("item %(id)s appears twice (first on line %(line)d)")
            % {"id": raw_id, "line": seen[raw_id]},
        )
        return None
    seen[item.pk] = f.line
    if f.has("region_code"):
        code = cell_text(f.raw("region_code")).strip()
        if code and code != item.region_id:
            f.fail(
                "region_code",
                _("item %(id)s belongs to %(stored)s, not %(given)s: the row does not match it.")
                % {"id": item.pk, "stored": item.region_id, "given": code},
            )
            return None
    status = _status_of(f.raw("status"))
    if not status:
        f.fail("status", _("unknown status; use one of %(names)s") % {"names": _status_names()})
        return None
    note = f.text("note", 5000)
    evidence = f.text("evidence_url", 200)
    refusal = services.progress_refusal(item, status, note)
    if refusal:
        f.fail("note", refusal)
        return None
    return Change(f.line, item, status, note, evidence)


def _unchanged(change: Change, latest_notes: dict[int, str]) -> bool:
    return change.status == change.item.status and change.note == latest_notes.get(
        change.item.pk, ""
    )


def read_changes(
    path: Path, actor: Any, problems: Problems, name: str = ""
) -> tuple[list[Change], dict[int, str], str]:
    """The rows of a matrix workbook or CSV file, checked; problems when any row is wrong."""
    name = name or path.name
    reading = read_file(path, problems, name=name, max_rows=MAX_ROWS)
    if reading is None:
        return [], {}, ""
    sheet = next((s for s in reading.sheets if s.title == "RTL"), reading.sheets[0])
    table = find_table(sheet, problems, SPELLINGS, required=["id", "status"], quiet=QUIET)
    if table is None:
        return [], {}, reading.kind
    ctx = ReadContext(name).on(sheet)
    scope = EVERYWHERE if actor is None else user_scope(actor, "change")
    ids = []
    for row in table.rows:
        text = cell_text(table.cell(row, "id"))
        if is_number(text) and len(text) < 19:
            ids.append(int(text))
    items = {i.pk: i for i in ActionItem.objects.filter(pk__in=ids).select_related("commitment")}
    latest: dict[int, str] = {}
    for update in ProgressUpdate.objects.filter(item__in=list(items)).order_by(
        "item_id", "date", "id"
    ):
        latest[update.item_id] = update.note
    changes: list[Change] = []
    seen: dict[int, int] = {}
    for row in table.rows:
        found = _read_row(ctx.reader(table, row), items, scope, seen)
        if found is not None:
            changes.append(found)
    problems.extend(ctx.problems.items)
    if not table.rows:
        problems.add(name, _("has no follow-up items"), sheet=sheet.sheet_name)
    return changes, latest, reading.kind


def import_actions(
    path: Path,
    *,
    actor: Any,
    dry_run: bool = False,
    name: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Check the whole file, then record every new status and note (one progress update per
    changed row) in one transaction; nothing is written when any row is wrong."""
    progress = progress or NullProgress()
    problems = Problems()
    changes, latest, kind = read_changes(path, actor, problems, name)
    report = ImportReport(dry_run=dry_run, format=kind)
    if problems:
        return report.reject(problems.items)
    wanted = [c for c in changes if not _unchanged(c, latest)]
    report.unchanged = len(changes) - len(wanted)
    report.details["preview"] = [
        {
            "line": c.line,
            "id": c.item.pk,
            "region": c.item.region_id,
            "action": str(c.item),
            "from": c.item.status,
            "to": c.status,
            "note": c.note,
        }
        for c in wanted
    ]
    today = timezone.localdate()
    failed = Problems()
    progress.start(len(wanted), _("Recording progress"))
    with transaction.atomic():
        for change in wanted:
            progress.advance()
            try:
                services.record_progress(
                    change.item,
                    actor=actor,
                    status=change.status,
                    note=change.note,
                    evidence_url=change.evidence_url,
                    date=today,
                )
            except (ValidationError, PermissionDenied) as exc:
                reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                for reason in reasons:
                    failed.add(name or path.name, reason, line=change.line)
        if failed or dry_run:
            transaction.set_rollback(True)
    if failed:
        return report.reject(failed.items)
    report.updated = len(wanted)
    return report
