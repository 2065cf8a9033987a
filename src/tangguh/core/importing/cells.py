"""Cells as files give them, and typed parsers that read a cell as the value a column holds.

A parser raises `BadValue` with a message for the user; `RowReader.get` turns it into a problem
located at the row and column of the cell. Two number readers serve two kinds of column:
`number` reads amounts written the Indonesian or the English way (`1.250.000`, `Rp 150 juta`,
`1,250.5`), `to_decimal` reads measured quantities with a decimal point or comma and no grouping
(`12.5` hectares stays 12.5).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tangguh.core.text import is_number
from tangguh.regions import codes

# A cell as the file gives it: CSV gives text, spreadsheets also numbers, dates and booleans.
Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None

# Year bounds of dates in files: DesInventar Indonesia goes back to 1815; earlier is a typo.
FIRST_YEAR = 1800
# Indonesia's easternmost time zone (WIT, UTC+9): "today" is the latest date in the country.
LATEST_UTC_OFFSET = dt.timedelta(hours=9)

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(.+))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(.+))?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s-]+([^\W\d_]+)\.?[\s-]+(\d{4})(?:\s+(.+))?$")
_TIME = re.compile(
    r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(?:WIB|WITA|WIT|Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "pebruari", "february"), 2),
    **dict.fromkeys(("mar", "maret", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("agu", "agt", "agus", "agustus", "aug", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oct", "oktober", "october"), 10),
    **dict.fromkeys(("nov", "nop", "november", "nopember"), 11),
    **dict.fromkeys(("des", "dec", "desember", "december"), 12),
}
_BULLETS = "•●◦▪‣·"
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 - a calendar anchor, not an instant
_CONTROL_OK = {"\t", "\n", "\r"}
_WORD_MULTIPLIERS = {
    "ribu": Decimal(1000),
    "rb": Decimal(1000),
    "juta": Decimal(10) ** 6,
    "jt": Decimal(10) ** 6,
    "miliar": Decimal(10) ** 9,
    "milyar": Decimal(10) ** 9,
    "m": Decimal(10) ** 9,
}
_MULTIPLIER = re.compile(r"^(.*?)\s*(ribu|rb|juta|jt|miliar|milyar|m)\.?$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
TRUE_WORDS = frozenset({"1", "ya", "y", "yes", "true", "benar", "iya", "v", "x", "✓", "✔"})
FALSE_WORDS = frozenset({"0", "tidak", "tdk", "t", "no", "n", "false", "salah", "bukan", "-"})


class BadValue(ValueError):
    """A cell that cannot be read as the kind of value its column holds (message for the user)."""


# ---------------------------------------------------------------------------------------------
# Cells as text


def is_blank(value: Cell) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def is_filled(value: Cell) -> bool:
    """True when a cell holds something other than blanks."""
    return not is_blank(value)


def cell_text(value: Cell) -> str:
    """A cell as stripped text: whole floats without '.0', booleans as 1/0, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def column_text(values: Sequence[Cell]) -> list[str]:
    """`cell_text` of every cell of a column (a column of text, as a CSV file gives, at C speed)."""
    if set(map(type, values)) <= {str}:
        return list(map(str.strip, values))  # type: ignore[arg-type]
    return [cell_text(value) for value in values]


def has_content(value: Cell) -> bool:
    """True when a cell holds something other than blank or zero."""
    if isinstance(value, bool):
        return value
    if is_blank(value):
        return False
    if isinstance(value, str) and value.strip() in ("0", "0.0"):
        return False  # the common zeros, without parsing
    try:
        found = to_decimal(value)
    except BadValue:
        return True
    return found != 0


def text(cell: Cell, limit: int | None = None) -> str:
    """A cell as text, stripped; control characters (NUL…) and over-long text are refused."""
    value = cell_text(cell)
    bad = next(
        (ch for ch in value if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK), None
    )
    if bad is not None:
        raise BadValue(
            _(
                "holds an invisible control character (U+%(code)04X), often left by copying "
                "from another program; type the text again"
            )
            % {"code": ord(bad)}
        )
    if limit is not None and len(value) > limit:
        raise BadValue(
            _("is longer than %(limit)d characters (it has %(count)d)")
            % {"limit": limit, "count": len(value)}
        )
    return value


def clean_lines(value: str) -> list[str]:
    """The non-empty lines of a text, each without bullets and repeated spaces."""
    lines = []
    for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cleaned = " ".join(line.strip().lstrip(_BULLETS).split())
        if cleaned:
            lines.append(cleaned)
    return lines


def clean_text(value: str) -> str:
    """A multi-line text tidied line by line (Excel cells come with bullets and stray spaces)."""
    return "\n".join(clean_lines(value))


def clean_inline(value: str, separator: str = ", ") -> str:
    """A multi-line text on one line: 'Kec. A\\nDs. B' becomes 'Kec. A, Ds. B'."""
    return separator.join(clean_lines(value))


def split_list(raw: str) -> list[str]:
    """Items of a cell separated by semicolons, commas, vertical bars or line breaks."""
    return [part.strip() for part in re.split(r"[;,|\n]", raw) if part.strip()]


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    found = position + 1
    while found:
        found, rest = divmod(found - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def code_text(value: Cell) -> str:
    """A code cell as text: spreadsheets turn 5301 into 5301.0, which is undone here."""
    found = cell_text(value)
    if re.fullmatch(r"\d+\.0+", found):
        return found.split(".", 1)[0]
    return found


# ---------------------------------------------------------------------------------------------
# Numbers


def to_decimal(value: Cell) -> Decimal | None:
    """A measured quantity as Decimal (None when blank); a decimal comma is accepted, thousands
    separators are not (`12,5` is 12.5; `1.250` is 1.25)."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(_("“%(value)s” is not a number") % {"value": cell_text(value)})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadValue(_("“%(value)s” is not a number") % {"value": value})
        return Decimal(repr(value))
    found = value.strip()
    if found.isascii() and found.isdigit():
        return Decimal(found)
    found = found.replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(found):
        raise BadValue(_("“%(value)s” is not a number") % {"value": value.strip()})
    try:
        return Decimal(found.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise BadValue(_("“%(value)s” is not a number") % {"value": found}) from exc


def parse_amount(value: Cell) -> Decimal | None:
    """A non-negative measured quantity (hectares, kilometres, event counts)."""
    found = to_decimal(value)
    if found is not None and found < 0:
        raise BadValue(_("%(value)s is negative") % {"value": cell_text(value)})
    return found


# The largest count any database column of tangguh holds (PostgreSQL's integer): a count above
# it is refused with a message instead of failing where it is stored.
MAX_COUNT = 2_147_483_647


def parse_count(value: Cell) -> int | None:
    """A whole, non-negative number of people, houses or facilities (at most MAX_COUNT)."""
    found = parse_amount(value)
    if found is None:
        return None
    if found > MAX_COUNT:
        raise BadValue(
            _("%(value)s is larger than any count tangguh stores (at most %(most)s)")
            % {"value": cell_text(value)[:40], "most": f"{MAX_COUNT:,}".replace(",", ".")}
        )
    if found != found.to_integral_value():
        raise BadValue(
            _(
                "%(value)s is not a whole number: counts cannot have fractions "
                "(write numbers without thousands separators)"
            )
            % {"value": cell_text(value)}
        )
    return int(found)


def number(cell: Cell) -> Decimal | None:
    """An amount written the Indonesian way (`1.250,5`, `150.000.000`, `Rp 150 juta`) or the
    English way (`1,250.5`, `150,000,000`); None for a blank cell."""
    if cell is None or isinstance(cell, bool):
        if cell is None:
            return None
        raise BadValue(_("'%(value)s' is not a number") % {"value": cell})
    if isinstance(cell, int):
        value = Decimal(cell)
    elif isinstance(cell, float):
        value = Decimal(str(round(cell, 6)))  # 0.1 + 0.2 is 0.3 in a spreadsheet
    elif isinstance(cell, dt.date | dt.time):
        raise BadValue(_("is a date, not a number (check the cell format)"))
    else:
        raw = text(cell)
        if not raw:
            return None
        value = _parse_number(raw)
    if not value.is_finite():
        raise BadValue(_("'%(value)s' is not a number") % {"value": cell})
    return value


def _parse_number(raw: str) -> Decimal:
    body = re.sub(r"^(rp\.?|idr)\s*", "", raw.strip(), flags=re.IGNORECASE)
    body = re.sub(r"[,.]-$", "", body)  # "Rp 150.000,-"
    multiplier = Decimal(1)
    found = _MULTIPLIER.match(body)
    if found and found.group(1):
        body, multiplier = found.group(1), _WORD_MULTIPLIERS[found.group(2).lower()]
    body = body.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    sign = Decimal(1)
    if body.startswith(("-", "−")):
        sign, body = Decimal(-1), body[1:]
    if not body or not re.fullmatch(r"[0-9.,]+", body):
        raise BadValue(_("'%(value)s' is not a number") % {"value": raw})
    body = _without_grouping(body, raw)
    try:
        return sign * Decimal(body) * multiplier
    except InvalidOperation as exc:
        raise BadValue(_("'%(value)s' is not a number") % {"value": raw}) from exc


def _without_grouping(body: str, raw: str) -> str:
    """Digits with one decimal point: thousands separators dropped, a decimal comma turned."""
    if "." in body and "," in body:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        grouping = "," if decimal_mark == "." else "."
        return body.replace(grouping, "").replace(decimal_mark, ".")
    if "." in body:
        if _THOUSANDS_DOT.match(body):
            return body.replace(".", "")
        if body.count(".") > 1:
            raise BadValue(_("'%(value)s' is not a number") % {"value": raw})
    elif "," in body:
        if _THOUSANDS_COMMA.match(body):
            return body.replace(",", "")
        if body.count(",") == 1:
            return body.replace(",", ".")
        raise BadValue(_("'%(value)s' is not a number") % {"value": raw})
    return body


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 150000000, 1.5."""
    shown = format(value, "f")
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def bounded(
    value: Decimal | None, *, least: Decimal, most: Decimal, places: int = 2
) -> Decimal | None:
    """A number within [least, most] with at most `places` decimals (None stays None)."""
    if value is None:
        return None
    if value < 0 <= least:
        raise BadValue(_("must not be negative (%(value)s)") % {"value": plain(value)})
    if value < least or value > most:
        raise BadValue(
            _("%(value)s lies outside %(least)s–%(most)s")
            % {"value": plain(value), "least": plain(least), "most": plain(most)}
        )
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum)
    if rounded != value:
        raise BadValue(
            _("%(value)s has more than %(places)d decimal places")
            % {"value": plain(value), "places": places}
        )
    return rounded


def whole(cell: Cell, *, least: int, most: int) -> int | None:
    """A whole number within [least, most]; None for a blank cell."""
    value = number(cell)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise BadValue(_("%(value)s is not a whole number") % {"value": plain(value)})
    checked = bounded(value, least=Decimal(least), most=Decimal(most), places=0)
    return None if checked is None else int(checked)


def money(cell: Cell, most: Decimal) -> Decimal | None:
    """Rupiah: `Rp 150.000.000`, `150,000,000`, `150000000`, `150 juta`; None when blank."""
    return bounded(number(cell), least=Decimal(0), most=most, places=2)


def yes_no(cell: Cell) -> bool:
    """1/0, ya/tidak, yes/no, true/false (blank is no)."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    raw = text(cell).lower()
    if not raw:
        return False
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise BadValue(
        _("'%(value)s' is not yes or no; write 1/0, ya/tidak, yes/no or true/false")
        % {"value": raw}
    )


def parse_region_code(value: Cell) -> str | None:
    """A Kemendagri code with or without dots, returned in dotted form ('5301' → '53.01')."""
    found = code_text(value)
    if not found:
        return None
    if not re.fullmatch(r"[0-9.]+", found):
        raise BadValue(
            _("“%(value)s” is not a region code: use digits, e.g. 53.01") % {"value": found}
        )
    try:
        return codes.normalize(found)
    except codes.BadRegionCode as exc:
        raise BadValue(
            _(
                "“%(value)s” is not a region code: use 2, 4, 6 or 10 digits, with or without dots "
                "(53, 53.01, 53.01.27, 53.01.27.2005)"
            )
            % {"value": found}
        ) from exc


# ---------------------------------------------------------------------------------------------
# Dates and times


def local_today() -> dt.date:
    """Today's date at the eastern end of Indonesia (dates after it are in the future)."""
    return (dt.datetime.now(dt.UTC) + LATEST_UTC_OFFSET).date()


def make_date(year: int, month: int, day: int, shown: str) -> dt.date:
    """A calendar date, or BadValue naming the text `shown` (31/02/2021 does not exist)."""
    if year < FIRST_YEAR:
        raise BadValue(
            _("“%(value)s”: the year %(year)d is not plausible") % {"value": shown, "year": year}
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadValue(_("“%(value)s” is not a valid date") % {"value": shown}) from exc


def parse_time(value: Cell) -> dt.time | None:
    """A time of day: '14:30', '14.30', '14:30:00', '14:30 WIB', a time cell or a day fraction."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        seconds = round(value * 86400)
        return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
    shown = cell_text(value)
    match = _TIME.match(shown)
    hour, minute, second = (int(g or 0) for g in match.groups()) if match else (99, 0, 0)
    if hour > 23 or minute > 59 or second > 59:
        raise BadValue(_("“%(value)s” is not a time of day (write it as 14:30)") % {"value": shown})
    return dt.time(hour, minute, second)


def parse_datetime(value: Cell) -> tuple[dt.date, dt.time | None] | None:
    """A date and optional time: Excel date cells and serials, ISO, day-first, named months.

    A time of exactly 00:00:00 is read as "no time given" (date-only cells and exports show it).
    """
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date(), _real_time(value.time())
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        moment = _EXCEL_EPOCH + dt.timedelta(days=float(value))
        return moment.date(), _real_time(moment.time())
    shown = cell_text(value)
    for pattern, order in ((_ISO_DATE, "ymd"), (_DAY_FIRST, "dmy"), (_NAMED_MONTH, "dmy")):
        match = pattern.match(shown)
        if match:
            return _date_from_match(match, order, shown)
    raise BadValue(
        _("“%(value)s” is not a date (write it as 2021-11-09 or 09/11/2021)") % {"value": shown}
    )


def parse_date(value: Cell) -> dt.date | None:
    """A calendar date (any time of day in the cell is dropped)."""
    when = parse_datetime(value)
    return when[0] if when else None


def _date_from_match(
    match: re.Match[str], order: str, shown: str
) -> tuple[dt.date, dt.time | None]:
    """The date (and time) of a matched date pattern."""
    first, second, third, rest = match.groups()
    if order == "ymd":
        year, month, day = int(first), int(second), int(third)
    else:
        month_number = MONTHS.get(second.lower()) if not is_number(second) else int(second)
        if month_number is None:
            raise BadValue(_("“%(value)s” is not a date (unknown month)") % {"value": shown})
        year, month, day = int(third), month_number, int(first)
    date = make_date(year, month, day, shown)
    time = parse_time(rest) if rest else None
    return date, _real_time(time)


def _real_time(time: dt.time | None) -> dt.time | None:
    """The time without fractions of a second; midnight exactly means "no time given"."""
    if time is None:
        return None
    time = time.replace(microsecond=0)
    return None if time == dt.time(0, 0) else time
