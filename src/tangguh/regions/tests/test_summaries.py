"""Counts over the geography, kept per generation of the regions."""

from __future__ import annotations

import pytest

from tangguh.regions.models import Level, Region
from tangguh.regions.summaries import villages_per_regency

pytestmark = pytest.mark.django_db


def test_villages_per_regency_are_the_active_villages_and_follow_a_change() -> None:
    counts = villages_per_regency()
    direct = Region.objects.filter(
        level=Level.VILLAGE, is_active=True, code__startswith="53.01."
    ).count()
    assert counts["53.01"] == direct > 100
    assert len([code for code in counts if code.startswith("53.")]) == 22
    village = Region.objects.filter(level=Level.VILLAGE, code__startswith="53.01.").first()
    assert village is not None
    village.is_active = False
    village.save()
    assert villages_per_regency()["53.01"] == direct - 1
