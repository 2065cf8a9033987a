"""The demo's disaster events: NTT's events as BNPB's DIBI recorded them (shipped in `data/`,
see `data/SOURCES.md`), imported through the importer as the system. Nothing is generated.

- `dibi_ntt_ekspor_2018.csv`: 716 events 1928 – March 2018 (the DIBI export of 2018);
- `dibi_ntt_2018_2024_salinan_kaggle.csv`: 538 events January 2018 – May 2024 (a re-export;
  its rows get the ids `kaggle-<line>`), less the 6 rows of 2018 that repeat an export row
  (`dibi_ntt_2018_tumpang_tindih.csv`: the export row is kept, it has graded houses);
- BNPB's sample file (`bnpb_sample_Data_Bencana.xls`, 34 events of 2020 in many provinces): its
  one NTT row is imported, the rows of other provinces are skipped (no stub regions).
"""

from __future__ import annotations

import csv
from pathlib import Path
from tempfile import TemporaryDirectory

from django.utils.translation import gettext as _

from tangguh.core.importing import ImportReport
from tangguh.disasters.importers import import_events

DATA = Path(__file__).parent / "data"
EXPORT_2018 = DATA / "dibi_ntt_ekspor_2018.csv"
KAGGLE_COPY = DATA / "dibi_ntt_2018_2024_salinan_kaggle.csv"
OVERLAP = DATA / "dibi_ntt_2018_tumpang_tindih.csv"
SAMPLE = DATA / "bnpb_sample_Data_Bencana.xls"
KAGGLE_IDS = "kaggle"
# How pages name where the events come from.
ATTRIBUTION = "Sumber: BNPB, Data dan Informasi Bencana Indonesia (DIBI)"


def overlapping_lines() -> set[int]:
    """The lines of the Kaggle copy that repeat a row of the 2018 export."""
    with OVERLAP.open(encoding="utf-8") as handle:
        return {int(row["baris_salinan_kaggle"]) for row in csv.DictReader(handle)}


def without_lines(source: Path, lines: set[int], target: Path) -> Path:
    """A copy of a CSV file with the given lines blanked (the other lines keep their numbers)."""
    text = source.read_text(encoding="utf-8").splitlines()
    kept = ["" if number in lines else line for number, line in enumerate(text, start=1)]
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def load_dibi() -> list[tuple[str, ImportReport]]:
    """Import the shipped DIBI files as the system (idempotent); the report of each."""
    reports = [(EXPORT_2018.name, import_events(EXPORT_2018, actor=None))]
    with TemporaryDirectory() as folder:
        copy = without_lines(KAGGLE_COPY, overlapping_lines(), Path(folder) / KAGGLE_COPY.name)
        reports.append((KAGGLE_COPY.name, import_events(copy, actor=None, line_ids=KAGGLE_IDS)))
    reports.append((SAMPLE.name, import_events(SAMPLE, actor=None)))
    for _name, report in reports:
        report.raise_if_failed()
    return reports


def load_demo() -> str:
    """The demo's events: NTT's DIBI records (a step of `tangguh demo`)."""
    reports = load_dibi()
    created = sum(report.created for _name, report in reports)
    skipped = sum(report.counts.get("outside", 0) for _name, report in reports)
    return _(
        "Disaster events from BNPB's DIBI created: %(count)d (rows of other provinces "
        "skipped: %(skipped)d)"
    ) % {"count": created, "skipped": skipped}
