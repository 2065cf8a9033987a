"""Hazard profiles, the regency ranking and the data quality report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tangguh.catalogues.models import HazardType
from tangguh.core.testing import text_of
from tangguh.disasters import services
from tangguh.disasters.models import Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db


def event(code: str, day: dt.date, hazard: str = "flood", **effects) -> Event:
    return services.create_event(
        actor=None,
        region=Region.objects.get(code=code),
        hazard=HazardType.objects.get(key=hazard),
        start_date=day,
        **effects,
    )


@pytest.fixture
def history():
    year = timezone.localdate().year - 1
    return [
        event("53.01.27.2002", dt.date(year, 1, 10), deaths=1, affected=100),
        event("53.01.27", dt.date(year, 1, 11), "flash_flood", deaths=2),  # same episode: flagged
        event("53.01", dt.date(year, 8, 1), "drought", affected=5000),
        event("53.01", dt.date(year - 1, 9, 1), "forest_fire"),  # no effect known
        event(
            "53.71", dt.date(year, 2, 1), deaths=0, missing=0, injured=0, affected=0, displaced=0
        ),
    ]


def test_a_profile_counts_events_by_hazard_family_and_year(web, kupang_editor, history) -> None:
    html = web(kupang_editor).get(reverse("disasters:profile", args=["53.01"])).content.decode()
    chart = json.loads(
        html.split('id="profile-chart" type="application/json">')[1].split("</script>")[0]
    )
    series = {s["name"]: sum(s["values"]) for s in chart["series"]}
    assert series == {"Flood": 2.0, "Drought": 1.0, "Forest and land fire": 1.0}
    assert "data-event-map" in html


def test_a_profile_of_another_regency_is_refused(web, kupang_editor, history) -> None:
    assert web(kupang_editor).get(reverse("disasters:profile", args=["53.71"])).status_code == 403


def test_the_province_ranks_all_22_regencies(web, province_manager, history) -> None:
    response = web(province_manager).get(reverse("disasters:ranking"))
    rows = response.context["rows"]
    assert len(rows) == 22
    assert rows[0].region_code == "53.01"  # the only regency with several hazard families
    assert "Only the regencies of your regions" not in response.content.decode()


def test_the_ranking_page_says_it_is_not_bnpb_s_irbi(web, province_manager, history) -> None:
    html = web(province_manager).get(reverse("disasters:ranking")).content.decode()
    notice = html.split('data-testid="not-irbi"')[1].split("</p>")[0]
    assert "IRBI" in notice
    assert "vulnerability" in notice


def test_a_regency_member_ranks_only_their_regency(web, kupang_editor, history) -> None:
    response = web(kupang_editor).get(reverse("disasters:ranking"))
    assert [r.region_code for r in response.context["rows"]] == ["53.01"]
    assert "Only the regencies of your regions" in response.content.decode()


def test_the_ranking_figures_download_as_csv(web, province_manager, history) -> None:
    response = web(province_manager).get(reverse("disasters:ranking"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(text_of(response))))
    assert len(rows) == 22
    assert rows[0]["region_code"] == "53.01"
    assert rows[0]["family_count"] == "3"


def test_the_quality_report_shows_each_regency(web, province_manager, history) -> None:
    rows = {
        row["region"].code: row
        for row in web(province_manager).get(reverse("disasters:quality")).context["rows"]
    }
    assert len(rows) == 22
    kupang = rows["53.01"]
    assert kupang["events"] == 4
    assert kupang["no_effects"] == 1
    assert kupang["duplicates"] == 1
    assert kupang["unknown_deaths"] == 2
    assert rows["53.71"]["zeros"] == 1
    assert rows["53.71"]["late"] == 1  # entered today for an event of last year


def test_a_regency_member_sees_only_their_regency_s_quality(web, kupang_editor, history) -> None:
    rows = web(kupang_editor).get(reverse("disasters:quality")).context["rows"]
    assert [row["region"].code for row in rows] == ["53.01"]


@pytest.mark.parametrize(
    ("name", "args", "params", "first_column"),
    [
        ("disasters:profile", ["53.01"], {}, "hazard"),
        ("disasters:quality", [], {}, "region_code"),
        ("disasters:sendai", [], {"region": "53.01", "year": 2024}, "code"),
    ],
)
def test_figures_download_as_csv(
    web, kupang_editor, history, name, args, params, first_column
) -> None:
    response = web(kupang_editor).get(reverse(name, args=args), {**params, "export": "csv"})
    assert response["Content-Disposition"].startswith("attachment")
    text = text_of(response)
    assert text.split(",", 1)[0] == first_column
    assert "53.71" not in text


def test_the_hazard_profile_api(api, kupang_editor, history) -> None:
    body = api(kupang_editor).get("/api/v1/hazard-profile/", {"region": "53.01"}).json()
    hazards = {row["family"]: row for row in body["hazards"]}
    assert set(hazards) == {"flood", "drought", "forest_fire"}
    assert hazards["flood"]["deaths"] == 3
    assert hazards["forest_fire"]["events_deaths_unknown"] == 1
    assert len(body["places"]) >= 1
    client = api(kupang_editor)
    assert client.get("/api/v1/hazard-profile/", {"region": "53.71"}).status_code == 403
    assert client.get("/api/v1/hazard-profile/", {"region": "99"}).status_code == 404
    assert client.get("/api/v1/hazard-profile/").status_code == 400


def test_the_hazard_ranking_api(api, province_manager, kupang_editor, history) -> None:
    body = (
        api(province_manager).get("/api/v1/hazard-ranking/", {"first": 2015, "last": 2030}).json()
    )
    assert len(body["rows"]) == 22
    assert body["rows"][0]["region_code"] == "53.01"
    assert body["rows"][0]["criteria"]["family_count"]["raw"] == "3"
    mine = api(kupang_editor).get("/api/v1/hazard-ranking/").json()
    assert [r["region_code"] for r in mine["rows"]] == ["53.01"]
    bad = api(province_manager).get("/api/v1/hazard-ranking/", {"first": 2020, "last": 2010})
    assert bad.status_code == 400


def test_the_grouped_quality_figures_equal_a_count_event_by_event(history) -> None:
    from django.utils import timezone

    from tangguh.disasters import summaries
    from tangguh.disasters.models import Event

    events = Event.objects.all()
    regencies = summaries.regencies_in(None)
    grouped = {row["region"].code: row for row in summaries.quality(events, regencies)}
    for regency in regencies:
        mine = [e for e in events if e.region_id.startswith(regency.code)]
        expected = {
            "events": len(mine),
            "no_effects": sum(
                all(getattr(e, f) is None for f in Event.effect_fields) for e in mine
            ),
            "unknown_deaths": sum(e.deaths is None for e in mine),
            "duplicates": sum(e.possible_duplicate_of_id is not None for e in mine),
            "late": sum(
                timezone.localdate(e.created_at) - e.start_date > summaries.LATE_AFTER for e in mine
            ),
        }
        assert {k: grouped[regency.code][k] for k in expected} == expected, regency.code


def _same(profile_a, profile_b) -> bool:
    return (profile_a.years, profile_a.rows, profile_a.total_events) == (
        profile_b.years,
        profile_b.rows,
        profile_b.total_events,
    )


def test_kept_figures_follow_every_write_and_equal_a_direct_computation(history) -> None:
    from tangguh.core.importing.upsert import upsert
    from tangguh.disasters import summaries

    province = Region.objects.get(code="53")
    events = Event.objects.all()
    first = summaries.hazard_profile(events, province)
    assert _same(first, summaries._hazard_profile(events, province))
    # A service write (save: the signal), an edit, a bulk upsert and a delete each show at once.
    added = event("53.71", dt.date(2020, 3, 1), "drought", deaths=4)
    after_add = summaries.hazard_profile(events, province)
    assert after_add.total_events == first.total_events + 1
    assert _same(after_add, summaries._hazard_profile(events, province))
    services.update_event(added, actor=None, deaths=9)
    assert _same(
        summaries.hazard_profile(events, province), summaries._hazard_profile(events, province)
    )
    copy = Event(
        region_id="53.71", hazard_id="flood", start_date=dt.date(2021, 1, 1), event_count=1
    )
    upsert(Event, [copy], key=("region", "hazard", "start_date"), compared=(), actor=None)
    assert summaries.hazard_profile(events, province).total_events == first.total_events + 2
    Event.objects.get(pk=added.pk).delete()
    assert _same(
        summaries.hazard_profile(events, province), summaries._hazard_profile(events, province)
    )
    quality = {r["region"].code: r for r in summaries.quality(events, summaries.regencies_in(None))}
    assert quality["53.71"]["events"] == Event.objects.within("53.71").count()


def test_kept_figures_are_per_scope_and_per_read_model(web, kupang_editor, history) -> None:
    from tangguh.disasters import summaries

    province = Region.objects.get(code="53")
    everything = summaries.hazard_profile(Event.objects.all(), province)
    mine = summaries.hazard_profile(Event.objects.restrict(kupang_editor, "view"), province)
    assert mine.total_events < everything.total_events
    points = summaries.event_points(Event.objects.all(), province)
    assert isinstance(points, list)  # not the profile kept under the same parts
