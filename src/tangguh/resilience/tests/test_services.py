"""The assessment workflow: create (last year offered again), fill, submit, verify, return,
reopen; scope of each step; bad answers write nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tangguh.core.models import ChangeRecord
from tangguh.regions.models import Region
from tangguh.resilience import services
from tangguh.resilience.models import Answer, Assessment, Review, Status
from tangguh.resilience.tests.conftest import destana_example, instrument

NUATAUS = "53.01.27.2002"


def entries(answers: dict[str, str]) -> dict[str, dict[str, str]]:
    return {k: {"answer": v} for k, v in answers.items()}


@pytest.fixture
def destana(db, village_officer) -> Assessment:
    return services.create_assessment(
        actor=village_officer,
        instrument=instrument("destana-2012"),
        region=Region.objects.get(code=NUATAUS),
        year=2026,
    )


def test_fill_submit_verify(destana, village_officer, kupang_editor) -> None:
    result = services.save_answers(destana, entries(destana_example()), actor=village_officer)
    assert result.score == 45
    destana.refresh_from_db()
    assert destana.score == 45
    assert destana.klass == "madya"
    assert destana.scored_with["rule"] == "count-yes"
    assert destana.scored_with["classes_verified"] is False
    services.submit(destana, actor=village_officer, comment="siap")
    # the village cannot verify itself; its regency can
    with pytest.raises(PermissionDenied):
        services.verify(destana, actor=village_officer)
    services.verify(destana, actor=kupang_editor, comment="sesuai")
    destana.refresh_from_db()
    assert destana.status == Status.FINAL
    assert [r.action for r in destana.reviews.all()] == ["submitted", "verified"]
    assert ChangeRecord.objects.filter(
        model="resilience.assessment", object_id=str(destana.pk), actor=kupang_editor
    ).exists()
    # final: no change until reopened
    with pytest.raises(ValidationError, match="returned or reopened"):
        services.save_answers(destana, entries({"1": "tidak"}), actor=village_officer)
    with pytest.raises(ValidationError):
        services.reopen(destana, actor=kupang_editor, comment="  ")
    services.reopen(destana, actor=kupang_editor, comment="bukti no. 7 kurang")
    services.save_answers(destana, entries({"1": "tidak"}), actor=village_officer)
    destana.refresh_from_db()
    assert destana.status == Status.RETURNED
    assert destana.score == 42  # question 1 no: 2 and 3 no longer count
    assert destana.flagged == 2


def test_return_for_correction_needs_a_comment(destana, village_officer, kupang_editor) -> None:
    services.save_answers(destana, entries(destana_example()), actor=village_officer)
    services.submit(destana, actor=village_officer)
    with pytest.raises(ValidationError, match="needs correcting"):
        services.return_for_correction(destana, actor=kupang_editor, comment="")
    services.return_for_correction(destana, actor=kupang_editor, comment="lampirkan Perdes")
    destana.refresh_from_db()
    assert destana.status == Status.RETURNED
    assert destana.reviews.last().comment == "lampirkan Perdes"


def test_submit_needs_every_reached_question(destana, village_officer) -> None:
    services.save_answers(destana, entries({"1": "ya"}), actor=village_officer)
    with pytest.raises(ValidationError, match="still need an answer"):
        services.submit(destana, actor=village_officer)


def test_a_bad_answer_writes_nothing(destana, village_officer) -> None:
    with pytest.raises(ValidationError) as caught:
        services.save_answers(
            destana, entries({"1": "ya", "2": "mungkin", "77": "ya"}), actor=village_officer
        )
    text = " ".join(caught.value.messages)
    assert "question 2: 'mungkin' is not an answer" in text
    assert "77 is not a question" in text
    assert not Answer.objects.filter(assessment=destana).exists()


def test_yes_after_no_kept_and_flagged(destana, village_officer) -> None:
    services.save_answers(
        destana, entries({"1": "tidak", "2": "ya", "3": "ya"}), actor=village_officer
    )
    flagged = Answer.objects.filter(assessment=destana, flagged=True)
    assert sorted(a.question.key for a in flagged) == ["2", "3"]
    destana.refresh_from_db()
    assert destana.score == 0
    assert destana.flagged == 2


def test_last_years_answers_are_offered_again(destana, village_officer) -> None:
    services.save_answers(
        destana,
        {
            "1": {
                "answer": "ya",
                "evidence": "Perdes 3/2025",
                "evidence_link": "https://desa.example/perdes",
            }
        },
        actor=village_officer,
    )
    later = services.create_assessment(
        actor=village_officer, instrument=destana.instrument, region=destana.region, year=2027
    )
    carried = Answer.objects.get(assessment=later, question__key="1")
    assert carried.carried_over
    assert carried.value == "yes"
    assert carried.evidence == "Perdes 3/2025"
    services.save_answers(later, entries({"1": "ya"}), actor=village_officer)
    carried.refresh_from_db()
    assert not carried.carried_over


def test_region_level_and_scope(db, village_officer, kupang_editor) -> None:
    with pytest.raises(ValidationError, match="assesses a village"):
        services.create_assessment(
            actor=kupang_editor,
            instrument=instrument("destana-2012"),
            region=Region.objects.get(code="53.01"),
            year=2026,
        )
    with pytest.raises(ValidationError, match="empty slot"):
        services.create_assessment(
            actor=kupang_editor,
            instrument=instrument("destana-2025"),
            region=Region.objects.get(code=NUATAUS),
            year=2026,
        )
    with pytest.raises(PermissionDenied):
        services.create_assessment(
            actor=village_officer,
            instrument=instrument("destana-2012"),
            region=Region.objects.get(code="53.01.27.2001"),
            year=2026,
        )


def test_ikd_is_verified_by_the_province(db, kupang_editor, province_editor) -> None:
    ikd = services.create_assessment(
        actor=kupang_editor,
        instrument=instrument("ikd-2016"),
        region=Region.objects.get(code="53.01"),
        year=2026,
        hazards=["drought", "flood"],
    )
    answers = {f"{n}.{k}": "no" if k == 1 else "" for n in range(1, 72) for k in range(1, 5)}
    result = services.save_answers(ikd, entries(answers), actor=kupang_editor)
    assert result.score == 0
    assert "41" in result.excluded  # Gempa: rencana kontinjensi, the region faces no earthquake
    services.submit(ikd, actor=kupang_editor)
    with pytest.raises(PermissionDenied, match="53"):
        services.verify(ikd, actor=kupang_editor)
    services.verify(ikd, actor=province_editor)
    assert Review.objects.filter(assessment=ikd, action="verified").exists()


def test_delete_only_before_submission(destana, village_officer, kupang_editor) -> None:
    services.save_answers(destana, entries(destana_example()), actor=village_officer)
    services.submit(destana, actor=village_officer)
    with pytest.raises(ValidationError):
        services.delete_assessment(destana, actor=village_officer)
    services.return_for_correction(destana, actor=kupang_editor, comment="ulang")
    services.delete_assessment(destana, actor=village_officer)
    assert not Assessment.objects.filter(pk=destana.pk).exists()


def test_rules_changed_rescore_open_assessments_only(
    db, kupang_editor, province_manager, province_editor
) -> None:
    ikd = services.create_assessment(
        actor=kupang_editor,
        instrument=instrument("ikd-2016"),
        region=Region.objects.get(code="53.01"),
        year=2026,
    )
    answers = {f"{n}.{k}": "yes" if k == 1 else "no" for n in range(1, 72) for k in range(1, 5)}
    services.save_answers(ikd, entries(answers), actor=kupang_editor)
    ikd.refresh_from_db()
    assert ikd.score == pytest.approx(0.25)
    services.set_rules(ikd.instrument, actor=province_manager, mapping="level/5")
    ikd.refresh_from_db()
    assert float(ikd.score) == pytest.approx(0.4)
    assert ikd.scored_with["mapping"] == "level/5"
