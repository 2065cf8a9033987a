"""tangguh's own CSV template for disaster events: one column per record field and effect.

Columns (`TEMPLATE_COLUMNS`, in this order):

- `source_id` (your own key for the event), `hazard_code` (DIBI code, digits), `hazard_name`,
  `region_code` (Kemendagri code, dots optional), `location_text`, `village_name`;
- `start` and `end` (dates, ISO `2024-01-15`; day-first `15/01/2024` is accepted too),
  `start_time` (`14:30`);
- `latitude`, `longitude` (decimal degrees), `event_count` (fractions allowed, e.g. 0.5 for an
  event shared by two regencies), `description`, `cause`, `source`, `verification`
  (`unverified`, `verified` or `rejected`; blank = unverified);
- one column per effect (`deaths`, …, `economic_loss` in rupiah; see `records.EFFECTS`);
- disaggregation columns `<effect>__<key>` for the people counts, e.g. `deaths__female`.

A blank cell means "unknown"; write 0 only for a reported zero. Rows whose first cell starts with
`#` are comments and are skipped. Column names are matched without regard to case, spaces or
underscores. Reading what `write_rows` wrote gives back equal records (text is stripped; a blank
hazard name is None; region codes come back dotted).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from tangguh.core.exporting import guard
from tangguh.core.importing.cells import cell_text
from tangguh.core.importing.columns import Table
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.disasters.records import (
    DISAGGREGATION_KEYS,
    EFFECTS,
    PEOPLE_EFFECTS,
    EventRecord,
    Verification,
)

from .common import (
    Target,
    check_dates,
    check_present,
    format_number,
    parse_hazard_code,
    row_ignored,
    text_output,
)

FORMAT = "csv"
RECORD_COLUMNS = (
    "source_id",
    "hazard_code",
    "hazard_name",
    "region_code",
    "location_text",
    "village_name",
    "start",
    "start_time",
    "end",
    "latitude",
    "longitude",
    "event_count",
    "description",
    "cause",
    "source",
    "verification",
)
DISAGGREGATION_COLUMNS = tuple(
    f"{effect}__{key}" for effect in PEOPLE_EFFECTS for key in DISAGGREGATION_KEYS
)
TEMPLATE_COLUMNS: tuple[str, ...] = RECORD_COLUMNS + tuple(EFFECTS) + DISAGGREGATION_COLUMNS
SPELLINGS: dict[str, tuple[str, ...]] = {name: (name,) for name in TEMPLATE_COLUMNS}

# The commented example row of an empty template (column -> value).
EXAMPLE = {
    "source_id": "# EXAMPLE 5302-1010-2024-01-15 (delete this row)",
    "hazard_code": "1010",
    "hazard_name": "Banjir",
    "region_code": "53.02",
    "location_text": "Kec. Amanuban Selatan, Ds. Oebelo",
    "village_name": "Oebelo",
    "start": "2024-01-15",
    "start_time": "14:30",
    "end": "2024-01-16",
    "latitude": "-10.0512",
    "longitude": "124.3021",
    "event_count": "1",
    "description": "Hujan deras sejak pagi; air setinggi 50 cm merendam permukiman.",
    "cause": "Hujan dengan intensitas tinggi",
    "source": "BPBD Kab. Timor Tengah Selatan",
    "verification": "unverified",
    "deaths": "0",
    "injured": "2",
    "affected": "350",
    "displaced": "120",
    "houses_flooded": "85",
    "rice_fields_ha": "12.5",
    "injured__female": "1",
    "injured__male": "1",
}


def recognise(keys: set[str]) -> bool:
    """True for a header with the template's key columns."""
    return {"sourceid", "start"} <= keys and bool({"hazardcode", "hazardname"} & keys)


def read_rows(table: Table, ctx: ReadContext) -> list[EventRecord]:
    """The records of a template table."""
    records: list[EventRecord] = []
    for row in table.rows:
        if row.cells and cell_text(row.cells[0]).startswith("#"):
            continue
        fields = ctx.reader(table, row)
        record = _record(fields)
        record.ignored_columns = row_ignored(table.columns, row)
        check_present(fields, record, "start", "hazard_code, hazard_name")
        check_dates(ctx, record, fields.label("start"), fields.label("end"))
        records.append(record)
    return records


def _record(f: RowReader) -> EventRecord:
    """One template row as a record."""
    effects = _effects(f)
    return EventRecord(
        source_format=FORMAT,
        source_id=f.text("source_id"),
        line=f.line,
        hazard_code=f.get("hazard_code", parse_hazard_code),
        hazard_name=f.text("hazard_name") or None,
        region_code=f.region("region_code"),
        location_text=f.text("location_text"),
        village_name=f.text("village_name"),
        start=f.date("start"),
        start_time=f.time("start_time"),
        end=f.date("end"),
        latitude=f.coordinate("latitude", 90),
        longitude=f.coordinate("longitude", 180),
        event_count=f.amount("event_count"),
        description=f.text("description"),
        cause=f.text("cause"),
        source=f.text("source"),
        verification=_verification(f),
        effects=effects,
        disaggregation=_disaggregation(f, effects),
    )


def _verification(f: RowReader) -> str:
    """The verification status; blank means unverified."""
    text = f.text("verification").lower()
    if not text:
        return Verification.UNVERIFIED
    if text not in Verification.ALL:
        f.fail(
            "verification",
            _("“%(value)s” is not a verification status (use %(choices)s)")
            % {"value": text, "choices": ", ".join(Verification.ALL)},
        )
        return Verification.UNVERIFIED
    return text


def _effects(f: RowReader) -> dict[str, int | Decimal | None]:
    """The effects the row reports (blank cells are unknown and left out)."""
    effects: dict[str, int | Decimal | None] = {}
    for name, (kind, _unit) in EFFECTS.items():
        value = f.count(name) if kind == "count" else f.amount(name)
        if value is not None:
            effects[name] = value
    return effects


def _disaggregation(
    f: RowReader, effects: dict[str, int | Decimal | None]
) -> dict[str, dict[str, int]]:
    """The disaggregated people counts; none may exceed the effect's total."""
    result: dict[str, dict[str, int]] = {}
    for effect in PEOPLE_EFFECTS:
        total = effects.get(effect)
        for key in DISAGGREGATION_KEYS:
            column = f"{effect}__{key}"
            value = f.count(column) if f.has(column) else None
            if value is None:
                continue
            if total is not None and value > total:
                f.fail(
                    column,
                    _("%(value)d is more than the total %(effect)s (%(total)d)")
                    % {"value": value, "effect": f.label(effect), "total": total},
                )
            result.setdefault(effect, {})[key] = value
    return result


def write_rows(records: Sequence[EventRecord], target: Target) -> None:
    """Records as a template CSV file (UTF-8, comma separated, header first)."""
    with text_output(target) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(TEMPLATE_COLUMNS)
        for record in records:
            writer.writerow([guard(value) for value in _row(record)])


def _row(record: EventRecord) -> list[str]:
    """A record as the template's cells."""
    values = {
        "source_id": record.source_id,
        "hazard_code": record.hazard_code or "",
        "hazard_name": record.hazard_name or "",
        "region_code": record.region_code or "",
        "location_text": record.location_text,
        "village_name": record.village_name,
        "start": record.start.isoformat() if record.start else "",
        "start_time": record.start_time.isoformat() if record.start_time else "",
        "end": record.end.isoformat() if record.end else "",
        "latitude": format_number(record.latitude),
        "longitude": format_number(record.longitude),
        "event_count": format_number(record.event_count),
        "description": record.description,
        "cause": record.cause,
        "source": record.source,
        "verification": record.verification,
    }
    for name in EFFECTS:
        values[name] = format_number(record.effects.get(name))
    for effect, keys in record.disaggregation.items():
        for key, value in keys.items():
            values[f"{effect}__{key}"] = format_number(value)
    return [values.get(column, "") for column in TEMPLATE_COLUMNS]


def write_template(target: Target) -> None:
    """An empty template: the header and one commented example row.

    The example row's first cell starts with `# EXAMPLE`, so readers skip it; it shows a flood in
    Kab. Timor Tengah Selatan (53.02) on 2024-01-15 at 14:30 lasting to the next day, with 0
    deaths (a reported zero), 2 injured (1 female, 1 male), 350 affected, 120 displaced, 85
    houses flooded and 12.5 ha of rice fields; every other effect is blank (unknown).
    """
    with text_output(target) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerow([EXAMPLE.get(column, "") for column in TEMPLATE_COLUMNS])
