"""Load a nomenclature edition from the CSV layout tangguh ships (one row per government, level
and code; see data/SOURCES.md), optionally with the operational definitions beside it.

Everything is checked before anything is written; a reload of the same edition updates what
changed, adds what is new and removes items the file no longer has (refused while records still
use them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tangguh.core import audit
from tangguh.core.importing import ImportFailed, ImportReport, Problem, Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_sheets
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.importing.upsert import NONE, FileInfo, Upserted, file_change, upsert
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.models import (
    Edition,
    Government,
    Item,
    Level,
    bidang_of,
    name_key,
    offered_to,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_FILE = DATA_DIR / "nomenklatur_2027.csv.gz"
SHIPPED_DEFINITIONS = DATA_DIR / "nomenklatur_2027_definisi_operasional.csv.gz"
SHIPPED_EDITION = {
    "name": "2027",
    "title": "Pemutakhiran nomenklatur sub kegiatan TA 2027 (SIPD)",
    "budget_year": 2027,
    # Stored in English; the pages translate it (`translated` filter), so it is declared here.
    "legal_basis": gettext_noop(
        "Permendagri 90/2019 and its Kepmendagri updates; 2027 update not yet enacted"
    ),
    "source": (
        "SIPD export of the 2027 update (nomenklatur-subkegiatan-20260123005058_versi_"
        "pemutakhiran_2027_1.xlsx), via github.com/allweDepth/sesendok; regulations are not "
        "subject to copyright (UU 28/2014 art. 42)."
    ),
    "provisional": True,
}

GOVERNMENTS = {
    "kabkot": Government.KABKOTA,
    "kabkota": Government.KABKOTA,
    "kab/kota": Government.KABKOTA,
    "prov": Government.PROVINSI,
    "provinsi": Government.PROVINSI,
}

# The code of each level, as segments of U.BB.PP.L.KK.SSSS (X.XX is the support programme).
CODE_PATTERNS = {
    Level.URUSAN: re.compile(r"^(\d|X)$"),
    Level.BIDANG: re.compile(r"^(\d\.\d\d|X\.XX)$"),
    Level.PROGRAM: re.compile(r"^(\d\.\d\d|X\.XX)\.\d\d$"),
    Level.KEGIATAN: re.compile(r"^(\d\.\d\d|X\.XX)\.\d\d\.\d\.\d\d$"),
    Level.SUB_KEGIATAN: re.compile(r"^(\d\.\d\d|X\.XX)\.\d\d\.\d\.\d\d\.\d{4}$"),
}
LEVEL_ORDER = list(CODE_PATTERNS)

REQUIRED = {
    "jenis_pemda": ("jenis_pemda", "jenis pemda", "government"),
    "level": ("level",),
    "code": ("code", "kode"),
    "name": ("name", "nama"),
    "parent_code": ("parent_code", "kode_induk", "parent"),
}
COLUMNS = {
    **REQUIRED,
    "output": ("output", "kinerja"),
    "indicator": ("indicator", "indikator"),
    "unit": ("unit", "satuan"),
    "tag": ("tag", "tags"),
    "spm": ("spm",),
    "kind": ("jenis_sub_kegiatan", "jenis"),
    "implementer": ("pelaksana", "implementer"),
    "previous_code": ("kode_sub_kegiatan_sebelumnya", "previous_code"),
    "previous_name": ("nama_sub_kegiatan_sebelumnya", "previous_name"),
}
COMPARED = (
    "name",
    "parent_id",
    "offered",
    "output",
    "indicator",
    "unit",
    "tags",
    "spm",
    "kind",
    "implementer",
    "previous_code",
    "previous_name",
    "definition",
)


class Report(ImportReport):
    """What a load did (or, in a dry run, would do): the import report with the edition, the
    items the file has per level, and the items it no longer has."""

    def __init__(self, edition: str) -> None:
        """An empty report of a load of `edition`."""
        super().__init__(details={"edition": edition, "items": {}})
        self.counts["removed"] = 0

    @property
    def edition(self) -> str:
        """The edition's short name."""
        return str(self.details["edition"])

    @property
    def by_level(self) -> dict[str, int]:
        """How many items the file has per level."""
        items: dict[str, int] = self.details["items"]
        return items

    @property
    def removed(self) -> int:
        """Items of the stored edition the file no longer has."""
        return self.counts["removed"]


Key = tuple[str, str, str]  # government, level, code


def _tags(value: str) -> list[str]:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return [t.strip() for t in value.split(";") if t.strip()]
    if isinstance(parsed, list):
        return [str(t).strip() for t in parsed if t]
    return [str(parsed)]


def _read_table(path: Path, problems: Problems, spellings: Any, required: list[str]) -> Any:
    """The first sheet's table and a context to read its rows (None after a problem)."""
    sheets = read_sheets(path, problems, strict_encoding=True)
    if not sheets:
        return None
    table = find_table(sheets[0], problems, spellings, required=required)
    return None if table is None else (table, ReadContext(path.name).on(sheets[0]))


def _read_items(path: Path, problems: Problems) -> dict[Key, dict[str, Any]]:
    found = _read_table(path, problems, COLUMNS, list(REQUIRED))
    if found is None:
        return {}
    table, ctx = found
    items: dict[Key, dict[str, Any]] = {}
    for row in table.rows:
        f = ctx.reader(table, row)
        item = _read_row(f)
        if item is None:
            continue
        key = (item["government"], item["level"], item["code"])
        if key in items:
            f.fail(
                "code",
                _("%(level)s %(code)s appears twice (first on line %(line)d)")
                % {"level": item["level"], "code": item["code"], "line": items[key]["line"]},
            )
            continue
        items[key] = item
    problems.extend(ctx.problems.items)
    return items


def _read_row(f: RowReader) -> dict[str, Any] | None:
    government = GOVERNMENTS.get(f.text("jenis_pemda").lower())
    if government is None:
        f.fail(
            "jenis_pemda",
            _("unknown government '%(value)s'; use PROV or KABKOT")
            % {"value": f.text("jenis_pemda")},
        )
        return None
    try:
        level = Level(f.text("level").lower())
    except ValueError:
        f.fail(
            "level",
            _("unknown level '%(value)s'; use one of %(levels)s")
            % {"value": f.text("level"), "levels": ", ".join(Level.values)},
        )
        return None
    code = f.text("code")
    if not CODE_PATTERNS[level].match(code):
        f.fail(
            "code", _("'%(code)s' is not a %(level)s code") % {"code": code, "level": level.label}
        )
        return None
    text = f.text("name")
    if not text:
        f.fail("name", _("the name is empty"))
        return None
    parent_code = f.text("parent_code")
    if level != Level.URUSAN and parent_code and not code.startswith(parent_code + "."):
        f.fail(
            "parent_code",
            _("code %(code)s does not lie under its parent %(parent)s")
            % {"code": code, "parent": parent_code},
        )
        return None
    if level != Level.URUSAN and not parent_code:
        f.fail("parent_code", _("the parent code is empty"))
        return None
    return {
        "line": f.line,
        "government": government.value,
        "level": level.value,
        "code": code,
        "name": text[:2000],
        "parent_code": parent_code,
        "offered": offered_to(code, government),
        "output": f.text("output"),
        "indicator": f.text("indicator"),
        "unit": f.text("unit")[:255],
        "tags": _tags(f.text("tag")),
        "spm": f.text("spm").upper() == "SPM",
        "kind": f.text("kind")[:20],
        "implementer": f.text("implementer"),
        "previous_code": f.text("previous_code")[:30],
        "previous_name": f.text("previous_name"),
        "definition": "",
    }


def _read_definitions(path: Path, items: dict[Key, dict[str, Any]], problems: Problems) -> None:
    spellings = {
        "jenis_pemda": REQUIRED["jenis_pemda"],
        "code": REQUIRED["code"],
        "definisi_operasional": ("definisi_operasional", "definition", "definisi"),
    }
    found = _read_table(path, problems, spellings, list(spellings))
    if found is None:
        return
    table, ctx = found
    for row in table.rows:
        f = ctx.reader(table, row)
        government = GOVERNMENTS.get(f.text("jenis_pemda").lower())
        key = (str(government), Level.SUB_KEGIATAN.value, f.text("code"))
        item = items.get(key) if government else None
        if item is None:
            f.fail(
                "code",
                _("no sub-activity %(code)s for %(government)s in the nomenclature file")
                % {"code": f.text("code"), "government": f.text("jenis_pemda")},
            )
            continue
        item["definition"] = f.text("definisi_operasional")
    problems.extend(ctx.problems.items)


def _check_parents(name: str, items: dict[Key, dict[str, Any]], problems: Problems) -> None:
    for (government, level, code), item in items.items():
        if level == Level.URUSAN:
            continue
        parent_level = LEVEL_ORDER[LEVEL_ORDER.index(Level(level)) - 1]
        if (government, parent_level.value, item["parent_code"]) not in items:
            problems.add(
                name,
                _("the parent %(parent)s of %(code)s is not in the file")
                % {"parent": item["parent_code"], "code": code},
                item["line"],
                "parent_code",
            )


def read_edition(path: Path, definitions: Path | None = None) -> dict[Key, dict[str, Any]]:
    """Every item of the files, checked; raises ImportFailed listing every problem."""
    problems = Problems()
    items = _read_items(path, problems)
    if items:
        _check_parents(path.name, items, problems)
    if definitions is not None and items:
        _read_definitions(definitions, items, problems)
    if not items and not problems:
        problems.add(path.name, _("has no nomenclature rows"))
    problems.raise_if_any()
    return items


def load_nomenclature(
    path: Path,
    *,
    edition: str,
    title: str = "",
    budget_year: int | None = None,
    provisional: bool | None = None,
    definitions: Path | None = None,
    legal_basis: str = "",
    source: str = "",
    actor: Any = None,
    dry_run: bool = False,
) -> Report:
    """Create or update the edition `edition` from the file; see the module docstring."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only an administrator may load the nomenclature."))
    items = read_edition(path, definitions)
    report = Report(edition=edition)
    for _gov, level, _code in items:
        report.by_level[level] = report.by_level.get(level, 0) + 1
    with transaction.atomic():
        stored_edition = Edition.objects.filter(name=edition).first()
        existing: dict[Key, Item] = {}
        if stored_edition is not None:
            existing = {(i.government, i.level, i.code): i for i in stored_edition.items.all()}
        report.counts["removed"] = len(set(existing) - set(items))
        for key, values in items.items():
            old = existing.get(key)
            if old is None:
                report.created += 1
            elif any(getattr(old, f) != values[f] for f in COMPARED if f != "parent_id"):
                report.updated += 1
            else:
                report.unchanged += 1
        if dry_run:
            return report
        year = budget_year or _year_from(edition) or _year_from(path.name)
        meta = {
            "title": title or (stored_edition.title if stored_edition else edition),
            "budget_year": year or (stored_edition.budget_year if stored_edition else 0),
            "legal_basis": legal_basis or (stored_edition.legal_basis if stored_edition else ""),
            "source": source or (stored_edition.source if stored_edition else path.name),
            "provisional": bool(provisional)
            if provisional is not None
            else (stored_edition.provisional if stored_edition else False),
        }
        if not meta["budget_year"]:
            raise ImportFailed(
                [_problem(path.name, _("give the first budget year of the edition (--year)"))]
            )
        if stored_edition is None:
            stored_edition = Edition.objects.create(name=edition, **meta)
            audit.record_change(
                actor,
                ChangeRecord.Action.CREATE,
                stored_edition,
                audit.diff({}, audit.snapshot(stored_edition)),
            )
        else:
            before = audit.snapshot(stored_edition)
            for name, value in meta.items():
                setattr(stored_edition, name, value)
            stored_edition.save()
            changes = audit.diff(before, audit.snapshot(stored_edition))
            if changes:
                audit.record_change(actor, ChangeRecord.Action.UPDATE, stored_edition, changes)
        _write_items(stored_edition, items, existing, actor, FileInfo.of(path))
    return report


def _problem(file: str, message: str) -> Problem:
    return Problem(file=file, message=message)


def _year_from(text: str) -> int | None:
    found = re.search(r"(20\d\d)", text)
    return int(found.group(1)) if found else None


def _level_targets(
    edition: Edition, items: dict[Key, dict[str, Any]], level: Level, saved: dict[Key, Item]
) -> list[Item]:
    """The items of one level as they should be, with their parents (saved already)."""
    targets = []
    for key, values in items.items():
        if key[1] != level:
            continue
        parent = None
        if level != Level.URUSAN:
            parent_level = LEVEL_ORDER[LEVEL_ORDER.index(level) - 1]
            parent = saved[(key[0], parent_level.value, values["parent_code"])]
        fields = {k: v for k, v in values.items() if k not in ("line", "parent_code")}
        item = Item(edition=edition, parent=parent, bidang=bidang_of(key[2]), **fields)
        item.name_key = name_key(item.name)
        targets.append(item)
    return targets


def _write_items(
    edition: Edition,
    items: dict[Key, dict[str, Any]],
    existing: dict[Key, Item],
    actor: Any,
    file: FileInfo,
) -> None:
    """Write level by level (parents first), log the load once, then remove what is gone."""
    saved: dict[Key, Item] = dict(existing)
    total: Upserted[Item] = Upserted()
    stored = {(edition.pk, *key): item for key, item in existing.items()}
    for level in LEVEL_ORDER:
        result = upsert(
            Item,
            _level_targets(edition, items, level, saved),
            key=("edition", "government", "level", "code"),
            compared=[*COMPARED, "name_key"],
            actor=actor,
            audit_mode=NONE,
            existing=stored,
        )
        for item in (*result.created, *result.updated):
            saved[(item.government, item.level, item.code)] = item
        total.created += result.created
        total.updated += result.updated
        total.unchanged += result.unchanged
    changes = [file_change(Item, actor, file, total)] if total.created or total.updated else []
    gone = [item for key, item in existing.items() if key not in items]
    for item in sorted(gone, key=lambda i: -LEVEL_ORDER.index(Level(i.level))):
        changes.append(
            audit.new_change(
                actor, ChangeRecord.Action.DELETE, item, audit.diff(audit.snapshot(item), {})
            )
        )
        try:
            item.delete()
        except ProtectedError as exc:
            raise ImportFailed(
                [
                    _problem(
                        edition.name,
                        _("%(item)s is no longer in the file but records still use it")
                        % {"item": item},
                    )
                ]
            ) from exc
    audit.record_changes(changes)


def load_shipped(*, actor: Any = None, with_definitions: bool = True) -> Report:
    """Load the edition tangguh ships (the 2027 update, provisional)."""
    meta = dict(SHIPPED_EDITION)
    name = str(meta.pop("name"))
    return load_nomenclature(
        SHIPPED_FILE,
        edition=name,
        definitions=SHIPPED_DEFINITIONS if with_definitions else None,
        actor=actor,
        **meta,  # type: ignore[arg-type]
    )


def editions_summary(editions: Iterable[Edition]) -> list[dict[str, Any]]:
    """Per edition: its name and how many sub-activities each government's list offers."""
    result = []
    for edition in editions:
        counts = {
            g: edition.items.filter(level=Level.SUB_KEGIATAN, government=g, offered=True).count()
            for g in Government.values
        }
        result.append({"edition": edition, "counts": counts})
    return result


def load_demo() -> str:
    """The shipped nomenclature, unless it is loaded already (a step of `tangguh demo`)."""
    from django.utils.translation import gettext as _

    from tangguh.nomenclature.models import Edition

    if Edition.objects.filter(name=str(SHIPPED_EDITION["name"])).exists():
        return ""
    report = load_shipped()
    return _("Nomenclature %(edition)s loaded: %(count)d items") % {
        "edition": SHIPPED_EDITION["name"],
        "count": report.created,
    }
