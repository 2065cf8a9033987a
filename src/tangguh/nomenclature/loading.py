"""Load a nomenclature edition from the CSV layout tangguh ships (one row per government, level
and code; see data/SOURCES.md), optionally with the operational definitions beside it.

Everything is checked before anything is written; a reload of the same edition updates what
changed, adds what is new and removes items the file no longer has (refused while records still
use them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.importing import CsvRow, ImportFailed, Problem, Problems, read_csv
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
    "legal_basis": "Permendagri 90/2019 and its Kepmendagri updates; 2027 update not yet enacted",
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
OPTIONAL = {
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


@dataclass
class Report:
    """What a load did (or, in a dry run, would do)."""

    edition: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    by_level: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data."""
        return {
            "edition": self.edition,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "items": self.by_level,
        }


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


def _read_items(path: Path, problems: Problems) -> dict[Key, dict[str, Any]]:
    opened = read_csv(path, problems, required=REQUIRED, optional=OPTIONAL)
    if opened is None:
        return {}
    _columns, rows = opened
    items: dict[Key, dict[str, Any]] = {}
    for row in rows:
        item = _read_row(path.name, row, problems)
        if item is None:
            continue
        key = (item["government"], item["level"], item["code"])
        if key in items:
            problems.add(
                path.name,
                _("%(level)s %(code)s appears twice (first on line %(line)d)")
                % {"level": item["level"], "code": item["code"], "line": items[key]["line"]},
                row.line,
                "code",
            )
            continue
        items[key] = item
    return items


def _read_row(name: str, row: CsvRow, problems: Problems) -> dict[str, Any] | None:
    government = GOVERNMENTS.get(row.get("jenis_pemda").lower())
    if government is None:
        problems.add(
            name,
            _("unknown government '%(value)s'; use PROV or KABKOT")
            % {"value": row.get("jenis_pemda")},
            row.line,
            "jenis_pemda",
        )
        return None
    try:
        level = Level(row.get("level").lower())
    except ValueError:
        problems.add(
            name,
            _("unknown level '%(value)s'; use one of %(levels)s")
            % {"value": row.get("level"), "levels": ", ".join(Level.values)},
            row.line,
            "level",
        )
        return None
    code = row.get("code")
    if not CODE_PATTERNS[level].match(code):
        problems.add(
            name,
            _("'%(code)s' is not a %(level)s code") % {"code": code, "level": level.label},
            row.line,
            "code",
        )
        return None
    text = row.get("name")
    if not text:
        problems.add(name, _("the name is empty"), row.line, "name")
        return None
    parent_code = row.get("parent_code")
    if level != Level.URUSAN and parent_code and not code.startswith(parent_code + "."):
        problems.add(
            name,
            _("code %(code)s does not lie under its parent %(parent)s")
            % {"code": code, "parent": parent_code},
            row.line,
            "parent_code",
        )
        return None
    if level != Level.URUSAN and not parent_code:
        problems.add(name, _("the parent code is empty"), row.line, "parent_code")
        return None
    return {
        "line": row.line,
        "government": government.value,
        "level": level.value,
        "code": code,
        "name": text[:2000],
        "parent_code": parent_code,
        "offered": offered_to(code, government),
        "output": row.get("output"),
        "indicator": row.get("indicator"),
        "unit": row.get("unit")[:255],
        "tags": _tags(row.get("tag")),
        "spm": row.get("spm").upper() == "SPM",
        "kind": row.get("kind")[:20],
        "implementer": row.get("implementer"),
        "previous_code": row.get("previous_code")[:30],
        "previous_name": row.get("previous_name"),
        "definition": "",
    }


def _read_definitions(path: Path, items: dict[Key, dict[str, Any]], problems: Problems) -> None:
    opened = read_csv(
        path,
        problems,
        required={
            "jenis_pemda": REQUIRED["jenis_pemda"],
            "code": REQUIRED["code"],
            "definisi_operasional": ("definisi_operasional", "definition", "definisi"),
        },
    )
    if opened is None:
        return
    _columns, rows = opened
    for row in rows:
        government = GOVERNMENTS.get(row.get("jenis_pemda").lower())
        key = (str(government), Level.SUB_KEGIATAN.value, row.get("code"))
        item = items.get(key) if government else None
        if item is None:
            problems.add(
                path.name,
                _("no sub-activity %(code)s for %(government)s in the nomenclature file")
                % {"code": row.get("code"), "government": row.get("jenis_pemda")},
                row.line,
                "code",
            )
            continue
        item["definition"] = (row.values.get("definisi_operasional") or "").strip()


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
    progress: Callable[[int, int], None] | None = None,
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
        report.removed = len(set(existing) - set(items))
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
        _write_items(stored_edition, items, existing, actor, progress)
    return report


def _problem(file: str, message: str) -> Problem:
    return Problem(file=file, message=message)


def _year_from(text: str) -> int | None:
    found = re.search(r"(20\d\d)", text)
    return int(found.group(1)) if found else None


def _write_items(
    edition: Edition,
    items: dict[Key, dict[str, Any]],
    existing: dict[Key, Item],
    actor: Any,
    progress: Callable[[int, int], None] | None,
) -> None:
    saved: dict[Key, Item] = dict(existing)
    changes: list[ChangeRecord] = []
    total = len(items)
    done = 0
    for level in LEVEL_ORDER:
        create: list[Item] = []
        update: list[Item] = []
        for key, values in items.items():
            if key[1] != level:
                continue
            parent = None
            if level != Level.URUSAN:
                parent_level = LEVEL_ORDER[LEVEL_ORDER.index(level) - 1]
                parent = saved[(key[0], parent_level.value, values["parent_code"])]
            fields = {k: v for k, v in values.items() if k not in ("line", "parent_code")}
            old = existing.get(key)
            if old is None:
                item = Item(edition=edition, parent=parent, bidang=bidang_of(key[2]), **fields)
                item.name_key = name_key(item.name)
                create.append(item)
            else:
                before = audit.snapshot(old)
                for name, value in fields.items():
                    setattr(old, name, value)
                old.parent = parent
                old.name_key = name_key(old.name)
                diff = audit.diff(before, audit.snapshot(old))
                if diff:
                    update.append(old)
                    changes.append(audit.new_change(actor, ChangeRecord.Action.UPDATE, old, diff))
        for item in Item.objects.bulk_create(create, batch_size=500):
            saved[(item.government, item.level, item.code)] = item
            changes.append(
                audit.new_change(
                    actor, ChangeRecord.Action.CREATE, item, audit.diff({}, audit.snapshot(item))
                )
            )
        if update:
            Item.objects.bulk_update(
                update,
                [f for f in COMPARED if f != "parent_id"] + ["parent", "name_key"],
                batch_size=500,
            )
        done += len(create) + len(update)
        if progress:
            progress(done, total)
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
