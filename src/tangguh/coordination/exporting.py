"""The commitment and follow-up matrix as a workbook (which the bulk status update reads back)
and as a printable PDF (fpdf2: pure Python, no system libraries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.coordination.models import ActionItem, Commitment
from tangguh.core.exporting import attachment, xlsx_book

SHEET = "RTL"
# The matrix's columns; the bulk update reads `id`, `region_code`, `status`, `note` and
# `evidence_url` back (a new note or status makes a progress update).
COLUMNS = [
    "id",
    "commitment",
    "region_code",
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
    "status",
    "overdue",
    "stalled",
    "last_update",
    "note",
    "evidence_url",
]


def matrix_items(items: QuerySet[ActionItem]) -> list[ActionItem]:
    """The items in matrix order, with what the rows read."""
    return list(
        items.select_related(
            "commitment",
            "region",
            "responsible",
            "work_plan_item__sub_activity",
            "work_plan_item__agency",
        )
        .prefetch_related("supporting", "updates")
        .order_by("commitment__date", "commitment_id", "region_id", "number", "pk")
    )


def _latest(item: ActionItem) -> Any:
    updates = list(item.updates.all())
    return max(updates, key=lambda u: (u.date, u.pk)) if updates else None


def matrix_rows(items: QuerySet[ActionItem], today: dt.date | None = None) -> Iterator[list[Any]]:
    """One row per item, in COLUMNS order."""
    today = today or timezone.localdate()
    for item in matrix_items(items):
        latest = _latest(item)
        work = item.work_plan_item
        yield [
            item.pk,
            item.commitment.title,
            item.region_id,
            item.region.name,
            item.number,
            item.issue,
            item.phase,
            item.action,
            item.indicator,
            item.target,
            item.unit,
            item.responsible.name if item.responsible else "",
            item.responsible.category if item.responsible else "",
            "; ".join(f"{p.name} ({p.category})" for p in item.supporting.all()),
            item.deadline,
            item.funding,
            f"{work.year} {work.sub_activity.code} {work.agency.short_name}" if work else "",
            item.status,
            item.is_overdue(today),
            item.is_stalled(today),
            item.last_update_on,
            latest.note if latest else "",
            latest.evidence_url if latest else "",
        ]


def matrix_workbook(items: QuerySet[ActionItem]) -> Any:
    """The matrix as an openpyxl workbook (sheet RTL)."""
    return xlsx_book([(SHEET, COLUMNS, matrix_rows(items))])


def _latin(text: Any) -> str:
    """Text the PDF's core font can draw (Latin-1; other characters become close ones or ?)."""
    plain = str(text if text is not None else "")
    for wide, narrow in (
        ("–", "-"),
        ("—", "-"),
        ("’", "'"),
        ("‘", "'"),
        ("“", '"'),
        ("”", '"'),
        ("…", "..."),
        ("→", "->"),
        ("·", "-"),
    ):
        plain = plain.replace(wide, narrow)
    return plain.encode("latin-1", "replace").decode("latin-1")


def matrix_pdf(
    items: QuerySet[ActionItem], title: str, commitment: Commitment | None = None
) -> bytes:
    """The matrix as a landscape A4 PDF: one row per item with its status and flags."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    today = timezone.localdate()
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_title(_latin(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    if commitment is not None:
        where = f"{commitment.date:%Y-%m-%d}" + (
            f", {commitment.place}" if commitment.place else ""
        )
        pdf.multi_cell(0, 5, _latin(where), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        5,
        _latin(_("Status on %(date)s") % {"date": today.isoformat()}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    header = [
        _("No."),
        _("Region"),
        _("Issue or challenge"),
        _("Phase"),
        _("Action"),
        _("Output and target"),
        _("Responsible (supporting)"),
        _("Deadline"),
        _("Funding"),
        _("Status"),
    ]
    widths = (10, 24, 40, 14, 46, 30, 40, 18, 22, 29)
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 240)),
        line_height=4,
        text_align="LEFT",
    ) as table:
        table.row([_latin(h) for h in header])
        for item in matrix_items(items):
            target = " ".join(
                str(part)
                for part in (
                    item.indicator,
                    item.target if item.target is not None else "",
                    item.unit,
                )
                if part != ""
            )
            supporting = ", ".join(p.name for p in item.supporting.all())
            responsible = item.responsible.name if item.responsible else "-"
            status = str(item.get_status_display())
            if item.is_overdue(today):
                status += " - " + _("OVERDUE")
            elif item.is_stalled(today):
                status += " - " + _("stalled")
            table.row(
                [
                    _latin(item.number),
                    _latin(f"{item.region.name} ({item.region_id})"),
                    _latin(item.issue),
                    _latin(item.get_phase_display() if item.phase else "-"),
                    _latin(item.action),
                    _latin(target or "-"),
                    _latin(responsible + (f" ({supporting})" if supporting else "")),
                    _latin(item.deadline.isoformat() if item.deadline else "-"),
                    _latin(item.get_funding_display()),
                    _latin(status),
                ]
            )
    return bytes(pdf.output())


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    """A PDF download."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = attachment(filename)
    return response


def matrix_title(commitment: Commitment | None) -> str:
    """The heading of a matrix: the commitment's, or the follow-up items selected."""
    if commitment is not None:
        return _("Follow-up plan: %(title)s") % {"title": commitment.title}
    return _("Follow-up items")
