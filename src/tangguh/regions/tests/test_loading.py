"""Loading the geography: the shipped NTT files, another province, and every kind of bad file."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tangguh.core.importing import ImportFailed
from tangguh.core.models import ChangeRecord
from tangguh.regions.loading import load_regions, shipped_files
from tangguh.regions.models import Kind, Level, Region

pytestmark = pytest.mark.django_db

SQUARE = [[[120.0, -9.0], [120.1, -9.0], [120.1, -9.1], [120.0, -9.1], [120.0, -9.0]]]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def other_province(tmp_path: Path) -> list[Path]:
    """A tiny province 52 (Nusa Tenggara Barat) in the same column layout as the shipped files."""
    top = write(
        tmp_path / "prov.csv",
        "kode,level,jenis,nama,luas_km2,penduduk_total\n"
        "52,provinsi,Provinsi,Nusa Tenggara Barat,20153.15,5560287\n"
        "52.71,kabupaten_kota,Kota,Kota Mataram,61.3,441147\n",
    )
    districts = write(tmp_path / "kec.csv", "kode,kode_kabkota,nama\n52.71.01,52.71,Ampenan\n")
    villages = write(
        tmp_path / "desa.csv",
        "kode,jenis,nama,lat_centroid,lng_centroid\n"
        "52.71.01.1001,Kelurahan,Ampenan Tengah,-8.57,116.07\n"
        "52.71.01.1002,Kelurahan,Ampenan Selatan,-8.58,116.07\n",
    )
    return [top, districts, villages]


def test_the_shipped_geography_has_the_official_counts() -> None:
    active = Region.objects.filter(is_active=True)
    assert active.filter(level=Level.PROVINCE).count() == 1
    assert active.filter(level=Level.REGENCY).count() == 22
    assert active.filter(level=Level.DISTRICT).count() == 315
    assert active.filter(level=Level.VILLAGE).count() == 3442
    assert active.filter(kind=Kind.DESA).count() == 3137
    assert active.filter(kind=Kind.KELURAHAN).count() == 305
    assert active.filter(kind=Kind.KOTA).count() == 1


def test_shipped_regions_carry_names_parents_population_and_boundaries() -> None:
    kupang = Region.objects.get(code="53.01")
    assert kupang.name == "Kabupaten Kupang"
    assert kupang.parent_id == "53"
    assert kupang.population == 391539
    assert kupang.population_male == 198513
    assert kupang.area_km2 is not None
    assert kupang.boundary["type"] == "MultiPolygon"
    assert len(kupang.bbox) == 4
    nuataus = Region.objects.get(code="53.01.27.2002")
    assert (nuataus.name, nuataus.parent_id, nuataus.kind) == ("Nuataus", "53.01.27", Kind.DESA)
    assert Region.objects.filter(level=Level.VILLAGE, boundary__isnull=False).count() == 3352


def test_loading_the_same_files_again_changes_nothing() -> None:
    report = load_regions(shipped_files())
    assert (report.created, report.updated, report.deactivated) == (0, 0, 0)
    assert report.unchanged == 3780


def test_the_command_prints_the_four_counts(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_regions", "--no-progress")
    assert "created 0 / updated 0 / unchanged 3780 / deactivated 0" in capsys.readouterr().out


def test_the_command_prints_json_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_regions", "--json")
    counts = json.loads(capsys.readouterr().out)
    assert counts["unchanged"] == 3780
    assert counts["created"] == 0


def test_it_loads_another_province_without_touching_ntt(tmp_path: Path) -> None:
    report = load_regions(other_province(tmp_path))
    assert (report.created, report.deactivated) == (5, 0)
    mataram = Region.objects.get(code="52.71")
    assert (mataram.kind, mataram.parent_id, mataram.population) == (Kind.KOTA, "52", 441147)
    assert Region.objects.get(code="52.71.01.1001").latitude == pytest.approx(-8.57)
    assert Region.objects.filter(code__startswith="53", is_active=True).count() == 3780


def test_a_load_is_recorded_once_with_its_files_hash_and_counts(tmp_path: Path) -> None:
    files = other_province(tmp_path)
    load_regions(files)
    change = ChangeRecord.objects.filter(model="regions.region", action="import").first()
    assert change.changes["created"] == [None, 5]
    assert [p.name for p in files] == change.changes["file"][1].split(", ")
    assert len(change.changes["sha256"][1]) == 64
    assert change.region_code == "52"
    assert not ChangeRecord.objects.filter(model="regions.region", action="create").exists()


def test_an_updated_name_is_counted_and_logged(tmp_path: Path) -> None:
    files = other_province(tmp_path)
    load_regions(files)
    write(files[1], "kode,kode_kabkota,nama\n52.71.01,52.71,Ampenan Baru\n")
    report = load_regions(files)
    assert (report.updated, report.unchanged) == (1, 4)
    assert Region.objects.get(code="52.71.01").name == "Ampenan Baru"
    change = ChangeRecord.objects.filter(model="regions.region", action="import").first()
    assert (change.changes["updated"], change.changes["unchanged"]) == ([None, 1], [None, 4])


def test_a_region_missing_from_a_new_edition_is_deactivated(tmp_path: Path) -> None:
    files = other_province(tmp_path)
    load_regions(files)
    write(files[2], "kode,nama\n52.71.01.1001,Ampenan Tengah\n")
    report = load_regions(files, deactivate_missing=True)
    assert report.deactivated == 1
    assert not Region.objects.get(code="52.71.01.1002").is_active
    assert Region.objects.get(code="52.71.01.1001").is_active


def test_a_dry_run_counts_but_writes_nothing(tmp_path: Path) -> None:
    report = load_regions(other_province(tmp_path), dry_run=True)
    assert report.created == 5
    assert not Region.objects.filter(code__startswith="52").exists()


def test_boundaries_are_read_from_plain_and_gzipped_geojson(tmp_path: Path) -> None:
    files = other_province(tmp_path)
    load_regions(files)
    feature = {
        "type": "Feature",
        "properties": {"kode": "5271"},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    document = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    (tmp_path / "b.geojson.gz").write_bytes(gzip.compress(document))
    report = load_regions([tmp_path / "b.geojson.gz"])
    assert report.updated == 1
    region = Region.objects.get(code="52.71")
    assert region.boundary["type"] == "Polygon"
    assert region.bbox == [120.0, -9.1, 120.1, -9.0]


def problems_of(paths: list[Path]) -> list[str]:
    before = Region.objects.count()
    with pytest.raises(ImportFailed) as failure:
        load_regions(paths)
    assert Region.objects.count() == before, "nothing may be written when a file has problems"
    return [str(p) for p in failure.value.problems]


def test_a_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "kode,nama_wilayahnya\n52,NTB\n")
    [problem] = problems_of([path])
    assert "x.csv:1" in problem
    assert "nama" in problem


def test_a_bad_code_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "kode,nama\n52,NTB\n52-71,Mataram\n")
    [problem] = problems_of([path])
    assert "x.csv:3 [kode]" in problem
    assert "52-71" in problem


def test_an_area_larger_than_any_region_is_refused_and_others_keep_three_decimals(
    tmp_path: Path,
) -> None:
    # A larger area than the column holds was stored by SQLite and could not be read back:
    # every later load of regions failed (found by the import fuzzer).
    path = write(tmp_path / "x.csv", "kode,nama,luas_km2\n52,NTB,1000000000000\n")
    [problem] = problems_of([path])
    assert "x.csv:2 [luas_km2]" in problem
    path = write(tmp_path / "y.csv", "kode,nama,luas_km2\n52,NTB,20153.1549\n")
    load_regions([path])
    assert Region.objects.get(code="52").area_km2 == Decimal("20153.155")


def test_a_child_of_an_unknown_parent_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "kode,nama\n54.01,Somewhere\n")
    [problem] = problems_of([path])
    assert "x.csv:2" in problem
    assert "54" in problem


def test_every_problem_in_every_file_is_listed_and_nothing_written(tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", "kode,nama\n52,NTB\n52.71,Kota Mataram\n")
    bad = write(
        tmp_path / "bad.csv",
        "kode,nama,penduduk_total,lat_centroid,jenis\n"
        "52.71.01,,12,-8,\n"
        "52.71.02,Cakranegara,banyak,-8,\n"
        "52.71.03,Mataram,-5,-95,\n"
        "52.71.04,Sandubaya,10,-8,Desa\n"
        "52.71,Dup,1,-8,\n",
    )
    problems = problems_of([good, bad])
    joined = "\n".join(problems)
    assert "bad.csv:2 [nama]" in joined
    assert "bad.csv:3 [penduduk_total]" in joined
    assert "bad.csv:4 [penduduk_total]" in joined
    assert "bad.csv:4 [lat_centroid]" in joined
    assert "bad.csv:5 [jenis]" in joined
    assert "bad.csv:6 [kode]" in joined
    assert "twice" in joined
    assert not Region.objects.filter(code="52").exists()


def test_a_file_that_is_not_utf8_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("kode,nama\n52,Nusa Tenggara Barat – Lombok\n".encode("cp1252"))
    [problem] = problems_of([path])
    assert "UTF-8" in problem


def test_a_semicolon_separated_file_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "KODE;NAMA\n52;Nusa Tenggara Barat\n")
    assert load_regions([path]).created == 1


def test_broken_geojson_names_the_file_and_the_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "b.geojson", '{"type": "FeatureCollection", "features": [')
    [problem] = problems_of([path])
    assert "b.geojson" in problem
    assert "JSON" in problem


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        ({"type": "Point", "coordinates": [120, -9]}, "Polygon"),
        ({"type": "Polygon", "coordinates": [[[120, -9], [121, -9], [120, -9]]]}, "4 positions"),
        (
            {"type": "Polygon", "coordinates": [[[120, -9], [121, -9], [121, -10], [120, -10]]]},
            "closed",
        ),
        (
            {"type": "Polygon", "coordinates": [[[200, -9], [121, -9], [121, -10], [200, -9]]]},
            "range",
        ),
        (
            {"type": "Polygon", "coordinates": [[["a", -9], [121, -9], [121, -10], ["a", -9]]]},
            "pair",
        ),
    ],
)
def test_a_bad_geometry_names_the_feature(tmp_path: Path, geometry: dict, expected: str) -> None:
    feature = {"type": "Feature", "properties": {"kode": "53.01"}, "geometry": geometry}
    path = write(
        tmp_path / "b.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]})
    )
    [problem] = problems_of([path])
    assert "feature 1" in problem.lower() or "fitur 1" in problem.lower()
    assert expected in problem


def test_a_boundary_for_an_unknown_region_is_refused(tmp_path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {"kode": "54.01"},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    path = write(
        tmp_path / "b.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]})
    )
    [problem] = problems_of([path])
    assert "54.01" in problem


def test_an_unknown_file_type_is_refused(tmp_path: Path) -> None:
    [problem] = problems_of([write(tmp_path / "regions.xlsx", "x")])
    assert "regions.xlsx" in problem


def test_the_command_lists_problems_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "x.csv", "kode,nama\n52,NTB\nxx,Bad\n")
    with pytest.raises(CommandError, match="1"):
        call_command("load_regions", str(path), "--no-progress")
    assert "x.csv:3" in capsys.readouterr().err


def test_the_command_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"not found|tidak ditemukan"):
        call_command("load_regions", str(tmp_path / "nope.csv"))


def test_a_partial_file_deactivates_nothing_unless_asked(tmp_path: Path) -> None:
    path = write(tmp_path / "fix.csv", "kode,nama\n53.01.27.2002,Nuataus\n")
    report = load_regions([path])
    assert (report.unchanged, report.deactivated) == (1, 0)
    assert Region.objects.filter(level=Level.VILLAGE, is_active=True).count() == 3442


def test_the_command_deactivates_missing_regions_of_the_shipped_edition(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Region.objects.create(
        code="53.01.27.2099", parent_id="53.01.27", level=4, kind="desa", name="Old"
    )
    call_command("load_regions", "--no-progress")
    assert "deactivated 1" in capsys.readouterr().out
    assert not Region.objects.get(code="53.01.27.2099").is_active


def test_gzipped_tables_are_read(tmp_path: Path) -> None:
    path = tmp_path / "x.csv.gz"
    path.write_bytes(gzip.compress(b"kode,nama\n52,Nusa Tenggara Barat\n"))
    assert load_regions([path]).created == 1


def test_a_region_name_with_markup_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", 'kode,nama\n53.01,"<img src=x onerror=alert(1)>"\n')
    [problem] = problems_of([path])
    assert "x.csv:2 [nama]" in problem


@pytest.mark.parametrize("code", ["53\u00b2\u00b9", "\u0665\u0663.\u0660\u0661"])
def test_digits_of_other_scripts_are_not_codes(tmp_path: Path, code: str) -> None:
    [problem] = problems_of([write(tmp_path / "x.csv", f"kode,nama\n{code},X\n")])
    assert "is not a region code" in problem


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"type": "FeatureCollection", "features": 5}, "must be a list"),
        (
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [1, 2]}]},
            "kode",
        ),
    ],
)
def test_malformed_feature_collections_are_explained(
    tmp_path: Path, document: dict, expected: str
) -> None:
    [problem] = problems_of([write(tmp_path / "b.geojson", json.dumps(document))])
    assert expected in problem


def test_a_boundary_given_twice_is_refused(tmp_path: Path) -> None:
    feature = {
        "type": "Feature",
        "properties": {"kode": "53.01"},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    }
    document = {"type": "FeatureCollection", "features": [feature, feature]}
    [problem] = problems_of([write(tmp_path / "b.geojson", json.dumps(document))])
    assert "feature 2" in problem
    assert "twice" in problem


def test_only_superusers_may_change_the_geography(tmp_path: Path, province_manager) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        load_regions(other_province(tmp_path), actor=province_manager)


def test_the_command_refuses_an_actor_who_may_not_change_the_geography(
    tmp_path: Path, province_manager
) -> None:
    paths = [str(p) for p in other_province(tmp_path)]
    with pytest.raises(CommandError, match="Only superusers"):
        call_command("load_regions", *paths, "--actor", province_manager.username)
    assert not Region.objects.filter(code="52").exists()


def test_no_progress_means_no_progress_bar_even_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from tangguh.core.importing import commands
    from tangguh.core.progress import NullProgress

    bars: list[bool] = []

    class Recorded(NullProgress):
        def __init__(self, enabled: bool) -> None:
            bars.append(enabled)

        def __enter__(self) -> Recorded:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(commands, "RichProgress", Recorded)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    paths = [str(p) for p in other_province(tmp_path)]
    call_command("load_regions", *paths, "--dry-run")
    call_command("load_regions", *paths, "--dry-run", "--no-progress")
    assert bars == [True, False]
