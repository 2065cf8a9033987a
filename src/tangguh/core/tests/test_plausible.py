"""Plausible dates and years per kind of record (issue 14, item 8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from tangguh.core import plausible
from tangguh.disasters.importers import import_events
from tangguh.disasters.models import Event
from tangguh.risk.importers import import_climate_vulnerability, import_risk_profiles
from tangguh.risk.models import ClimateVulnerability, RiskProfile

pytestmark = pytest.mark.django_db

EVENTS = (
    "Tanggal / Waktu Kejadian,Kode Kabupaten,Kabupaten,Kode Jenis Kejadian,Nama Kejadian,"
    "Jumlah Kejadian,Meninggal\n"
    "{date},53.01,Kupang,1010,Banjir,1,1\n"
)
PROFILES = (
    "Kode Desa,Desa,Bahaya,Indeks Bahaya,Kelas Bahaya,Indeks Kerentanan,Indeks Kapasitas,"
    "Tahun,Sumber\n"
    "53.01.27.2002,Nuataus,Kekeringan,0.7,Tinggi,0.5,0.2,{year},InaRISK\n"
)
CLIMATE = (
    "Kode Desa,Nama Desa,Kelas Kerentanan Iklim,Indeks Kerentanan,Tahun\n"
    "53.01.27.2002,Nuataus,Sedang,0.45,{year}\n"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("date", ["1900-01-01", "1750-06-01"])
def test_an_implausible_event_date_is_refused(tmp_path: Path, kupang_editor, date: str) -> None:
    report = import_events(_write(tmp_path, EVENTS.format(date=date)), actor=kupang_editor)
    assert report.errors, date
    assert not Event.objects.exists()


def test_disaster_history_from_1800_is_accepted(tmp_path: Path, kupang_editor) -> None:
    for date in ("1815-04-10", "1928-01-05"):
        report = import_events(_write(tmp_path, EVENTS.format(date=date)), actor=kupang_editor)
        assert report.errors == [], (date, report.errors)


@pytest.mark.parametrize("year", [1900, 2100])
def test_risk_and_climate_rows_of_implausible_years_are_refused(
    tmp_path: Path, kupang_editor, year: int
) -> None:
    report = import_risk_profiles(_write(tmp_path, PROFILES.format(year=year)), actor=kupang_editor)
    assert any("not a plausible year" in str(problem) for problem in report.errors)
    report = import_climate_vulnerability(
        _write(tmp_path, CLIMATE.format(year=year)), actor=kupang_editor
    )
    assert any("not a plausible year" in str(problem) for problem in report.errors)
    assert not RiskProfile.objects.exists()
    assert not ClimateVulnerability.objects.exists()


def test_models_refuse_the_same_through_services() -> None:
    event = Event(start_date=dt.date(1900, 1, 1))
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert "start_date" in refused.value.message_dict
    assert "spreadsheet" in refused.value.message_dict["start_date"][0]


@override_settings(PLAUSIBLE_YEARS={"risk": (1990, 1)})
def test_the_ranges_are_configurable() -> None:
    this_year = timezone.localdate().year
    assert plausible.year_range("risk") == (1990, this_year + 1)
    assert plausible.year_problem("risk", 1995) is None
    assert plausible.year_problem("risk", this_year + 2) is not None
    assert plausible.year_range("disasters")[0] == 1800
