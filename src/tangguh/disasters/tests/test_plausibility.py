"""Counts of people against the population of the event's place: above it, the form and the API
ask for a confirmation of those very figures; above Indonesia's population, every way in refuses
them. The disaggregation's messages name the counts as the form does, in the user's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tangguh.catalogues.models import HazardType
from tangguh.disasters import plausibility, services
from tangguh.disasters.importers import import_events
from tangguh.disasters.models import Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NUATAUS = "53.01.27.2002"  # a village of Kabupaten Kupang (391,539 inhabitants on record)
FORM = {
    "region": NUATAUS,
    "hazard": "flood",
    "start_date": "2025-01-14",
    "verification": "unverified",
    "event_count": "1",
}


def values(**extra):
    base = {
        "region": Region.objects.get(code=NUATAUS),
        "hazard": HazardType.objects.get(key="flood"),
        "start_date": dt.date(2024, 1, 10),
    }
    return {**base, **extra}


def test_a_village_s_counts_are_compared_with_its_regency_s_population() -> None:
    limit, name = plausibility.population_limit(Region.objects.get(code=NUATAUS))
    assert (limit, name) == (391_539, "Kabupaten Kupang")


def test_without_any_population_on_record_the_fixed_limit_applies() -> None:
    Region.objects.filter(code__in=["53", "53.01"]).update(population=None)
    village = Region.objects.get(code=NUATAUS)
    assert plausibility.population_limit(village) == (plausibility.UNKNOWN_POPULATION_LIMIT, "")
    (doubt,) = plausibility.doubts(village, {"affected": 600_000}, {})
    assert "the region's population is not on record" in doubt.message


def test_99_999_999_999_affected_people_are_refused_by_the_service() -> None:
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=None, **values(affected=99_999_999_999))
    (message,) = error.value.message_dict["affected"]
    assert message == (
        "Affected (menderita): 99,999,999,999 is more than the whole population of Indonesia "
        "(282,477,584); check the figure."
    )
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["houses_heavy", "houses_light", "education_damaged"])
def test_an_absurd_count_of_houses_or_facilities_is_refused_before_it_can_overflow_a_sum(
    field, api, superuser
) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=None, **values(**{field: 9_223_372_036_854_775_807}))
    (message,) = error.value.message_dict[field]
    assert "is more than the number of people in Indonesia (282,477,584)" in message
    body = {"region": "53.01", "hazard": "flood", "start_date": "2024-01-01"}
    answer = api(superuser).post("/api/v1/events/", {**body, field: 2**63 - 1}, format="json")
    assert answer.status_code == 400
    assert field in answer.json()["error"]["details"]
    assert api(superuser).get("/api/v1/hazard-profile/", {"region": "53.01"}).status_code == 200
    assert not Event.objects.exists()


def test_an_absurd_part_of_a_count_is_refused_on_the_disaggregation() -> None:
    split = {"displaced": {"female": 300_000_000}}
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=None, **values(disaggregation=split))
    assert "whole population of Indonesia" in " ".join(error.value.message_dict["disaggregation"])


def test_an_absurd_count_in_a_file_is_refused_with_its_row(tmp_path: Path, kupang_editor) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "Tanggal / Waktu Kejadian,Kode Kabupaten,Kode Jenis Kejadian,Nama Kejadian,Menderita\n"
        "2024-01-10,53.01,1010,Banjir,999999999\n",
        encoding="utf-8",
    )
    report = import_events(path, actor=kupang_editor)
    assert any("whole population of Indonesia" in str(e) for e in report.errors)
    assert not Event.objects.exists()


def test_the_form_asks_before_saving_more_people_than_live_in_the_place(web, kupang_editor) -> None:
    client = web(kupang_editor)
    asked = client.post(reverse("disasters:event-add"), {**FORM, "affected": "400000"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "400,000 is more than the 391,539 inhabitants of Kabupaten Kupang." in page
    assert 'data-testid="confirm-counts"' in page
    assert not Event.objects.exists()
    token = asked.context["form"].doubt_token()
    saved = client.post(
        reverse("disasters:event-add"), {**FORM, "affected": "400000", "confirm_counts": token}
    )
    assert saved.status_code == 302
    assert Event.objects.get().affected == 400_000


def test_a_confirmation_holds_for_the_figures_confirmed_only(web, kupang_editor) -> None:
    client = web(kupang_editor)
    asked = client.post(reverse("disasters:event-add"), {**FORM, "affected": "400000"})
    token = asked.context["form"].doubt_token()
    changed = client.post(
        reverse("disasters:event-add"), {**FORM, "affected": "4000000", "confirm_counts": token}
    )
    assert changed.status_code == 200
    assert "4,000,000 is more than the 391,539 inhabitants" in changed.content.decode()
    assert not Event.objects.exists()


def test_a_part_of_an_unknown_total_is_asked_about_too(web, kupang_editor) -> None:
    asked = web(kupang_editor).post(
        reverse("disasters:event-add"), {**FORM, "dis__displaced__female": "500000"}
    )
    assert asked.context["form"].errors["dis__displaced__female"] == [
        "Displaced (mengungsi) among women: 500,000 is more than the 391,539 inhabitants of "
        "Kabupaten Kupang."
    ]


def test_a_count_within_the_population_is_saved_without_a_question(web, kupang_editor) -> None:
    response = web(kupang_editor).post(
        reverse("disasters:event-add"), {**FORM, "affected": "391539", "deaths": "2"}
    )
    assert response.status_code == 302


def test_editing_an_event_does_not_ask_again_about_a_confirmed_count(web, kupang_editor) -> None:
    event = services.create_event(actor=None, **values(affected=400_000))
    url = reverse("disasters:event-edit", args=[event.pk])
    response = web(kupang_editor).post(url, {**FORM, "affected": "400000", "deaths": "1"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.deaths == 1


def test_the_question_is_asked_in_indonesian(web, kupang_editor) -> None:
    client = web(kupang_editor)
    with translation.override("id"):
        client.cookies["tangguh_language"] = "id"
        page = client.post(reverse("disasters:event-add"), {**FORM, "affected": "400000"})
    text = page.content.decode()
    assert "Menderita: 400.000 melebihi 391.539 jiwa penduduk Kabupaten Kupang." in text


def test_the_api_refuses_a_count_above_the_population_unless_confirmed(api, kupang_editor) -> None:
    client = api(kupang_editor)
    body = {"region": NUATAUS, "hazard": "flood", "start_date": "2025-02-03", "affected": 400000}
    refused = client.post("/api/v1/events/", body, format="json")
    assert refused.status_code == 400
    errors = refused.json()["error"]["details"]
    assert errors["affected"] == [
        "Affected (menderita): 400,000 is more than the 391,539 inhabitants of Kabupaten Kupang."
    ]
    assert "confirm_implausible: true" in errors["confirm_implausible"][0]
    assert not Event.objects.exists()
    created = client.post("/api/v1/events/", {**body, "confirm_implausible": True}, format="json")
    assert created.status_code == 201
    assert "confirm_implausible" not in created.json()
    assert Event.objects.get().affected == 400_000
    url = f"/api/v1/events/{created.json()['id']}/"
    assert client.patch(url, {"deaths": 1}, format="json").status_code == 200
    assert client.patch(url, {"displaced": 500000}, format="json").status_code == 400


def test_the_api_refuses_an_absurd_count_even_when_confirmed(api, kupang_editor) -> None:
    body = {
        "region": NUATAUS,
        "hazard": "flood",
        "start_date": "2025-02-03",
        "affected": 99_999_999_999,
        "confirm_implausible": True,
    }
    refused = api(kupang_editor).post("/api/v1/events/", body, format="json")
    assert refused.status_code == 400
    assert "whole population of Indonesia" in refused.json()["error"]["details"]["affected"][0]
    assert not Event.objects.exists()


def test_a_disaggregation_message_names_the_counts_in_indonesian() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        services.create_event(
            actor=None, **values(deaths=2, disaggregation={"deaths": {"female": 7}})
        )
    assert error.value.message_dict["disaggregation"] == [
        "Perempuan meninggal (7) melebihi jumlah meninggal (2)."
    ]
