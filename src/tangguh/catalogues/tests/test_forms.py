"""Hazard choices: families first with their sub-types, read once per generation of the
catalogue, named in the active language, and fresh after a change."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tangguh.catalogues.forms import HazardChoiceField, ordered_hazards
from tangguh.catalogues.models import HazardType

pytestmark = pytest.mark.django_db


def test_each_family_is_followed_by_its_sub_types() -> None:
    ordered = ordered_hazards()
    assert len(ordered) == HazardType.objects.count()
    seen_families: set[str] = set()
    for hazard in ordered:
        if hazard.family_id is None:
            seen_families.add(hazard.key)
        else:
            assert hazard.family_id in seen_families, hazard.key


def test_choices_are_read_once_then_kept(django_assert_max_num_queries: Any) -> None:
    ordered_hazards()
    with django_assert_max_num_queries(1):  # the generation's token only
        HazardChoiceField().order_choices()


def test_a_renamed_hazard_shows_at_once() -> None:
    ordered_hazards()
    flood = HazardType.objects.get(key="flood")
    flood.name_en = "Riverine flood"
    flood.save()
    with translation.override("en"):
        field = HazardChoiceField()
        field.order_choices()
        assert ("flood", "Riverine flood") in list(field.choices)


def test_labels_follow_the_language_and_indent_sub_types() -> None:
    field = HazardChoiceField()
    with translation.override("id"):
        field.order_choices()
        labels = dict(field.choices)
    assert labels["flood"] == HazardType.objects.get(key="flood").name_id
    sub_type = HazardType.objects.filter(family__isnull=False).first()
    assert sub_type is not None
    assert labels[sub_type.key].startswith("— ")
