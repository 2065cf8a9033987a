"""Instrument files: a questions sheet and a scoring sheet (one workbook, or two CSV files for
the instruments shipped in `data/instruments/`), read and checked with the import kit.

questions: section, section_title, section_weight, indicator, indicator_title,
indicator_weight, hazards, question, order, text, answer_type (yesno | number), worst, best,
unit, skip, verified, to_complete, basis.
scoring: setting, value, label, minimum, above, verified, basis — settings `code`, `title`,
`family`, `rule`, `mapping`, `level`, `verifier_level`, `legal_basis`, `status`, and one
`class` row per class (value = key, label, minimum, above).

Every problem is reported by sheet, row and column before anything is written; `build` then
creates the rows (with the models a migration or the services pass in).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.importing import Problems
from tangguh.core.importing.columns import Table, find_table
from tangguh.core.importing.files import Sheet, read_file
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.text import is_number
from tangguh.measures import resilience as measure

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "instruments"
SHIPPED = ("ikd-2016", "destana-2012", "destana-indeks-2021", "destana-2025", "kota-tangguh-2026")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}$")
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
FAMILIES = ("ikd", "destana", "city", "other")
STATUSES = ("active", "placeholder")
SHEET_NAMES = {"questions": ("questions", "pertanyaan"), "scoring": ("scoring", "penilaian")}

QUESTION_COLUMNS = {
    "section": ("section", "bagian", "prioritas", "aspek"),
    "section_title": ("section_title", "nama bagian"),
    "section_weight": ("section_weight", "bobot bagian"),
    "indicator": ("indicator", "indikator"),
    "indicator_title": ("indicator_title", "nama indikator"),
    "indicator_weight": ("indicator_weight", "bobot indikator", "bobot"),
    "hazards": ("hazards", "ancaman"),
    "question": ("question", "pertanyaan", "kode pertanyaan"),
    "order": ("order", "urutan"),
    "text": ("text", "teks", "teks pertanyaan"),
    "answer_type": ("answer_type", "jenis jawaban"),
    "worst": ("worst", "nilai terburuk"),
    "best": ("best", "nilai terbaik"),
    "unit": ("unit", "satuan"),
    "skip": ("skip", "alur lompatan"),
    "verified": ("verified", "terverifikasi"),
    "to_complete": ("to_complete", "perlu dilengkapi"),
    "indicator_to_complete": ("indicator_to_complete", "indikator perlu dilengkapi"),
    "basis": ("basis", "dasar"),
}
SCORING_COLUMNS = {
    "setting": ("setting", "pengaturan"),
    "value": ("value", "nilai"),
    "label": ("label",),
    "minimum": ("minimum", "batas bawah"),
    "above": ("above", "lebih dari"),
    "verified": ("verified", "terverifikasi"),
    "basis": ("basis", "dasar"),
}
SETTINGS = (
    "code",
    "title",
    "family",
    "rule",
    "mapping",
    "level",
    "verifier_level",
    "legal_basis",
    "status",
    "class",
)


@dataclass
class ClassData:
    key: str
    label: str
    minimum: Decimal
    above: bool
    verified: bool
    basis: str


@dataclass
class QuestionData:
    section: str
    indicator: str
    key: str
    order: int
    text: str
    answer_type: str
    worst: Decimal | None
    best: Decimal | None
    unit: str
    skip: str
    verified: bool
    to_complete: bool
    basis: str


@dataclass
class InstrumentData:
    """An instrument as read from its file, checked."""

    settings: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: list[QuestionData] = field(default_factory=list)
    classes: list[ClassData] = field(default_factory=list)

    @property
    def code(self) -> str:
        return str(self.settings.get("code", ""))


def _flag(f: RowReader, name: str) -> bool:
    return bool(f.yes_no(name)) if f.has(name) else False


def _weight(f: RowReader, name: str) -> Decimal:
    if not f.has(name):
        return Decimal(1)
    value = f.number(name)
    if value is None:
        return Decimal(1)
    if value <= 0:
        f.fail(name, _("a weight must be greater than 0"))
    return value


def _read_question(
    f: RowReader, data: InstrumentData, hazards: Collection[str] | None, seen: dict[str, int]
) -> None:
    section, indicator, key = f.text("section", 20), f.text("indicator", 20), f.text("question", 20)
    for name, value in (("section", section), ("indicator", indicator), ("question", key)):
        if not KEY.match(value):
            f.fail(name, _("'%(value)s' is not a key (letters, digits, . _ -)") % {"value": value})
    if key in seen:
        f.fail(
            "question",
            _("%(key)s appears twice (first on line %(line)d)") % {"key": key, "line": seen[key]},
        )
    seen.setdefault(key, f.line)
    order = f.whole("order", 1, 50) if f.has("order") else None
    text = f.text("text")
    if not text:
        f.fail("text", _("the question has no text"))
    answer_type = (
        (f.text("answer_type", 10).lower() or "yesno") if f.has("answer_type") else "yesno"
    )
    answer_type = {"ya/tidak": "yesno", "angka": "number"}.get(answer_type, answer_type)
    if answer_type not in measure.ANSWER_TYPES:
        f.fail("answer_type", _("use yesno or number"))
    worst = f.number("worst") if f.has("worst") else None
    best = f.number("best") if f.has("best") else None
    if (worst is None) != (best is None) or (worst is not None and worst == best):
        f.fail("best", _("give both the worst and the best value, and make them differ"))
    if answer_type == "yesno" and worst is not None:
        f.fail("worst", _("a yes/no question has no worst and best values"))
    keys = [h for h in re.split(r"[\s,;|]+", f.text("hazards")) if h] if f.has("hazards") else []
    unknown = [h for h in keys if hazards is not None and h not in hazards]
    if unknown:
        f.fail("hazards", _("unknown hazard keys: %(keys)s") % {"keys": ", ".join(unknown)})
    sec = data.sections.setdefault(
        section,
        {
            "title": f.text("section_title", 255) or section,
            "weight": _weight(f, "section_weight"),
            "order": len(data.sections) + 1,
        },
    )
    ind = data.indicators.setdefault(
        indicator,
        {
            "section": section,
            "title": f.text("indicator_title", 255) or indicator,
            "weight": _weight(f, "indicator_weight"),
            "hazards": sorted(set(keys)),
            "to_complete": False,
            "verified": True,
            "basis": f.text("basis"),
            "order": len(data.indicators) + 1,
            "orders": set(),
        },
    )
    if ind["section"] != section:
        f.fail(
            "section",
            _("indicator %(indicator)s is already in section %(section)s")
            % {"indicator": indicator, "section": ind["section"]},
        )
    order = order or len(ind["orders"]) + 1
    if order in ind["orders"]:
        f.fail(
            "order",
            _("indicator %(indicator)s has two questions in this place") % {"indicator": indicator},
        )
    ind["orders"].add(order)
    verified, to_complete = _flag(f, "verified"), _flag(f, "to_complete")
    ind["verified"] = ind["verified"] and verified
    ind["to_complete"] = ind["to_complete"] or _flag(f, "indicator_to_complete")
    del sec
    data.questions.append(
        QuestionData(
            section,
            indicator,
            key,
            order,
            text,
            answer_type,
            worst,
            best,
            f.text("unit", 40),
            f.text("skip"),
            verified,
            to_complete,
            f.text("basis"),
        )
    )


def _read_setting(f: RowReader, data: InstrumentData) -> None:
    setting = f.text("setting", 20).lower()
    value = f.text("value")
    if setting not in SETTINGS:
        f.fail(
            "setting",
            _("unknown setting %(name)s; use one of %(names)s")
            % {"name": setting or "-", "names": ", ".join(SETTINGS)},
        )
        return
    if setting == "class":
        minimum = f.number("minimum")
        if not KEY.match(value):
            f.fail("value", _("a class needs a key (letters, digits, . _ -)"))
        if minimum is None:
            f.fail("minimum", _("a class needs the score it starts from"))
            return
        data.classes.append(
            ClassData(
                value,
                f.text("label", 80) or value,
                minimum,
                _flag(f, "above"),
                _flag(f, "verified"),
                f.text("basis"),
            )
        )
        return
    if setting in data.settings:
        f.fail("setting", _("%(name)s is set twice") % {"name": setting})
    choices = {
        "rule": measure.RULES,
        "mapping": measure.MAPPINGS,
        "family": FAMILIES,
        "status": STATUSES,
        "level": ("1", "2", "3", "4"),
        "verifier_level": ("1", "2", "3", "4"),
    }.get(setting)
    if choices is not None and value not in choices:
        f.fail(
            "value",
            _("%(value)s is not one of %(choices)s")
            % {"value": value or "-", "choices": ", ".join(choices)},
        )
    if setting == "code" and not CODE.match(value):
        f.fail("value", _("a code is lower-case letters, digits and -, e.g. destana-2012"))
    data.settings[setting] = int(value) if setting.endswith("level") and is_number(value) else value
    if setting in ("rule", "mapping"):
        data.settings[f"{setting}_verified"] = _flag(f, "verified")
        data.settings[f"{setting}_basis"] = f.text("basis")


def _check_whole(data: InstrumentData, ctx: ReadContext) -> None:
    """Checks of the whole scoring sheet against the questions."""
    s = data.settings
    for name in ("code", "title", "rule", "level", "legal_basis"):
        if not s.get(name):
            ctx.problem(_("the scoring sheet does not set %(name)s") % {"name": name})
    s.setdefault("family", "other")
    s.setdefault("status", "active")
    s.setdefault("verifier_level", max(1, int(s.get("level") or 2) - 1))
    placeholder = s["status"] == "placeholder"
    if not placeholder and not data.questions:
        ctx.problem(_("an instrument in use needs questions"))
    if not placeholder and not data.classes:
        ctx.problem(_("the scoring sheet has no class rows"))
    if isinstance(s.get("level"), int) and s["verifier_level"] > s["level"]:
        ctx.problem(_("the verifying level must be above or at the assessed level"))
    keys = [c.key for c in data.classes]
    if len(set(keys)) != len(keys):
        ctx.problem(_("two classes have the same key"))
    limits = [(c.minimum, c.above) for c in data.classes]
    if len(set(limits)) != len(limits):
        ctx.problem(_("two classes start at the same score"))
    top = {
        "cascade-level": Decimal(1),
        "aspect-mean": Decimal(1),
        "percent-yes": Decimal(100),
        "count-yes": Decimal(len(data.questions)),
    }.get(str(s.get("rule")))
    if top is not None and not placeholder:
        wrong = [c.key for c in data.classes if not Decimal(0) <= c.minimum <= top]
        if wrong:
            ctx.problem(
                _("classes outside the scores this rule gives (0 to %(top)s): %(keys)s")
                % {"top": top, "keys": ", ".join(wrong)}
            )
    if data.classes and min(c.minimum for c in data.classes) > 0:
        ctx.problem(_("no class starts at 0: low scores would have no class"))
    if s.get("rule") == "count-yes" or s.get("rule") == "cascade-level":
        numbers = [q.key for q in data.questions if q.answer_type == "number"]
        if numbers:
            ctx.problem(
                _("this rule counts yes answers; questions %(keys)s take numbers")
                % {"keys": ", ".join(numbers[:10])}
            )


def _sheet(sheets: list[Sheet], kind: str, problems: Problems, name: str) -> Sheet | None:
    for sheet in sheets:
        if sheet.title.strip().lower() in SHEET_NAMES[kind]:
            return sheet
    problems.add(
        name,
        _("the workbook has no sheet named %(names)s") % {"names": " / ".join(SHEET_NAMES[kind])},
    )
    return None


def read_sheets(
    questions: Sheet | None,
    scoring: Sheet | None,
    problems: Problems,
    hazards: Collection[str] | None = None,
) -> InstrumentData | None:
    """An instrument from its two sheets; None when anything is wrong (every problem added)."""
    data = InstrumentData()
    if questions is None or scoring is None:
        return None
    ctx = ReadContext(questions.file)
    q_table = (
        find_table(
            questions,
            problems,
            QUESTION_COLUMNS,
            required=["question", "section", "indicator", "text"],
        )
        if questions.rows
        else None
    )
    s_table: Table | None = find_table(
        scoring, problems, SCORING_COLUMNS, required=["setting", "value"]
    )
    if q_table is not None:
        ctx.on(questions)
        seen: dict[str, int] = {}
        for row in q_table.rows:
            _read_question(ctx.reader(q_table, row), data, hazards, seen)
    if s_table is None:
        problems.extend(ctx.problems.items)
        return None
    ctx.on(scoring)
    for row in s_table.rows:
        _read_setting(ctx.reader(s_table, row), data)
    _check_whole(data, ctx)
    problems.extend(ctx.problems.items)
    return None if problems else data


def read_workbook(
    path: Path,
    problems: Problems,
    *,
    name: str | None = None,
    hazards: Collection[str] | None = None,
) -> InstrumentData | None:
    """An instrument from a workbook with a questions and a scoring sheet."""
    name = name or path.name
    reading = read_file(path, problems, name=name)
    if reading is None:
        return None
    sheets = reading.sheets
    return read_sheets(
        _sheet(sheets, "questions", problems, name),
        _sheet(sheets, "scoring", problems, name),
        problems,
        hazards,
    )


def read_shipped(code: str, hazards: Collection[str] | None = None) -> InstrumentData:
    """A shipped instrument (two CSV files); raises ImportFailed when they have problems."""
    problems = Problems()
    sheets: list[Sheet | None] = []
    for kind in ("questions", "scoring"):
        reading = read_file(SHIPPED_DIR / f"{code}.{kind}.csv", problems)
        sheets.append(reading.sheets[0] if reading and reading.sheets else None)
    data = read_sheets(sheets[0], sheets[1], problems, hazards)
    problems.raise_if_any()
    assert data is not None
    return data


def build(data: InstrumentData, models: Mapping[str, Any], **extra: Any) -> Any:
    """Create the instrument and its parts (`models`: Instrument, Section, Indicator, Question,
    ScoreClass — the app's or a migration's)."""
    s = data.settings
    fields = {f.name for f in models["Instrument"]._meta.concrete_fields}
    values = {
        "code": s["code"],
        "title": s["title"][:255],
        "family": s["family"],
        "status": s["status"],
        "legal_basis": s["legal_basis"],
        "level": s["level"],
        "verifier_level": s["verifier_level"],
        "rule": s["rule"],
        "rule_verified": s.get("rule_verified", False),
        "rule_basis": s.get("rule_basis", ""),
        "mapping": s.get("mapping") or "level-1/4",
        "mapping_verified": s.get("mapping_verified", False),
        "mapping_basis": s.get("mapping_basis", ""),
        **extra,
    }
    instrument = models["Instrument"].objects.create(
        **{k: v for k, v in values.items() if k in fields}
    )
    sections = {
        key: models["Section"].objects.create(
            instrument=instrument,
            key=key,
            title=v["title"][:255],
            weight=v["weight"],
            order=v["order"],
            verified=True,
            basis="",
        )
        for key, v in data.sections.items()
    }
    indicators = {
        key: models["Indicator"].objects.create(
            instrument=instrument,
            section=sections[v["section"]],
            key=key,
            title=v["title"][:255],
            weight=v["weight"],
            hazards=v["hazards"],
            to_complete=v["to_complete"],
            verified=v["verified"],
            basis=v["basis"],
            order=v["order"],
        )
        for key, v in data.indicators.items()
    }
    models["Question"].objects.bulk_create(
        models["Question"](
            instrument=instrument,
            indicator=indicators[q.indicator],
            key=q.key,
            order=q.order,
            position=position,
            text=q.text,
            answer_type=q.answer_type,
            worst=q.worst,
            best=q.best,
            unit=q.unit,
            skip=q.skip,
            verified=q.verified,
            to_complete=q.to_complete,
            basis=q.basis,
        )
        for position, q in enumerate(data.questions, start=1)
    )
    models["ScoreClass"].objects.bulk_create(
        models["ScoreClass"](
            instrument=instrument,
            key=c.key,
            label=c.label,
            minimum=c.minimum,
            above=c.above,
            verified=c.verified,
            basis=c.basis,
        )
        for c in data.classes
    )
    return instrument


def install_shipped(models: Mapping[str, Any]) -> int:
    """Create every shipped instrument that is not there yet (settings an administrator changed
    on an installed one stay); returns how many were created."""
    created = 0
    for code in SHIPPED:
        if models["Instrument"].objects.filter(code=code).exists():
            continue
        build(read_shipped(code), models, shipped=True)
        created += 1
    return created
