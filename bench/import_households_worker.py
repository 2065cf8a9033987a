"""The measuring process of `bench/run.py import-households`: run as
`python -m bench.import_households_worker CASE FILE YEAR` in the site's environment (one process
per case, so that each reports its own peak memory), it prints the case as JSON on its last line.

Cases: `bare` is the baseline of issue 12, a bare bulk insert of the file: it reads the file with
the csv module and writes its rows as they are (no checks, no change record) the fastest way the
database takes them, one `cursor.executemany` on SQLite and one COPY (psycopg's `cursor.copy`,
rows written by its C `write_row`) on PostgreSQL, and commits them as the import does (they are
deleted after the case, outside its time; `bare-rolled-back` rolls them back instead, which
spares the database the commit's writes); `bare-executemany` is the one `executemany` on either
database; `bare-raw` (PostgreSQL only) sends the file's bytes as they are to
`COPY … (FORMAT csv)` and lets the server parse them (the columns the file lacks get defaults
for that transaction only), the least work any import could do. Every bare case starts from
and leaves an empty table in new files. `import` runs
`import_households` (the whole check, the encryption of identifiers, the write and its change
record); `reimport` runs it again on the same file (every household unchanged); `aggregate`
recomputes every village's P0/P1/P2 from the stored registry (`summaries.village_measures`).

It has no NAME, so run.py does not list it: it is started by bench/import_households.py.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tangguh.poverty import summaries  # noqa: E402
from tangguh.poverty.importers import import_households  # noqa: E402
from tangguh.poverty.models import Household  # noqa: E402
from tangguh.poverty.synthetic import HEADER  # noqa: E402

COLUMNS = [
    "region_id",
    "year",
    "household_id",
    "members",
    "weight",
    "expenditure_per_capita",
    "decile",
    "head_sex",
    "disabled_members",
    "elderly_members",
    "child_members",
    "nik_token",
    "nik_hash",
    "kk_token",
    "kk_hash",
    "synthetic",
    "source",
    "created_at",
    "updated_at",
]


def _rows(path: Path, year: int) -> list[tuple[Any, ...]]:
    """The file's rows read with the csv module, as the table's columns (COLUMNS)."""
    now = timezone.now()
    if connection.vendor == "sqlite":
        now = now.isoformat(sep=" ")  # type: ignore[assignment]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [
            (
                r[1],
                year,
                r[0],
                int(r[2]),
                float(r[4]),
                int(r[3]),
                int(r[5]),
                r[6],
                int(r[7]),
                int(r[8]),
                int(r[9]),
                "",
                "",
                "",
                "",
                True,
                path.name,
                now,
                now,
            )
            for r in reader
        ]


ROLL_BACK = False  # the bare insert commits, as the import does (True: `bare-rolled-back`)


def _empty_table() -> None:
    """Before a bare case: refused unless the table is empty (the benchmark's own site)."""
    table = Household._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        if cursor.fetchone()[0]:
            raise SystemExit(f"{table} holds rows: the bare cases run on an empty table")


def _as_it_was() -> None:
    """After a bare case (outside its time): the table as it was, empty, in new files. Rows
    rolled back stay in PostgreSQL's files as dead tuples, and their keys in the unique index:
    the next case would insert beside them and check each key against a dead twin."""
    table = Household._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - only the bare case's rows
        cursor.execute(f"VACUUM FULL {table}" if connection.vendor == "postgresql" else "VACUUM")


def bare_executemany(path: Path, year: int) -> int:
    """Read the file and insert its rows as they are, in one executemany (rolled back)."""
    rows = _rows(path, year)
    table = Household._meta.db_table
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        transaction.set_rollback(ROLL_BACK)
    return len(rows)


def bare_copy(path: Path, year: int) -> int:
    """PostgreSQL: read the file and write its rows as they are with one COPY (rolled back)."""
    rows = _rows(path, year)
    table = Household._meta.db_table
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with transaction.atomic():
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        transaction.set_rollback(ROLL_BACK)
    return len(rows)


def bare(path: Path, year: int) -> int:
    """The bare bulk insert of the database: COPY on PostgreSQL, executemany on SQLite."""
    if connection.vendor == "postgresql":
        return bare_copy(path, year)
    return bare_executemany(path, year)


# The file's columns as the table's (synthetic.HEADER's order; its NIK column is empty).
RAW_COLUMNS = [{"region_code": "region_id", "nik": "nik_token"}.get(c, c) for c in HEADER]


def bare_raw(path: Path, year: int) -> int:
    """PostgreSQL: the file's bytes straight into COPY (FORMAT csv), parsed by the server; the
    columns the file lacks take defaults set inside the (rolled back) transaction."""
    if connection.vendor != "postgresql":
        raise SystemExit("bare-raw is a PostgreSQL case")
    table = Household._meta.db_table
    now = timezone.now().isoformat()
    defaults = {
        "year": str(year),
        "source": f"'{path.name}'",
        "created_at": f"'{now}'",
        "updated_at": f"'{now}'",
        "nik_hash": "''",
        "kk_token": "''",
        "kk_hash": "''",
    }
    sql = (
        f"COPY {table} ({', '.join(RAW_COLUMNS)}) FROM STDIN "
        "(FORMAT csv, HEADER true, FORCE_NOT_NULL (nik_token))"
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            for column, value in defaults.items():
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {value}")
            with path.open("rb") as handle, cursor.cursor.copy(sql) as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
            count = cursor.cursor.rowcount  # the rows COPY wrote
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks commit would run
            for column in defaults:
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
        transaction.set_rollback(ROLL_BACK)
    return int(count)


def imported(path: Path, year: int) -> int:
    report = import_households(path, year=year)
    report.raise_if_failed()
    return report.created + report.updated + report.unchanged


def aggregate(path: Path, year: int) -> int:
    line = summaries.line_for("53", year)
    assert line is not None
    rows = summaries.village_measures(Household.objects.all(), "53", year, line, None)
    return len(rows)


def duckdb_query(path: Path, year: int) -> int:
    """The same village sums written by hand in DuckDB over the same households (the file the
    registry was imported from), at the same line: the yardstick of issue 12."""
    import duckdb  # a benchmark-only dependency: uv run --group bench

    line = summaries.line_for("53", year)
    assert line is not None
    z = float(line.rupiah)
    rows = duckdb.sql(
        f"""
        SELECT region_code,
               sum(members * weight) AS persons,
               sum(CASE WHEN expenditure_per_capita < {z} THEN members * weight ELSE 0 END)
                   / sum(members * weight) AS p0,
               sum(CASE WHEN expenditure_per_capita < {z}
                        THEN members * weight * ({z} - expenditure_per_capita) / {z}
                        ELSE 0 END) / sum(members * weight) AS p1,
               sum(CASE WHEN expenditure_per_capita < {z}
                        THEN members * weight * pow(({z} - expenditure_per_capita) / {z}, 2)
                        ELSE 0 END) / sum(members * weight) AS p2
        FROM read_csv('{path}', header = true)
        GROUP BY region_code
        """  # noqa: S608 - the benchmark's own file and a number
    ).fetchall()
    return len(rows)


CASES = {
    "bare": ("bare bulk insert of the file's rows (read with csv, no checks)", bare),
    "bare-rolled-back": ("the same bare insert, rolled back (no commit)", bare),
    "bare-executemany": ("bare executemany of the file's rows (read with csv)", bare_executemany),
    "bare-raw": ("bare COPY of the file's bytes (FORMAT csv, parsed by the server)", bare_raw),
    "import": ("import-households (new households)", imported),
    "reimport": ("import-households again (unchanged)", imported),
    "aggregate": ("P0/P1/P2 of every village from the stored registry", aggregate),
    "duckdb": ("the same by a hand-written DuckDB query over the file", duckdb_query),
}


def main(case: str, path: Path, year: int) -> dict[str, Any]:
    global ROLL_BACK
    label, step = CASES[case]
    if case.startswith("bare"):
        _empty_table()
        _as_it_was()
        ROLL_BACK = case == "bare-rolled-back"
    if case in ("bare", "bare-rolled-back"):
        how = "COPY" if connection.vendor == "postgresql" else "executemany"
        label = f"bare {how} of the file's rows (read with csv, no checks)"
        if ROLL_BACK:
            label += ", rolled back"
    started, started_cpu = time.perf_counter(), time.process_time()
    result = step(path, year)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - started_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if case.startswith("bare"):
        _as_it_was()
    return {
        "label": label,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_mib": peak,
        "result": result,
        "vendor": connection.vendor,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))))
