"""Account services: what a write does beyond the record itself."""

from __future__ import annotations

import pytest

from tangguh.accounts import services
from tangguh.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_deleting_an_agency_logs_that_its_staff_lost_it(
    province_manager, kupang_agency, make_user
) -> None:
    staff = make_user("staff", agency=kupang_agency)
    services.delete_agency(kupang_agency, actor=province_manager)
    staff.refresh_from_db()
    assert staff.agency is None
    change = ChangeRecord.objects.get(model="accounts.user", object_id=str(staff.pk))
    assert change.changes["agency"][1] is None
