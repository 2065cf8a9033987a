"""What the assessment page shows: the score beside the rules used, sections and indicators
with their questions and answers, the change from last year, and the weakest indicators as
recommendations linked to the sub-activities that could fund the fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from tangguh.core.importing import Problems
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_file
from tangguh.measures import resilience as measure
from tangguh.nomenclature.summaries import sub_activities
from tangguh.planning.summaries import work_plan_items
from tangguh.resilience import services
from tangguh.resilience.models import Answer, Assessment, Indicator, Question, Section


@dataclass
class IndicatorRow:
    """An indicator as the page shows it: its questions with their answers, its result, the
    change since last year and the next question to work on."""

    indicator: Indicator
    result: measure.IndicatorResult | None
    delta: Decimal | None
    rows: list[tuple[Question, Answer | None]] = field(default_factory=list)
    next_question: Question | None = None

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def section(self) -> Section:
        return self.indicator.section

    @property
    def to_complete(self) -> bool:
        return self.indicator.to_complete

    @property
    def verified(self) -> bool:
        return self.indicator.verified


FUNDING_FILE = Path(__file__).resolve().parent / "data" / "funding.csv"


@cache
def funding_table() -> dict[tuple[str, str], list[str]]:
    """(instrument, section or *) → nomenclature code prefixes (data/funding.csv)."""
    problems = Problems()
    reading = read_file(FUNDING_FILE, problems)
    table = (
        find_table(
            reading.sheets[0],
            problems,
            {"instrument": ("instrument",), "section": ("section",), "codes": ("codes",)},
            required=["instrument", "section", "codes"],
        )
        if reading
        else None
    )
    problems.raise_if_any()
    assert table is not None
    return {
        (table.text(row, "instrument"), table.text(row, "section")): table.text(
            row, "codes"
        ).split()
        for row in table.rows
    }


def funding_prefixes(instrument: str, section: str) -> list[str]:
    table = funding_table()
    return table.get((instrument, section)) or table.get((instrument, "*")) or []


def _delta(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    value = measure.delta(current, previous)
    return None if value is None else round(value, 4)


def rules_shown(rules: dict[str, Any]) -> dict[str, Any]:
    """The rules a score was computed with, as the page shows them beside it."""
    classes = rules.get("classes") or []
    return {
        "rule": rules.get("rule", ""),
        "rule_verified": rules.get("rule_verified"),
        "mapping": rules.get("mapping"),
        "mapping_verified": rules.get("mapping_verified"),
        "classes": [
            f"{c['key']} {'>' if c.get('above') else '≥'} {Decimal(c['minimum']).normalize():f}"
            for c in classes
        ],
        "classes_verified": rules.get("classes_verified"),
        "version": rules.get("version", ""),
    }


def _recommendations(
    assessment: Assessment, result: measure.Result, titles: dict[str, IndicatorRow], user: Any
) -> list[dict[str, Any]]:
    weakest = measure.weakest(result, 5)
    found = []
    for item in weakest:
        indicator = titles[item.key]
        prefixes = funding_prefixes(assessment.instrument.code, indicator.section.key)
        items = sub_activities(prefixes)
        funded = (
            work_plan_items(user, assessment.region_id, [i.pk for i in items], assessment.year)
            if items
            else []
        )
        found.append(
            {
                "indicator": indicator,
                "result": item,
                "next": indicator.next_question,
                "sub_activities": items,
                "work_plan_items": funded,
            }
        )
    return found


def assessment_report(assessment: Assessment, user: Any = None) -> dict[str, Any]:
    """Everything the assessment page shows besides the record itself."""
    result = services.score_of(assessment)
    previous = services.previous_of(assessment)
    before = services.score_of(previous) if previous is not None else None
    before_ind = {i.key: i.score for i in before.indicators} if before else {}
    before_sec = {s.key: s.score for s in before.sections} if before else {}
    questions = list(
        Question.objects.filter(instrument=assessment.instrument)
        .select_related("indicator", "indicator__section")
        .order_by("position")
    )
    answers = {a.question_id: a for a in assessment.answers.all()}
    results = {i.key: i for i in result.indicators}
    by_indicator: dict[str, IndicatorRow] = {}
    for q in questions:
        row = by_indicator.get(q.indicator.key)
        if row is None:
            r = results.get(q.indicator.key)
            row = by_indicator[q.indicator.key] = IndicatorRow(
                indicator=q.indicator,
                result=r,
                delta=_delta(r.score if r else None, before_ind.get(q.indicator.key)),
            )
        row.rows.append((q, answers.get(q.pk)))
    for row in by_indicator.values():
        level = row.result.counted_yes if row.result else 0
        yes_no = [q for q, _a in row.rows if q.answer_type == "yesno"]
        row.next_question = yes_no[level] if row.result and level < len(yes_no) else None
    sections = []
    for section_result in result.sections:
        inds = [i for i in by_indicator.values() if i.section.key == section_result.key]
        section = inds[0].section if inds else None
        sections.append(
            {
                "key": section_result.key,
                "section": section,
                "score": section_result.score,
                "delta": _delta(section_result.score, before_sec.get(section_result.key)),
                "indicators": inds,
            }
        )
    from tangguh.catalogues.models import HazardType

    names = {h.key: h.name for h in HazardType.objects.filter(key__in=assessment.hazards or [])}
    return {
        "hazard_names": [str(names.get(k, k)) for k in assessment.hazards or []],
        "result": result,
        "rules": rules_shown(assessment.scored_with or assessment.instrument.rules()),
        "sections": sections,
        "previous": previous,
        "previous_result": before,
        "total_delta": _delta(result.score, before.score if before else None),
        "recommendations": _recommendations(assessment, result, by_indicator, user),
    }
