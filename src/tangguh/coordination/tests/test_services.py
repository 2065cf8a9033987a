"""Services of coordination: every rule and every refusal with its message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tangguh.coordination import services
from tangguh.coordination.models import ActionItem, ActionStatus, Signatory
from tangguh.core.models import ChangeRecord

from .conftest import MEETING, action_values, make_commitment, make_stakeholder, region

pytestmark = pytest.mark.django_db


def messages(exc: Any) -> str:
    return " ".join(exc.value.messages)


def test_a_commitment_records_its_regions_and_parties_and_is_logged(kota_bpbd: Any) -> None:
    commitment = make_commitment(parties=[kota_bpbd])
    assert sorted(commitment.regions.values_list("code", flat=True)) == ["53.01", "53.71"]
    change = ChangeRecord.objects.get(model="coordination.commitment", object_id=commitment.pk)
    assert change.changes["regions"] == [None, ["53.01", "53.71"]]
    assert change.changes["parties"] == [None, [kota_bpbd.pk]]


def test_a_commitment_needs_regions_within_the_government_that_convened(db: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_commitment(regions=())
    assert "Name the regions that committed." in messages(exc)
    with pytest.raises(ValidationError) as exc:
        make_commitment(code="53.71", regions=("53.01",))
    assert "Outside 53.71: 53.01." in messages(exc)


def test_a_signatory_outside_the_commitments_regions_is_refused(commitment: Any) -> None:
    services.create_signatory(
        actor=None, commitment=commitment, region=region("53.71"), name="Kalaksa BPBD"
    )
    with pytest.raises(ValidationError) as exc:
        services.create_signatory(
            actor=None, commitment=commitment, region=region("53.18"), name="Kalaksa BPBD SBD"
        )
    assert "53.18 is not one of the regions of the commitment" in messages(exc)
    assert Signatory.objects.count() == 1


def test_a_region_with_signatories_cannot_be_dropped(commitment: Any) -> None:
    services.create_signatory(
        actor=None, commitment=commitment, region=region("53.71"), name="Kalaksa BPBD"
    )
    with pytest.raises(ValidationError) as exc:
        services.update_commitment(commitment, actor=None, regions=[region("53.01")])
    assert "Signatories still sign for 53.71." in messages(exc)


def test_an_item_without_responsible_party_or_deadline_is_refused(
    commitment: Any, kota_bpbd: Any
) -> None:
    values = action_values(commitment, "53.71", None, deadline=None)
    with pytest.raises(ValidationError) as exc:
        services.create_action(actor=None, **values)
    assert exc.value.message_dict["responsible"] == ["A follow-up item needs a responsible party."]
    assert exc.value.message_dict["deadline"] == ["A follow-up item needs a deadline."]
    assert not ActionItem.objects.exists()


def test_a_deadline_before_the_meeting_is_refused(commitment: Any, kota_bpbd: Any) -> None:
    values = action_values(commitment, "53.71", kota_bpbd, deadline=dt.date(2025, 11, 1))
    with pytest.raises(ValidationError) as exc:
        services.create_action(actor=None, **values)
    assert "The deadline 2025-11-01 is before the meeting (2025-11-20)." in messages(exc)


def test_an_item_lies_in_one_of_the_commitments_regions(commitment: Any) -> None:
    party = make_stakeholder("53.18", "BPBD Sumba Barat Daya")
    with pytest.raises(ValidationError) as exc:
        services.create_action(actor=None, **action_values(commitment, "53.18", party))
    assert "53.18 is not one of the regions of the commitment" in messages(exc)


def test_the_responsible_party_belongs_around_the_items_region(commitment: Any) -> None:
    kabupaten = make_stakeholder("53.01", "BPBD Kabupaten Kupang")
    with pytest.raises(ValidationError) as exc:
        services.create_action(actor=None, **action_values(commitment, "53.71", kabupaten))
    assert "registered in 53.01, outside 53.71" in messages(exc)
    province = make_stakeholder("53", "BPBD Provinsi NTT")
    item = services.create_action(actor=None, **action_values(commitment, "53.71", province))
    assert item.responsible == province


def test_supporting_parties_are_logged_and_kept_around_the_region(
    commitment: Any, kota_bpbd: Any
) -> None:
    campus = make_stakeholder("53.71", "Universitas Nusa Cendana", category="academia")
    other = make_stakeholder("53.01", "CIS Timor", category="community")
    with pytest.raises(ValidationError) as exc:
        services.create_action(
            actor=None, supporting=[other], **action_values(commitment, "53.71", kota_bpbd)
        )
    assert "Registered outside 53.71: CIS Timor." in messages(exc)
    item = services.create_action(
        actor=None, supporting=[campus], **action_values(commitment, "53.71", kota_bpbd)
    )
    change = ChangeRecord.objects.get(model="coordination.actionitem", object_id=item.pk)
    assert change.changes["supporting"] == [None, [campus.pk]]


def test_an_editor_of_one_region_cannot_write_anothers_items(
    kota_item: Any, make_user: Any
) -> None:
    kupang = make_user("kupang", {"53.01": "editor"})
    with pytest.raises(PermissionDenied):
        services.update_action(kota_item, actor=kupang, action="Lain")
    with pytest.raises(PermissionDenied):
        services.record_progress(kota_item, actor=kupang, status="done")


def test_progress_changes_the_status_and_going_back_needs_a_note(
    kota_item: Any, make_user: Any
) -> None:
    kota = make_user("kota", {"53.71": "editor"})
    services.record_progress(kota_item, actor=kota, status="done", note="Selesai", realised=12)
    kota_item.refresh_from_db()
    assert kota_item.status == ActionStatus.DONE
    with pytest.raises(ValidationError) as exc:
        services.record_progress(kota_item, actor=kota, status="in_progress")
    assert "The status goes back from Done to In progress: say why in a note." in messages(exc)
    services.record_progress(
        kota_item, actor=kota, status="in_progress", note="Data Desember belum masuk"
    )
    kota_item.refresh_from_db()
    assert kota_item.status == ActionStatus.IN_PROGRESS
    assert kota_item.updates.count() == 2
    assert ChangeRecord.objects.filter(model="coordination.progressupdate").count() == 2


def test_update_does_not_change_the_status(kota_item: Any) -> None:
    services.update_action(kota_item, actor=None, status="done", action="Baru")
    kota_item.refresh_from_db()
    assert kota_item.status == ActionStatus.NOT_STARTED
    assert kota_item.action == "Baru"


def test_overdue_and_stalled_items_are_flagged(commitment: Any, kota_bpbd: Any) -> None:
    today = dt.date(2026, 6, 1)
    late = services.create_action(
        actor=None, **action_values(commitment, "53.71", kota_bpbd, deadline=dt.date(2026, 3, 1))
    )
    assert late.is_overdue(today)
    assert ActionItem.objects.filter(ActionItem.overdue_q(today)).get() == late
    ActionItem.objects.filter(pk=late.pk).update(last_update_on=dt.date(2026, 1, 2))
    late.refresh_from_db()
    assert late.is_stalled(today)
    assert ActionItem.objects.filter(ActionItem.stalled_q(today)).get() == late
    services.record_progress(late, actor=None, status="done", date=dt.date(2026, 5, 30))
    late.refresh_from_db()
    assert not late.is_overdue(today)
    assert not late.is_stalled(today)


def test_a_progress_update_is_not_before_the_meeting(kota_item: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_progress(
            kota_item, actor=None, status="in_progress", date=MEETING - dt.timedelta(days=1)
        )
    assert "before the meeting" in messages(exc)


def test_deleting_a_commitment_deletes_and_logs_its_items(kota_item: Any) -> None:
    services.record_progress(kota_item, actor=None, status="in_progress")
    services.delete_commitment(kota_item.commitment, actor=None)
    assert not ActionItem.objects.exists()
    deleted = ChangeRecord.objects.filter(action="delete").values_list("model", flat=True)
    assert sorted(deleted) == [
        "coordination.actionitem",
        "coordination.commitment",
        "coordination.progressupdate",
    ]


def test_a_stakeholder_responsible_for_items_cannot_be_deleted(kota_item: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.delete_stakeholder(kota_item.responsible, actor=None)
    assert "still used" in messages(exc)
