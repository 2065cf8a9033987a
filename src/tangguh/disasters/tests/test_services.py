"""Events: unknown is not zero, dates are checked, duplicates are flagged, writes are audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tangguh.catalogues.models import HazardType
from tangguh.core.importing.regions import RegionResolver, place_names
from tangguh.core.models import ChangeRecord
from tangguh.disasters import services
from tangguh.disasters.models import Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db


def values(**extra):
    base = {
        "region": Region.objects.get(code="53.01.27.2002"),
        "hazard": HazardType.objects.get(key="flood"),
        "start_date": dt.date(2024, 1, 10),
        "deaths": 0,
        "affected": 120,
    }
    return {**base, **extra}


def test_an_event_keeps_unknown_apart_from_zero(kupang_editor) -> None:
    event = services.create_event(actor=kupang_editor, **values())
    event.refresh_from_db()
    assert event.deaths == 0
    assert event.missing is None
    assert event.effects["houses_heavy"] is None


def test_creating_an_event_is_audited(kupang_editor) -> None:
    event = services.create_event(actor=kupang_editor, **values())
    change = ChangeRecord.objects.get(model="disasters.event", object_id=str(event.pk))
    assert (change.action, change.region_code, change.actor) == (
        "create",
        "53.01.27.2002",
        kupang_editor,
    )


def test_an_event_outside_the_user_s_regions_is_refused(kota_editor) -> None:
    with pytest.raises(PermissionDenied):
        services.create_event(actor=kota_editor, **values())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"start_date": dt.date(2999, 1, 1)}, "start_date"),
        ({"end_date": dt.date(2024, 1, 1)}, "end_date"),
        ({"deaths": -1}, "deaths"),
        ({"roads_km": Decimal("-2")}, "roads_km"),
        ({"latitude": 120.0}, "latitude"),
        ({"region": "53"}, "region"),
    ],
)
def test_impossible_values_are_refused(kupang_editor, extra, field) -> None:
    if "region" in extra:
        extra = {"region": Region.objects.get(code=extra["region"])}
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=None, **values(**extra))
    assert field in error.value.message_dict


def test_a_second_report_of_the_same_flood_is_flagged(kupang_editor) -> None:
    first = services.create_event(actor=kupang_editor, **values(end_date=dt.date(2024, 1, 12)))
    kecamatan = Region.objects.get(code="53.01.27")
    flash = HazardType.objects.get(key="flash_flood")
    second = services.create_event(
        actor=kupang_editor,
        **values(region=kecamatan, hazard=flash, start_date=dt.date(2024, 1, 11)),
    )
    assert second.possible_duplicate_of == first


def test_events_of_other_hazards_places_or_weeks_are_not_flagged(kupang_editor) -> None:
    services.create_event(actor=kupang_editor, **values())
    drought = services.create_event(
        actor=kupang_editor, **values(hazard=HazardType.objects.get(key="drought"))
    )
    later = services.create_event(actor=kupang_editor, **values(start_date=dt.date(2024, 2, 20)))
    elsewhere = services.create_event(
        actor=kupang_editor, **values(region=Region.objects.get(code="53.01.27.2001"))
    )
    assert drought.possible_duplicate_of is None
    assert later.possible_duplicate_of is None
    assert elsewhere.possible_duplicate_of is None


def test_updating_an_event_changes_its_fingerprint_and_is_audited(kupang_editor) -> None:
    event = services.create_event(actor=kupang_editor, **values())
    before = event.fingerprint
    services.update_event(event, actor=kupang_editor, deaths=2)
    event.refresh_from_db()
    assert event.deaths == 2
    assert event.fingerprint != before
    change = ChangeRecord.objects.get(model="disasters.event", action="update")
    assert change.changes["deaths"] == [0, 2]


def test_place_texts_name_the_sub_district_and_village() -> None:
    names = place_names("Kec. Fatuleu Barat\nDs. Nuataus\n")
    assert (names.district, names.village) == ("Fatuleu Barat", "Nuataus")
    assert place_names("Kecamatan Semau, Desa Otan").village == "Otan"
    assert place_names("", village="Poto").village == "Poto"


def test_a_regency_code_is_refined_to_the_village_the_text_names() -> None:
    index = RegionResolver()
    assert index.refine("53.01", place_names("Kec. Fatuleu Barat Ds. Nuataus")) == "53.01.27.2002"
    assert index.refine("53.01", place_names("Kec. Fatuleu Barat")) == "53.01.27"
    assert index.refine("53.01", place_names("somewhere unknown")) == "53.01"


@pytest.mark.parametrize(
    ("disaggregation", "fragment"),
    [
        ({"deaths": {"female": 3}}, "Deaths among women (3) exceed the total deaths (2)."),
        (
            {"deaths": {"female": 1, "male": 1}, "affected": {"age_0_4": 200}},
            "among aged 0–4 (200) exceed the total",
        ),
        ({"houses_heavy": {"female": 1}}, "cannot be disaggregated"),
        ({"deaths": {"cats": 1}}, "not a disaggregation key"),
        ({"deaths": {"female": -1}}, "whole number"),
        ({"affected": {"female": 80, "male": 80}}, "women and men add up to 160"),
        ([1, 2], "must be a mapping"),
    ],
)
def test_disaggregation_is_checked_against_the_totals(disaggregation, fragment) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=None, **values(deaths=2, disaggregation=disaggregation))
    assert fragment in " ".join(error.value.message_dict["disaggregation"])


def test_a_disaggregation_within_the_totals_is_kept() -> None:
    split = {"deaths": {"female": 0, "male": 0}, "affected": {"female": 70, "with_disability": 3}}
    event = services.create_event(actor=None, **values(disaggregation=split))
    event.refresh_from_db()
    assert event.disaggregation == split


@pytest.mark.parametrize("language", ["id", "en"])
def test_many_events_are_named_for_the_change_log_as_each_one(language) -> None:
    flood, drought = HazardType.objects.get(key="flood"), HazardType.objects.get(key="drought")
    events = [
        Event(hazard=flood, region_id="53.01", start_date=dt.date(2024, 1, 10)),
        Event(hazard=drought, region_id="53.71.01", start_date=dt.date(2019, 8, 1)),
        Event(hazard=flood, region_id="53.01.27.2002", start_date=dt.date(2024, 1, 10)),
    ]
    with translation.override(language):
        assert Event.audit_reprs(events) == [str(event) for event in events]
