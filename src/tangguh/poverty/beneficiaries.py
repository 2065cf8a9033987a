"""Import of a programme's beneficiaries for a year: a table with columns `programme` (its code),
`household_id` and optionally `benefit` (rupiah received in the year). Households are those of the
registry of that year; a programme covers the households of its regency/city (or province). The
whole file is checked first; the change log keeps one record per import (file, hash, counts)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core.importing import ImportReport, Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_sheets
from tangguh.core.importing.rows import ReadContext
from tangguh.core.importing.upsert import FILE, FileInfo, upsert
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import EVERYWHERE, is_within, user_scope
from tangguh.poverty.models import Beneficiary, Household, Programme

COLUMNS = {
    "programme": ("programme", "program", "kode program", "programme code"),
    "household_id": ("household_id", "id rumah tangga", "id_rt"),
    "benefit": ("benefit", "nilai bantuan", "bantuan (rp)", "benefit (rp)"),
}
MAX_BENEFIT = Decimal(10**12)


def _read(path: Path, year: int, actor: Any, problems: Problems, name: str) -> list[Beneficiary]:
    sheets = read_sheets(path, problems, name=name, strict_encoding=True)
    if not sheets:
        return []
    table = find_table(sheets[0], problems, COLUMNS, required=["programme", "household_id"])
    if table is None:
        return []
    ctx = ReadContext(sheets[0].file).on(sheets[0])
    scope = EVERYWHERE if actor is None else user_scope(actor, "change")
    programmes: dict[str, list[Programme]] = {}
    for programme in Programme.objects.all():
        programmes.setdefault(programme.code.lower(), []).append(programme)
    ids = {table.text(row, "household_id") for row in table.rows}
    households = {
        h.household_id: h
        for h in Household.objects.filter(year=year, household_id__in=ids).select_related("region")
    }
    found: list[Beneficiary] = []
    seen: dict[tuple[int, int], int] = {}
    for row in table.rows:
        f = ctx.reader(table, row)
        household = households.get(f.text("household_id"))
        if household is None:
            f.fail(
                "household_id",
                _("no household %(id)s in the registry of %(year)d")
                % {"id": f.text("household_id")[:40], "year": year},
            )
            continue
        if not scope.covers(household.region_id):
            f.fail(
                "household_id",
                _("household %(id)s lies outside your regions") % {"id": household.household_id},
            )
            continue
        candidates = [
            p
            for p in programmes.get(f.text("programme").lower(), [])
            if is_within(household.region_id, p.region_id)
        ]
        if not candidates:
            f.fail(
                "programme",
                _("no programme %(code)s runs in %(region)s")
                % {"code": f.text("programme")[:30], "region": household.region_id},
            )
            continue
        programme = max(candidates, key=lambda p: len(p.region_id))  # the regency's own first
        benefit = f.money("benefit", most=MAX_BENEFIT) if f.has("benefit") else None
        key = (programme.pk, household.pk)
        if key in seen:
            f.fail(
                "household_id",
                _("household %(id)s is listed again for %(code)s (first on line %(line)d)")
                % {"id": household.household_id, "code": programme.code, "line": seen[key]},
            )
            continue
        seen[key] = row.line
        found.append(
            Beneficiary(programme=programme, household=household, year=year, benefit=benefit)
        )
    problems.extend(ctx.problems.items)
    return found


def import_beneficiaries(
    path: Path,
    *,
    year: int,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    name: str = "",
) -> ImportReport:
    """Check the whole file, then create and update the year's beneficiaries (or nothing)."""
    if actor is not None and user_scope(actor, "change").is_empty:
        raise PermissionDenied(_("You may not change beneficiaries in any region."))
    problems = Problems()
    rows = _read(path, year, actor, problems, name or path.name)
    report = ImportReport(dry_run=dry_run)
    if problems:
        return report.reject(problems.items)
    if not rows:
        return report.reject(_no_rows(name or path.name))
    with transaction.atomic():
        done = upsert(
            Beneficiary,
            rows,
            key=("programme", "household", "year"),
            compared=("benefit",),
            actor=actor,
            audit_mode=FILE,
            file=FileInfo.of(path, name),
            queryset=Beneficiary.objects.select_related("household"),
            progress=progress or NullProgress(),
        )
        report.created, report.updated = len(done.created), len(done.updated)
        report.unchanged = done.unchanged
        if dry_run:
            transaction.set_rollback(True)
    return report


def _no_rows(name: str) -> list[Any]:
    problems = Problems()
    problems.add(name, _("has no data rows"))
    return problems.items
