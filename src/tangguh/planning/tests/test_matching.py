"""Suggestions from the database's nomenclature: agencies of the regency as hints, and the index
learning from proposals planners have coded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.nomenclature.models import Item
from tangguh.planning import matching, services
from tangguh.planning.models import SourceKind
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

NORMALISATION = "1.03.02.2.01.0093"  # Normalisasi/Restorasi Sungai
GLADI = "1.05.03.2.02.0018"


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    matching.forget_indexes()
    monkeypatch.setattr(matching, "REBUILD_AFTER_SECONDS", 0.0)


def test_suggestions_name_the_agencies_of_the_regency_that_hold_the_bidang() -> None:
    pupr = AgencyFactory(region_id="53.01", short_name="PUPR", bidang_codes=["1.03"])
    AgencyFactory(region_id="53.71", short_name="PUPR Kota", bidang_codes=["1.03"])
    found = matching.suggest(
        "normalisasi kali yg sering banjir di RT 05",
        year=2027,
        regency=Region.objects.get(code="53.01"),
    )
    assert found[0].item.code == NORMALISATION
    assert found[0].agencies == [pupr]
    assert found[0].agency_hint == "PUPR"
    assert "normalisasi" in found[0].explanation
    without = matching.suggest("normalisasi kali yg sering banjir", year=2027)
    assert without[0].agencies == []
    assert without[0].agency_hint == without[0].item.implementer


def test_unknown_or_empty_input_gives_no_suggestions() -> None:
    assert matching.suggest("", year=2027) == []
    assert matching.suggest("normalisasi kali", edition="1999") == []
    assert matching.suggest_many(["", "\x00<script>"], year=2027) == [[], []]


def test_the_index_learns_a_word_from_a_coded_proposal(
    kupang_editor: Any, planning_calendar: Callable[..., int]
) -> None:
    word = "tofanggiro"  # a word no nomenclature text or shipped example contains
    assert all(m.item.code != GLADI for m in matching.suggest(f"{word} dusun 3", year=2027)[:1])
    year = planning_calendar("53.01")
    proposal = services.create_proposal(
        actor=kupang_editor,
        region=Region.objects.get(code="53.01.27.2002"),
        year=year,
        source_kind=SourceKind.RISK_PLAN,
        title=f"{word} bersama warga sebelum musim hujan",
    )
    bpbd = AgencyFactory(region_id="53.01", short_name="BPBD", bidang_codes=["1.05"])
    gladi = Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code=GLADI
    )
    services.code_proposal(proposal, actor=kupang_editor, sub_activity=gladi, agency=bpbd)
    learned = matching.suggest(f"{word} untuk dusun 3", year=2027)
    assert learned[0].item.code == GLADI


def test_the_shipped_labelled_texts_seed_the_index() -> None:
    seeds = matching.seed_examples()
    assert len(seeds) >= 800
    assert all(len(code.split(".")) == 6 for _text, code in seeds)


def test_examples_are_capped_per_code_newest_first() -> None:
    many = [(f"usulan {n}", "1.05.03.2.02.0018") for n in range(30)]
    kept = matching.capped([("USULAN 0 ", "1.05.03.2.02.0018"), *many], per_code=5)
    assert len(kept) == 5
    assert kept[0] == ("USULAN 0 ", "1.05.03.2.02.0018")  # the first given wins, duplicates go
    assert ("usulan 0", "1.05.03.2.02.0018") not in kept
    assert matching.capped([("", "x"), ("  ", "y")]) == []
