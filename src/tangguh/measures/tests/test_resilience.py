"""Resilience scoring against the worked examples of issue 11 (IKD, Destana) and its rules."""

from decimal import Decimal

import pytest

from tangguh.measures.resilience import (
    BadAnswer,
    ClassSpec,
    IndicatorSpec,
    InstrumentSpec,
    QuestionSpec,
    SectionSpec,
    delta,
    level_score,
    parse_answer,
    score,
    score_class,
    weakest,
)

D = Decimal
IKD_PERKA_CLASSES = (
    ClassSpec("rendah", D(0)),
    ClassSpec("sedang", D("0.33")),
    ClassSpec("tinggi", D("0.66"), above=True),
)
IKD_OTHER_CLASSES = (
    ClassSpec("rendah", D(0)),
    ClassSpec("sedang", D("0.4")),
    ClassSpec("tinggi", D("0.8")),
)
DESTANA_CLASSES = (
    ClassSpec("belum", D(0)),
    ClassSpec("pratama", D(20)),
    ClassSpec("madya", D(36)),
    ClassSpec("utama", D(51)),
)


def ikd(mapping: str, classes=IKD_PERKA_CLASSES, hazards=None) -> InstrumentSpec:
    hazards = hazards or {}
    indicators = tuple(
        IndicatorSpec(f"I{i}", "P1" if i <= 2 else "P2", hazards=frozenset(hazards.get(i, ())))
        for i in range(1, 5)
    )
    questions = tuple(
        QuestionSpec(f"I{i}.{k}", f"I{i}", k) for i in range(1, 5) for k in range(1, 5)
    )
    return InstrumentSpec(
        "ikd",
        "cascade-level",
        (SectionSpec("P1"), SectionSpec("P2")),
        indicators,
        questions,
        classes,
        mapping,
    )


def ikd_answers(levels: list[int]) -> dict[str, bool]:
    answers = {}
    for i, level in enumerate(levels, start=1):
        for k in range(1, 5):
            answers[f"I{i}.{k}"] = k < level
    return answers


def destana() -> InstrumentSpec:
    indicators = tuple(IndicatorSpec(str(i), "A") for i in range(1, 21))
    questions = tuple(
        QuestionSpec(str(3 * (i - 1) + k), str(i), k) for i in range(1, 21) for k in range(1, 4)
    )
    return InstrumentSpec(
        "destana-2012", "count-yes", (SectionSpec("A"),), indicators, questions, DESTANA_CLASSES
    )


def destana_example() -> dict[str, bool]:
    answers = {}
    for i in range(1, 21):
        yes = 3 if i <= 10 else 2 if i <= 15 else 1
        for k in range(1, 4):
            answers[str(3 * (i - 1) + k)] = k <= yes
    return answers


@pytest.mark.parametrize(
    ("mapping", "classes", "expected"),
    [
        ("level-1/4", IKD_PERKA_CLASSES, D("0.4375")),
        ("level/5", IKD_PERKA_CLASSES, D("0.55")),
        ("level-1/4", IKD_OTHER_CLASSES, D("0.4375")),
        ("level/5", IKD_OTHER_CLASSES, D("0.55")),
    ],
)
def test_ikd_worked_example(mapping, classes, expected) -> None:
    result = score(ikd(mapping, classes), ikd_answers([5, 3, 1, 2]))
    assert result.score == expected
    assert result.klass == "sedang"
    assert [r.level for r in result.indicators] == [5, 3, 1, 2]
    assert result.mapping == mapping


def test_ikd_priority_scores_are_means_of_their_indicators() -> None:
    result = score(ikd("level-1/4"), ikd_answers([5, 3, 1, 2]))
    assert [s.score for s in result.sections] == [D("0.75"), D("0.125")]


def test_an_indicator_of_a_hazard_the_region_does_not_face_is_left_out() -> None:
    spec = ikd("level-1/4", hazards={1: {"volcano"}})
    result = score(spec, ikd_answers([5, 3, 1, 2]), region_hazards=frozenset({"drought"}))
    assert result.excluded == ("I1",)
    assert result.score == D(3) / D(12)  # (2 + 0 + 1) / 4 / 3
    assert result.indicators[0].score is None
    # unknown hazards: every indicator counts
    assert score(spec, ikd_answers([5, 3, 1, 2])).score == D("0.4375")


def test_a_yes_after_a_no_is_flagged_and_not_counted() -> None:
    answers = ikd_answers([5, 3, 1, 2])
    answers["I2.4"] = True  # I2: yes, yes, no, YES
    result = score(ikd("level-1/4"), answers)
    assert result.indicators[1].level == 3
    assert result.indicators[1].flagged == ("I2.4",)
    assert result.flagged == ("I2.4",)
    assert result.score == D("0.4375")


def test_unanswered_questions_reached_by_the_cascade_are_listed() -> None:
    answers = ikd_answers([5, 3, 1, 2])
    del answers["I3.1"]
    result = score(ikd("level-1/4"), answers)
    assert result.indicators[2].unanswered == ("I3.1",)
    assert result.indicators[2].level == 1


def test_destana_worked_example_is_45_madya() -> None:
    result = score(destana(), destana_example())
    assert result.score == 45
    assert result.klass == "madya"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "belum"),
        (19, "belum"),
        (20, "pratama"),
        (35, "pratama"),
        (36, "madya"),
        (50, "madya"),
        (51, "utama"),
        (60, "utama"),
    ],
)
def test_destana_classes(value, expected) -> None:
    assert score_class(D(value), DESTANA_CLASSES) == expected


def test_destana_yes_after_no_not_counted() -> None:
    answers = destana_example()
    answers["60"] = True  # indicator 20: yes, no, YES
    result = score(destana(), answers)
    assert result.score == 45
    assert result.flagged == ("60",)


def test_village_index_rescales_to_100() -> None:
    spec = destana()
    index = InstrumentSpec(
        "index",
        "percent-yes",
        spec.sections,
        spec.indicators,
        spec.questions,
        (
            ClassSpec("belum", D(0)),
            ClassSpec("pratama", D("33.33")),
            ClassSpec("madya", D("58.33"), above=True),
            ClassSpec("utama", D("83.33"), above=True),
        ),
    )
    result = score(index, destana_example())
    assert result.score == D(75)
    assert result.klass == "madya"


def test_perka_upper_bound_is_strict() -> None:
    assert score_class(D("0.66"), IKD_PERKA_CLASSES) == "sedang"
    assert score_class(D("0.6601"), IKD_PERKA_CLASSES) == "tinggi"
    assert score_class(D("0.8"), IKD_OTHER_CLASSES) == "tinggi"
    assert score_class(None, IKD_OTHER_CLASSES) is None


def test_city_aspects_mix_cascades_and_measured_values() -> None:
    spec = InstrumentSpec(
        "city",
        "aspect-mean",
        (SectionSpec("env"), SectionSpec("gov")),
        (IndicatorSpec("water", "env"), IndicatorSpec("plan", "gov")),
        (
            QuestionSpec("water-coverage", "water", 1, "number", D(0), D(100)),
            QuestionSpec("plan.1", "plan", 1),
            QuestionSpec("plan.2", "plan", 2),
        ),
        (ClassSpec("rendah", D(0)), ClassSpec("sedang", D("0.33")), ClassSpec("tinggi", D("0.66"))),
    )
    result = score(spec, {"water-coverage": D(50), "plan.1": True, "plan.2": False})
    assert [s.score for s in result.sections] == [D("0.5"), D("0.5")]
    assert result.score == D("0.5")
    assert result.klass == "sedang"
    missing = score(spec, {"plan.1": True})
    assert missing.indicators[0].unanswered == ("water-coverage",)
    assert missing.indicators[0].score is None
    assert missing.score == D("0.5")


def test_measured_values_are_clamped_and_may_run_downwards() -> None:
    q = QuestionSpec("waste", "w", 1, "number", worst=D(200), best=D(0))
    spec = InstrumentSpec("c", "aspect-mean", (SectionSpec("s"),), (IndicatorSpec("w", "s"),), (q,))
    assert score(spec, {"waste": D(50)}).score == D("0.75")
    assert score(spec, {"waste": D(500)}).score == D(0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ya", True),
        ("YA", True),
        ("tidak", False),
        ("yes", True),
        ("No", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        ("", None),
        (None, None),
    ],
)
def test_answers_accepted(raw, expected) -> None:
    assert parse_answer(raw) == expected


@pytest.mark.parametrize("raw", ["mungkin", "2", "yess", 3])
def test_bad_answers_raise(raw) -> None:
    with pytest.raises(BadAnswer):
        parse_answer(raw)


def test_numbers() -> None:
    assert parse_answer("50,5", "number") == D("50.5")
    with pytest.raises(BadAnswer):
        parse_answer("half", "number")
    with pytest.raises(BadAnswer):
        parse_answer("inf", "number")


def test_level_score_bounds() -> None:
    assert level_score(1, 4, "level-1/4") == 0
    assert level_score(5, 4, "level/5") == 1
    with pytest.raises(ValueError, match="outside"):
        level_score(6, 4, "level-1/4")


def test_delta_and_weakest() -> None:
    assert delta(D("0.5"), D("0.4")) == D("0.1")
    assert delta(D("0.5"), None) is None
    result = score(ikd("level-1/4"), ikd_answers([5, 3, 1, 2]))
    assert [r.key for r in weakest(result, 2)] == ["I3", "I4"]


def test_a_measured_value_without_bounds_is_recorded_not_scored() -> None:
    spec = InstrumentSpec(
        "c",
        "aspect-mean",
        (SectionSpec("s"),),
        (IndicatorSpec("w", "s"),),
        (
            QuestionSpec("share", "w", 1, "number", D(0), D(100)),
            QuestionSpec("tons", "w", 2, "number"),
        ),
    )
    assert score(spec, {"share": D(40), "tons": D(200)}).score == D("0.4")


def test_an_indicator_without_any_answer_is_left_out() -> None:
    answers = {k: v for k, v in ikd_answers([5, 3, 1, 2]).items() if not k.startswith("I4")}
    result = score(ikd("level-1/4"), answers)
    assert result.indicators[3].score is None
    assert result.indicators[3].unanswered == ("I4.1",)
    assert result.score == D(6) / D(12)  # (4 + 2 + 0) / 4 / 3
