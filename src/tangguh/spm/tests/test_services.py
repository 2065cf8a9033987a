"""The SPM services: every rule and every refusal with its message, and the change log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tangguh.core.models import ChangeRecord
from tangguh.regions.models import Region
from tangguh.risk import services as risk_services
from tangguh.spm import services
from tangguh.spm.models import QuarterReport, ServiceRecord
from tangguh.spm.summaries import province_rollup, regency_report

from .conftest import quarter, record_values, region

pytestmark = pytest.mark.django_db


def test_a_record_is_created_and_logged(kota_editor: Any) -> None:
    record = services.create_record(actor=kota_editor, **record_values())
    assert record.quality_required == 2
    assert record.quality_count == 1
    change = ChangeRecord.objects.get(model="spm.servicerecord", object_id=str(record.pk))
    assert change.action == ChangeRecord.Action.CREATE
    assert change.region_code == "53.71"


def test_only_a_regency_or_city_has_spm_records() -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_record(actor=None, **record_values(region=region("53")))
    assert "the province has no disaster SPM" in str(caught.value)
    with pytest.raises(ValidationError):
        services.create_record(actor=None, **record_values(region=region("53.71.01.1001")))


def test_a_standard_of_another_service_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_record(actor=None, **record_values(quality_met=["exercise"]))
    assert "Not a quality standard of this service: Preparedness exercise" in str(caught.value)


def test_a_target_above_the_population_is_refused() -> None:
    population = region("53.71").population
    assert population
    with pytest.raises(ValidationError) as caught:
        services.create_record(actor=None, **record_values(target=population + 1))
    assert "more than the population of Kota Kupang" in str(caught.value)


def test_one_record_per_region_year_and_service(kota_record: ServiceRecord) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_record(actor=None, **record_values())
    assert "already has a record of this service" in str(caught.value)


def test_writes_outside_ones_region_are_refused(kupang_editor: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_record(actor=kupang_editor, **record_values())
    assert not ServiceRecord.objects.exists()


def test_served_above_the_target_needs_a_reason(kota_record: ServiceRecord) -> None:
    quarter(kota_record, 1, 7_000)
    with pytest.raises(ValidationError) as caught:
        quarter(kota_record, 2, 6_000)
    assert "exceed the target (12,000): give the reason" in str(caught.value)
    quarter(kota_record, 2, 6_000, reason="Seroja evacuees from Kabupaten Kupang")
    assert QuarterReport.objects.filter(record=kota_record).count() == 2
    # once a reason is given for the year, a later quarter above the target is accepted
    quarter(kota_record, 3, 100)


def test_lowering_the_target_below_the_people_served_is_refused(
    kota_record: ServiceRecord,
) -> None:
    quarter(kota_record, 1, 9_000)
    with pytest.raises(ValidationError) as caught:
        services.update_record(kota_record, actor=None, target=8_000)
    assert "exceed this target" in str(caught.value)
    assert ServiceRecord.objects.get(pk=kota_record.pk).target == 12_000


def test_a_quarter_in_the_future_is_refused(kota_record: ServiceRecord) -> None:
    future = services.create_record(actor=None, **record_values(year=timezone.localdate().year + 1))
    with pytest.raises(ValidationError) as caught:
        quarter(future, 1, 10, reported_on=dt.date(2025, 4, 1))
    assert "has not begun yet" in str(caught.value)


def test_a_report_date_in_the_future_or_before_the_quarter_is_refused(
    kota_record: ServiceRecord,
) -> None:
    with pytest.raises(ValidationError) as caught:
        quarter(kota_record, 1, 10, reported_on=timezone.localdate() + dt.timedelta(days=2))
    assert "The report date is in the future." in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        quarter(kota_record, 2, 10, reported_on=dt.date(2025, 3, 1))
    assert "before the quarter began" in str(caught.value)


def test_deleting_a_record_deletes_and_logs_its_quarters(kota_record: ServiceRecord) -> None:
    q = quarter(kota_record, 1, 10)
    pks = (str(q.pk), str(kota_record.pk))
    services.delete_record(kota_record, actor=None)
    assert not QuarterReport.objects.exists()
    deleted = ChangeRecord.objects.filter(action=ChangeRecord.Action.DELETE)
    assert {(c.model, c.object_id) for c in deleted} == {
        ("spm.quarterreport", pks[0]),
        ("spm.servicerecord", pks[1]),
    }


def test_the_worked_example_through_the_records() -> None:
    """Issue 11's worked example entered as three records of Kabupaten Kupang."""
    kupang = region("53.01")
    made = {}
    # Quality checklists have 2, 6 and 4 standards: the example's 3/4 and 5/5 are not the
    # shipped checklists, so the records give 2/2-like shares that give the same percentages.
    for service, target, met in (
        ("information", 12_000, ["kie"]),  # 1 of 2 = 50 %
        (
            "prevention",
            10_000,
            [
                "disaster_plan",
                "contingency_plan",
                "training",
                "exercise",
                "operations",
                "equipment",
            ],
        ),  # 100 %
        ("rescue", 1_500, ["rapid_assessment", "search", "first_aid", "evacuation"]),  # 100 %
    ):
        made[service] = services.create_record(
            actor=None, region=kupang, year=2025, service=service, target=target, quality_met=met
        )
    quarter(made["information"], 1, 9_000)
    quarter(made["prevention"], 1, 4_000)
    quarter(made["rescue"], 1, 1_000)
    quarter(made["rescue"], 2, 420)
    report = regency_report(kupang, 2025, 2, ServiceRecord.objects.all())
    # information: 0.8 × 75 + 0.2 × 50 = 70; prevention 52; rescue 95.73; mean 72.58
    assert [r.achievement for r in report.rows] == [
        Decimal("70.00"),
        Decimal("52.00"),
        Decimal("95.73"),
    ]
    assert report.subaffair == Decimal("72.58")
    assert (
        regency_report(kupang, 2025, 1, ServiceRecord.objects.all()).rows[2].served_to_date == 1_000
    )


def test_the_province_sees_who_reported_late_and_who_did_not() -> None:
    kupang, kota = region("53.01"), region("53.71")
    for code_region, day in ((kota, dt.date(2025, 10, 10)), (kupang, dt.date(2025, 11, 3))):
        for service in ("information", "prevention", "rescue"):
            record = services.create_record(
                actor=None, region=code_region, year=2025, service=service, target=1_000
            )
            services.create_quarter(
                actor=None, record=record, quarter=3, served=100, reported_on=day
            )
    partial = ServiceRecord.objects.filter(region=kota).first()
    assert partial is not None
    rows = {
        r.region.code: r
        for r in province_rollup(2025, 3, ServiceRecord.objects.all(), dt.date(2026, 1, 1))
    }
    assert len(rows) == 22
    assert rows["53.71"].status == "on_time"
    assert rows["53.01"].status == "late"
    assert rows["53.02"].status == "missing"
    assert rows["53.01"].reported_on == dt.date(2025, 11, 3)
    services.delete_quarter(QuarterReport.objects.filter(record__region=kota).first(), actor=None)
    rows = {
        r.region.code: r
        for r in province_rollup(2025, 3, ServiceRecord.objects.all(), dt.date(2026, 1, 1))
    }
    assert rows["53.71"].status == "incomplete"
    assert rows["53.71"].services_reported == 2


def test_an_empty_target_comes_from_the_risk_data() -> None:
    from tangguh.catalogues.models import HazardType

    flood = HazardType.objects.get(key="flood")
    villages = list(Region.objects.filter(code__startswith="53.01.27.", level=4)[:2])
    assert len(villages) == 2
    for village, risk_class in zip(villages, ("high", "low"), strict=True):
        risk_services.create_risk_profile(
            actor=None,
            region=village,
            hazard=flood,
            year=2024,
            risk_class_given=risk_class,
            source="test",
        )
    record = services.create_record(
        actor=None, region=region("53.01"), year=2025, service="prevention"
    )
    assert record.target_basis == "risk"
    total = Region.objects.filter(code__startswith="53.01.", level=4, is_active=True).count()
    population = region("53.01").population
    assert population
    assert record.target == round(population * 1 / total)
    assert "1 of" in record.target_source
    assert "an estimate" in record.target_source
    rescue = services.create_record(actor=None, region=region("53.01"), year=2025, service="rescue")
    assert rescue.target is None


def test_a_record_for_a_year_far_from_the_present_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_record(actor=None, **record_values(year=2090))
    assert "2090 is not a plausible year" in str(caught.value.message_dict["year"])
    assert not ServiceRecord.objects.exists()
