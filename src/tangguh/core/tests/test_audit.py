"""Audited writes: who, when, what, and the fields before and after."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tangguh.accounts.models import Agency
from tangguh.core import audit
from tangguh.core.context import change_source
from tangguh.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_creating_records_the_new_values(kupang_editor) -> None:
    with change_source("api"):
        agency = audit.create_record(
            Agency, actor=kupang_editor, region_id="53.01", code="A1", name="Dinas A"
        )
    change = ChangeRecord.objects.get(model="accounts.agency", object_id=str(agency.pk))
    assert (change.action, change.actor, change.actor_name, change.source) == (
        "create",
        kupang_editor,
        "kupang.editor",
        "api",
    )
    assert change.region_code == "53.01"
    assert change.changes["name"] == [None, "Dinas A"]


def test_updating_records_only_the_changed_fields(kupang_editor, kupang_agency) -> None:
    audit.update_record(
        kupang_agency, actor=kupang_editor, name="Nama Baru", short_name=kupang_agency.short_name
    )
    change = ChangeRecord.objects.get(object_id=str(kupang_agency.pk), action="update")
    assert change.changes == {"name": [change.changes["name"][0], "Nama Baru"]}


def test_an_update_without_changes_writes_nothing(kupang_editor, kupang_agency) -> None:
    audit.update_record(kupang_agency, actor=kupang_editor, name=kupang_agency.name)
    assert not ChangeRecord.objects.filter(
        object_id=str(kupang_agency.pk), action="update"
    ).exists()


def test_deleting_records_the_old_values(kupang_editor, kupang_agency) -> None:
    pk, name = kupang_agency.pk, kupang_agency.name
    audit.delete_record(kupang_agency, actor=kupang_editor)
    change = ChangeRecord.objects.get(object_id=str(pk), action="delete")
    assert change.changes["name"] == [name, None]
    assert not Agency.objects.filter(pk=pk).exists()


def test_a_write_outside_the_actor_s_regions_is_refused_and_not_logged(
    kupang_editor, kota_agency
) -> None:
    before = ChangeRecord.objects.count()
    with pytest.raises(PermissionDenied):
        audit.update_record(kota_agency, actor=kupang_editor, name="X")
    with pytest.raises(PermissionDenied):
        audit.delete_record(kota_agency, actor=kupang_editor)
    assert ChangeRecord.objects.count() == before
    assert Agency.objects.filter(pk=kota_agency.pk).exists()


def test_invalid_values_are_refused_before_saving(kupang_editor) -> None:
    with pytest.raises(ValidationError):
        audit.create_record(Agency, actor=kupang_editor, region_id="53.01.27", code="A", name="B")
    assert not Agency.objects.filter(code="A").exists()


def test_big_values_are_logged_as_a_fingerprint() -> None:
    from tangguh.regions.models import Region

    snapshot = audit.snapshot(Region.objects.get(code="53.01"))
    assert str(snapshot["boundary"]).startswith("sha256:")
    assert snapshot["name"] == "Kabupaten Kupang"


def test_secrets_are_never_logged(make_user) -> None:
    snapshot = audit.snapshot(make_user("secretive"))
    assert "password" not in snapshot
