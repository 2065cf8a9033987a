"""Peak memory of reading each hostile file of issue 14: `uv run python bench/hostile_files.py`.

Not a timed test. Makes each file of the probe (a gzip that unpacks to 100 MB, an XLSX of three
million rows, a 52 MB line of 25 million fields, a 10 MB CSV of a million columns, a 1.5 MB
field, a 40-digit population, an .xls workbook of 1.7 million numbers) in a temporary folder,
migrates a temporary SQLite database, and runs each import command on each file with
`--dry-run` in a new process, as the worker runs the same reader in a job. Prints, per command
and file, the process's peak resident memory (ru_maxrss from wait4), its wall time and the
first line of its answer; fails (exit 1) when a peak reaches `--limit-mb` (300). Results:
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

COMMANDS = {
    "import-events": [],
    "import-risk": [],
    "import-climate": [],
    "load-regions": [],
    "load-nomenclature": ["--edition", "2099"],
}


def gzip_bomb(folder: Path) -> Path:
    """154 KB of gzip that unpacks to about 100 MB of CSV."""
    path = folder / "x.csv.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"kode,nama\n")
        block = b"53.01,Kupang\n" * 80_000
        for _ in range(100):
            out.write(block)
    return path


def xlsx_rows(folder: Path, rows: int = 3_000_000) -> Path:
    """A small workbook whose one sheet has three million (empty) rows."""
    path = folder / "rows.xlsx"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
            '"worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>kode</t></is></c></row>'
            )
            for start in range(2, rows + 1, 10_000):
                chunk = "".join(
                    f'<row r="{n}"/>' for n in range(start, min(start + 10_000, rows + 1))
                )
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def long_line(folder: Path) -> Path:
    """A 52 MB line of 25 million fields."""
    path = folder / "line.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("a")
        for _ in range(250):
            out.write(",aa" * 70_000 + ",a" * 30_000)
        out.write("\n")
    return path


def wide(folder: Path) -> Path:
    """A 10 MB CSV of a million columns."""
    path = folder / "wide.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(f"c{n}" for n in range(1_000_000)) + "\n")
        out.write(",".join("1" for _ in range(1_000_000)) + "\n")
    return path


def big_field(folder: Path) -> Path:
    """A CSV whose one field is 1.5 MB."""
    path = folder / "field.csv"
    path.write_text('kode,nama\n53.99,"' + "x" * (3 * 2**19) + '"\n', encoding="utf-8")
    return path


def population(folder: Path) -> Path:
    """A region with a 40-digit population."""
    path = folder / "population.csv"
    path.write_text("kode,nama,penduduk_total\n53,Nusa Tenggara Timur," + "9" * 40 + "\n")
    return path


def legacy_xls(folder: Path, rows: int = 65_536, columns: int = 26) -> Path:
    """An Excel 97–2003 workbook of 1.7 million numbers, just under the .xls limit (12 MB):
    xlrd holds a whole sheet at once (written with xlwt, flushing rows as it goes)."""
    import xlwt

    path = folder / "cells.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    for number in range(rows):
        row = sheet.row(number)
        for column in range(columns):
            row.set_cell_number(column, number * columns + column + 1)
        if number % 1000 == 999:
            sheet.flush_row_data()
    book.save(str(path))
    return path


MAKERS = [gzip_bomb, xlsx_rows, long_line, wide, big_field, population, legacy_xls]


def run(env: dict[str, str], command: str, path: Path) -> tuple[float, float, int, str]:
    """Peak RSS (MB), seconds, exit status and first output line of one dry run."""
    args = [sys.executable, "-m", "tangguh.cli", command, str(path), *COMMANDS[command]]
    started = time.monotonic()
    process = subprocess.Popen(
        [*args, "--dry-run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    lines = [line for line in output.splitlines() if line.strip()]
    first = next((line for line in lines if ":" in line and "Traceback" not in line), "")
    if any("Traceback" in line for line in lines):
        first = "TRACEBACK: " + lines[-1]
    return usage.ru_maxrss / 1024, seconds, os.waitstatus_to_exitcode(status), first[:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-mb", type=float, default=300)
    parser.add_argument("--commands", nargs="*", default=list(COMMANDS))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tangguh-hostile-") as folder_name:
        folder = Path(folder_name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
        env.update(
            TANGGUH_DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
            TANGGUH_DATA_DIR=str(folder / "data"),
            TANGGUH_LANGUAGE="en",
            TANGGUH_SECRET_KEY="hostile-files-bench",  # noqa: S106 - a throwaway site's key
        )
        subprocess.run(
            [sys.executable, "-m", "tangguh.cli", "migrate", "-v", "0"], env=env, check=True
        )
        files = [make(folder) for make in MAKERS]
        baseline = run(env, "import-events", folder / "population.csv")[0]
        print(f"baseline (a 70-byte file): {baseline:.0f} MB")
        print(f"{'command':<18} {'file':<16} {'size':>9} {'peak MB':>8} {'s':>6}  answer")
        worst = 0.0
        for command in options.commands:
            for path in files:
                peak, seconds, _code, answer = run(env, command, path)
                worst = max(worst, peak)
                size = f"{path.stat().st_size / 2**20:.2f} MB"
                row = f"{command:<18} {path.name:<16} {size:>9} {peak:>8.0f} {seconds:>6.1f}"
                print(f"{row}  {answer}")
        print(f"highest peak: {worst:.0f} MB (limit {options.limit_mb:.0f} MB)")
        return 0 if worst < options.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())
