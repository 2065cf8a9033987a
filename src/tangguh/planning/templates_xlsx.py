"""The proposals template, as CSV and as an Excel workbook with a sheet explaining every column
and its allowed values (and, for a region, the codes of its villages)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.models import HazardType
from tangguh.planning.importers import TEMPLATE_COLUMNS
from tangguh.planning.models import PartnerProgramme, SourceKind
from tangguh.regions import codes
from tangguh.regions.models import Level, Region

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
BOLD = Font(bold=True)
RUPIAH = '"Rp" #,##0'
WRAP = Alignment(wrap_text=True, vertical="top")
WIDTHS = {
    "ref": 14,
    "village_code": 16,
    "source_kind": 22,
    "title": 40,
    "description": 40,
    "problem": 36,
    "estimated_cost": 18,
    "hazards": 22,
    "partner_programme": 28,
}


@dataclass(frozen=True)
class ColumnHelp:
    """What one template column holds."""

    name: str
    required: bool
    meaning: str
    allowed: str


def _yes_no() -> str:
    return _("1 or 0, ya or tidak, yes or no, true or false; empty means no")


def column_help(region: Region | None = None, user: Any = None) -> list[ColumnHelp]:
    """Every column of the template (and the optional year) explained, in the user's language;
    the partner programmes named are those `user` reads (none without a user)."""
    sources = "; ".join(f"{key} = {label}" for key, label in SourceKind.choices)
    phases = "; ".join(f"{key} = {label}" for key, label in DisasterPhase.choices)
    hazards = "; ".join(
        f"{h.key} = {h.name}" for h in HazardType.objects.filter(family__isnull=True)
    )
    programmes = _programmes(region, user)
    count = _("whole number, 0 or more; empty when not known")
    return [
        ColumnHelp(
            "ref",
            False,
            _("Your own number for the proposal (e.g. the SIPD or forum number)."),
            _("at most 60 characters; unique in the regency/city and budget year"),
        ),
        ColumnHelp(
            "village_code",
            True,
            _("The village or kelurahan (or the sub-district) the proposal is for."),
            _("Kemendagri code, dots optional, e.g. 53.01.27.2002 or 5301272002"),
        ),
        ColumnHelp("source_kind", True, _("Where the proposal comes from."), sources),
        ColumnHelp(
            "title", True, _("A short title of what is asked for."), _("at most 300 characters")
        ),
        ColumnHelp("description", False, _("What exactly is asked for, and where."), _("text")),
        ColumnHelp("problem", False, _("The problem the proposal addresses."), _("text")),
        ColumnHelp(
            "volume",
            False,
            _("How much is asked for."),
            _("a number, 0 or more, e.g. 150 or 1,5"),
        ),
        ColumnHelp(
            "unit", False, _("The unit of the volume."), _("e.g. m, unit, paket, orang, KK")
        ),
        ColumnHelp(
            "estimated_cost",
            False,
            _("The estimated cost in rupiah."),
            _("e.g. 150000000, 150.000.000, Rp 150.000.000, 150,000,000 or 150 juta"),
        ),
        ColumnHelp(
            "priority",
            False,
            _("The proposal's priority rank in its forum or village: 1 is the most important."),
            _("whole number from 1 to 999"),
        ),
        ColumnHelp("women", False, _("Women who benefit."), count),
        ColumnHelp("men", False, _("Men who benefit."), count),
        ColumnHelp(
            "disabled",
            False,
            _("Persons with disabilities who benefit (also counted among women and men)."),
            count,
        ),
        ColumnHelp(
            "elderly", False, _("Elderly who benefit (also counted among women and men)."), count
        ),
        ColumnHelp(
            "children", False, _("Children who benefit (also counted among women and men)."), count
        ),
        ColumnHelp(
            "hazards",
            False,
            _("The hazards the proposal addresses; several separated by semicolons."),
            _("a catalogue key or name (Indonesian or English): %(hazards)s")
            % {"hazards": hazards},
        ),
        ColumnHelp(
            "phases",
            False,
            _("The disaster phases it serves; several separated by semicolons."),
            phases,
        ),
        ColumnHelp("poverty", False, _("Does it address poverty?"), _yes_no()),
        ColumnHelp(
            "climate_adaptation", False, _("Does it help adapt to climate change?"), _yes_no()
        ),
        ColumnHelp("livelihood", False, _("Does it support livelihoods?"), _yes_no()),
        ColumnHelp(
            "partner_programme",
            False,
            _("The partner programme behind the proposal, if any."),
            _("the programme's name as registered in tangguh: %(names)s") % {"names": programmes},
        ),
        ColumnHelp(
            "year",
            False,
            _("Optional: the budget year. When given, it must be the year you import for."),
            _("e.g. 2027"),
        ),
    ]


def _programmes(region: Region | None, user: Any) -> str:
    programmes = PartnerProgramme.objects.visible_from_below(user).order_by("name")
    if region is not None and region.level >= Level.REGENCY:
        regency = ".".join(region.code.split(".")[:2])
        programmes = programmes.filter(region_id__in=[regency, *codes.ancestors_of(regency)])
    names = [p.name for p in programmes[:50]]
    return "; ".join(names) if names else _("none registered yet")


def write_template_csv(out: IO[str]) -> None:
    """The CSV template: the header row only (UTF-8, comma separated)."""
    csv.writer(out).writerow(TEMPLATE_COLUMNS)


def template_workbook(region: Region | None = None, user: Any = None) -> Workbook:
    """The Excel template: a sheet to fill, a sheet explaining the columns (the partner
    programmes `user` reads), and (for a region) the codes of its villages."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Proposals")[:31]
    _fill_sheet(sheet)
    help_sheet = book.create_sheet(_("Read me")[:31])
    _help_sheet(help_sheet, column_help(region, user))
    if region is not None:
        _village_sheet(book.create_sheet(_("Village codes")[:31]), region)
    return book


def _fill_sheet(sheet: Worksheet) -> None:
    required = {c.name for c in column_help() if c.required}
    sheet.append(TEMPLATE_COLUMNS)
    for position, name in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if name in required else HEADER_FILL
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"
    last = 2000

    def column(name: str) -> str:
        letter = get_column_letter(TEMPLATE_COLUMNS.index(name) + 1)
        return f"{letter}2:{letter}{last}"

    def add(validation: DataValidation, *names: str) -> None:
        validation.error = _("This value is not accepted here; see the sheet 'Read me'.")
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        for name in names:
            validation.add(column(name))

    add(DataValidation(type="list", formula1=_quoted_list(SourceKind.values)), "source_kind")
    add(
        DataValidation(type="list", formula1=_quoted_list(["1", "0"]), allow_blank=True),
        "poverty",
        "climate_adaptation",
        "livelihood",
    )
    add(
        DataValidation(type="whole", operator="between", formula1="1", formula2="999"),
        "priority",
    )
    add(
        DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"),
        "women",
        "men",
        "disabled",
        "elderly",
        "children",
    )
    cost = TEMPLATE_COLUMNS.index("estimated_cost") + 1
    for row in range(2, 502):
        sheet.cell(row=row, column=cost).number_format = RUPIAH


def _quoted_list(values: list[str]) -> str:
    return '"' + ",".join(values) + '"'


def _help_sheet(sheet: Worksheet, columns: list[ColumnHelp]) -> None:
    sheet.append([_("How to fill the proposals template")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            _(
                "Fill one row per proposal on the first sheet and keep its header row as it is. "
                "Save as .xlsx or as 'CSV UTF-8'. The whole file is checked before anything is "
                "imported: if any row has a problem, every problem is listed with its row and "
                "column and nothing is imported."
            )
        ]
    )
    sheet.append([])
    sheet.append([_("Column"), _("Required"), _("Meaning"), _("Allowed values")])
    for cell in sheet[4]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for column in columns:
        sheet.append(
            [
                column.name,
                _("yes") if column.required else _("no"),
                column.meaning,
                column.allowed,
            ]
        )
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = WRAP
    for letter, width in zip("ABCD", (20, 10, 50, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"


def _village_sheet(sheet: Worksheet, region: Region) -> None:
    sheet.append([_("Code"), _("Village/kelurahan"), _("Sub-district")])
    for cell in sheet[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    villages = Region.objects.within(region.code).filter(level=Level.VILLAGE, is_active=True)
    districts = dict(
        Region.objects.within(region.code).filter(level=Level.DISTRICT).values_list("code", "name")
    )
    for code, name in villages.order_by("code").values_list("code", "name"):
        sheet.append([code, name, districts.get(code.rsplit(".", 1)[0], "")])
    for letter, width in zip("ABC", (16, 30, 26), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
