"""DIBI files in the layouts people hold, the shipped NTT records, column mappings, and the
bad input of each: nothing is written on any problem."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from tangguh.disasters import demo
from tangguh.disasters.importers import import_events
from tangguh.disasters.models import ColumnMapping, Event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
# The DIBI web table's columns, with real rows of the shipped Kaggle copy and place texts
# naming real villages: a layout no other test reads (the held-out check).
WEB_TABLE = DATA / "dibi_tabel_web.csv"
WEB_TABLE_PLACES = {
    2: "53.13.05.2009",
    3: "53.11.05.2009",
    4: "53.11.04.2004",
    5: "53.15.10",  # two villages of one sub-district: the sub-district (also 10 and 15)
    6: "53.71",  # a place text naming nothing known: the regency
    7: "53.19.11.2010",
    8: "53.19.01.2017",
    9: "53.01.25.2003",
    10: "53.14.04",
    11: "53.14",
    12: "53.08.17.2002",
    13: "53.08.05.2012",
    14: "53.07.17.2005",
    15: "53.10.01",
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_dibi_web_table_imports_whole_with_villages_refined_from_its_place_text() -> None:
    report = import_events(WEB_TABLE, actor=None)
    assert report.errors == []
    assert report.created == len(WEB_TABLE_PLACES)
    found = sorted(Event.objects.values_list("region_id", flat=True))
    assert found == sorted(WEB_TABLE_PLACES.values())
    assert report.counts["refined_village"] == 9
    assert report.counts["refined_district"] == 3
    assert report.counts["at_regency"] == 2
    assert any("stay at regency level" in w.message for w in report.warnings)
    assert report.ignored_columns == ["Fasum Rusak"]


def test_id_kabupaten_is_read_as_bps_or_kemendagri_by_the_regency_s_name() -> None:
    import_events(WEB_TABLE, actor=None)
    # 5313 with "Lembata" is Kemendagri 53.13; 5301 with "Kupang" too (BPS 5301 is Sumba Barat).
    assert Event.objects.filter(region__code__startswith="53.13.").exists()
    assert Event.objects.filter(region__code__startswith="53.01.").exists()
    assert not Event.objects.filter(region__code__startswith="53.12").exists()


def test_an_ungraded_rumah_rusak_is_kept_as_damaged_of_unknown_grade() -> None:
    import_events(WEB_TABLE, actor=None)
    event = Event.objects.get(region_id="53.13.05.2009")
    assert event.houses_damaged == 6
    assert (event.houses_heavy, event.houses_moderate, event.houses_light) == (None, None, None)


def test_the_shipped_dibi_records_describe_ntt_as_recorded() -> None:
    regions = Region.objects.count()
    reports = dict(demo.load_dibi())
    assert reports["dibi_ntt_ekspor_2018.csv"].created == 716
    assert reports["dibi_ntt_2018_2024_salinan_kaggle.csv"].created == 538 - 6
    sample = reports["bnpb_sample_Data_Bencana.xls"]
    assert (sample.created, sample.counts["outside"]) == (1, 33)
    assert Region.objects.count() == regions  # no stub regions
    seroja = Event.objects.filter(
        start_date__range=(dt.date(2021, 4, 2), dt.date(2021, 4, 5)), region__code__startswith="53"
    ).aggregate(deaths=Sum("deaths"))
    assert 181 <= seroja["deaths"] <= 184  # BNPB's final count was 181
    assert Event.objects.filter(source_id="kaggle-2").exists()
    assert not Event.objects.filter(source_id="kaggle-16").exists()  # the export's row is kept
    again = dict(demo.load_dibi())
    assert sum(r.created for r in again.values()) == 0


def test_an_unknown_layout_names_the_columns_it_could_not_place(tmp_path: Path) -> None:
    path = write(tmp_path, "lain.csv", "Tgl,Wilayah,Jenis,Korban\n2024-01-10,Kupang,Banjir,1\n")
    report = import_events(path, actor=None)
    assert report.errors
    assert "Tgl" in report.errors[0].message
    assert "Korban" in report.errors[0].message
    assert report.details["columns"]["not_placed"] == ["Tgl", "Wilayah", "Jenis", "Korban"]
    assert not Event.objects.exists()


def test_a_mapping_reads_another_layout_and_is_remembered(tmp_path: Path, kupang_editor) -> None:
    text = "Tgl,Wilayah,Jenis,Korban,Tempat\n2024-01-10,Kupang,Banjir,1,Kec. Fatuleu Barat\n"
    path = write(tmp_path, "lain.csv", text)
    mapping = {"datetime": "Tgl", "regency_name": "Wilayah", "hazard_family": "Jenis"}
    mapping |= {"deaths": "Korban", "location": "Tempat"}
    report = import_events(path, actor=kupang_editor, mapping=mapping)
    assert report.errors == []
    event = Event.objects.get()
    assert (event.region_id, event.deaths, event.hazard.key) == ("53.01.27", 1, "flood")
    assert ColumnMapping.objects.get(owner=kupang_editor).mapping == mapping
    second = write(tmp_path, "lain2.csv", text.replace("2024-01-10", "2024-02-11"))
    assert import_events(second, actor=kupang_editor).created == 1  # the remembered mapping


def test_a_mapping_that_leaves_a_required_field_empty_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "lain.csv", "Tgl,Wilayah,Korban\n2024-01-10,Kupang,1\n")
    report = import_events(path, actor=None, mapping={"datetime": "Tgl", "regency_name": "Wilayah"})
    assert "hazard_code" in report.errors[0].message
    assert not Event.objects.exists()


def test_a_regency_name_that_fits_none_is_listed_by_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nama.csv",
        "Tanggal Kejadian,Kabupaten,Kejadian\n2024-01-10,Kupang,Banjir\n"
        "2024-01-11,Atlantis,Banjir\n",
    )
    report = import_events(path, actor=None)
    assert [(p.line, p.column) for p in report.errors] == [(3, "region_code")]
    assert "Atlantis" in report.errors[0].message
    assert not Event.objects.exists()


def test_the_command_takes_a_mapping(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "lain.csv", "Tgl,Wilayah,Jenis\n2024-01-10,Kupang,Banjir\n")
    args = [
        "--map",
        "datetime=Tgl",
        "--map",
        "regency_name=Wilayah",
        "--map",
        "hazard_family=Jenis",
    ]
    call_command("import_events", str(path), *args, "--json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    with pytest.raises(CommandError):
        call_command("import_events", str(path), "--map", "datetime")


def test_the_job_page_asks_for_a_mapping_and_checks_the_file_again(
    web, kupang_editor, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tangguh.core.importing.uploads import start_import
    from tangguh.core.jobs import execute_job

    upload = SimpleUploadedFile("lain.csv", b"Tgl,Wilayah,Jenis\n2024-01-10,Kupang,Banjir\n")
    job = start_import("disasters.import", [upload], owner=kupang_editor)
    execute_job(str(job.pk))
    client = web(kupang_editor)
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert 'data-testid="column-mapping"' in page
    answer = client.post(
        reverse("disasters:event-import-map", args=[job.pk]),
        {"map:datetime": "Tgl", "map:regency_name": "Wilayah", "map:hazard_family": "Jenis"},
    )
    retried = answer.url.rstrip("/").split("/")[-1]
    execute_job(retried)
    from tangguh.core.models import Job

    result = Job.objects.get(pk=retried).result
    assert (result["created"], result["dry_run"], result["errors"]) == (1, True, [])
    assert not Event.objects.exists()  # a check only, until "Import now"
