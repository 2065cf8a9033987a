"""`tangguh import-instrument`: a workbook with questions and scoring sheets; broken ones write
nothing; the rules a province administrator sets."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tangguh.core.models import ChangeRecord
from tangguh.resilience import services
from tangguh.resilience.models import Instrument

QUESTIONS = [
    [
        "section",
        "section_title",
        "indicator",
        "indicator_title",
        "hazards",
        "question",
        "order",
        "text",
        "answer_type",
        "worst",
        "best",
    ],
    ["A", "Air", "A1", "Air bersih", "", "A1.1", 1, "Ada rencana air bersih?", "yesno", None, None],
    ["A", "Air", "A1", "Air bersih", "", "A1.2", 2, "Rencana dijalankan?", "yesno", None, None],
    ["B", "Banjir", "B1", "Drainase", "flood", "B1.1", 1, "Cakupan drainase (%)", "number", 0, 100],
]
SCORING = [
    ["setting", "value", "label", "minimum", "above", "verified", "basis"],
    ["code", "kab-sikka-2027"],
    ["title", "Instrumen ketangguhan Sikka"],
    ["rule", "aspect-mean"],
    ["level", "2"],
    ["legal_basis", "Perbup Sikka (contoh)"],
    ["class", "rendah", "Rendah", 0, "tidak"],
    ["class", "tinggi", "Tinggi", 0.5, "tidak"],
]


def workbook(
    path: Path, questions=QUESTIONS, scoring=SCORING, names=("questions", "scoring")
) -> Path:
    book = Workbook()
    first = book.active
    first.title = names[0]
    for row in questions:
        first.append(row)
    second = book.create_sheet(names[1])
    for row in scoring:
        second.append(row)
    book.save(path)
    return path


def run(path: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_instrument", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_region_adds_its_own_instrument(db, tmp_path) -> None:
    out, _ = run(workbook(tmp_path / "sikka.xlsx"))
    assert "created 1" in out
    instrument = Instrument.objects.get(code="kab-sikka-2027")
    assert instrument.questions.count() == 3
    assert instrument.indicators.get(key="B1").hazards == ["flood"]
    assert ChangeRecord.objects.filter(
        model="resilience.instrument", object_id=str(instrument.pk)
    ).exists()
    # again: replaced while no assessment uses it
    out, _ = run(workbook(tmp_path / "sikka.xlsx"))
    assert "updated 1" in out
    assert Instrument.objects.filter(code="kab-sikka-2027").count() == 1


@pytest.mark.parametrize(
    ("scoring", "message"),
    [
        ([r for r in SCORING if r[0] != "rule"], "does not set rule"),
        ([*SCORING[:3], ["rule", "median"], *SCORING[4:]], "median is not one of"),
        ([*SCORING, ["weights", "x"]], "unknown setting weights"),
        ([*SCORING[:6], ["class", "tinggi", "Tinggi", None]], "needs the score it starts from"),
        ([*SCORING[:6], ["class", "tinggi", "Tinggi", 5]], "classes outside the scores"),
        ([*SCORING, ["class", "tinggi", "Lagi", 0.7]], "same key"),
        ([r for r in SCORING if r[0] != "class"], "no class rows"),
        ([["pengaturan_salah", "x"]], "setting"),
        ([*SCORING[:1], ["code", "Bad Code!"], *SCORING[2:]], "a code is lower-case"),
    ],
)
def test_a_broken_scoring_sheet_writes_nothing(db, tmp_path, scoring, message) -> None:
    before = Instrument.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_instrument",
            str(workbook(tmp_path / "bad.xlsx", scoring=scoring)),
            stdout=StringIO(),
            stderr=err,
        )
    assert message in err.getvalue()
    assert Instrument.objects.count() == before


def test_problems_name_sheet_row_and_column(db, tmp_path) -> None:
    bad_questions = [
        *QUESTIONS,
        ["B", "Banjir", "B2", "x", "lava", "B1.1", 1, "", "essay", 1, None],
    ]
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_instrument",
            str(workbook(tmp_path / "bad.xlsx", questions=bad_questions)),
            stdout=StringIO(),
            stderr=err,
        )
    text = err.getvalue()
    assert "unknown hazard keys: lava" in text
    assert "B1.1 appears twice" in text
    assert "the question has no text" in text
    assert "use yesno or number" in text
    assert "questions" in text
    assert ":5" in text


def test_a_workbook_without_the_sheets(db, tmp_path) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_instrument",
            str(workbook(tmp_path / "x.xlsx", names=("Sheet1", "Sheet2"))),
            stdout=StringIO(),
            stderr=err,
        )
    assert "no sheet named questions / pertanyaan" in err.getvalue()


def test_not_a_workbook(db, tmp_path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(CommandError):
        run(path)
    assert not Instrument.objects.filter(code="kab-sikka-2027").exists()


def test_only_managers_of_the_owner_load_instruments(
    db, tmp_path, kupang_editor, province_manager
) -> None:
    with pytest.raises(PermissionDenied):
        services.import_instrument(workbook(tmp_path / "s.xlsx"), actor=kupang_editor)
    services.import_instrument(workbook(tmp_path / "s.xlsx"), actor=province_manager)


def test_the_province_sets_the_uncertain_rules(db, province_manager, kupang_editor) -> None:
    ikd = Instrument.objects.get(code="ikd-2016")
    with pytest.raises(PermissionDenied):
        services.set_rules(ikd, actor=kupang_editor, mapping="level/5")
    services.set_rules(
        ikd, actor=province_manager, mapping="level/5", classes={"sedang": "0.4", "tinggi": "0.8"}
    )
    ikd.refresh_from_db()
    assert ikd.mapping == "level/5"
    rules = ikd.rules()
    assert rules["classes"][1] == {"key": "sedang", "minimum": "0.4", "above": False}
    assert rules["mapping"] == "level/5"
    assert ChangeRecord.objects.filter(
        model="resilience.instrument", actor=province_manager
    ).exists()
