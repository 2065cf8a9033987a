"""Writing files users open in spreadsheet programs: the formula guard, streaming CSV and XLSX.

A text cell that starts with =, +, -, @, a tab or a carriage return runs as a formula when a
spreadsheet program opens the file ("CSV injection"); `guard` puts an apostrophe before such text,
and leaves numbers such as -5 or +62 as they are. Readers undo it with `unguard`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def guard(text: str) -> str:
    """Text a spreadsheet program will not run as a formula; numbers stay as they are."""
    if text.startswith(FORMULA_START) and not _NUMBER.match(text.strip()):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The text `guard` protected."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def plain_value(value: Any) -> str:
    """A value as CSV text: '' for None, numbers in fixed-point notation, dates in ISO form,
    text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return guard(str(value))


class _Echo:
    """A file-like object whose write returns what it was given (for streaming csv)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text line by line (UTF-8 BOM first, so spreadsheet programs read accents right)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([guard(str(h)) for h in header])
    for row in rows:
        yield writer.writerow([plain_value(value) for value in row])


def attachment(filename: str) -> str:
    """The Content-Disposition of a download (a safe ASCII file name)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "download"
    return f'attachment; filename="{safe}"'


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A CSV download streamed row by row (values guarded, numbers left alone)."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = attachment(filename)
    return response


def write_csv(stream: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a CSV file (guarded) to a text stream; returns the number of data rows."""
    count = 0
    for number, line in enumerate(csv_lines(header, rows)):
        stream.write(line if number else line.lstrip("\ufeff"))
        count = number
    return count


def xlsx_response(filename: str, book: Any) -> HttpResponse:
    """An openpyxl workbook as a download."""
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(filename)
    return response


def xlsx_book(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> Any:
    """A write-only workbook of (title, header, rows) sheets; text is stored as text, never as a
    formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(header))
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # a leading '=' stays text
                cells.append(cell)
            sheet.append(cells)
    return book


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or ch >= " ")
    return value
