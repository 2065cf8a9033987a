"""Clean text everywhere (issue 14, item 4): control characters never reach stored text or JSON,
whichever way a record is written, so that a database kept in SQLite restores into PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tangguh.accounts import services
from tangguh.accounts.models import Agency
from tangguh.core import audit, bulk
from tangguh.core.importing.upsert import upsert
from tangguh.core.models import ChangeRecord
from tangguh.core.text import clean, clean_json, is_number
from tangguh.disasters.importers import import_events
from tangguh.disasters.models import Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

HOSTILE = "Ba\x00dan\x01 \x07Uji\x1b[31m\x7f\tdua\nbaris\r"
CLEANED = "Badan Uji[31m\tdua\nbaris\r"


def test_control_characters_are_removed_and_tab_and_line_breaks_kept() -> None:
    assert clean(HOSTILE) == CLEANED
    assert clean("biasa") == "biasa"
    assert clean_json({"a\x00": ["x\x00y", 1, None, {"k": "\x1f"}]}) == {
        "a": ["xy", 1, None, {"k": ""}]
    }


def _agency(code: str = "X1") -> Agency:
    return services.create_agency(
        actor=None, region=Region.objects.get(code="53.01"), code=code, name=HOSTILE
    )


def test_a_service_write_stores_clean_text_and_logs_clean_text() -> None:
    agency = _agency()
    agency.refresh_from_db()
    assert agency.name == CLEANED
    services.update_agency(agency, actor=None, short_name="B\x00PBD", bidang_codes=["1.05"])
    agency.refresh_from_db()
    assert agency.short_name == "BPBD"
    for change in ChangeRecord.objects.filter(model="accounts.agency"):
        assert "\x00" not in repr(change.changes)
        assert "\x00" not in change.object_repr


def test_bulk_inserts_and_upserts_store_clean_text() -> None:
    region = Region.objects.get(code="53.01")
    bulk.insert(Agency, [Agency(region=region, code="B1", name="Satu\x00")])
    made = upsert(
        Agency,
        [Agency(region=region, code="B2", name="Dua\x00\x02", bidang_codes=["1.05\x00"])],
        key=["region", "code"],
        compared=["name", "bidang_codes"],
        actor=None,
    )
    assert len(made.created) == 1
    stored = dict(Agency.objects.filter(code__in=["B1", "B2"]).values_list("code", "name"))
    assert stored == {"B1": "Satu", "B2": "Dua"}
    assert Agency.objects.get(code="B2").bidang_codes == ["1.05"]
    assert "\\u0000" not in str(
        list(ChangeRecord.objects.filter(model="accounts.agency").values_list("changes"))
    )


def test_a_raw_save_cleans_too() -> None:
    """A restore saves rows raw (no services): they are stored clean as well."""
    agency = Agency(region_id="53.01", code="R1", name="Lama\x00")
    Agency.save_base(agency, raw=True)
    assert Agency.objects.get(code="R1").name == "Lama"


def test_an_import_never_stores_a_nul(tmp_path: Path, kupang_editor) -> None:
    path = tmp_path / "dibi.csv"
    path.write_text(
        "Tanggal / Waktu Kejadian,Kode Kabupaten,Kabupaten,Kode Jenis Kejadian,Nama Kejadian,"
        "Jumlah Kejadian,Meninggal,Lokasi,Catatan\n"
        "2024-01-10,53.01,Kupang,1012,Banjir Bandang,1,1,Kec. Fatuleu\x00 Barat,ca\x00tatan\x07\n",
        encoding="utf-8",
    )
    report = import_events(path, actor=kupang_editor)
    stored = list(Event.objects.values_list("location_text", "description", "hazard_code_given"))
    if report.errors:  # refused with its row and column, and nothing written
        assert stored == []
    for values in stored:
        assert not any("\x00" in v or "\x07" in v for v in values)
    logged = ChangeRecord.objects.filter(model="disasters.event").values_list("changes", flat=True)
    assert "\\u0000" not in str(list(logged))


def test_the_audit_check_still_refuses_other_regions() -> None:
    """Cleaning changes no rule: a write outside the actor's regions is still refused."""
    assert audit.region_code_of(_agency("C1")) == "53.01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023", True), ("0", True), ("", False), ("²", False), ("٢٠٢٣", False), ("２０２３", False)],
)
def test_a_number_is_written_with_the_digits_0_to_9_only(text: str, expected: bool) -> None:
    assert is_number(text) is expected
