"""The quarterly SPM report as a PDF (fpdf2, pure Python): heading, the report's table and its
method, on landscape A4. The PDF's built-in fonts hold Latin-1 only: other characters are
written with their nearest Latin-1 form (– as -, × as x, ÷ as /)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tangguh.spm.exporting import info_rows

_NEAREST = {"–": "-", "—": "-", "×": "x", "÷": "/", "…": "...", "’": "'", "‘": "'", "“": '"'}


def latin1(text: str) -> str:
    """Text the PDF's built-in fonts can write."""
    shown = "".join(_NEAREST.get(ch, ch) for ch in text).replace("”", '"')
    if all(ord(ch) < 256 for ch in shown):
        return shown
    decomposed = unicodedata.normalize("NFKD", shown)
    return "".join(ch for ch in decomposed if ord(ch) < 256)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float | Decimal):
        return number_format(value, 2, force_grouping=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    return latin1(str(value))


def report_pdf(
    title: str,
    place: str,
    year: int,
    quarter: int,
    table: tuple[list[str], list[list[Any]]],
) -> bytes:
    """The report as PDF bytes."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    header, rows = table
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(latin1(title))
    pdf.set_creator("tangguh")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    line = _("%(place)s · year %(year)d · quarter %(quarter)d") % {
        "place": place,
        "year": year,
        "quarter": quarter,
    }
    pdf.multi_cell(0, 6, latin1(line.replace("·", "-")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 7.5)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 238, 237))
    # A narrow first column (number or code), a wide second one (the service or regency).
    widths = (0.6, 2.0, *([1.0] * (len(header) - 2)))
    with pdf.table(
        headings_style=heading, line_height=4.5, text_align="LEFT", col_widths=widths
    ) as grid:
        top = grid.row()
        for label in header:
            top.cell(latin1(str(label)))
        for values in rows:
            row = grid.row()
            for value in values:
                row.cell(_cell(value))
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    for label, value in info_rows(title, place, year, quarter)[4:]:
        text = f"{label}: {value}"
        pdf.multi_cell(0, 4.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
