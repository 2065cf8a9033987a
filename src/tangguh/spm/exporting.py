"""Downloads of SPM data: the data workbook (two sheets, `Layanan` and `Triwulan`, the layout the
import reads back, also as the empty template with its instructions), CSV of the records, and
the quarterly report's table (a regency's services, or the province's roll-up of its regencies)
for the Excel and PDF reports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tangguh.core.exporting import xlsx_book
from tangguh.measures import spm
from tangguh.spm.choices import QUALITY_LABELS, STAGE_FIELDS, Service
from tangguh.spm.models import QuarterReport, ServiceRecord
from tangguh.spm.summaries import RegencyReport, RollupRow

RECORD_SHEET, QUARTER_SHEET, HELP_SHEET = "Layanan", "Triwulan", "Petunjuk"
STAGE_COLUMNS = {
    "data": "pengumpulan_data",
    "needs": "penghitungan_kebutuhan",
    "planning": "perencanaan",
    "delivery": "pelaksanaan",
}
RECORD_COLUMNS = [
    "kode_wilayah",
    "nama_wilayah",
    "tahun",
    "layanan",
    "sasaran",
    "dasar_sasaran",
    "sumber_sasaran",
    *STAGE_COLUMNS.values(),
    "standar_mutu",
    "catatan",
]
QUARTER_COLUMNS = [
    "kode_wilayah",
    "nama_wilayah",
    "tahun",
    "layanan",
    "triwulan",
    "terlayani",
    "tanggal_lapor",
    "alasan",
    "catatan",
]
CSV_COLUMNS = ["id", *RECORD_COLUMNS, "terlayani_setahun", "capaian"]


def standard_numbers(record: ServiceRecord) -> str:
    """The standards met as their numbers in the service's checklist ("1, 3")."""
    order = spm.QUALITY_STANDARDS.get(record.service, ())
    met = set(record.quality_met or [])
    return ", ".join(str(n) for n, key in enumerate(order, start=1) if key in met)


def record_rows(records: QuerySet[ServiceRecord]) -> Iterator[list[Any]]:
    """One row per record, in RECORD_COLUMNS order."""
    for r in records.select_related("region").order_by("region_id", "year", "service", "pk"):
        yield [
            r.region_id,
            r.region.name,
            r.year,
            r.service,
            r.target,
            r.target_basis,
            r.target_source,
            *("ya" if getattr(r, STAGE_FIELDS[s]) else "tidak" for s in STAGE_COLUMNS),
            standard_numbers(r),
            r.notes,
        ]


def csv_rows(records: QuerySet[ServiceRecord]) -> Iterator[list[Any]]:
    """One row per record with its id, the people served in the year and its achievement."""
    ordered = records.select_related("region").prefetch_related("quarters")
    for r, row in zip(
        ordered.order_by("region_id", "year", "service", "pk"),
        record_rows(records),
        strict=True,
    ):
        served = [q.served for q in r.quarters.all()]
        total = sum(served) if served else None
        value = None
        if r.target and total is not None:
            value = spm.achievement(total, r.target, r.quality_count, r.quality_required).rounded
        yield [r.pk, *row, total, value]


def quarter_rows(quarters: QuerySet[QuarterReport]) -> Iterator[list[Any]]:
    """One row per quarterly figure, in QUARTER_COLUMNS order."""
    for q in quarters.select_related("record__region").order_by(
        "record__region_id", "record__year", "record__service", "quarter"
    ):
        yield [
            q.record.region_id,
            q.record.region.name,
            q.record.year,
            q.record.service,
            q.quarter,
            q.served,
            q.reported_on,
            q.reason,
            q.notes,
        ]


def help_rows() -> list[list[Any]]:
    """The template's instructions: the services with their codes and quality checklists."""
    rows: list[list[Any]] = []
    for number, service in enumerate(Service, start=1):
        for position, key in enumerate(spm.QUALITY_STANDARDS[service.value], start=1):
            rows.append(
                [number, service.value, str(service.label), position, str(QUALITY_LABELS[key])]
            )
    return rows


def help_header() -> list[str]:
    """The instruction sheet's header."""
    return [
        "no",
        "layanan",
        _("service"),
        "standar_mutu",
        _("quality standard"),
    ]


def data_book(records: QuerySet[ServiceRecord], quarters: QuerySet[QuarterReport]) -> Any:
    """The data workbook: records, quarterly figures and the instructions."""
    return xlsx_book(
        [
            (RECORD_SHEET, RECORD_COLUMNS, record_rows(records)),
            (QUARTER_SHEET, QUARTER_COLUMNS, quarter_rows(quarters)),
            (HELP_SHEET, help_header(), help_rows()),
        ]
    )


def template_book() -> Any:
    """The empty template: the two data sheets' headers and the instructions."""
    return xlsx_book(
        [
            (RECORD_SHEET, RECORD_COLUMNS, []),
            (QUARTER_SHEET, QUARTER_COLUMNS, []),
            (HELP_SHEET, help_header(), help_rows()),
        ]
    )


def _percent(value: Any) -> Any:
    return None if value is None else round(float(value), 2)


def report_table(report: RegencyReport) -> tuple[list[str], list[list[Any]]]:
    """A regency's quarterly report table: per service, the target, the people served per
    quarter and to date, the shares, the quality and the achievement; the sub-affair last."""
    quarters = [_("Q%(q)d served") % {"q": q} for q in report.quarters]
    header = [
        _("No"),
        _("Basic service"),
        _("People entitled (target)"),
        *quarters,
        _("Served to date"),
        _("Not yet served"),
        _("Served (%)"),
        _("Quality standards met"),
        _("Quality (%)"),
        _("SPM achievement (%)"),
        _("Stages done"),
    ]
    rows: list[list[Any]] = []
    for number, row in enumerate(report.rows, start=1):
        record = row.record
        target = record.target if record else None
        served = row.served_to_date
        rows.append(
            [
                number,
                row.label,
                target,
                *(row.served.get(q) for q in report.quarters),
                served,
                max(target - served, 0) if target is not None and served is not None else None,
                _percent(row.result.served_percent) if row.result else None,
                f"{record.quality_count}/{record.quality_required}" if record else None,
                _percent(row.result.quality_percent) if row.result else None,
                _percent(row.achievement),
                f"{sum(done for _s, done in record.stages)}/4" if record else None,
            ]
        )
    blanks: list[Any] = [None] * (len(header) - 3)
    rows.append(
        [
            None,
            _("Sub-affair (mean of the services, unverified)"),
            *blanks[:-1],
            _percent(report.subaffair),
            None,
        ]
    )
    return header, rows


def rollup_table(rows: list[RollupRow]) -> tuple[list[str], list[list[Any]]]:
    """The province's roll-up: per regency, each service's achievement, the sub-affair mean and
    whether the quarter was reported."""
    header = [
        _("Code"),
        _("Regency/city"),
        *(str(s.label) for s in Service),
        _("Sub-affair (unverified mean)"),
        _("Report"),
        _("Reported on"),
    ]
    table = [
        [
            r.region.code,
            r.region.name,
            *(_percent(s.achievement) for s in r.report.rows),
            _percent(r.report.subaffair),
            r.status_label,
            r.reported_on,
        ]
        for r in rows
    ]
    return header, table


def info_rows(title: str, place: str, year: int, quarter: int) -> list[list[Any]]:
    """The report's heading and its method, as rows of a sheet."""
    return [
        [_("Report"), title],
        [_("Region"), place],
        [_("Year"), year],
        [_("Quarter"), quarter],
        [_("Formula"), _("0.8 × served ÷ target × 100 + 0.2 × standards met ÷ required × 100")],
        [_("Legal basis"), spm.LEGAL_BASIS],
        [_("Method version"), spm.VERSION],
        [
            _("Unverified"),
            _("The sub-affair figure as the mean of the services is not confirmed by a source."),
        ],
    ]


def report_book(
    title: str, place: str, year: int, quarter: int, table: tuple[list[str], list[list[Any]]]
) -> Any:
    """The quarterly report as a workbook: the table, then its heading and method."""
    header, rows = table
    return xlsx_book(
        [
            (_("Report"), header, rows),
            (_("About"), [_("Item"), _("Value")], info_rows(title, place, year, quarter)),
        ]
    )
