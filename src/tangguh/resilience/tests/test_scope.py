"""Region scope of assessments on page, API and CLI (the shared scope suite)."""

from __future__ import annotations

import itertools
from typing import Any

from tangguh.core.testing.scope import Action, ScopeCase, scope_suite
from tangguh.regions.models import Region
from tangguh.resilience import services
from tangguh.resilience.models import Answer, Assessment, Instrument

_years = itertools.cycle(range(2001, 2030))  # plausible years for an assessment
CITY = "kota-tangguh-2026"


def _answers() -> dict[str, dict[str, str]]:
    instrument = Instrument.objects.get(code=CITY)
    return {
        q.key: {"answer": "50" if q.answer_type == "number" else "ya"}
        for q in instrument.questions.all()
    }


def make_assessment(code: str) -> Any:
    """A fully answered city-resilience draft of the regency/city (ready to submit)."""
    assessment = services.create_assessment(
        actor=None,
        instrument=Instrument.objects.get(code=CITY),
        region=Region.objects.get(code=code),
        year=next(_years),
        carry_over=False,
    )
    services.save_answers(assessment, _answers(), actor=None)
    return assessment


def _status(obj: Any) -> str:
    return str(Assessment.objects.get(pk=obj.pk).status)


def _first_answer(obj: Any) -> str:
    return str(Answer.objects.get(assessment_id=obj.pk, question__key="T1.1").value)


CASES = [
    ScopeCase(
        name="assessment",
        make=make_assessment,
        api="/api/v1/assessments/",
        payload=lambda code: {"instrument": CITY, "region": code, "year": next(_years)},
        form_payload=lambda code: {
            "instrument": Instrument.objects.get(code=CITY).pk,
            "region": code,
            "year": next(_years),
        },
        change={"note": "Dinilai bersama forum PRB"},
        page_list="resilience:assessment-list",
        page_detail="resilience:assessment-detail",
        page_add="resilience:assessment-add",
        page_edit="resilience:assessment-edit",
        page_delete="resilience:assessment-delete",
        page_export="export=csv",
        actions=(
            Action(
                name="answers",
                api="answers/",
                page="resilience:assessment-answers",
                body=lambda obj: {"answers": {"T1.1": {"answer": "tidak"}}},
                form=lambda obj: {"a-T1.1": "tidak"},
                effect=_first_answer,
            ),
            Action(
                name="submit",
                api="submit/",
                page="resilience:assessment-step",
                page_args=lambda obj: (obj.pk, "submit"),
                body=lambda obj: {"comment": "siap diverifikasi"},
                effect=_status,
            ),
        ),
        api_queries=9,  # measured 7 with 5 and with 10 assessments
        list_queries=10,  # measured 8 with 5 and with 10 assessments
    ),
]

test_scope = scope_suite(CASES)
