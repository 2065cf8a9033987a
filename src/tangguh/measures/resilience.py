"""Scoring of resilience instruments: IKD (BNPB, 2016), Destana (Perka BNPB 1/2012), the 0–100
village index and tangguh's city-resilience instrument.

An instrument is data (`InstrumentSpec`): sections, indicators, questions, weights, relevance to
hazards, a scoring rule and classes. This module scores a set of answers against it; it knows no
database. Sources and confidence (drr.md §1, §2, §8.3):

* cascade [V]: within an indicator the questions are tiered; a "yes" counts only while every
  earlier question of the indicator was answered "yes". A "yes" after a "no" (or after a
  question left open) is kept by the caller, flagged here and not counted.
* IKD level [S]: level = 1 + the number of consecutive "yes" answers from the first question.
* IKD level → score [U]: `(level − 1)/4` or `level/5` (both occur); a configuration
  (`mapping`), generalised to n questions as `(level − 1)/n` and `level/(n + 1)`.
* IKD index [S]: the weighted mean of the scores of the indicators relevant to the region's
  hazards; a priority's score is the same mean over its own indicators.
* Destana [V items, S count]: the score is the number of counted "yes" answers (0–60).
* village index [U]: the counted "yes" answers as a percentage of the questions (0–100).
* city resilience [tangguh]: indicator score 0–1 (a yes/no cascade: counted "yes" ÷ questions;
  a measured value: its position between the instrument's worst and best values), aspect score
  = weighted mean of its indicators, total = weighted mean of the aspects.
* an indicator with no answer at all is left out of every mean and sum (a draft's score so far;
  submitting requires every question the cascade reaches to be answered).
* classes [U for every instrument]: the lowest bound a score reaches (`minimum`, inclusive, or
  strictly above it with `above`), configured per instrument version.

Worked examples (issue 11, tested in measures/tests/test_resilience.py): IKD levels 5, 3, 1, 2
→ 0.4375 with `(level − 1)/4`, 0.55 with `level/5`, "sedang" under either cut-off set; Destana
indicators 1–10 all three "yes", 11–15 two, 16–20 the first only → 45 → Madya.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

VERSION = "tangguh-resilience-2026.1"

Rule = Literal["cascade-level", "count-yes", "percent-yes", "aspect-mean"]
Mapping_ = Literal["level-1/4", "level/5"]
AnswerType = Literal["yesno", "number"]

RULES: tuple[Rule, ...] = ("cascade-level", "count-yes", "percent-yes", "aspect-mean")
MAPPINGS: tuple[Mapping_, ...] = ("level-1/4", "level/5")
ANSWER_TYPES: tuple[AnswerType, ...] = ("yesno", "number")

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

YES_WORDS = frozenset({"ya", "yes", "1", "y", "iya"})
NO_WORDS = frozenset({"tidak", "no", "0", "t", "n", "tdk"})


class BadAnswer(ValueError):
    """An answer that is not one of the values a question allows."""


@dataclass(frozen=True)
class QuestionSpec:
    """One question: its key (stable, e.g. "1"…"60" for Destana), its indicator and order."""

    key: str
    indicator: str
    order: int
    answer_type: AnswerType = "yesno"
    worst: Decimal | None = None  # a measured value at or beyond which the score is 0
    best: Decimal | None = None  # a measured value at or beyond which the score is 1


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator of a section, its weight and the hazards it applies to (empty: every
    region)."""

    key: str
    section: str
    weight: Decimal = ONE
    hazards: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SectionSpec:
    """A section (IKD priority, Destana aspect, city aspect) and its weight."""

    key: str
    weight: Decimal = ONE


@dataclass(frozen=True)
class ClassSpec:
    """A class a score falls in when it reaches `minimum` (or, with `above`, exceeds it)."""

    key: str
    minimum: Decimal
    above: bool = False


@dataclass(frozen=True)
class InstrumentSpec:
    """What scoring needs of an instrument version."""

    code: str
    rule: Rule
    sections: tuple[SectionSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    questions: tuple[QuestionSpec, ...]
    classes: tuple[ClassSpec, ...] = ()
    mapping: Mapping_ = "level-1/4"


Answer = bool | Decimal | None


@dataclass(frozen=True)
class IndicatorResult:
    """The score of one indicator."""

    key: str
    section: str
    relevant: bool
    level: int | None
    counted_yes: int
    score: Decimal | None
    flagged: tuple[str, ...] = ()  # questions answered "yes" after a "no", not counted
    unanswered: tuple[str, ...] = ()  # questions the cascade reached that have no answer


@dataclass(frozen=True)
class SectionResult:
    """The score of one section (weighted mean of its relevant indicators)."""

    key: str
    score: Decimal | None


@dataclass(frozen=True)
class Result:
    """The scored answers: total, class, sections, indicators and the rule that produced them."""

    instrument: str
    rule: Rule
    mapping: Mapping_ | None
    score: Decimal | None
    klass: str | None
    sections: tuple[SectionResult, ...]
    indicators: tuple[IndicatorResult, ...]
    classes: tuple[ClassSpec, ...]
    version: str = VERSION
    flagged: tuple[str, ...] = field(default=())
    excluded: tuple[str, ...] = field(default=())


def parse_answer(raw: object, answer_type: AnswerType = "yesno") -> Answer:
    """`ya`/`tidak`, `yes`/`no`, `1`/`0` (any case) for a yes/no question, a number for a
    measured one; blank is no answer. Anything else raises `BadAnswer`."""
    if raw is None:
        return None
    if answer_type == "number":
        if isinstance(raw, bool):
            raise BadAnswer(str(raw))
        if isinstance(raw, int | float | Decimal):
            return Decimal(str(raw))
        text = str(raw).strip().replace(",", ".")
        if not text:
            return None
        try:
            value = Decimal(text)
        except ArithmeticError as exc:
            raise BadAnswer(str(raw)) from exc
        if not value.is_finite():
            raise BadAnswer(str(raw))
        return value
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float | Decimal) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if not text:
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise BadAnswer(str(raw))


def level_score(level: int, questions: int, mapping: Mapping_) -> Decimal:
    """An IKD-style level (1 … questions + 1) as a 0–1 score under the configured mapping."""
    if not 1 <= level <= questions + 1:
        raise ValueError(f"level {level} outside 1…{questions + 1}")
    if mapping == "level-1/4":
        return Decimal(level - 1) / Decimal(questions)
    if mapping == "level/5":
        return Decimal(level) / Decimal(questions + 1)
    raise ValueError(f"unknown mapping {mapping!r}")


def score_class(score: Decimal | None, classes: Sequence[ClassSpec]) -> str | None:
    """The highest class whose lower bound the score reaches (None: no score or no classes)."""
    if score is None:
        return None
    found: str | None = None
    for spec in sorted(classes, key=lambda c: (c.minimum, c.above)):
        if score > spec.minimum or (score == spec.minimum and not spec.above):
            found = spec.key
    return found


def _weighted_mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    total_weight = sum((w for _, w in pairs), ZERO)
    if not pairs or total_weight == 0:
        return None
    return sum((s * w for s, w in pairs), ZERO) / total_weight


def _measured_score(question: QuestionSpec, value: Decimal) -> Decimal:
    worst, best = question.worst, question.best
    if worst is None or best is None or worst == best:
        raise ValueError(f"question {question.key} needs distinct worst and best values")
    position = (value - worst) / (best - worst)
    return min(ONE, max(ZERO, position))


def _cascade(
    questions: Sequence[QuestionSpec], answers: Mapping[str, Answer]
) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """Counted "yes" answers, questions answered "yes" after a "no", unanswered reached ones."""
    counted, flagged, unanswered = 0, [], []
    broken = False
    for question in questions:
        answer = answers.get(question.key)
        if broken:
            if answer is True:
                flagged.append(question.key)
            continue
        if answer is True:
            counted += 1
            continue
        if answer is None:
            unanswered.append(question.key)
        broken = True
    return counted, tuple(flagged), tuple(unanswered)


def _indicator(
    spec: InstrumentSpec,
    indicator: IndicatorSpec,
    questions: Sequence[QuestionSpec],
    answers: Mapping[str, Answer],
    relevant: bool,
) -> IndicatorResult:
    yes_no = [q for q in questions if q.answer_type == "yesno"]
    # a measured value without worst and best values is recorded, not scored
    measured = [
        q
        for q in questions
        if q.answer_type == "number" and q.worst is not None and q.best is not None
    ]
    counted, flagged, unanswered = _cascade(yes_no, answers)
    level = counted + 1 if yes_no else None
    score: Decimal | None
    if spec.rule == "cascade-level":
        score = level_score(counted + 1, len(yes_no), spec.mapping) if yes_no else None
    elif spec.rule in ("count-yes", "percent-yes"):
        score = Decimal(counted)
    else:
        parts = [Decimal(counted) / Decimal(len(yes_no))] if yes_no else []
        missing = list(unanswered)
        for question in measured:
            value = answers.get(question.key)
            if isinstance(value, Decimal):
                parts.append(_measured_score(question, value))
            else:
                missing.append(question.key)
        unanswered = tuple(missing)
        score = sum(parts, ZERO) / len(parts) if parts else None
    if not any(answers.get(q.key) is not None for q in questions):
        score = None  # not answered at all: left out of the means, listed as unanswered
    return IndicatorResult(
        key=indicator.key,
        section=indicator.section,
        relevant=relevant,
        level=level,
        counted_yes=counted,
        score=score if relevant else None,
        flagged=flagged,
        unanswered=unanswered if relevant else (),
    )


def score(
    spec: InstrumentSpec,
    answers: Mapping[str, Answer],
    region_hazards: frozenset[str] | None = None,
) -> Result:
    """Score answers (question key → True/False/Decimal/None) against an instrument.

    `region_hazards` are the hazards the region faces; an indicator tied to hazards applies only
    when the region faces one of them (None: not known, every indicator applies)."""
    by_indicator: dict[str, list[QuestionSpec]] = {}
    for question in sorted(spec.questions, key=lambda q: (q.indicator, q.order)):
        by_indicator.setdefault(question.indicator, []).append(question)
    results: list[IndicatorResult] = []
    excluded: list[str] = []
    for indicator in spec.indicators:
        relevant = (
            region_hazards is None
            or not indicator.hazards
            or bool(indicator.hazards & region_hazards)
        )
        if not relevant:
            excluded.append(indicator.key)
        results.append(
            _indicator(spec, indicator, by_indicator.get(indicator.key, []), answers, relevant)
        )
    weights = {i.key: i.weight for i in spec.indicators}
    sections: list[SectionResult] = []
    section_pairs: list[tuple[Decimal, Decimal]] = []
    for section in spec.sections:
        mine = [r for r in results if r.section == section.key and r.score is not None]
        mean = _weighted_mean([(r.score, weights[r.key]) for r in mine if r.score is not None])
        if spec.rule in ("count-yes", "percent-yes"):
            mean = sum((r.score for r in mine if r.score is not None), ZERO) if mine else None
        sections.append(SectionResult(section.key, mean))
        if mean is not None:
            section_pairs.append((mean, section.weight))
    scored = [r for r in results if r.score is not None]
    total: Decimal | None
    if spec.rule == "cascade-level":
        total = _weighted_mean([(r.score, weights[r.key]) for r in scored if r.score is not None])
    elif spec.rule == "count-yes":
        total = sum((r.score for r in scored if r.score is not None), ZERO)
    elif spec.rule == "percent-yes":
        asked = sum(
            len([q for q in by_indicator.get(r.key, []) if q.answer_type == "yesno"])
            for r in results
            if r.relevant and r.score is not None
        )
        counted = sum((r.counted_yes for r in results if r.relevant and r.score is not None), 0)
        total = Decimal(counted) * HUNDRED / Decimal(asked) if asked else None
    else:
        total = _weighted_mean(section_pairs)
    flagged = tuple(key for r in results for key in r.flagged)
    return Result(
        instrument=spec.code,
        rule=spec.rule,
        mapping=spec.mapping if spec.rule == "cascade-level" else None,
        score=total,
        klass=score_class(total, spec.classes),
        sections=tuple(sections),
        indicators=tuple(results),
        classes=spec.classes,
        flagged=flagged,
        excluded=tuple(excluded),
    )


def delta(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change from last year's score (None when either is unknown)."""
    if current is None or previous is None:
        return None
    return current - previous


def weakest(result: Result, limit: int = 5) -> list[IndicatorResult]:
    """The relevant indicators with the lowest scores (ties in instrument order), the first
    candidates for a recommendation."""
    scored = [(i, r) for i, r in enumerate(result.indicators) if r.score is not None]
    scored.sort(key=lambda pair: (pair[1].score, pair[0]))
    return [r for _, r in scored[:limit]]
