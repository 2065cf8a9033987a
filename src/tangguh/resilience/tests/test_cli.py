"""`tangguh score-assessment` on the worked examples, bad answers by row; shipped instruments."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tangguh.resilience.models import Instrument, Question
from tangguh.resilience.tests.conftest import destana_example, ikd_answers


def run(*args: str) -> str:
    out = StringIO()
    call_command("score_assessment", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_shipped_instruments_are_installed(db) -> None:
    codes = set(Instrument.objects.values_list("code", flat=True))
    assert {
        "ikd-2016",
        "destana-2012",
        "destana-indeks-2021",
        "destana-2025",
        "kota-tangguh-2026",
    } <= codes
    ikd = Instrument.objects.get(code="ikd-2016")
    assert ikd.sections.count() == 7
    assert ikd.indicators.count() == 71
    assert ikd.questions.count() == 284
    assert ikd.indicators.filter(to_complete=True).count() == 6
    assert ikd.indicators.filter(verified=False).count() == 6
    assert ikd.questions.filter(to_complete=True).count() == 284
    destana = Instrument.objects.get(code="destana-2012")
    assert list(destana.questions.values_list("key", flat=True)) == [str(n) for n in range(1, 61)]
    assert sorted(destana.classes.values_list("key", flat=True)) == [
        "belum",
        "madya",
        "pratama",
        "utama",
    ]
    slot = Instrument.objects.get(code="destana-2025")
    assert slot.is_placeholder
    assert slot.questions.count() == 0
    city = Instrument.objects.get(code="kota-tangguh-2026")
    assert city.sections.count() == 5
    water = Question.objects.get(instrument=city, key="L1.1")
    assert water.answer_type == "number"
    assert "50 %" in water.text


def test_destana_worked_example_scores_45_madya(db, answers_csv) -> None:
    data = json.loads(run("destana-2012", str(answers_csv(destana_example())), "--json"))
    assert data["score"] == 45
    assert data["class"] == "madya"
    assert len(data["indicators"]) == 20
    assert data["indicators"][10]["score"] == 2
    text = run("destana-2012", str(answers_csv(destana_example())))
    assert "score 45" in text
    assert "class madya" in text


def test_ikd_worked_example_under_both_mappings(db, answers_csv) -> None:
    # four indicators answered at levels 5, 3, 1, 2; the 67 without any answer are left out
    path = answers_csv(
        {
            k: v
            for k, v in ikd_answers({1: 5, 2: 3, 3: 1, 4: 2}).items()
            if int(k.split(".")[0]) <= 4
        }
    )
    ikd = Instrument.objects.get(code="ikd-2016")
    data = json.loads(run("ikd-2016", str(path), "--json"))
    assert data["score"] == 0.4375
    assert data["class"] == "sedang"
    assert data["rules"]["mapping"] == "level-1/4"
    assert data["rules"]["mapping_verified"] is False
    Instrument.objects.filter(pk=ikd.pk).update(mapping="level/5")
    data = json.loads(run("ikd-2016", str(path), "--json"))
    assert data["score"] == 0.55
    assert data["class"] == "sedang"


def test_a_yes_after_a_no_is_flagged_not_counted(db, answers_csv) -> None:
    answers = destana_example()
    answers["60"] = "ya"
    data = json.loads(run("destana-2012", str(answers_csv(answers)), "--json"))
    assert data["score"] == 45
    assert data["flagged"] == ["60"]
    assert "yes after no" in run("destana-2012", str(answers_csv(answers)))


def test_bad_answers_are_reported_by_row_and_nothing_is_scored(db, answers_csv) -> None:
    path = answers_csv({"1": "ya", "2": "mungkin", "99": "ya", "1 ": "tidak"})
    err = StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("score_assessment", "destana-2012", str(path), stdout=StringIO(), stderr=err)
    messages = err.getvalue()
    assert "answers.csv:3 [answer]: 'mungkin' is not an answer" in messages
    assert "answers.csv:4 [question]: 99 is not a question" in messages
    assert "answered twice" in messages


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("pertanyaan;jawab\n1;ya\n", "answer"),
        ("", "empty"),
        ("question,answer\n<script>alert(1)</script>,ya\n", "is not a question"),
    ],
)
def test_malformed_answer_files(db, tmp_path, content, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("score_assessment", "destana-2012", str(path), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()


def test_unknown_or_empty_instrument(db, answers_csv) -> None:
    with pytest.raises(CommandError, match="no instrument"):
        run("nope", str(answers_csv({"1": "ya"})))
    with pytest.raises(CommandError, match="empty slot"):
        run("destana-2025", str(answers_csv({"1": "ya"})))
