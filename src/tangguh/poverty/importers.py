"""Import of a household registry (CSV, XLSX, XLS) into one year, with the import kit's reader,
header mapping and problem report, and checks run column by column (numpy) so that a province's
registry of 1.4 million households is read in seconds.

Required columns: `household_id, region_code, members, expenditure_per_capita`; optional:
`weight` (survey weight, default 1), `decile`, `head_sex`, `disabled_members`, `elderly_members`,
`child_members`, `nik`, `kk`, `welfare_score`, `latitude`, `longitude`, `synthetic`.

The whole file is checked first (every problem by row and column; nothing written on any);
households are keyed on (year, household id): a re-import updates them in place. The change log
keeps one record for the import (file, SHA-256, counts), not one per household. A NIK or KK
number never appears in a problem, a log line or the change log.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core import audit, bulk, generations, plausible, text
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.cells import (
    BadValue,
    Cell,
    column_text,
    money,
    whole,
    yes_no,
)
from tangguh.core.importing.columns import ColumnTable, find_column_table
from tangguh.core.importing.files import read_file
from tangguh.core.importing.regions import RegionResolver, Unresolved
from tangguh.core.importing.rows import ReadContext
from tangguh.core.importing.upsert import NONE, FileInfo, Upserted, file_change, upsert
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, user_scope
from tangguh.poverty import identifiers
from tangguh.poverty.models import MAX_EXPENDITURE, MAX_MEMBERS, Household
from tangguh.regions.models import Level

COLUMNS = {
    "household_id": ("household_id", "id rumah tangga", "id_rt", "household id", "idbdt"),
    "region": ("region_code", "kode wilayah", "kode desa", "kode_desa", "village code"),
    "members": ("members", "jumlah anggota", "jumlah_art", "jumlah anggota rumah tangga"),
    "expenditure": (
        "expenditure_per_capita",
        "pengeluaran per kapita",
        "pengeluaran_per_kapita",
        "expenditure per capita",
    ),
    "weight": ("weight", "bobot", "penimbang"),
    "decile": ("decile", "desil"),
    "head_sex": ("head_sex", "jenis kelamin kepala", "jk_krt", "sex of the head"),
    "disabled": ("disabled_members", "anggota disabilitas", "jumlah disabilitas"),
    "elderly": ("elderly_members", "anggota lansia", "jumlah lansia"),
    "children": ("child_members", "anggota anak", "jumlah anak"),
    "nik": ("nik", "nik kepala", "nik_krt"),
    "kk": ("kk", "no_kk", "nomor kk", "kk number"),
    "welfare_score": ("welfare_score", "skor kesejahteraan", "skor"),
    "latitude": ("latitude", "lintang", "lat"),
    "longitude": ("longitude", "bujur", "lon", "lng"),
    "synthetic": ("synthetic", "sintetis"),
}
REQUIRED = ["household_id", "region", "members", "expenditure"]
MAX_ROWS = 3_000_000
SHOWN_PER_COLUMN = 50  # problems listed per column; the rest are counted
CHUNK = 50_000  # households written per step (bounds memory)
ANALYSE_AFTER = 10_000  # households written that make the import refresh PostgreSQL's statistics
HOUSEHOLD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
SEX = {"f": "F", "p": "F", "perempuan": "F", "female": "F", "m": "M", "l": "M"}
SEX |= {"laki-laki": "M", "laki laki": "M", "male": "M", "": ""}
COMPARED = (
    "region",
    "members",
    "weight",
    "expenditure_per_capita",
    "welfare_score",
    "decile",
    "head_sex",
    "disabled_members",
    "elderly_members",
    "child_members",
    "latitude",
    "longitude",
    "nik_token",
    "nik_hash",
    "kk_token",
    "kk_hash",
    "synthetic",
    "source",
)


@dataclass
class _Checker:
    """The file's columns and the problems found in them, by line and column."""

    table: ColumnTable
    ctx: ReadContext
    lines: np.ndarray
    bad: np.ndarray
    counted: dict[str, int] = field(default_factory=dict)
    flagged: set[tuple[str, int]] = field(default_factory=set)
    texts: dict[str, list[str]] = field(default_factory=dict)

    def cells(self, name: str) -> list[Cell]:
        return self.table.column(name)

    def text(self, name: str) -> list[str]:
        """The column's cells as stripped text (made once per column)."""
        found = self.texts.get(name)
        if found is None:
            found = self.texts[name] = column_text(self.table.column(name))
        return found

    def has(self, name: str) -> bool:
        return name in self.table.columns.index

    def flag(self, name: str, at: np.ndarray, message: Callable[[int], str]) -> None:
        """A problem at each row of `at` (indices) in column `name`, the first few listed."""
        label = self.table.label(name)
        for i in at.tolist():
            if (name, i) in self.flagged:  # one problem per cell: the first found
                continue
            self.flagged.add((name, i))
            self.bad[i] = True
            shown = self.counted.get(name, 0)
            self.counted[name] = shown + 1
            if shown < SHOWN_PER_COLUMN:
                self.ctx.problem(message(i), line=int(self.lines[i]), column=label)

    def summarise(self) -> None:
        for name, count in self.counted.items():
            if count > SHOWN_PER_COLUMN:
                self.ctx.problem(
                    _("%(count)d more rows have a problem in this column")
                    % {"count": count - SHOWN_PER_COLUMN},
                    column=self.table.label(name),
                )

    def numbers(
        self, name: str, parse: Callable[[Cell], Decimal | int | None], dtype: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        """The column as numbers and a mask of blank cells; a cell that is not a number is a
        problem (read by the kit's parser, as every import reads it)."""
        raw = self.cells(name)
        try:
            text = self.text(name)
            blank = np.fromiter(map(operator.not_, text), bool, len(text))
            # numpy reads each text as Python's float() does (as `astype` from text would),
            # straight from the list: no array of text made first
            values = np.array([t or "0" for t in text] if blank.any() else text, dtype=dtype)
            if np.isfinite(values).all():  # numpy also reads "nan", "inf" and "1e999"
                return values, blank
        except ValueError:  # written the Indonesian way, or not numbers: read cell by cell
            pass
        values = np.zeros(len(raw), dtype=dtype)
        blank = np.zeros(len(raw), dtype=bool)
        for i, cell in enumerate(raw):
            try:
                found = parse(cell)
            except BadValue as exc:
                self.flag(name, np.array([i]), _always(str(exc)))
                continue
            if found is None:
                blank[i] = True
            else:
                values[i] = found
        return values, blank


def _always(message: str) -> Callable[[int], str]:
    """A problem message that is the same for every row."""

    def said(_row: int) -> str:
        return message

    return said


def _whole(cell: Cell) -> int | None:
    return whole(cell, least=-(10**9), most=10**9)


def _rupiah(cell: Cell) -> Decimal | None:
    return money(cell, Decimal(10**12))


@dataclass
class Columns:
    """The checked columns of a registry file (one entry per household)."""

    household_id: np.ndarray
    region: np.ndarray
    members: np.ndarray
    expenditure: np.ndarray
    weight: np.ndarray
    optional: dict[str, tuple[np.ndarray, np.ndarray]]
    head_sex: np.ndarray
    nik: list[str]
    kk: list[str]
    synthetic: np.ndarray
    lines: np.ndarray


def _check_required(check: _Checker) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    ids = np.asarray(check.text("household_id"), dtype=object)
    bad_id = np.fromiter((not HOUSEHOLD_ID.fullmatch(i) for i in ids), bool, len(ids))
    check.flag(
        "household_id",
        np.flatnonzero(bad_id),
        lambda i: (
            _("a household id is 1 to 40 letters, digits, '.', '_', '/' or '-'")
            if ids[i]
            else _("the household id is missing")
        ),
    )
    first_of = {}
    repeated = np.zeros(0, dtype=np.int64)
    if len(set(ids.tolist())) < len(ids):  # only then sorted (seconds at a million ids)
        order = np.argsort(ids, kind="stable")
        ordered = ids[order]
        repeated = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    for position in repeated.tolist():
        start = position
        while start > 0 and ordered[start - 1] == ordered[position]:
            start -= 1
        first_of[int(order[position])] = int(order[start])
    check.flag(
        "household_id",
        np.array(sorted(first_of), dtype=np.int64),
        lambda i: (
            _("household id %(id)s appears again (first on line %(line)d)")
            % {"id": ids[i], "line": int(check.lines[first_of[i]])}
        ),
    )
    members, blank = check.numbers("members", _whole, np.float64)
    wrong = blank | (members < 1) | (members > MAX_MEMBERS) | (members != np.round(members))
    check.flag(
        "members",
        np.flatnonzero(wrong),
        lambda i: (
            _("the number of members is missing")
            if blank[i]
            else _("a household has 1 to %(most)d members, not %(value)s")
            % {"most": MAX_MEMBERS, "value": f"{members[i]:g}"}
        ),
    )
    spend, blank = check.numbers("expenditure", _rupiah, np.float64)
    wrong = blank | (spend < 1) | (spend > MAX_EXPENDITURE)
    check.flag(
        "expenditure",
        np.flatnonzero(wrong),
        lambda i: (
            _("the expenditure per person is missing")
            if blank[i]
            else _(
                "an expenditure of Rp%(value)s per person per month is not plausible "
                "(Rp1 to Rp%(most)s)"
            )
            % {"value": f"{spend[i]:,.0f}", "most": f"{MAX_EXPENDITURE:,}"}
        ),
    )
    with np.errstate(invalid="ignore"):  # rows flagged above (blank, nan) are never written
        return ids, members.astype(np.int64), np.round(spend).astype(np.int64), wrong


def _check_regions(check: _Checker, actor: Any) -> np.ndarray:
    scope = user_scope(actor, "add") if actor is not None else EVERYWHERE
    resolver = RegionResolver(scope=scope, least_level=Level.REGENCY)
    raw = check.text("region")
    numbered = {name: number for number, name in enumerate(dict.fromkeys(raw))}
    index = np.fromiter(map(numbered.__getitem__, raw), np.int64, len(raw))
    names = list(numbered)  # each code once, in the order first seen (no sort of the column)
    resolver.prefetch(names)
    codes: list[str] = []
    reasons: list[str] = []
    for name in names:
        try:
            place = resolver.by_code(name) if name else None
        except Unresolved as exc:
            codes.append("")
            reasons.append(str(exc))
            continue
        if place is None:
            codes.append("")
            reasons.append(_("the village code is missing"))
        elif place.level != Level.VILLAGE:
            codes.append("")
            reasons.append(
                _("%(code)s %(name)s is not a village (desa/kelurahan)")
                % {"code": place.code, "name": place.name}
            )
        else:
            codes.append(place.code)
            reasons.append("")
    resolved = np.asarray(codes, dtype=object)[index]
    why = np.asarray(reasons, dtype=object)[index]
    check.flag("region", np.flatnonzero(resolved == ""), lambda i: str(why[i]))
    return resolved


def _optional(check: _Checker) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Optional numeric columns with their blank masks, checked against their bounds."""
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    bounds: dict[str, tuple[float, float, str]] = {
        "weight": (0, 1e7, _("a weight is a number from 0 up")),
        "decile": (1, 10, _("a DTSEN decile is a whole number from 1 to 10")),
        "disabled": (0, MAX_MEMBERS, _("a count of members from 0 to the household's size")),
        "elderly": (0, MAX_MEMBERS, _("a count of members from 0 to the household's size")),
        "children": (0, MAX_MEMBERS, _("a count of members from 0 to the household's size")),
        "welfare_score": (-1e9, 1e9, _("the welfare score is not a number")),
        "latitude": (-90, 90, _("a latitude lies between -90 and 90")),
        "longitude": (-180, 180, _("a longitude lies between -180 and 180")),
    }
    whole_columns = {"decile", "disabled", "elderly", "children"}
    for name, (least, most, message) in bounds.items():
        if not check.has(name):
            continue
        parse = _whole if name in whole_columns else _rupiah
        if name in {"welfare_score", "latitude", "longitude"}:
            parse = _signed
        values, blank = check.numbers(name, parse, np.float64)
        wrong = ~blank & ((values < least) | (values > most))
        if name in whole_columns:
            wrong |= ~blank & (values != np.round(values))
        check.flag(name, np.flatnonzero(wrong), _always(message))
        found[name] = (values, blank)
    return found


def _signed(cell: Cell) -> Decimal | None:
    from tangguh.core.importing.cells import to_decimal

    return to_decimal(cell)


def _identifiers(check: _Checker, name: str, parse: Callable[[str], str]) -> list[str]:
    if not check.has(name) or not any(check.text(name)):
        return []  # no identifier in the file: none to check
    found = []
    for i, raw in enumerate(check.text(name)):
        if not raw:
            found.append("")
            continue
        try:
            found.append(parse(raw))
        except identifiers.BadIdentifier as exc:
            found.append("")
            check.flag(name, np.array([i]), _always(str(exc)))
    return found


def read_households(
    path: Path, problems: Problems, *, actor: Any = None, name: str = ""
) -> Columns | None:
    """The file's households, checked; None (and the problems, by row and column) on any."""
    reading = read_file(
        path,
        problems,
        name=name or path.name,
        max_rows=MAX_ROWS,
        strict_encoding=True,
        by_column=True,  # no Row per line: a province's registry is read column by column
    )
    if reading is None or not reading.sheets:
        return None
    sheet = reading.sheets[0]
    table = find_column_table(sheet, problems, COLUMNS, required=REQUIRED)
    if table is None:
        return None
    if not len(table):
        problems.add(sheet.file, _("has no data rows"))
        return None
    lines = np.asarray(table.lines, dtype=np.int64)
    check = _Checker(table, ReadContext(sheet.file).on(sheet), lines, np.zeros(len(lines), bool))
    ids, members, spend, _wrong = _check_required(check)
    regions = _check_regions(check, actor)
    optional = _optional(check)
    for counted in ("disabled", "elderly", "children"):
        if counted in optional:
            values, blank = optional[counted]
            over = np.flatnonzero(~blank & (values > members))
            check.flag(counted, over, _always(_("more than the household's members")))
    sexes = np.asarray([""] * len(lines), dtype=object)
    if check.has("head_sex"):
        given = check.text("head_sex")
        meant = {text: SEX.get(text.lower(), "?") for text in set(given)}  # each value once
        raw = np.asarray(given, dtype=object)
        sexes = np.asarray(list(map(meant.__getitem__, given)), dtype=object)
        check.flag(
            "head_sex",
            np.flatnonzero(sexes == "?"),
            lambda i: (
                _("the sex of the head is F (perempuan) or M (laki-laki), not %(value)s")
                % {"value": raw[i].lower()[:20]}
            ),
        )
    nik = _identifiers(check, "nik", identifiers.check_nik)
    kk = _identifiers(check, "kk", identifiers.check_kk)
    synthetic = np.zeros(len(lines), dtype=bool)
    if check.has("synthetic"):
        texts = check.text("synthetic")
        meaning: dict[str, bool | None] = {}
        shown = ""
        for text in set(texts):
            try:
                meaning[text] = yes_no(text)
            except BadValue as exc:
                meaning[text] = None
                shown = str(exc)
        for_rows = np.asarray([meaning[t] for t in texts], dtype=object)
        check.flag("synthetic", np.flatnonzero(for_rows == None), _always(shown))  # noqa: E711
        synthetic = for_rows == True  # noqa: E712
    check.summarise()
    problems.extend(check.ctx.problems.items)
    if problems:
        return None
    weight = optional.pop("weight", (np.ones(len(lines)), np.ones(len(lines), bool)))
    weights = np.where(weight[1], 1.0, weight[0])
    return Columns(
        ids, regions, members, spend, weights, optional, sexes, nik, kk, synthetic, lines
    )


def _column(data: Columns, name: str, kind: type) -> np.ndarray:
    """An optional column as Python values (an object array), None where blank or absent."""
    found = data.optional.get(name)
    if found is None:
        return np.full(len(data.lines), None, dtype=object)
    values, blank = found
    shown = np.empty(len(values), dtype=object)
    shown[:] = values.astype(kind).tolist()
    shown[blank] = None
    return shown


def _fresh(values: dict[str, Any]) -> Household:
    """An unsaved household made without `Model.__init__` (its signals and per-field default
    lookups cost more than the rest of the import): the attributes `__init__` would set."""
    obj = Household.__new__(Household)
    obj.__dict__.update(values)
    obj._state = ModelState()
    return obj


def _optional_values(data: Columns) -> dict[str, np.ndarray]:
    """The optional columns by field name, as Python values (None where blank)."""
    return {
        "welfare_score": _column(data, "welfare_score", float),
        "decile": _column(data, "decile", int),
        "disabled_members": _column(data, "disabled", int),
        "elderly_members": _column(data, "elderly", int),
        "child_members": _column(data, "children", int),
        "latitude": _column(data, "latitude", float),
        "longitude": _column(data, "longitude", float),
    }


def _households(
    data: Columns,
    columns: dict[str, np.ndarray],
    year: int,
    source: str,
    part: np.ndarray,
) -> list[Household]:
    """Unsaved households of the rows `part` (indices), identifiers hashed (encrypted by
    `_seal`): those already registered, which are compared and updated."""
    nik = [data.nik[i] for i in part.tolist()] if data.nik else [""] * len(part)
    kk = [data.kk[i] for i in part.tolist()] if data.kk else [""] * len(part)
    optional = {name: values[part].tolist() for name, values in columns.items()}
    names = list(optional)
    base = {"id": None, "year": year, "source": source, "created_at": None, "updated_at": None}
    found = []
    for region, hid, members, weight, spend, sex, synthetic, n, k, *extra in zip(
        data.region[part].tolist(),
        data.household_id[part].tolist(),
        data.members[part].tolist(),
        data.weight[part].tolist(),
        data.expenditure[part].tolist(),
        data.head_sex[part].tolist(),
        data.synthetic[part].tolist(),
        nik,
        kk,
        *optional.values(),
        strict=True,
    ):
        values = {
            **base,
            "region_id": region,
            "household_id": hid,
            "members": members,
            "weight": float(weight),
            "expenditure_per_capita": spend,
            "head_sex": sex,
            "synthetic": bool(synthetic),
            "nik_hash": identifiers.match_hash(n) if n else "",
            "nik_token": n,  # encrypted by `_seal`, once it is known whether it changed
            "kk_hash": identifiers.match_hash(k) if k else "",
            "kk_token": k,
        }
        values.update(zip(names, extra, strict=True))
        found.append(_fresh(values))
    return found


def _stored(year: int, ids: Sequence[str]) -> dict[tuple[Any, ...], Household]:
    stored: dict[tuple[Any, ...], Household] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        # No ordering: with the model's (region, household id) SQLite would walk the
        # (year, region) index over the whole year for every chunk instead of the unique key.
        for obj in Household.objects.filter(year=year, household_id__in=chunk).order_by():
            stored[(obj.year, obj.household_id)] = obj
    return stored


def _seal(rows: list[Household], stored: dict[tuple[Any, ...], Household]) -> None:
    """Encrypt each identifier, keeping the stored token where the identifier is unchanged (a
    Fernet token differs at every encryption: a re-import must not count as a change)."""
    for obj in rows:
        old = stored.get((obj.year, obj.household_id))
        for token, digest in (("nik_token", "nik_hash"), ("kk_token", "kk_hash")):
            plain = getattr(obj, token)
            if not plain:
                continue
            if old is not None and getattr(old, digest) == getattr(obj, digest):
                setattr(obj, token, getattr(old, token))
            else:
                setattr(obj, token, identifiers.encrypt(plain))


def _outside(
    rows: list[Household],
    stored: dict[tuple[Any, ...], Household],
    actor: Any,
    lines: list[int],
    problems: Problems,
    file: str,
) -> None:
    """A household id already registered in a village the actor may not change."""
    if actor is None:
        return
    scope = user_scope(actor, "change")
    for line, obj in zip(lines, rows, strict=True):
        old = stored.get((obj.year, obj.household_id))
        if old is not None and not scope.covers(old.region_id):
            problems.add(
                file,
                _(
                    "household id %(id)s of %(year)d is registered in %(region)s, outside your "
                    "regions"
                )
                % {"id": obj.household_id, "year": obj.year, "region": old.region_id},
                line=line,
                column="household_id",
            )


def _import_change(actor: Any, file: FileInfo, counts: dict[str, int], regions: set[str]) -> Any:
    """The import's one change record (the kit's, with the counts of every chunk)."""
    change = file_change(Household, actor, file, Upserted(), regions=regions)
    for key, value in counts.items():
        change.changes[key] = [None, value]
    return change


def _identifier_columns(values: list[str]) -> tuple[list[str], list[str]]:
    """Tokens (encrypted) and keyed hashes of new identifiers ('' where none)."""
    if not any(values):
        return [""] * len(values), [""] * len(values)
    tokens = [identifiers.encrypt(v) if v else "" for v in values]
    return tokens, [identifiers.match_hash(v) if v else "" for v in values]


def _insert_new(
    data: Columns, columns: dict[str, np.ndarray], year: int, source: str, part: np.ndarray
) -> None:
    """Write new households (rows `part`) from the checked columns through `core.bulk`
    (executemany on SQLite, COPY on PostgreSQL), no model instance made. The text is clean by
    construction: ids match HOUSEHOLD_ID, codes are resolved, the source is cleaned here."""
    count = len(part)
    listed = part.tolist()
    nik_token, nik_hash = _identifier_columns([data.nik[i] for i in listed] if data.nik else [])
    kk_token, kk_hash = _identifier_columns([data.kk[i] for i in listed] if data.kk else [])
    blank = [""] * count
    now = timezone.now()
    values: dict[str, list[Any]] = {
        "region": data.region[part].tolist(),
        "year": [year] * count,
        "household_id": data.household_id[part].tolist(),
        "members": data.members[part].tolist(),
        "weight": data.weight[part].astype(np.float64).tolist(),
        "expenditure_per_capita": data.expenditure[part].tolist(),
        "head_sex": data.head_sex[part].tolist(),
        "nik_token": nik_token or blank,
        "nik_hash": nik_hash or blank,
        "kk_token": kk_token or blank,
        "kk_hash": kk_hash or blank,
        "synthetic": data.synthetic[part].tolist(),
        "source": [text.clean(source)] * count,
        "created_at": [now] * count,
        "updated_at": [now] * count,
        **{name: column[part].tolist() for name, column in columns.items()},
    }
    fields = [Household._meta.get_field(name) for name in values]
    attnames = [field.attname for field in fields]  # type: ignore[union-attr]
    copy = bulk.copies(Household, attnames)
    prepared = [
        bulk.prepare_column(field, column, copy=copy)  # type: ignore[arg-type]
        for field, column in zip(fields, values.values(), strict=True)
    ]
    bulk.insert_rows(Household, attnames, prepared, keys=False)


def _update_stored(
    data: Columns,
    columns: dict[str, np.ndarray],
    year: int,
    source: str,
    part: np.ndarray,
    stored: dict[tuple[Any, ...], Household],
    actor: Any,
    problems: Problems,
    name: str,
) -> Upserted[Household] | None:
    """Compare and update the rows `part` whose households are registered already (None, and
    a problem, where one lies outside the actor's regions)."""
    rows = _households(data, columns, year, source, part)
    _outside(rows, stored, actor, data.lines[part].tolist(), problems, name)
    if problems:
        return None
    _seal(rows, stored)
    return upsert(
        Household,
        rows,
        key=("year", "household_id"),
        compared=COMPARED,
        actor=actor,
        audit_mode=NONE,
        existing=stored,
    )


def _analyse(written: int) -> None:
    """PostgreSQL: fresh statistics after a large load (inside the transaction: rolled back with
    it). Without them the planner takes a just-loaded registry for a few hundred rows and reads
    the village measures through bitmap scans, 5x slower than the parallel scan it chooses with
    them (1.2 s against 0.23 s at 500,000 households); autovacuum would come later."""
    if connection.vendor == "postgresql" and written >= ANALYSE_AFTER:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Household._meta.db_table)}")


def import_households(
    path: Path,
    *,
    year: int,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str = "",
) -> ImportReport:
    """Check the whole file, then create and update its households in one transaction (or write
    nothing), with one change record for the import."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} outside {FIRST_YEAR}–{LAST_YEAR}")
    if actor is not None and user_scope(actor, "add").is_empty:
        raise PermissionDenied(_("You may not add households in any region."))
    progress = progress or NullProgress()
    problems = Problems()
    name = name or path.name
    implausible = plausible.year_problem("assessments", year)
    if implausible:
        problems.add(name, implausible)
        return ImportReport(dry_run=dry_run, format="household registry").reject(problems.items)
    report = ImportReport(dry_run=dry_run, format="household registry")
    with bulk.collector_paused():  # columns of strings and numbers: no cyclic garbage
        data = read_households(path, problems, actor=actor, name=name)
    if data is None:
        return report.reject(problems.items)
    source = name[:255]  # the file the households came from (data, not a sentence)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    written: set[str] = set()  # the villages written to, for the change record
    columns = _optional_values(data)
    anything_stored = Household.objects.filter(year=year).exists()
    progress.start(len(data.lines), _("Writing"))
    with transaction.atomic(), bulk.collector_paused():
        for start in range(0, len(data.lines), CHUNK):
            part = np.arange(start, min(start + CHUNK, len(data.lines)))
            ids = data.household_id[part].tolist()
            stored = _stored(year, ids) if anything_stored else {}
            known = np.fromiter(((year, i) in stored for i in ids), bool, len(ids))
            if known.any():
                done = _update_stored(
                    data, columns, year, source, part[known], stored, actor, problems, name
                )
                if done is None:
                    transaction.set_rollback(True)
                    return report.reject(problems.items)
                counts["updated"] += len(done.updated)
                counts["unchanged"] += done.unchanged
                written.update(obj.region_id for obj in done.updated)
            new = part[~known]
            if len(new):
                _insert_new(data, columns, year, source, new)
                counts["created"] += len(new)
                written.update(data.region[new].tolist())
            progress.advance(len(part))
        if written:
            audit.record_changes([_import_change(actor, FileInfo.of(path, name), counts, written)])
            generations.bump(generations.kind_of(Household))  # rows written without signals
            _analyse(counts["created"] + counts["updated"])
        report.created, report.updated = counts["created"], counts["updated"]
        report.unchanged = counts["unchanged"]
        report.counts["households"] = len(data.lines)
        report.counts["persons"] = int(data.members.sum())
        if dry_run:
            transaction.set_rollback(True)
    return report
