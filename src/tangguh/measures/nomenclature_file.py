"""Read the shipped nomenclature (gzip CSV) into matcher entries, without Django.

The files live in ``tangguh/nomenclature/data/``: ``nomenklatur_2027.csv.gz`` (one row per
urusan, bidang, program, kegiatan and sub kegiatan, for ``PROV`` and ``KABKOT``) and
``nomenklatur_2027_definisi_operasional.csv.gz`` (the operational definition of each sub
kegiatan). Parent names come from following ``parent_code`` upwards.
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from tangguh.measures.matching import Entry, government_allows


def _rows(path: str | Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def load_entries(
    path_csv_gz: str | Path,
    definitions_gz: str | Path | None = None,
    jenis_pemda: str = "KABKOT",
    government: str | None = "kabkota",
) -> list[Entry]:
    """The sub-activities of one list (``KABKOT`` or ``PROV``) as `Entry` objects, by code.

    With `government` (``"kabkota"`` or ``"provinsi"``) only the codes that government may use
    are kept (`government_allows`); ``None`` keeps every sub-activity of the list, special
    regions included. `definitions_gz` adds the operational definitions.
    """
    rows = [r for r in _rows(path_csv_gz) if r.get("jenis_pemda") == jenis_pemda]
    by_code = {r["code"]: r for r in rows}
    definitions: dict[str, str] = {}
    if definitions_gz is not None:
        for row in _rows(definitions_gz):
            if row.get("jenis_pemda") == jenis_pemda:
                definitions[row["code"]] = row.get("definisi_operasional", "")

    def parent_name(row: dict[str, str] | None) -> tuple[str, dict[str, str] | None]:
        if row is None:
            return "", None
        parent = by_code.get(row.get("parent_code", ""))
        return (parent["name"] if parent else ""), parent

    entries = []
    for row in rows:
        if row.get("level") != "sub_kegiatan":
            continue
        code = row["code"]
        if government is not None and not government_allows(code, government):
            continue
        kegiatan, kegiatan_row = parent_name(row)
        program, program_row = parent_name(kegiatan_row)
        bidang, _ = parent_name(program_row)
        entries.append(
            Entry(
                code=code,
                name=row.get("name", ""),
                kegiatan=kegiatan,
                program=program,
                bidang=bidang,
                output=row.get("output", ""),
                indicator=row.get("indicator", ""),
                unit=row.get("unit", ""),
                definition=definitions.get(code, ""),
                pelaksana=row.get("pelaksana", ""),
            )
        )
    entries.sort(key=lambda e: e.code)
    return entries
