"""Fuzz every importer with hostile and mutated files: `uv run python bench/import_fuzz.py`.

Not a timed test: a bounded fuzzing job, run by CI next to the API fuzzer (.ci/run). Makes a
throwaway site (temporary SQLite database with the NTT regions down to the villages, the hazard
catalogue and the shipped resilience instruments) with the reader's limits set low
(`TANGGUH_IMPORT_MAX_…`, so that files past a limit stay small and quick), then gives every
import command (every `import-*` and `load-*` command and `restore`) files made to break it:
the probe's hostile files of issue 14 (broken encodings, NUL and control characters, huge
fields and lines, too many rows and columns, truncated gzip, zip and XLSX files, archives
nested in archives, gzip bombs, absurd numbers and dates, formulas, XML entity bombs, deep
JSON) and seeded random mutations (bytes flipped, cut, repeated or spliced, cells replaced by
hostile values, columns dropped or shuffled) of valid files, as CSV, gzip and XLSX.

A command fails the run when it ends in anything but its answer or a clean refusal
(`CommandError`: a message): a traceback, a refusal that left rows behind (the row count of
every table is compared before and after), or a case running past `--case-seconds`. A restore
runs in a new process on a copy of a migrated database without data; after a refusal the copy
must hold what it held and no new file may be left in its data folder. The run stops starting
cases after `--max-time` seconds (every command gets the probe's files first, the restores
come next, then mutations in turn); the exit status is 1 when a case failed. A failure prints
the command, the seed and the file, kept in `--keep-failures` when given.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import logging
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "tangguh"

# The reader's limits during the run: small, so that a file past each limit is small too.
LIMITS = {
    "TANGGUH_IMPORT_MAX_UNPACKED_MB": "2",
    "TANGGUH_IMPORT_MAX_WORKBOOK_UNPACKED_MB": "1",
    "TANGGUH_IMPORT_MAX_ROWS": "3000",
    "TANGGUH_IMPORT_MAX_COLUMNS": "64",
    "TANGGUH_IMPORT_MAX_CELLS": "60000",
    "TANGGUH_IMPORT_MAX_LINE_CHARS": "200000",
    "TANGGUH_IMPORT_MAX_CELL_CHARS": "100000",
}
INSTRUMENT = "destana-2025"
# Each import command and the options it needs besides the file.
COMMANDS: dict[str, list[str]] = {
    "import_events": [],
    "import_risk": [],
    "import_climate": [],
    "load_nomenclature": ["--edition", "2099"],
    "load_regions": ["--no-progress"],
    "load_statistics": ["--no-progress"],
    "load_hazards": [],
    "load_poverty_estimates": ["--no-progress"],
    "import_proposals": ["--year", "2026"],
    "import_decisions": [],
    "import_households": ["--year", "2025", "--no-progress"],
    "import_beneficiaries": ["--year", "2025"],
    "import_instrument": [],
    "import_submissions": ["--instrument", INSTRUMENT],
    "import_assessments": [],
    "import_actions": [],
    "import_spm": [],
}
RESTORE = "restore"

HOSTILE_CELLS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\u202e\u200b\ufeff",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-",
    "9" * 40,
    "-" + "9" * 40,
    "1e308",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "1.2.3",
    "1,5",
    "٣",
    "0000-00-00",
    "1900-01-01",
    "1899-12-30",
    "2100-12-31",
    "9999-12-31",
    "0001-01-01",
    "31/02/2024",
    "2024-13-45",
    "-1",
    "99999999999",
    "53",
    "53.71",
    "53.71.01.1001",
    "x" * 5000,
    "'; DROP TABLE regions_region; --",
    "<script>alert(1)</script>",
    '"',
    '""""',
    "\r",
    "\n\n",
    "ä" * 200,
    "🌋" * 50,
]


# --- files -------------------------------------------------------------------------------


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """Rows as CSV text."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """Rows as an XLSX workbook (values that openpyxl refuses are written as text)."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    for row in rows:
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", str(v)) if isinstance(v, str) else v for v in row]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    """A zip archive of the parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def gzip_stream_bomb(unpacked_mb: int) -> bytes:
    """A small gzip file that unpacks to `unpacked_mb` MB of CSV."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        stream.write(b"kode,nama\n")
        block = b"53.01,Kupang\n" * 80_000
        for _ in range(unpacked_mb):
            stream.write(block)
    return out.getvalue()


def hostile_files() -> list[tuple[str, bytes]]:
    """The probe's kinds of hostile files, scaled to the run's limits."""
    header = "kode,nama,tahun,tanggal,jumlah\n"
    files: list[tuple[str, bytes]] = [
        ("empty.csv", b""),
        ("bom.csv", b"\xef\xbb\xbf"),
        ("blank.csv", b" \n\n\t\n"),
        ("nul.csv", b"kode,nama\n53.71,Kota\x00Kupang\n" * 3),
        ("all-nul.csv", b"\x00" * 4096),
        ("control.csv", (header + "53.71,\x01\x1b\x7f\x08,2024,2024-01-01,1\n").encode()),
        ("latin1.csv", (header + "53.71,Kéçà,2024,2024-01-01,1\n").encode("latin-1")),
        ("bad-utf8.csv", header.encode() + b"53.71,\xff\xfe\xc3\x28\xa0\xa1,2024,,1\n"),
        ("utf16-odd.csv", b"\xff\xfe" + header.encode("utf-16-le") + b"\x00"),
        ("utf16-bad.csv", b"\xfe\xff\xd8\x00\x00\x41"),
        ("utf32.csv", header.encode("utf-32")),
        ("huge-field.csv", (header + '53.71,"' + "x" * 150_000 + '",2024,,1\n').encode()),
        ("long-line.csv", ("a" + ",a" * 150_000 + "\n").encode()),
        ("unclosed-quote.csv", (header + '53.71,"Kota Kupang,2024\n' * 50).encode()),
        (
            "wide.csv",
            (",".join(f"c{n}" for n in range(5000)) + "\n" + "1," * 4999 + "1\n").encode(),
        ),
        ("rows.csv", (header + "53.71,Kota Kupang,2024,2024-01-01,1\n" * 4000).encode()),
        ("cells.csv", ((",".join(["1"] * 60) + "\n") * 1100).encode()),
        ("gzip-bomb.csv.gz", gzip_stream_bomb(4)),
        ("gzip-truncated.csv.gz", gzip.compress((header * 2000).encode())[:300]),
        ("gzip-garbage.csv.gz", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4),
        ("gzip-in-gzip.csv.gz", gzip.compress(gzip.compress((header * 50).encode()))),
        ("zip.csv", zip_bytes({"a.csv": header.encode()})),
        ("zip-in-zip.xlsx", zip_bytes({"inner.xlsx": zip_bytes({"a.csv": header.encode()})})),
        ("not-a-workbook.xlsx", zip_bytes({"xl/workbook.xml": b"<workbook"})),
        ("truncated.xlsx", xlsx_bytes([["kode", "nama"], ["53.71", "Kota Kupang"]] * 50)[:900]),
        ("xlsx-bomb.xlsx", _xlsx_with_sheet(b"<row/>" * 400_000)),
        ("xlsx-as-csv.csv", xlsx_bytes([["kode"], ["53.71"]])),
        ("csv-as-xlsx.xlsx", header.encode()),
        ("xls-garbage.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8),
        ("formulas.csv", (header + '=1+1,=HYPERLINK("x"),@SUM(A1),+2,-3\n').encode()),
        (
            "numbers.csv",
            (header + "".join(f"53.71,n,{v},{v},{v}\n" for v in HOSTILE_CELLS[9:19])).encode(),
        ),
        (
            "dates.csv",
            (header + "".join(f"53.71,d,{v[:4]},{v},1\n" for v in HOSTILE_CELLS[19:26])).encode(),
        ),
        (
            "xml-bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(
                f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode()
                for n in range(9)
            )
            + b"]><DESCONSULTAR>&j;</DESCONSULTAR>",
        ),
        ("xml-truncated.xml", b'<?xml version="1.0"?><DESCONSULTAR><TABLE><ROW a="1"'),
        ("deep.json", b"[" * 200_000 + b"]" * 200_000),
        ("json-nul.json", b'{"a": "\\u0000", "b": [1e999]}'),
        ("binary.csv", bytes(random.Random(14).randrange(256) for _ in range(20_000))),
    ]
    return files


def _xlsx_with_sheet(sheet_rows: bytes) -> bytes:
    """A workbook whose one sheet has these rows (for many empty rows)."""
    template = io.BytesIO(xlsx_bytes([["kode"]]))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = (
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    + sheet_rows
                    + b"</sheetData></worksheet>"
                )
            target.writestr(info.filename, data)
    return out.getvalue()


def seed_files() -> list[tuple[str, bytes]]:
    """Valid (or nearly valid) input of the importers: the mutator's starting points."""

    def head(path: Path, lines: int = 25) -> bytes:
        raw = path.read_bytes()
        if raw.startswith(b"\x1f\x8b"):
            raw = gzip.decompress(raw)
        return b"".join(raw.splitlines(keepends=True)[:lines])

    found = [
        ("events.csv", PACKAGE / "disasters/tests/data/template.csv"),
        ("dibi.csv", PACKAGE / "disasters/tests/data/dibi_current.csv"),
        ("dibi-web.csv", PACKAGE / "disasters/tests/data/dibi_tabel_web.csv"),
        ("desinventar.xml", PACKAGE / "disasters/tests/data/desinventar.xml"),
        ("regions.csv", PACKAGE / "regions/data/ntt/ntt_provinsi_kabkota.csv"),
        ("population.csv", PACKAGE / "regions/data/ntt/penduduk_perkiraan_ntt_2015_2025.csv"),
        ("poverty.csv", PACKAGE / "regions/data/ntt/bps_kemiskinan_ntt_kabkota_2004_2025.csv"),
        ("hazards.csv", PACKAGE / "catalogues/data/hazards.csv"),
        ("nomenclature.csv", PACKAGE / "nomenclature/data/nomenklatur_2027.csv.gz"),
        ("questions.csv", PACKAGE / f"resilience/data/instruments/{INSTRUMENT}.questions.csv"),
        ("destana.csv", PACKAGE / "resilience/data/destana_ntt_berita.csv"),
        ("funding.csv", PACKAGE / "resilience/data/funding.csv"),
        ("extreme.csv", PACKAGE / "poverty/data/kemiskinan_ekstrem_ntt_2022_2023_berita.csv"),
    ]
    seeds = [(name, head(path)) for name, path in found if path.is_file()]
    risk_tests = PACKAGE / "risk/tests/test_importers.py"
    if risk_tests.is_file():
        namespace: dict[str, Any] = {}
        source = risk_tests.read_text(encoding="utf-8")
        for constant in ("INARISK", "SIDIK"):
            start = source.find(f"\n{constant} = (")
            if start >= 0:
                end = source.find("\n)\n", start)
                exec(source[start : end + 3], namespace)  # noqa: S102 - a string constant
                seeds.append((f"{constant.lower()}.csv", str(namespace[constant]).encode()))
    return seeds


def column_seeds() -> list[tuple[str, bytes]]:
    """A header and one row for importers whose columns the code names (proposals,
    assessments, households, coordination actions): the first spelling of each column."""
    from tangguh.coordination.exporting import COLUMNS as ACTIONS
    from tangguh.planning.importers.proposal_rows import PROPOSAL_COLUMNS
    from tangguh.poverty.importers import COLUMNS as HOUSEHOLDS
    from tangguh.resilience.excel import COLUMNS as ASSESSMENTS

    def value(column: str) -> str:
        if "region" in column or "kode" in column or "village" in column:
            return "53.01.27.2002"
        if "year" in column or "tahun" in column:
            return "2026"
        if "date" in column or "tanggal" in column or column.endswith("_on"):
            return "2026-03-01"
        if column in ("instrument",):
            return INSTRUMENT
        return (
            "1" if any(w in column for w in ("count", "members", "number", "cost", "id")) else "ya"
        )

    seeds = []
    for name, columns in (
        ("proposals", list(PROPOSAL_COLUMNS)),
        ("assessments", [spellings[0] for spellings in ASSESSMENTS.values()]),
        ("actions", list(ACTIONS)),
    ):
        seeds.append((f"{name}.csv", csv_text([columns, [value(c) for c in columns]]).encode()))
    columns = [spellings[0] for spellings in HOUSEHOLDS.values()]
    rows = [[household.get(c, "") for c in columns] for household in HOUSEHOLD_ROWS]
    seeds.append(("households.csv", csv_text([columns, *rows]).encode()))
    return seeds


# Households the importer takes as they are (every column valid, in villages `prepare` loads), so
# that mutations start from an import that writes: values made from the column names alone
# ("ya" as an expenditure) were refused, and no mutation ever reached the writing.
HOUSEHOLD_ROWS = [
    {
        "household_id": "KPG-0001",
        "region_code": "53.01.27.2002",
        "members": "4",
        "expenditure_per_capita": "450000",
        "weight": "1.5",
        "decile": "3",
        "head_sex": "F",
        "disabled_members": "0",
        "elderly_members": "1",
        "child_members": "2",
        "nik": "5301014101900001",
        "kk": "5301010101900001",
        "welfare_score": "0.35",
        "latitude": "-9.82",
        "longitude": "123.78",
        "synthetic": "tidak",
    },
    {
        "household_id": "KPG-0002",
        "region_code": "53.71.01.1001",
        "members": "2",
        "expenditure_per_capita": "1250000",
        "weight": "1",
        "decile": "8",
        "head_sex": "M",
        "disabled_members": "1",
        "elderly_members": "2",
        "child_members": "0",
        "synthetic": "ya",
    },
]


# The seeds a command is given most often (else any seed: wrong columns are hostile too).
SEEDS_FOR = {
    "import_events": ["events.csv", "dibi.csv", "dibi-web.csv", "desinventar.xml"],
    "import_risk": ["inarisk.csv"],
    "import_climate": ["sidik.csv"],
    "load_nomenclature": ["nomenclature.csv"],
    "load_regions": ["regions.csv"],
    "load_statistics": ["population.csv", "poverty.csv"],
    "load_hazards": ["hazards.csv"],
    "load_poverty_estimates": ["poverty.csv", "extreme.csv"],
    "import_proposals": ["proposals.csv"],
    "import_households": ["households.csv"],
    "import_beneficiaries": ["households.csv"],
    "import_instrument": ["questions.csv"],
    "import_assessments": ["assessments.csv"],
    "import_submissions": ["assessments.csv"],
    "import_actions": ["actions.csv"],
}


class Mutator:
    """Seeded mutations of a file: byte-level, cell-level and format-level."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def rows(self, raw: bytes) -> list[list[str]]:
        text = raw.decode("utf-8-sig", "replace")
        try:
            return [row for row in csv.reader(io.StringIO(text)) if row]
        except csv.Error:
            return [[line] for line in text.splitlines()]

    def cells(self, raw: bytes) -> list[list[str]]:
        """Hostile values in random cells; columns dropped, repeated or shuffled."""
        rows = self.rows(raw) or [["a"]]
        pick = self.random
        for _ in range(pick.randint(1, 12)):
            row = pick.choice(rows)
            if row:
                row[pick.randrange(len(row))] = pick.choice(HOSTILE_CELLS)
        move = pick.random()
        if move < 0.2:  # a column dropped from the header only
            if rows[0]:
                del rows[0][pick.randrange(len(rows[0]))]
        elif move < 0.35:  # columns shuffled in the header
            pick.shuffle(rows[0])
        elif move < 0.5:  # a header repeated
            rows[0] = rows[0] + rows[0][:3]
        elif move < 0.6:  # ragged rows
            for row in rows[1:]:
                del row[pick.randrange(len(row) + 1) :]
        elif move < 0.7:  # the header only, or no header
            rows = rows[:1] if pick.random() < 0.5 else rows[1:]
        return rows

    def bytes_(self, raw: bytes) -> bytes:
        """Bytes flipped, cut, repeated or spliced."""
        data = bytearray(raw or b"x")
        pick = self.random
        for _ in range(pick.randint(1, 6)):
            move = pick.random()
            at = pick.randrange(len(data) + 1)
            if move < 0.3:
                for _ in range(pick.randint(1, 20)):
                    data[pick.randrange(len(data))] = pick.randrange(256)
            elif move < 0.45:
                del data[at:]
                data = data or bytearray(b"\x00")
            elif move < 0.6:
                chunk = data[at : at + pick.randint(1, 200)]
                data[at:at] = chunk * pick.randint(2, 50)
            elif move < 0.75:
                data[at:at] = pick.choice(
                    [b"\x00", b"\r", b'"', b"\xef\xbb\xbf", b"\xff\xfe", b";"]
                )
            else:
                data[at:at] = pick.choice(HOSTILE_CELLS).encode()
        return bytes(data)

    def file(self, name: str, raw: bytes) -> tuple[str, bytes]:
        """One mutation of a seed file, as CSV, gzip, XLSX or bytes."""
        stem = Path(name).stem
        move = self.random.random()
        if name.endswith(".xml"):
            return name, self.bytes_(raw)
        if move < 0.35:
            return f"{stem}.csv", csv_text(self.cells(raw)).encode()
        if move < 0.45:
            delimiter = self.random.choice([";", "\t"])
            return f"{stem}.csv", csv_text(self.cells(raw), delimiter).encode("utf-8-sig")
        if move < 0.6:
            return f"{stem}.xlsx", xlsx_bytes(self.cells(raw))
        if move < 0.7:
            packed = gzip.compress(csv_text(self.cells(raw)).encode())
            if self.random.random() < 0.5:
                packed = packed[: self.random.randrange(len(packed))]
            return f"{stem}.csv.gz", packed
        if move < 0.8:
            book = xlsx_bytes(self.rows(raw))
            return f"{stem}.xlsx", self.bytes_(book)
        return f"{stem}.csv", self.bytes_(raw)


# --- running -------------------------------------------------------------------------------


@dataclass
class Failure:
    command: str
    file: str
    what: str


class CaseTimeout(Exception):
    """A case ran past --case-seconds."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def row_counts() -> dict[str, int]:
    """The number of rows of every table."""
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the db
            counts[table] = cursor.fetchone()[0]
    return counts


class Crashes(logging.Handler):
    """Exceptions that a last guard caught and logged (the user read 'internal error')."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.found.append(
                record.getMessage() + "\n" + "".join(traceback.format_exception(*record.exc_info))
            )


CRASHES = Crashes()
TALLY: dict[str, dict[str, int]] = {}


def run_import(command: str, path: Path, case_seconds: int) -> str | None:
    """None when the command answered or refused cleanly; else what went wrong."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    before = row_counts()
    out, err = io.StringIO(), io.StringIO()
    CRASHES.found.clear()
    tally = TALLY.setdefault(command, {"answered": 0, "refused": 0})
    try:
        with time_limit(case_seconds):
            call_command(command, str(path), *COMMANDS[command], stdout=out, stderr=err)
        tally["answered"] += 1
    except CommandError as refusal:
        tally["refused"] += 1
        if CRASHES.found:
            return "refused after a logged crash:\n" + CRASHES.found[0][-3000:]
        after = row_counts()
        changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
        if changed:
            return f"refused ({refusal}) but rows changed: {changed}"
        if "Traceback" in err.getvalue() or "internal error" in str(refusal).lower():
            return f"refused with an internal error: {refusal}\n{err.getvalue()[-2000:]}"
        return None
    except CaseTimeout:
        return f"ran past {case_seconds} s"
    except BaseException:  # noqa: BLE001 - any other ending is the failure we look for
        return traceback.format_exc(limit=30)
    if CRASHES.found:
        return "answered after a logged crash:\n" + CRASHES.found[0][-3000:]
    if "Traceback" in out.getvalue() + err.getvalue():
        return "printed a traceback:\n" + (out.getvalue() + err.getvalue())[-3000:]
    return None


def run_restore(env: dict[str, str], empty: Path, archive: Path, seconds: int) -> str | None:
    """Restore `archive` in a new process into a copy of `empty` (a migrated database without
    data); after a refusal the copy must hold exactly what `empty` holds."""
    data_dir = Path(tempfile.mkdtemp(prefix="restore-", dir=empty.parent))
    try:
        database = data_dir / "db.sqlite3"
        shutil.copy(empty, database)
        site = {
            **env,
            "TANGGUH_DATABASE_URL": f"sqlite:///{database}",
            "TANGGUH_DATA_DIR": str(data_dir),
        }
        answer = _tangguh(site, ["restore", str(archive), "--no-progress"], seconds)
        if isinstance(answer, str):
            return answer
        if answer.returncode == 0:
            return None
        if "Traceback" in answer.stdout or "Error:" not in answer.stdout:
            return "restore ended without a message:\n" + answer.stdout[-3000:]
        changed = sqlite_counts(database).items() ^ sqlite_counts(empty).items()
        if changed:
            return f"refused ({answer.stdout.strip()[-300:]}) but rows changed: {sorted(changed)}"
        before = {p.relative_to(empty.parent) for p in empty.parent.rglob("*") if p.is_file()}
        leftovers = [
            str(p.relative_to(data_dir))
            for p in data_dir.rglob("*")
            if p.is_file() and p.relative_to(data_dir) not in before
        ]
        if leftovers:
            return f"refused but left files behind: {leftovers[:5]}"
        return None
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def sqlite_counts(database: Path) -> dict[str, int]:
    """The number of rows of every table of an SQLite database."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        tables = [
            t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _tangguh(
    env: dict[str, str], args: list[str], seconds: int
) -> subprocess.CompletedProcess[str] | str:
    try:
        return subprocess.run(
            [sys.executable, "-m", "tangguh.cli", *args],
            env=env,
            capture_output=False,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"ran past {seconds} s"


def restore_cases(good: bytes, mutator: Mutator) -> list[tuple[str, bytes]]:
    """Hostile archives: truncated, mutated, nested, with broken or deep members."""
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    manifest = next((name for name in members if name.endswith("manifest.json")), "")
    cases = [
        ("truncated.zip", good[: len(good) // 2]),
        ("not-zip.zip", b"PK\x03\x04" + bytes(100)),
        ("nested.zip", zip_bytes({"backup.zip": good})),
        ("deep-manifest.zip", zip_bytes({**members, manifest: b"[" * 200_000})),
        (
            "nul-manifest.zip",
            zip_bytes({**members, manifest: members.get(manifest, b"") + b"\x00"}),
        ),
    ]
    for number in range(2):
        name = mutator.random.choice(sorted(members))
        cases.append(
            (f"mutated-{number}.zip", zip_bytes({**members, name: mutator.bytes_(members[name])}))
        )
    return cases


def prepare(folder: Path) -> dict[str, str]:
    """Environment of the throwaway site; Django set up on its database with reference data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(LIMITS)
    env.update(
        TANGGUH_DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        TANGGUH_DATA_DIR=str(folder / "data"),
        TANGGUH_LANGUAGE="en",
        TANGGUH_SECRET_KEY="import-fuzz",  # noqa: S106 - a throwaway site's key
        DJANGO_SETTINGS_MODULE="tangguh.settings",
    )
    os.environ.clear()
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    for name in ("", "tangguh", "django"):
        logging.getLogger(name).addHandler(CRASHES)
    logging.disable(logging.WARNING)  # the reader's notes; errors still reach CRASHES
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("migrate", verbosity=0, **quiet)
    from django.test import override_settings

    tables = PACKAGE / "regions/data/ntt"
    # Regencies, districts and villages (no boundaries): a registry's households live in villages.
    # The 3,442 villages are past the run's low limits, which are for the files fuzzed.
    with override_settings(IMPORT_MAX_ROWS=10_000, IMPORT_MAX_CELLS=200_000):
        call_command(
            "load_regions",
            *(
                str(tables / f"ntt_{part}.csv")
                for part in ("provinsi_kabkota", "kecamatan", "desa_kelurahan")
            ),
            **quiet,
        )
    call_command("load_hazards", **quiet)  # the shipped instruments come with the migrations
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--max-time", type=float, default=200, help="seconds to start cases in")
    parser.add_argument("--case-seconds", type=int, default=60, help="the longest one case may run")
    parser.add_argument("--seed", type=int, default=None, help="seed of the mutations")
    parser.add_argument("--commands", nargs="*", default=[*COMMANDS, RESTORE])
    parser.add_argument("--keep-failures", type=Path, default=None, help="folder for failing files")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    started = time.monotonic()
    print(f"import fuzz: seed {seed} (repeat with --seed {seed})", flush=True)
    mutator = Mutator(seed)
    failures: list[Failure] = []
    cases = 0
    with tempfile.TemporaryDirectory(prefix="tangguh-import-fuzz-") as folder_name:
        folder = Path(folder_name)
        env = prepare(folder)
        files = folder / "files"
        files.mkdir()

        def check(command: str, name: str, data: bytes, run: Callable[[Path], str | None]) -> None:
            nonlocal cases
            path = files / name
            path.write_bytes(data)
            cases += 1
            problem = run(path)
            if problem:
                failures.append(Failure(command, name, problem))
                print(f"FAIL {command} {name}:\n{problem}", flush=True)
                if options.keep_failures:
                    options.keep_failures.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, options.keep_failures / f"{command}-{len(failures)}-{name}")
            path.unlink(missing_ok=True)

        def out_of_time() -> bool:
            return time.monotonic() - started > options.max_time

        imports = [c for c in options.commands if c != RESTORE]
        probe = hostile_files()
        for name, data in probe:
            for command in imports:
                check(
                    command, name, data, lambda p, c=command: run_import(c, p, options.case_seconds)
                )
            if out_of_time():
                break
        print(f"probe files: {time.monotonic() - started:.0f} s", flush=True)
        if RESTORE in options.commands and not out_of_time():
            from django.core.management import call_command

            good = folder / "good.zip"
            call_command("backup", str(good), "--no-progress", stdout=io.StringIO())
            empty = folder / "empty" / "db.sqlite3"
            empty.parent.mkdir()
            migrated = {
                **env,
                "TANGGUH_DATABASE_URL": f"sqlite:///{empty}",
                "TANGGUH_DATA_DIR": str(empty.parent),
            }
            _tangguh(migrated, ["migrate", "-v", "0"], 300)
            for name, data in restore_cases(good.read_bytes(), mutator):
                check(
                    RESTORE, name, data, lambda p: run_restore(env, empty, p, options.case_seconds)
                )
                if out_of_time():
                    break
        print(f"probe files and restores: {time.monotonic() - started:.0f} s", flush=True)
        seeds = seed_files() + column_seeds()
        by_name = dict(seeds)
        rounds = 0
        while imports and not out_of_time():
            rounds += 1
            for command in imports:
                own = [n for n in SEEDS_FOR.get(command, []) if n in by_name]
                if own and mutator.random.random() < 0.75:
                    name = mutator.random.choice(own)
                    raw = by_name[name]
                else:
                    name, raw = mutator.random.choice(seeds)
                mutated_name, data = mutator.file(name, raw)
                check(
                    command,
                    mutated_name,
                    data,
                    lambda p, c=command: run_import(c, p, options.case_seconds),
                )
                if out_of_time():
                    break
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"import fuzz: {cases} cases ({len(probe)} probe files × {len(imports)} commands, "
        f"{rounds} rounds of mutations) in {time.monotonic() - started:.0f} s, peak {peak:.0f} MB, "
        f"{len(failures)} failure(s); seed {seed}"
    )
    for command, tally in TALLY.items():
        print(f"  {command:<24} answered {tally['answered']:>4}  refused {tally['refused']:>4}")
    for failure in failures:
        print(f"  {failure.command} {failure.file}: {failure.what.strip().splitlines()[-1][:160]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
