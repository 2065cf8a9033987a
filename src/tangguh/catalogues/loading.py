"""Load the hazard catalogue from the CSV shipped in the package (or a newer copy of it).

The whole file is read and checked with the import kit first; then every hazard type is created,
updated or left alone by `core.importing.upsert` in one transaction, and the load is recorded in
the change log once, with the file's name, hash and counts (bulk reference data). The data
migration `catalogues.0002` loads the same file without a change record.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from tangguh.catalogues.models import HazardType
from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_sheets
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.importing.upsert import FILE, FileInfo, upsert
from tangguh.core.scope import user_scope

KEY = re.compile(r"^[a-z0-9_]+$")
SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "hazards.csv"

TEXTS = {
    "dibi_code": 4,
    "legacy_code": 3,
    "name_id": 100,
    "name_en": 100,
    "desinventar_name": 100,
    "desinventar_event": 100,
    "aliases": 255,
    "evidence": None,
}
FLAGS = ("dibi_code_verified", "perka_2_2012")
COLUMNS = {name: (name,) for name in ("key", "family", *TEXTS, *FLAGS)}
REQUIRED = ["key", "family", "name_id", "name_en"]
COMPARED = ("family", *TEXTS, *FLAGS, "sort_order")


def _read_row(f: RowReader, order: int, seen: dict[str, int]) -> dict[str, Any] | None:
    """One hazard type's values, or None (and a problem for every bad cell) when the row cannot
    be used."""
    before = len(f.ctx.problems.items)
    key, family = f.text("key", 40), f.text("family", 40)
    values: dict[str, Any] = {name: f.text(name, limit) for name, limit in TEXTS.items()}
    values.update({name: bool(f.yes_no(name)) for name in FLAGS})
    if not KEY.match(key):
        f.fail(
            "key", _("'%(key)s' is not a key of lower-case letters, digits and _") % {"key": key}
        )
    elif key in seen:
        f.fail(
            "key",
            _("%(key)s appears twice (first on line %(line)d)") % {"key": key, "line": seen[key]},
        )
    if family and family not in seen:
        f.fail("family", _("the family %(family)s is not on an earlier line") % {"family": family})
    if len(f.ctx.problems.items) > before:
        return None
    seen[key] = f.line
    return {"key": key, "family_id": family or None, "sort_order": order, **values}


def read_hazards(path: Path, problems: Problems) -> list[dict[str, Any]]:
    """The hazard types of a catalogue file, families before their sub-types, checked."""
    sheets = read_sheets(path, problems, strict_encoding=True)
    if not sheets:
        return []
    table = find_table(sheets[0], problems, COLUMNS, required=REQUIRED)
    if table is None:
        return []
    ctx = ReadContext(path.name).on(sheets[0])
    seen: dict[str, int] = {}
    rows = []
    for order, row in enumerate(table.rows, start=1):
        found = _read_row(ctx.reader(table, row), order, seen)
        if found is not None:
            rows.append(found)
    problems.extend(ctx.problems.items)
    if not rows and not problems:
        problems.add(path.name, _("has no hazard types"))
    return rows


def hazard_rows(path: Path = SHIPPED_FILE) -> list[dict[str, Any]]:
    """The hazard types of a catalogue file (the shipped one by default); raises ImportFailed."""
    problems = Problems()
    rows = read_hazards(path, problems)
    problems.raise_if_any()
    return rows


def sync_hazards(
    model: type[models.Model],
    *,
    path: Path = SHIPPED_FILE,
    actor: Any = None,
    audit_mode: str = FILE,
    dry_run: bool = False,
) -> ImportReport:
    """Create or update every hazard type of the file in one transaction (ImportFailed when the
    file has problems). `model` may be a migration's historical model; the migration passes
    `audit_mode=NONE`, everything else logs the load once (`FILE`)."""
    rows = hazard_rows(path)
    # A migration's historical model may lack fields added later: only its own are written.
    fields = model._meta.concrete_fields
    compared = [name for name in COMPARED if name in {f.name for f in fields}]
    attnames = {f.attname for f in fields}
    targets = [model(**{k: v for k, v in row.items() if k in attnames}) for row in rows]
    with transaction.atomic():
        result = upsert(
            model,
            targets,
            key=("key",),
            compared=compared,
            actor=actor,
            audit_mode=audit_mode,
            file=FileInfo.of(path),
        )
        if dry_run:
            transaction.set_rollback(True)
    report = ImportReport(dry_run=dry_run, format="csv")
    report.created, report.updated = len(result.created), len(result.updated)
    report.unchanged = result.unchanged
    return report


def load_hazards(
    path: Path = SHIPPED_FILE, *, actor: Any = None, dry_run: bool = False
) -> ImportReport:
    """Bring the hazard catalogue up to date with a catalogue file; only the system and
    superusers may change it. The load is recorded once in the change log."""
    if actor is not None and not user_scope(actor, "change").everything:
        raise PermissionDenied(_("Only superusers may change the hazard catalogue."))
    return sync_hazards(HazardType, path=path, actor=actor, dry_run=dry_run)
