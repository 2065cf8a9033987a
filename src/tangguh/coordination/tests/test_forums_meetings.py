"""Forums (decree, members), meetings (who came by region and agency, with sex and disability)
and attendance by region over time; stakeholders' regions of work."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tangguh.coordination import services
from tangguh.coordination.models import Meeting
from tangguh.coordination.summaries import attendance_chart
from tangguh.core.models import ChangeRecord

from .conftest import make_stakeholder, region

pytestmark = pytest.mark.django_db


def make_forum(code: str = "53.18", **extra: Any) -> Any:
    values = {
        "region": region(code),
        "name": "Forum BangKIT",
        "decree_number": "289/KEP/HK/2023",
        "decree_date": dt.date(2023, 6, 1),
        **extra,
    }
    return services.create_forum(actor=None, **values)


def make_meeting(code: str = "53.18", **extra: Any) -> Meeting:
    values = {
        "region": region(code),
        "title": "Rapat Koordinasi Forum BangKIT",
        "date": dt.date(2024, 3, 15),
        "place": "Tambolaka",
        **extra,
    }
    return services.create_meeting(actor=None, **values)


def test_regions_of_work_lie_within_the_stakeholders_region(db: Any) -> None:
    party = make_stakeholder("53", "CIS Timor", category="community")
    services.update_stakeholder(
        party, actor=None, regions_of_work=[region("53.01"), region("53.71")]
    )
    change = ChangeRecord.objects.filter(model="coordination.stakeholder").latest("pk")
    assert change.changes["regions_of_work"] == [[], ["53.01", "53.71"]]
    kota = make_stakeholder("53.71", "Radio Kupang", category="media")
    with pytest.raises(ValidationError) as exc:
        services.update_stakeholder(kota, actor=None, regions_of_work=[region("53.01")])
    assert "Outside 53.71: 53.01." in " ".join(exc.value.messages)


def test_a_forum_of_a_village_or_with_a_future_decree_is_refused(db: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_forum("53.01.27.2002")
    assert "A forum belongs to the province or a regency/city." in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        make_forum(decree_date=dt.date(2099, 1, 1))
    assert "The decree date is in the future." in " ".join(exc.value.messages)


def test_members_come_from_the_forums_government(kota_agency: Any, kupang_agency: Any) -> None:
    forum = make_forum("53.71", name="Forum PRB Kota Kupang")
    services.create_member(actor=None, forum=forum, person="Ketua", agency=kota_agency)
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor=None, forum=forum, person="Anggota", agency=kupang_agency)
    assert "The agency belongs to 53.01, not to 53.71." in " ".join(exc.value.messages)


def test_a_meeting_belongs_with_its_forum_and_attendance_adds_up(db: Any) -> None:
    forum = make_forum()
    with pytest.raises(ValidationError) as exc:
        make_meeting("53.71", forum=forum)
    assert "The forum belongs to 53.18, not to 53.71." in " ".join(exc.value.messages)
    meeting = make_meeting(forum=forum)
    with pytest.raises(ValidationError) as exc:
        services.create_attendance(
            actor=None,
            meeting=meeting,
            region=region("53.18"),
            agency="Bappeda",
            women=1,
            men=2,
            with_disability=4,
        )
    assert "More people with disabilities than people (3)." in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        services.create_attendance(actor=None, meeting=meeting, region=region("53.01"), agency="X")
    assert "53.01 lies outside 53.18, which convened." in " ".join(exc.value.messages)


def test_attendance_by_region_over_time(db: Any) -> None:
    first = make_meeting("53", title="Rakor PB 2024", date=dt.date(2024, 11, 20))
    second = make_meeting("53", title="Rakor PB 2025", date=dt.date(2025, 11, 19))
    for meeting, code, women, men in (
        (first, "53.01", 2, 3),
        (first, "53.71", 1, 1),
        (second, "53.01", 4, None),
        (second, "53.01", 1, 1),
    ):
        services.create_attendance(
            actor=None, meeting=meeting, region=region(code), agency="BPBD", women=women, men=men
        )
    chart = attendance_chart(Meeting.objects.all())
    assert chart["years"] == ["2024-11-20", "2025-11-19"]
    assert chart["series"] == [
        {"name": "Kabupaten Kupang", "values": [5, 6]},
        {"name": "Kota Kupang", "values": [2, 0]},
    ]


def test_the_meeting_pages(web: Any, make_user: Any) -> None:
    meeting = make_meeting()
    services.create_attendance(
        actor=None,
        meeting=meeting,
        region=region("53.18"),
        agency="Bappeda SBD",
        women=3,
        men=5,
        with_disability=1,
    )
    sbd = make_user("sbd", {"53.18": "viewer"})
    listing = web(sbd).get(reverse("coordination:meeting-list")).content.decode()
    assert meeting.get_absolute_url() in listing
    data = listing.split('id="attendance-chart" type="application/json">')[1].split("</script>")[0]
    assert json.loads(data)["series"][0]["values"] == [8]
    detail = web(sbd).get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="women">3<' in detail
    assert 'data-testid="disability">1<' in detail
    assert "<script>" not in detail
