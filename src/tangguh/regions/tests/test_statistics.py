"""Reference statistics: BPS poverty figures loaded, checked, shown on region pages and the API."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tangguh.core.models import ChangeRecord
from tangguh.regions.models import Statistic
from tangguh.regions.statistics import load_statistics

pytestmark = pytest.mark.django_db
HEADER = (
    "kode_kemendagri,tahun,p0_persen,jumlah_penduduk_miskin_ribu,garis_kemiskinan_rp_kapita_bulan\n"
)


def write(tmp_path: Path, body: str, name: str = "miskin.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_shipped_poverty_statistics_load_once_with_one_change_record() -> None:
    report = load_statistics()
    assert report.ok
    assert report.created > 1500
    kota = Statistic.objects.get(region_id="53.71", indicator="p0", year=2023)
    assert kota.value == Decimal("8.61")
    assert "BPS" in kota.source
    line = Statistic.objects.get(region_id="53", indicator="poverty_line", year=2024)
    assert line.value > 500_000
    loads = ChangeRecord.objects.filter(model="regions.statistic", action="import")
    assert loads.count() == 1
    again = load_statistics()
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)
    assert loads.count() == 1, "a load that changes nothing leaves no change record"


def test_a_corrected_figure_is_updated_not_duplicated(tmp_path: Path) -> None:
    load_statistics([write(tmp_path, "53.71,2023,8.61,41.2,\n")])
    report = load_statistics([write(tmp_path, "53.71,2023,8.60,41.2,\n")])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Statistic.objects.get(region_id="53.71", indicator="p0", year=2023).value == Decimal(
        "8.60"
    )


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    body = (
        "53.71,2023,8.61,41.2,535547\n"
        "99.99,2023,5,,\n"
        "53.01,2023,-3,,\n"
        "53.02,2023,130,,\n"
        "53.03,dua ribu,5,,\n"
        "53.04,2023,banyak,,\n"
        "53.71,2023,8.6,,\n"
    )
    report = load_statistics([write(tmp_path, body)])
    where = {(p.line, p.column) for p in report.errors}
    assert {(3, "kode_kemendagri"), (4, "p0_persen"), (5, "p0_persen"), (6, "tahun")} <= where
    assert (7, "p0_persen") in where
    assert (8, "tahun") in where, "the same region and year twice"
    assert not Statistic.objects.exists()


def test_a_file_without_the_region_or_year_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("wilayah,p0\n53.71,8\n", encoding="utf-8")
    report = load_statistics([path])
    assert report.errors
    assert "kode_kemendagri" in str(report.errors[0])


def test_the_region_page_shows_the_poverty_figures_with_their_source(web, kota_editor) -> None:
    load_statistics()
    client = web(kota_editor)
    page = client.get(reverse("regions:detail", args=["53.71"])).content.decode()
    section = reverse("regions:statistics", args=["53.71"])
    assert section in page, "the region page loads the statistics section"
    html = client.get(section).content.decode()
    assert "7.57" in html
    assert "2025" in html
    assert "BPS" in html
    village = client.get(reverse("regions:statistics", args=["53.71.01.1001"])).content.decode()
    assert "data-testid" not in village, "no section where nothing is published"


def test_the_api_filters_statistics_by_region_indicator_and_year(api, kota_editor) -> None:
    load_statistics()
    client = api(kota_editor)
    body = client.get(
        "/api/v1/region-statistics/", {"region": "53.71", "indicator": "p0", "year": 2025}
    ).json()
    assert body["count"] == 1
    assert body["results"][0]["value"] == "7.57"
    assert client.get("/api/v1/region-statistics/", {"region": "99.99"}).status_code == 404
    assert api(None).get("/api/v1/region-statistics/").status_code == 401


def test_the_command_loads_the_shipped_file_and_refuses_non_superusers(kota_editor) -> None:
    out = io.StringIO()
    call_command("load_statistics", "--json", "--no-progress", stdout=out)
    assert json.loads(out.getvalue())["created"] > 1500
    with pytest.raises(CommandError):
        call_command("load_statistics", "--actor", kota_editor.username, stdout=io.StringIO())


def test_the_poverty_pages_kept_series_and_lines_follow_a_corrected_load(tmp_path: Path) -> None:
    from tangguh.poverty import summaries

    load_statistics([write(tmp_path, "53.71,2023,8.61,41.2,732921\n")])
    assert summaries.bps_series("53.71")[2023]["p0"] == Decimal("8.61")
    assert summaries.line_for("53.71", 2023).rupiah == 732921
    load_statistics([write(tmp_path, "53.71,2023,8.60,41.2,732000\n")])  # a corrected release
    assert summaries.bps_series("53.71")[2023]["p0"] == Decimal("8.60")
    assert summaries.line_for("53.71", 2023).rupiah == 732000
    Statistic.objects.filter(region_id="53.71", indicator="poverty_line").delete()
    line = summaries.line_for("53.71", 2023)
    assert line is None or line.region != "53.71"  # the province's or a shipped one, or none
