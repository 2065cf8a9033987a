"""The planning file commands: import-proposals, match-proposals (its CSV contract),
import-decisions and export-sync."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.models import ChangeRecord
from tangguh.planning import services
from tangguh.planning.importers import TEMPLATE_COLUMNS
from tangguh.planning.management.commands import match_proposals
from tangguh.planning.models import Outcome, Proposal
from tangguh.planning.workbook import COLUMNS, FIRST_ROW

NUATAUS = "53.01.27.2002"
MATCH_COLUMNS = [
    "id",
    "rank",
    "sub_activity_code",
    "sub_activity_name",
    "agency_hint",
    "score",
    "explanation",
]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def year(planning_calendar):
    return planning_calendar("53.01", state="open")


def proposal_row(ref: str, title: str, village: str = NUATAUS) -> list[str]:
    values = dict.fromkeys(TEMPLATE_COLUMNS, "")
    values.update(ref=ref, village_code=village, source_kind="musrenbang_desa", title=title)
    values["estimated_cost"] = "Rp 25.000.000"
    return [values[c] for c in TEMPLATE_COLUMNS]


# ---------------------------------------------------------------------------------------------
# import-proposals


def test_import_proposals_imports_a_file_and_says_how_many(tmp_path, year, kupang_editor):
    path = write(
        tmp_path / "usulan.csv",
        TEMPLATE_COLUMNS,
        [proposal_row("A-1", "Jalan tani"), proposal_row("A-2", "Embung")],
    )

    out, err = run("import_proposals", str(path), "--year", str(year), "--actor", "kupang.editor")

    assert out.strip() == f"2 proposal(s) imported for {year} from usulan.csv"
    assert err == ""
    assert Proposal.objects.count() == 2
    record = ChangeRecord.objects.filter(model="planning.proposal").first()
    assert record.source == "cli"
    assert record.actor_name == "kupang.editor"


def test_import_proposals_dry_run_and_json(tmp_path, year):
    path = write(tmp_path / "usulan.csv", TEMPLATE_COLUMNS, [proposal_row("A-1", "Jalan tani")])

    out, _err = run("import_proposals", str(path), "--year", str(year), "--dry-run", "--json")

    result = json.loads(out)
    assert result["created"] == 1
    assert result["dry_run"] is True
    assert result["problems"] == []
    assert not Proposal.objects.exists()


def test_import_proposals_lists_problems_and_fails(tmp_path, year):
    path = write(
        tmp_path / "usulan.csv",
        TEMPLATE_COLUMNS,
        [proposal_row("A-1", "Jalan tani"), proposal_row("A-1", "Embung", village="53.01.99.9999")],
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match=re.escape("2 problem(s) found; nothing was written")):
        call_command(
            "import_proposals", str(path), "--year", str(year), stdout=io.StringIO(), stderr=err
        )

    assert err.getvalue().splitlines() == [
        "usulan.csv:3 [village_code]: unknown village code 53.01.99.9999",
        "usulan.csv:3 [ref]: the reference A-1 is used twice in the file (first on row 2)",
    ]
    assert not Proposal.objects.exists()


def test_import_proposals_json_lists_problems_with_row_and_column(tmp_path, year, kota_editor):
    path = write(tmp_path / "usulan.csv", TEMPLATE_COLUMNS, [proposal_row("A-1", "Jalan tani")])
    out = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_proposals",
            str(path),
            "--year",
            str(year),
            "--actor",
            "kota.editor",
            "--json",
            stdout=out,
            stderr=io.StringIO(),
        )

    result = json.loads(out.getvalue())
    assert result["problems"] == result["errors"]
    problems = result["errors"]
    assert problems == [
        {
            "file": "usulan.csv",
            "sheet": "",
            "line": 2,
            "column": "village_code",
            "message": "53.01.27.2002 Nuataus is outside the regions where you may add proposals",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1899"], "'1899' is not a year from 1900 to 2200"),
        (["--year", "2027", "--region", "99.99"], "Region 99.99 does not exist."),
        (["--year", "2027", "--actor", "nobody"], "No active user named nobody."),
    ],
)
def test_import_proposals_refuses_bad_options(tmp_path, db, args, message):
    path = write(tmp_path / "usulan.csv", TEMPLATE_COLUMNS, [])

    with pytest.raises(CommandError, match=message):
        run("import_proposals", str(path), *args)


def test_import_proposals_needs_an_existing_file(tmp_path, db):
    with pytest.raises(CommandError, match="file not found"):
        run("import_proposals", str(tmp_path / "none.csv"), "--year", "2027")


# ---------------------------------------------------------------------------------------------
# match-proposals


def test_match_proposals_writes_one_row_per_suggestion_in_the_contract_columns(tmp_path, db):
    source = write(
        tmp_path / "in.csv",
        ["id", "text"],
        [
            ["p1", "Pembangunan sumur bor dan bak penampung air bersih SPAM desa"],
            ["p2", "Penyusunan kajian risiko bencana kabupaten"],
        ],
    )
    target = tmp_path / "out.csv"

    out, _err = run("match_proposals", str(source), "-o", str(target), "--top", "3")

    with target.open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert header == MATCH_COLUMNS
    rows = read_csv(target)
    assert [(r["id"], r["rank"]) for r in rows] == [
        ("p1", "1"),
        ("p1", "2"),
        ("p1", "3"),
        ("p2", "1"),
        ("p2", "2"),
        ("p2", "3"),
    ]
    assert rows[0]["sub_activity_code"].startswith("1.03.")
    assert "SPAM" in rows[0]["sub_activity_name"] or "Air Minum" in rows[0]["sub_activity_name"]
    assert rows[3]["sub_activity_code"] == "1.05.03.2.01.0008"
    assert all(0 <= float(r["score"]) <= 1 for r in rows)  # the calibrated confidence
    assert float(rows[0]["score"]) > 0.5
    assert rows[0]["explanation"]
    assert out.strip() == f"2 text(s) matched; 6 suggestion(s) written to {target}"


def test_match_proposals_names_the_regencys_agencies_with_a_region_code(tmp_path, db):
    AgencyFactory(region_id="53.01", short_name="BPBD Kab. Kupang", bidang_codes=["1.05"])
    AgencyFactory(region_id="53.71", short_name="BPBD Kota", bidang_codes=["1.05"])
    source = write(
        tmp_path / "in.csv",
        ["id", "text", "region_code"],
        [
            ["a", "Penyusunan kajian risiko bencana", "53.01"],
            ["b", "Penyusunan kajian risiko bencana", "5371011001"],
            ["c", "Penyusunan kajian risiko bencana", ""],
        ],
    )
    target = tmp_path / "out.csv"

    run("match_proposals", str(source), "-o", str(target), "--top", "1")

    hints = {r["id"]: r["agency_hint"] for r in read_csv(target)}
    assert hints["a"] == "BPBD Kab. Kupang"
    assert hints["b"] == "BPBD Kota"
    assert "BPBD Kab. Kupang" not in hints["c"]


def test_match_proposals_reads_each_text_in_its_place_s_context(tmp_path, db):
    text = "Pembangunan drainase lingkungan RT 05"
    source = write(
        tmp_path / "in.csv",
        ["id", "text", "region_code"],
        [["kelurahan", text, "5371011001"], ["desa", text, "53.01.27.2002"]],
    )
    target = tmp_path / "out.csv"

    run("match_proposals", str(source), "-o", str(target), "--top", "3")

    rows = read_csv(target)
    in_kelurahan = [r["sub_activity_code"] for r in rows if r["id"] == "kelurahan"]
    in_desa = [r["sub_activity_code"] for r in rows if r["id"] == "desa"]
    assert in_kelurahan[0] == "7.01.03.2.02.0002"  # the sub-district's own works, first
    assert "7.01.03.2.02.0002" not in in_desa


def test_match_proposals_uses_what_the_region_s_planners_taught(tmp_path, year):
    from tangguh.nomenclature.models import Item
    from tangguh.regions.models import Region

    proposal = services.create_proposal(
        actor=None,
        region=Region.objects.get(code=NUATAUS),
        year=year,
        source_kind="musrenbang_desa",
        title="Perbaikan jalan setapak menuju kebun warga",
    )
    rehab = Item.objects.get(edition__name="2027", government="kabkota", code="1.03.10.2.01.0055")
    services.code_proposal(proposal, actor=None, sub_activity=rehab, agency=None)
    text = "perbaikan jalan setapak di dusun 3"
    source = write(
        tmp_path / "in.csv", ["id", "text", "region_code"], [["a", text, "53.01"], ["b", text, ""]]
    )
    target = tmp_path / "out.csv"

    run("match_proposals", str(source), "-o", str(target), "--top", "1")

    first = {r["id"]: r["sub_activity_code"] for r in read_csv(target)}
    assert first == {"a": "1.03.10.2.01.0055", "b": "1.04.05.2.01.0011"}


def test_match_proposals_names_the_texts_without_a_suggestion_and_why(tmp_path, db):
    source = write(
        tmp_path / "in.csv",
        ["id", "text"],
        [
            ["place", "Desa Manumutin Silole"],
            ["emoji", "🙂🙂🙏 \x07 !!"],
            ["english", "the quick brown fox jumps over the lazy dog"],
            ["long", ("normalisasi sungai yang meluap " * 400)[:10_000]],
        ],
    )
    target = tmp_path / "out.csv"

    out, err = run("match_proposals", str(source), "-o", str(target), "--top", "1")

    assert [r["id"] for r in read_csv(target)] == ["long"]
    assert "3 text(s) without a suggestion:" in err
    assert "place: The proposal names only a place (Manumutin, Silole)" in err
    assert "emoji: The proposal has no words to match" in err
    assert "english: None of the proposal's words is known" in err
    assert out.strip() == f"4 text(s) matched; 1 suggestion(s) written to {target}"


def test_match_proposals_reads_large_inputs_in_batches_and_keeps_their_order(
    tmp_path, db, monkeypatch
):
    monkeypatch.setattr(match_proposals, "BATCH", 3)
    texts = ["rehab jalan desa", "sumur bor air bersih", "pelatihan kader posyandu"] * 3
    rows = [[f"x{n}", text, "53.01" if n % 2 else ""] for n, text in enumerate(texts)]
    source = write(tmp_path / "in.csv", ["id", "text", "region_code"], rows)
    target = tmp_path / "out.csv"

    run("match_proposals", str(source), "-o", str(target), "--top", "1")

    assert [r["id"] for r in read_csv(target)] == [f"x{n}" for n in range(9)]


def test_match_proposals_uses_the_province_list_when_asked(tmp_path, db):
    source = write(tmp_path / "in.csv", ["id", "text"], [["p", "kajian risiko bencana"]])
    target = tmp_path / "out.csv"

    run("match_proposals", str(source), "-o", str(target), "--government", "provinsi")

    assert all(
        r["sub_activity_code"].split(".")[3] in ("1", "X") or r["sub_activity_code"].startswith("X")
        for r in read_csv(target)
    )


def test_match_proposals_guards_ids_that_spreadsheets_would_run(tmp_path, db):
    source = write(tmp_path / "in.csv", ["id", "text"], [["=1+1", "sumur bor"], ["-5", "embung"]])
    target = tmp_path / "out.csv"

    run("match_proposals", str(source), "-o", str(target), "--top", "1")

    assert [r["id"] for r in read_csv(target)] == ["'=1+1", "-5"]


def test_match_proposals_lists_every_bad_row_and_writes_nothing(tmp_path, db):
    source = write(
        tmp_path / "in.csv",
        ["id", "text", "region_code"],
        [
            ["a", "sumur bor", ""],
            ["a", "embung", ""],
            ["", "jalan", ""],
            ["b", "   ", ""],
            ["c", "drainase", "53.99"],
            ["d", "drainase", "kupang"],
        ],
    )
    target = tmp_path / "out.csv"
    err = io.StringIO()

    with pytest.raises(
        CommandError, match=re.escape("5 problem(s) in in.csv; nothing was matched")
    ):
        call_command(
            "match_proposals", str(source), "-o", str(target), stdout=io.StringIO(), stderr=err
        )

    assert err.getvalue().splitlines() == [
        "in.csv:3 [id]: the id a is used twice (first on line 2)",
        "in.csv:4 [id]: the id is empty",
        "in.csv:5 [text]: the text is empty",
        "in.csv:6 [region_code]: unknown region code 53.99",
        "in.csv:7 [region_code]: 'kupang' is not a region code like 53.01",
    ]
    assert not target.exists()


@pytest.mark.parametrize(
    ("header", "content", "args", "message"),
    [
        (["id", "teks"], None, [], "missing column\\(s\\) text; the header has: id, teks"),
        (
            ["id", "text"],
            None,
            ["--edition", "1999"],
            "unknown edition '1999'; the editions are: 2027",
        ),
        (["id", "text"], None, ["--top", "0"], "--top must lie between 1 and 50"),
        (["id", "text"], "cp1252", [], "is not UTF-8 text"),
    ],
)
def test_match_proposals_refuses_bad_input_clearly(tmp_path, db, header, content, args, message):
    source = write(
        tmp_path / "in.csv",
        header,
        [["1", "Pembangunan jalan ke kebun – é"]],
        encoding=content or "utf-8",
    )

    with pytest.raises(CommandError, match=message):
        run("match_proposals", str(source), "-o", str(tmp_path / "out.csv"), *args)


# ---------------------------------------------------------------------------------------------
# export-sync and import-decisions


@pytest.fixture
def decided(year):
    agency = AgencyFactory(region_id="53.01", short_name="BPBD", bidang_codes=["1.05"])
    first = services.create_proposal(
        actor=None,
        region_id=NUATAUS,
        year=year,
        source_kind="risk_plan",
        title="Kajian risiko bencana desa",
        estimated_cost=Decimal(40_000_000),
    )
    second = services.create_proposal(
        actor=None,
        region_id="53.01.27.2001",
        year=year,
        source_kind="risk_plan",
        title="Pelatihan siaga bencana",
        estimated_cost=Decimal(10_000_000),
    )
    services.code_proposal(first, actor=None, sub_activity=None, agency=agency)
    services.code_proposal(second, actor=None, sub_activity=None, agency=agency)
    services.decide(second, actor=None, outcome=Outcome.REJECTED, reason="sudah ada")
    return {"agency": agency, "first": first, "second": second}


def test_export_sync_writes_the_matrix_with_a_total(tmp_path, decided, year, kupang_editor):
    target = tmp_path / "sync.csv"

    out, _err = run(
        "export_sync",
        "--year",
        str(year),
        "--by",
        "village",
        "-o",
        str(target),
        "--actor",
        "kupang.editor",
    )

    rows = read_csv(target)
    assert list(rows[0]) == [
        "key",
        "label",
        "received",
        "undecided",
        "accommodated",
        "partly",
        "deferred",
        "rejected",
        "budget_asked",
        "budget_allocated",
        "share_accommodated",
    ]
    assert [(r["key"], r["label"], r["received"]) for r in rows] == [
        ("53.01.27.2002", "Nuataus", "1"),
        ("53.01.27.2001", "Poto", "1"),
        ("total", "Total", "2"),
    ]
    assert rows[-1]["rejected"] == "1"
    assert Decimal(rows[-1]["budget_asked"]) == Decimal(50_000_000)
    assert rows[-1]["share_accommodated"] == "0.0"
    assert "exported 2 row(s)" in out


def test_export_sync_shows_only_what_the_actor_may_see(tmp_path, decided, year, kota_editor):
    target = tmp_path / "sync.csv"

    run("export_sync", "--year", str(year), "-o", str(target), "--actor", "kota.editor")

    assert [r["key"] for r in read_csv(target)] == ["total"]
    with pytest.raises(CommandError, match=re.escape("You have no access to region 53.01.")):
        run(
            "export_sync",
            "--year",
            str(year),
            "--region",
            "53.01",
            "-o",
            str(target),
            "--actor",
            "kota.editor",
        )


def test_export_sync_needs_a_year(tmp_path, db):
    with pytest.raises(CommandError, match="Give the budget year with --year"):
        run("export_sync", "-o", str(tmp_path / "x.csv"))


def test_cli_round_trip_of_the_decisions_workbook(tmp_path, decided, year, kupang_editor):
    target = tmp_path / "keputusan.xlsx"
    run("export_sync", "--year", str(year), "--region", "53.01", "--workbook", "-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book["BPBD"]
    row = next(
        r
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, 1).value == decided["first"].pk
    )
    sheet.cell(row, COLUMNS.index("outcome") + 1).value = "Accommodated"
    sheet.cell(row, COLUMNS.index("sub_activity_code") + 1).value = "1.05.03.2.01.0008"
    sheet.cell(row, COLUMNS.index("budget") + 1).value = 35_000_000
    book.save(target)

    dry, _err = run("import_decisions", str(target), "--dry-run", "--actor", "kupang.editor")
    assert dry.strip() == (
        "1 decision(s) would be recorded, 1 unchanged, 1 draft work-plan item(s) created; none "
        "written"
    )
    out, _err = run("import_decisions", str(target), "--actor", "kupang.editor")

    assert out.strip() == "1 decision(s) recorded, 1 unchanged, 1 draft work-plan item(s) created"
    first = Proposal.objects.get(pk=decided["first"].pk)
    assert first.outcome == Outcome.ACCOMMODATED
    assert first.links.get().budget == Decimal(35_000_000)
    assert ChangeRecord.objects.filter(model="planning.proposallink", source="cli").exists()


def test_import_decisions_refuses_a_bad_workbook(tmp_path, decided, year):
    target = tmp_path / "keputusan.xlsx"
    run("export_sync", "--year", str(year), "--region", "53.01", "--workbook", "-o", str(target))
    book = openpyxl.load_workbook(target)
    sheet = book["BPBD"]
    sheet.cell(FIRST_ROW, COLUMNS.index("outcome") + 1).value = "Accommodated"
    book.save(target)
    err = io.StringIO()

    with pytest.raises(CommandError, match=re.escape("1 problem(s) found; nothing was written")):
        call_command("import_decisions", str(target), stdout=io.StringIO(), stderr=err)

    assert (
        "[Sub-activity code (M)]: give the sub-activity that accommodates the proposal"
        in err.getvalue()
    )


def test_export_sync_workbook_needs_a_regency_or_the_province(tmp_path, db):
    with pytest.raises(CommandError, match="Give the regency/city"):
        run("export_sync", "--year", "2027", "--workbook", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="made for a regency/city or the province"):
        run(
            "export_sync",
            "--year",
            "2027",
            "--workbook",
            "--region",
            NUATAUS,
            "-o",
            str(tmp_path / "x.xlsx"),
        )
