"""A disaster loss-report form for ODK Collect / KoboToolbox, and its submissions imported as
events through the disasters module's importer (its template's columns, so the same checks:
hazard, place within the user's regions, dates not in the future, counts, duplicates).

The form's field names are the template's column names; an export (CSV or XLSX, group
prefixes with `-` or `/`) is turned into a template file row for row (so problems keep their
line numbers), the submission's instance id becoming `source_id` (`odk-<uuid>`), and imported
with `disasters.services.import_event_file`.
"""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.cells import cell_text
from tangguh.core.importing.files import Row, read_file
from tangguh.disasters.services import import_event_file
from tangguh.disasters.summaries import effect_fields, template_columns
from tangguh.resilience.odk import SURVEY

FORM_ID = "tangguh_laporan_kerugian"
INSTANCE_COLUMNS = ("instanceid", "_uuid", "key", "uuid")
EFFECT_LABELS = {
    "deaths": "Meninggal (orang)",
    "missing": "Hilang (orang)",
    "injured": "Luka (orang)",
    "affected": "Menderita (orang)",
    "displaced": "Mengungsi (orang)",
    "houses_heavy": "Rumah rusak berat",
    "houses_moderate": "Rumah rusak sedang",
    "houses_light": "Rumah rusak ringan",
    "houses_flooded": "Rumah terendam",
    "education_damaged": "Fasilitas pendidikan rusak",
    "health_damaged": "Fasilitas kesehatan rusak",
    "worship_damaged": "Tempat ibadah rusak",
    "bridges_damaged": "Jembatan rusak",
    "rice_fields_ha": "Sawah rusak (ha)",
    "livestock": "Ternak mati (ekor)",
    "economic_loss": "Kerugian (rupiah)",
}


def loss_form_rows() -> list[list[Any]]:
    """The survey sheet of the loss-report form (blank counts are unknown, 0 a reported zero)."""
    unknown = "Kosongkan bila tidak diketahui; isi 0 hanya bila dilaporkan nol."
    rows: list[list[Any]] = [
        ["select_one hazard", "hazard_name", "Jenis bencana", "", "yes", "", "", "", ""],
        [
            "text",
            "region_code",
            "Kode wilayah (Kemendagri) kabupaten/kota atau desa",
            "mis. 53.01.27.2002",
            "yes",
            "",
            r"regex(., '^53(\.[0-9]{2})(\.[0-9]{2}(\.[0-9]{4})?)?$')",
            "Kode Kemendagri seperti 53.01.27.2002",
            "",
        ],
        ["text", "village_name", "Nama desa/kelurahan", "", "", "", "", "", ""],
        ["text", "location_text", "Lokasi (dusun, RT/RW, keterangan)", "", "", "", "", "", ""],
        [
            "date",
            "start",
            "Tanggal kejadian",
            "",
            "yes",
            "",
            ". <= today()",
            "Tanggal tidak boleh di masa depan",
            "",
        ],
        ["time", "start_time", "Jam kejadian", "", "", "", "", "", ""],
        ["decimal", "latitude", "Lintang", "", "", "", ". >= -12 and . <= -7", "", ""],
        ["decimal", "longitude", "Bujur", "", "", "", ". >= 118 and . <= 126", "", ""],
        ["text", "description", "Kronologi singkat", "", "", "", "", "", ""],
        ["text", "cause", "Penyebab", "", "", "", "", "", ""],
        ["calculate", "source", "", "", "", "", "", "", "'ODK'"],
        ["begin_group", "effects", "Dampak", unknown, "", "", "", "", ""],
    ]
    fields = effect_fields()
    for name, label in EFFECT_LABELS.items():
        kind = "integer" if fields[name][0] == "count" else "decimal"
        rows.append([kind, name, label, unknown, "", "", ". >= 0", "", ""])
    rows.append(["end_group", "", "", "", "", "", "", "", ""])
    return rows


def loss_form_book() -> Any:
    """The loss-report XLSForm workbook; hazards from the catalogue (names as the template
    reads them)."""
    from tangguh.core.exporting import xlsx_book

    hazards = [
        ["hazard", re.sub(r"[^a-z0-9_]", "_", h.key), h.name_id]
        for h in HazardType.objects.filter(family__isnull=True).exclude(key="other")
    ]
    return xlsx_book(
        [
            ("survey", SURVEY, loss_form_rows()),
            ("choices", ["list_name", "name", "label"], hazards),
            (
                "settings",
                ["form_title", "form_id", "version", "default_language"],
                [["Laporan kerugian bencana (tangguh)", FORM_ID, "2026.1", "id"]],
            ),
        ]
    )


def _name(cell: Any) -> str:
    return re.split(r"[/-]", cell_text(cell).strip())[-1].strip().lower()


def to_template(rows: list[Row], columns: tuple[str, ...]) -> list[list[str]] | None:
    """The export's rows in the template's columns (None: no header with region_code)."""
    names = {h.key: h.name_id for h in HazardType.objects.all()}
    found = next(
        (i for i, r in enumerate(rows[:10]) if "region_code" in [_name(c) for c in r.cells]), None
    )
    if found is None:
        return None
    row = rows[found]
    header = [_name(c) for c in row.cells]
    position = {name: i for i, name in reversed(list(enumerate(header)))}
    instance = next((position[c] for c in INSTANCE_COLUMNS if c in position), None)
    out: list[list[str]] = [list(columns)]
    line = row.line
    for data in rows[found + 1 :]:
        while line + 1 < data.line:  # keep line numbers: blank lines become comment rows
            out.append(["#"] + [""] * (len(columns) - 1))
            line += 1
        values = []
        for column in columns:
            if column == "source_id":
                raw = cell_text(data.value(instance)) if instance is not None else ""
                values.append(f"odk-{raw.removeprefix('uuid:')}" if raw else "")
            elif column == "hazard_name" and "hazard_name" in position:
                raw = cell_text(data.value(position["hazard_name"]))
                values.append(str(names.get(raw, raw)))
            elif column in position:
                values.append(cell_text(data.value(position[column])))
            else:
                values.append("")
        out.append(values)
        line = data.line
    return out


def import_loss_reports(
    path: Path, *, actor: Any, dry_run: bool = False, name: str | None = None
) -> ImportReport:
    """Import an ODK Central / KoboToolbox export of the loss-report form as events."""
    name = name or path.name
    problems = Problems()
    reading = read_file(path, problems, name=name)
    report = ImportReport(dry_run=dry_run)
    if reading is None:
        return report.reject(problems.items)
    rows = to_template(reading.sheets[0].rows, template_columns())
    if rows is None:
        problems.add(
            name, _("no column region_code: is this an export of tangguh's loss-report form?")
        )
        return report.reject(problems.items)
    with tempfile.TemporaryDirectory() as folder:
        converted = Path(folder) / "events.csv"
        with converted.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(rows)
        return import_event_file(converted, actor=actor, dry_run=dry_run, name=name)
