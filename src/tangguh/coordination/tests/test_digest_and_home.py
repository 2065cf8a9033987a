"""Overdue items on the responsible party's home page, and the weekly digest by email (Django's
locmem backend in tests)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tangguh.coordination import services
from tangguh.coordination.digest import digests, send_digests
from tangguh.coordination.models import ActionItem

from .conftest import action_values, make_stakeholder

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def plan(commitment: Any, kota_agency: Any, kupang_agency: Any) -> dict[str, Any]:
    """BPBD Kota Kupang (its agency, an address) with an overdue, a stalled and a distant item;
    BPBD Kabupaten Kupang (no address) with an item due in a week."""
    kota = make_stakeholder("53.71", "BPBD Kota Kupang", agency=kota_agency, email="bpbd@kota.id")
    kupang = make_stakeholder("53.01", "BPBD Kabupaten Kupang", agency=kupang_agency)

    def item(party: Any, code: str, deadline: dt.date, number: str) -> ActionItem:
        values = action_values(commitment, code, party, deadline=deadline, number=number)
        return services.create_action(actor=None, **values)

    found = {
        "overdue": item(kota, "53.71", dt.date(2026, 3, 31), "1"),
        "stalled": item(kota, "53.71", dt.date(2026, 12, 31), "2"),
        "later": item(kota, "53.71", dt.date(2027, 6, 30), "3"),
        "soon": item(kupang, "53.01", dt.date(2026, 6, 8), "4"),
    }
    ActionItem.objects.filter(pk=found["stalled"].pk).update(last_update_on=dt.date(2026, 2, 1))
    ActionItem.objects.exclude(pk=found["stalled"].pk).update(last_update_on=dt.date(2026, 5, 20))
    return {"kota": kota, "kupang": kupang, **found}


def test_the_digest_lists_what_needs_attention_per_party(plan: dict[str, Any]) -> None:
    found = {d.party.name: d for d in digests(TODAY)}
    kota = found["BPBD Kota Kupang"]
    assert [i.pk for i in kota.items.overdue] == [plan["overdue"].pk]
    assert [i.pk for i in kota.items.stalled] == [plan["stalled"].pk]
    assert kota.items.due_soon == []
    assert [i.pk for i in found["BPBD Kabupaten Kupang"].items.due_soon] == [plan["soon"].pk]


def test_the_digest_goes_to_the_party_and_its_agencys_officers(
    plan: dict[str, Any], make_user: Any, kota_agency: Any
) -> None:
    make_user("kota.bpbd", {"53.71": "editor"}, agency=kota_agency, email="Officer@Kota.id")
    make_user(
        "gone", {"53.71": "editor"}, agency=kota_agency, email="gone@kota.id", is_active=False
    )
    sent, unreachable, names = send_digests(TODAY)
    assert (sent, unreachable, names) == (1, 1, ["BPBD Kabupaten Kupang"])
    (email,) = mail.outbox
    assert sorted(email.to) == ["Officer@Kota.id", "bpbd@kota.id"]
    assert email.subject == "Butir tindak lanjut BPBD Kota Kupang: 1 lewat tenggat, 1 macet"
    assert plan["overdue"].get_absolute_url() in email.body
    assert plan["later"].get_absolute_url() not in email.body
    html = email.alternatives[0][0]  # type: ignore[attr-defined]
    assert f'href="http://127.0.0.1:8000{plan["stalled"].get_absolute_url()}"' in html


def test_the_command_sends_weekly_and_a_dry_run_sends_nothing(plan: dict[str, Any]) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("send_digest", "--date", "2026-06-01", "--dry-run", stdout=out, stderr=err)
    assert out.getvalue().strip() == "[dry run] sent 1 / without address 1"
    assert "no email address for BPBD Kabupaten Kupang" in err.getvalue()
    assert mail.outbox == []
    out = io.StringIO()
    call_command("send_digest", "--date", "2026-06-01", "--region", "53.01", stdout=out)
    assert out.getvalue().strip() == "sent 0 / without address 1"
    call_command("send_digest", "--date", "2026-06-01", stdout=io.StringIO(), stderr=io.StringIO())
    assert len(mail.outbox) == 1


def test_overdue_items_on_the_officers_home_page(
    plan: dict[str, Any], web: Any, make_user: Any, kota_agency: Any
) -> None:
    officer = make_user("kota.bpbd", {"53.71": "editor"}, agency=kota_agency)
    # The page reads today's date: the distant item has just been updated.
    ActionItem.objects.filter(pk=plan["later"].pk).update(last_update_on=timezone.localdate())
    client = web(officer)
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("coordination:home-section")}"' in home
    section = client.get(reverse("coordination:home-section")).content.decode()
    assert plan["overdue"].get_absolute_url() in section
    assert plan["stalled"].get_absolute_url() in section
    assert plan["soon"].get_absolute_url() not in section  # Kabupaten Kupang's
    assert plan["later"].get_absolute_url() not in section
    stranger = make_user("kota.viewer", {"53.71": "viewer"})
    assert web(stranger).get(reverse("coordination:home-section")).content == b""
