"""The API's model serializer reads a record's own columns straight from the record; every list
and record of the API answers exactly what DRF's own serializer answers."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from tangguh.api_urls import router
from tangguh.coordination.tests.conftest import commitment, kota_bpbd, kota_item  # noqa: F401
from tangguh.core import api as core_api
from tangguh.disasters.tests.test_api_and_pages import kupang_2024  # noqa: F401 - fixture
from tangguh.planning.models import Proposal
from tangguh.planning.tests.test_views_proposals import (  # noqa: F401 - fixtures
    bpbd,
    item,
    proposal,
    year,
)
from tangguh.risk.tests.test_pages_and_api import profiles  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

DRF = serializers.ModelSerializer.to_representation


def _answers(client: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for prefix, _viewset, _basename in router.registry:
        listed = client.get(f"/api/v1/{prefix}/", {"page_size": 500})
        answers[prefix] = (listed.status_code, listed.json())
        body = listed.json()
        results = body.get("results") if isinstance(body, dict) else body
        if results and isinstance(results[0], dict) and "id" in results[0]:
            one = client.get(f"/api/v1/{prefix}/{results[0]['id']}/")
            answers[f"{prefix}/1"] = (one.status_code, one.json())
    return answers


@pytest.mark.usefixtures("kupang_2024", "profiles", "item", "proposal")
def test_every_list_and_record_answers_as_drf_does(api, superuser, monkeypatch) -> None:
    Proposal.objects.update(priority=2)
    client = api(superuser)
    fast = _answers(client)
    monkeypatch.setattr(core_api.ModelSerializer, "to_representation", DRF)
    slow = _answers(client)
    assert fast == slow
    filled = [k for k, (status, body) in fast.items() if status == 200 and "results" in body]
    filled = [k for k in filled if fast[k][1]["results"]]
    assert {"events", "risk-profiles", "proposals", "work-plan-items", "changes"} <= set(filled)


@pytest.mark.usefixtures("kupang_2024")
def test_a_column_not_loaded_is_read_the_slow_way() -> None:
    from tangguh.disasters.api import EventSerializer
    from tangguh.disasters.models import Event

    full = Event.objects.order_by("pk").first()
    deferred = Event.objects.defer("deaths", "description").order_by("pk").first()
    assert "deaths" not in deferred.__dict__
    assert EventSerializer(deferred).data == EventSerializer(full).data


def test_fields_that_are_not_columns_go_drf_s_way() -> None:
    from tangguh.planning.api.proposals import ProposalSerializer

    plan = ProposalSerializer()._plan()
    by_name = {name: (column, as_is) for _field, name, column, as_is in plan}
    assert by_name["title"] == ("title", False)
    assert by_name["agency"] == ("agency_id", True)  # a related record's key, as it is
    assert by_name["region"] == (None, False)  # a field of its own (region codes)
    assert by_name["recommendations"] == (None, False)  # a nested list


@pytest.mark.usefixtures("kota_item")
def test_a_file_goes_drf_s_way_and_is_written_as_its_url(api, superuser, monkeypatch) -> None:
    from django.core.files.base import ContentFile

    from tangguh.coordination.api import CommitmentSerializer
    from tangguh.coordination.models import Commitment

    signed = Commitment.objects.get()
    signed.document.save("komitmen.pdf", ContentFile(b"%PDF-1.4"), save=True)
    plan = {name: column for _f, name, column, _as_is in CommitmentSerializer()._plan()}
    assert plan["document"] is None
    fresh = Commitment.objects.get(pk=signed.pk)
    assert "komitmen" in (CommitmentSerializer(fresh).data["document"] or "")
    client = api(superuser)
    fast = client.get(f"/api/v1/commitments/{signed.pk}/").json()
    monkeypatch.setattr(core_api.ModelSerializer, "to_representation", DRF)
    assert client.get(f"/api/v1/commitments/{signed.pk}/").json() == fast
