"""The household registry: import (create, update in place, one change record), bad input by
row with nothing written, identifiers encrypted and revealed only to managers with a reason."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tangguh.core.models import ChangeRecord
from tangguh.poverty import identifiers, services
from tangguh.poverty.models import Household, IdentifierReveal

from .conftest import FATUFETO, NIK, NUATAUS, NUNHILA, worked_example

pytestmark = pytest.mark.django_db


def _import(path: Path, **options: Any) -> Any:
    return services.import_households(path, year=options.pop("year", 2023), **options)


def test_an_import_creates_then_updates_in_place_with_one_change_record_each(registry) -> None:
    path = worked_example(registry)
    report = _import(path)
    assert (report.created, report.updated, report.unchanged, report.errors) == (3, 0, 0, [])
    assert report.counts == {"households": 3, "persons": 12}
    again = _import(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = registry(
        f"H-1,{FATUFETO},4,310000,100,{NIK}", f"H-2,{NUNHILA},5,450000,80,", name="v2.csv"
    )
    third = _import(changed)
    assert (third.created, third.updated, third.unchanged) == (0, 2, 0)
    assert Household.objects.get(household_id="H-2").region_id == NUNHILA
    assert Household.objects.count() == 3
    logged = ChangeRecord.objects.filter(model="poverty.household")
    assert logged.count() == 2  # the first and third imports; the unchanged one wrote nothing
    first = logged.order_by("at", "id").first()
    assert first.action == "import"
    assert first.changes["file"] == [None, "registry.csv"]
    assert first.changes["created"] == [None, 3]
    assert len(first.changes["sha256"][1]) == 64
    assert first.region_code == "53.71.01"


def test_identifiers_are_encrypted_hashed_and_kept_out_of_the_change_log(registry) -> None:
    _import(worked_example(registry))
    household = Household.objects.get(household_id="H-1")
    assert NIK not in household.nik_token
    assert identifiers.decrypt(household.nik_token) == NIK
    assert household.nik_hash == identifiers.match_hash(NIK)
    assert identifiers.masked(household.nik_token) == "•" * 16
    assert Household.objects.get(household_id="H-2").nik_token == ""
    token = household.nik_token
    _import(worked_example(registry))  # the same NIK again: the stored token stays
    assert Household.objects.get(household_id="H-1").nik_token == token
    for change in ChangeRecord.objects.all():
        assert NIK not in json.dumps(change.changes)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (f"H-9,{FATUFETO},4,-5000,1,", "expenditure_per_capita", "not plausible"),
        (f"H-9,{FATUFETO},4,95000000,1,", "expenditure_per_capita", "not plausible"),
        (f"H-9,{FATUFETO},0,300000,1,", "members", "1 to 40 members"),
        (f"H-9,{FATUFETO},,300000,1,", "members", "missing"),
        ("H-9,53.71.01.9999,4,300000,1,", "region_code", "unknown region code"),
        ("H-9,53.71.01,4,300000,1,", "region_code", "is not a village"),
        (f"H-9,{FATUFETO},4,lots,1,", "expenditure_per_capita", "not a number"),
        # numpy reads these as numbers; the kit's parser does not (found by the import fuzzer)
        (f"H-9,{FATUFETO},nan,300000,1,", "members", "not a number"),
        (f"H-9,{FATUFETO},4,inf,1,", "expenditure_per_capita", "not a number"),
        (f"H-9,{FATUFETO},4,300000,NaN,", "weight", "not a number"),
        (f"H 9!,{FATUFETO},4,300000,1,", "household_id", "letters, digits"),
        (f"H-9,{FATUFETO},4,300000,-2,", "weight", "weight"),
        (f"H-9,{FATUFETO},4,300000,1,53710145089", "nik", "16 digits"),
        (f"H-9,{FATUFETO},4,300000,1,5371014513900001", "nik", "birth date"),
        # digits of other scripts: "²" made int() fail, full-width digits made another hash
        (f"H-9,{FATUFETO},4,300000,1,537101451390000²", "nik", "16 digits"),
        (f"H-9,{FATUFETO},4,300000,1,５３７１０１４５１３９０００01", "nik", "16 digits"),
    ],
)
def test_bad_input_is_reported_by_row_and_column_and_nothing_is_written(
    registry, line: str, column: str, message: str
) -> None:
    path = registry(f"H-1,{FATUFETO},4,300000,1,{NIK}", line)
    report = _import(path)
    assert report.created == 0
    assert Household.objects.count() == 0
    assert not ChangeRecord.objects.filter(model="poverty.household").exists()
    [problem] = report.errors
    assert (problem.line, problem.column) == (3, column)
    assert message in problem.message
    assert "53710145" not in problem.message  # never the identifier itself


def test_a_duplicate_household_id_names_its_first_line(registry) -> None:
    path = registry(
        f"H-1,{FATUFETO},4,300000,1,", f"H-2,{FATUFETO},4,300000,1,", f"H-1,{NUNHILA},2,1,1,"
    )
    report = _import(path)
    [problem] = report.errors
    assert problem.line == 4
    assert "appears again (first on line 2)" in problem.message
    assert Household.objects.count() == 0


def test_a_file_not_in_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    text = "household_id,region_code,members,expenditure_per_capita,kepala\n"
    text += f"H-1,{FATUFETO},4,300000,Bápa\n"
    path.write_bytes(text.encode("cp1252"))
    report = _import(path)
    assert report.errors
    assert "not UTF-8" in report.errors[0].message
    assert Household.objects.count() == 0


def test_a_missing_required_column_is_named(registry) -> None:
    path = registry(f"H-1,{FATUFETO},4", header="household_id,region_code,members\n")
    report = _import(path)
    assert "expenditure_per_capita" in str(report.errors[0])


def test_many_bad_rows_are_listed_up_to_a_limit_then_counted(registry) -> None:
    rows = [f"H-{i},{FATUFETO},0,300000,1," for i in range(80)]
    report = _import(registry(*rows))
    assert len(report.errors) == 51
    assert "30 more rows" in report.errors[-1].message


def test_an_editor_imports_only_into_their_own_villages(registry, make_user) -> None:
    editor = make_user("kupang", {"53.01": "editor"})
    report = _import(
        registry(f"H-1,{NUATAUS},4,300000,1,", f"H-2,{FATUFETO},4,300000,1,"), actor=editor
    )
    [problem] = report.errors
    assert problem.line == 3
    assert "outside the regions you may change" in problem.message
    assert Household.objects.count() == 0
    viewer = make_user("viewer", {"53.01": "viewer"})
    with pytest.raises(PermissionDenied):
        _import(registry(f"H-1,{NUATAUS},4,300000,1,"), actor=viewer)


def test_a_household_id_of_another_region_cannot_be_taken_over(registry, make_user) -> None:
    _import(registry(f"H-1,{FATUFETO},4,300000,1,"))
    editor = make_user("kupang", {"53.01": "editor"})
    report = _import(registry(f"H-1,{NUATAUS},4,300000,1,", name="b.csv"), actor=editor)
    assert "registered in 53.71.01.1001, outside your regions" in report.errors[0].message
    assert Household.objects.get().region_id == FATUFETO


def test_a_dry_run_checks_and_counts_but_writes_nothing(registry) -> None:
    report = _import(worked_example(registry), dry_run=True)
    assert report.created == 3
    assert Household.objects.count() == 0


def test_only_a_manager_with_a_reason_sees_the_identifiers(registry, make_user) -> None:
    _import(worked_example(registry))
    household = Household.objects.get(household_id="H-1")
    for role in ("viewer", "editor"):
        user = make_user(f"kota-{role}", {"53.71": role})
        with pytest.raises(PermissionDenied):
            services.reveal_identifiers(household, actor=user, reason="Verifikasi PKH tahap 2")
    stranger = make_user("kupang-manager", {"53.01": "manager"})
    with pytest.raises(PermissionDenied):
        services.reveal_identifiers(household, actor=stranger, reason="Verifikasi PKH tahap 2")
    manager = make_user("kota-manager", {"53.71": "manager"})
    with pytest.raises(ValidationError):
        services.reveal_identifiers(household, actor=manager, reason="cek")
    assert not IdentifierReveal.objects.exists()
    shown = services.reveal_identifiers(household, actor=manager, reason="Verifikasi PKH tahap 2")
    assert shown == {"nik": NIK, "kk": ""}
    reveal = IdentifierReveal.objects.get()
    assert (reveal.user, reveal.household, reveal.region_id) == (manager, household, FATUFETO)
    change = ChangeRecord.objects.get(model="poverty.identifierreveal")
    assert change.actor == manager
    assert change.changes["reason"] == [None, "Verifikasi PKH tahap 2"]
    assert NIK not in json.dumps(change.changes)


def test_poverty_stats_reproduces_the_worked_example(registry, bps) -> None:
    _import(worked_example(registry))
    out = StringIO()
    call_command(
        "poverty_stats",
        "--region",
        "53.71",
        "--year",
        "2023",
        "--line",
        "527275",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert (data["persons"], data["poor_persons"]) == (1160, 800)
    assert [round(data[k] * 100, 2) for k in ("p0", "p1", "p2")] == [68.97, 19.92, 7.15]
    assert data["line"]["rupiah"] == 527275
    text = StringIO()
    call_command("poverty_stats", "--region", "53.71", "--year", "2023", stdout=text)
    lines = text.getvalue().splitlines()
    assert "Rp732,921" in lines[0]
    assert lines[1] == "persons, poor_persons, p0, p1, p2"
    assert lines[2].startswith("1160, 1160, 1.0000, ")


def test_poverty_stats_says_what_is_missing(registry, bps, make_user) -> None:
    _import(worked_example(registry))
    with pytest.raises(CommandError, match="No extreme-poverty line is known"):
        call_command("poverty_stats", "--region", "53.71", "--year", "2024", "--extreme")
    with pytest.raises(CommandError, match=r"no households of 53\.01"):
        call_command("poverty_stats", "--region", "53.01", "--year", "2023")
    make_user("kupang", {"53.01": "viewer"})
    with pytest.raises(CommandError, match="no access"):
        call_command("poverty_stats", "--region", "53.71", "--year", "2023", "--actor", "kupang")


def test_import_households_command_contract(registry) -> None:
    path = worked_example(registry)
    out = StringIO()
    call_command("import_households", str(path), "--year", "2023", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 3
    out = StringIO()
    call_command("import_households", str(path), "--year", "2023", stdout=out)
    assert out.getvalue().startswith("created 0 / updated 0 / unchanged 3 / rejected 0")
    bad = registry(f"H-1,{FATUFETO},4,300000,1,12345", name="bad.csv")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_households", str(bad), "--year", "2023", stdout=StringIO(), stderr=err)
    assert "bad.csv:2 [nik]" in err.getvalue()
    assert "12345" not in err.getvalue()


def test_generate_households_is_calibrated_labelled_and_imports(tmp_path: Path, bps) -> None:
    out = tmp_path / "kota.csv"
    call_command(
        "generate_households",
        "--region",
        "53.71",
        "--households",
        "2000",
        "--seed",
        "5",
        "--year",
        "2023",
        "-o",
        str(out),
        stderr=StringIO(),
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2001
    assert lines[0].startswith("household_id,region_code,members,expenditure_per_capita")
    assert all(line.endswith(",yes") for line in lines[1:])
    report = services.import_households(out, year=2023)
    assert report.created == 2000
    assert Household.objects.filter(synthetic=True).count() == 2000
    stats = StringIO()
    call_command("poverty_stats", "--region", "53.71", "--year", "2023", "--json", stdout=stats)
    assert abs(json.loads(stats.getvalue())["p0"] - 0.0861) < 0.003
    again = tmp_path / "again.csv"
    call_command(
        "generate_households",
        "--region",
        "53.71",
        "--households",
        "2000",
        "--seed",
        "5",
        "--year",
        "2023",
        "-o",
        str(again),
        stderr=StringIO(),
    )
    assert again.read_bytes() == out.read_bytes()


def test_a_registry_year_far_from_the_present_is_refused_and_nothing_written(registry) -> None:
    report = _import(worked_example(registry), year=1990)
    assert not report.ok
    assert "1990 is not a plausible year" in report.errors[0].message
    assert not Household.objects.exists()


def test_a_target_year_far_ahead_is_refused() -> None:
    from tangguh.poverty.models import Target
    from tangguh.regions.models import Region

    with pytest.raises(ValidationError) as caught:
        services.create_target(
            actor=None,
            region=Region.objects.get(code="53.71"),
            measure=Target.Measure.POVERTY,
            target_rate="0.00",
            target_year=2090,
            basis="RPJMD",
        )
    assert "target_year" in caught.value.message_dict
    assert not Target.objects.exists()


def test_kept_village_measures_follow_a_re_import(registry) -> None:
    from django.core.cache import cache

    from tangguh.poverty import summaries

    line = summaries.given_line(527_275, 2023)
    visible = Household.objects.all()
    _import(worked_example(registry))
    before = summaries.village_measures(visible, "53.71", 2023, line, None)  # kept from here
    summaries.measure(visible, "53.71", 2023, line)
    _import(registry(f"H-9,{NUNHILA},2,100000,1,", name="more.csv"))
    kept_rows = summaries.village_measures(visible, "53.71", 2023, line, None)
    kept = summaries.measure(visible, "53.71", 2023, line)
    assert sum(r.households for r in kept_rows) == sum(r.households for r in before) + 1
    cache.clear()  # computed directly
    assert summaries.village_measures(visible, "53.71", 2023, line, None) == kept_rows
    assert summaries.measure(visible, "53.71", 2023, line) == kept


def test_village_measures_summed_by_the_database_equal_numpy_over_the_rows(registry) -> None:
    import math

    import numpy as np

    from tangguh.measures import poverty
    from tangguh.poverty import summaries

    rng = np.random.default_rng(12)
    count = 300
    villages = rng.choice([FATUFETO, NUNHILA], count)
    members = rng.integers(1, 9, count)
    spend = rng.integers(150_000, 1_200_000, count)
    spend[:5] = 527_275  # at the line: not poor
    weight = rng.choice([1.0, 2.5, 97.25], count)
    lines = [
        f"R-{i},{v},{m},{y},{w},"
        for i, (v, m, y, w) in enumerate(zip(villages, members, spend, weight, strict=True))
    ]
    _import(registry(*lines))
    line, extreme = summaries.given_line(527_275, 2023), summaries.given_line(351_957, 2023)
    visible = Household.objects.all()
    rows = summaries.village_measures(visible, "53.71", 2023, line, extreme)
    direct = poverty.fgt_by_group(villages, spend, 527_275, members=members, weight=weight)
    very_poor = poverty.fgt_by_group(villages, spend, 351_957, members=members, weight=weight)
    assert [r.code for r in rows] == direct.groups
    for i, row in enumerate(rows):
        assert row.households == direct.households[i]
        for name in ("persons", "poor_persons", "p0", "p1", "p2"):
            assert math.isclose(getattr(row, name), getattr(direct, name)[i], rel_tol=1e-12)
        assert math.isclose(row.extreme_p0 or 0, very_poor.p0[i], rel_tol=1e-12)
    whole = summaries.measure(visible, "53.71", 2023, line)
    alone = poverty.fgt(spend, 527_275, members=members, weight=weight)
    for name in ("persons", "poor_persons", "p0", "p1", "p2"):
        assert math.isclose(getattr(whole, name), getattr(alone, name), rel_tol=1e-12)


def test_a_large_import_refreshes_postgresqls_statistics(registry, monkeypatch) -> None:
    from django.db import connection

    from tangguh.poverty import importers

    if connection.vendor != "postgresql":
        pytest.skip("statistics are refreshed on PostgreSQL only")
    monkeypatch.setattr(importers, "ANALYSE_AFTER", 3)
    _import(worked_example(registry))
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'poverty_household'")
        assert cursor.fetchone()[0] == 3  # ANALYZE counted the rows of this transaction


def test_a_re_import_with_new_and_registered_households_writes_both(registry) -> None:
    _import(worked_example(registry))
    mixed = registry(
        f"H-1,{FATUFETO},4,310000,100,{NIK}",  # registered: updated in place
        f"H-4,{NUNHILA},2,250000,1.5,",  # new: written from the columns
        f"H-3,{NUNHILA},3,700000,120,",  # registered, unchanged (the same file name)
    )
    report = _import(mixed)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    new = Household.objects.get(household_id="H-4")
    assert (new.region_id, new.members, new.weight, new.expenditure_per_capita) == (
        NUNHILA,
        2,
        1.5,
        250000,
    )
    assert (new.source, new.nik_token, new.created_at is not None) == ("registry.csv", "", True)
    assert Household.objects.get(household_id="H-1").expenditure_per_capita == 310000
    change = ChangeRecord.objects.filter(model="poverty.household").latest("id")
    assert change.changes["created"] == [None, 1]
    assert change.changes["updated"] == [None, 1]
    assert change.region_code == "53.71.01"  # both villages lie in this sub-district


def test_an_estimate_given_twice_in_a_file_is_refused_by_row_and_nothing_is_written(
    tmp_path,
) -> None:
    from tangguh.poverty.estimates import load_estimates
    from tangguh.poverty.models import LocalEstimate

    path = tmp_path / "ekstrem.csv"
    path.write_text(
        "kode_kemendagri,tahun,tingkat_kemiskinan_ekstrem_persen,sumber_id\n"
        "53.71,2023,0.64,BERITA_1\n"
        "53.01,2023,2.10,BERITA_1\n"
        "53.71,2023,0.70,BERITA_1\n",
        encoding="utf-8",
    )
    before = LocalEstimate.objects.count()
    report = load_estimates([path])
    assert not report.ok
    [problem] = report.errors
    assert (problem.line, problem.column) == (4, "sumber_id")
    assert "first on line 2" in problem.message
    assert LocalEstimate.objects.count() == before


def test_new_households_store_every_column_of_the_file(registry) -> None:
    """New households go from the checked columns to `core.bulk` (COPY on PostgreSQL, its
    integers unwrapped and its one time written once): every value as the file gives it, and a
    second import of the same file finds each one unchanged (compared field by field)."""
    from django.utils import timezone

    header = (
        "household_id,region_code,members,expenditure_per_capita,weight,decile,head_sex,"
        "disabled_members,elderly_members,child_members,welfare_score,latitude,longitude,"
        "synthetic\n"
    )
    path = registry(
        f"N-1,{FATUFETO},4,300000,1.25,2,P,1,0,2,-3.5,-10.17,123.6,ya",
        f"N-2,{NUNHILA},7,1250000,,,laki-laki,0,2,3,,,,tidak",
        header=header,
    )
    before = timezone.now()
    report = _import(path)
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    stored = {h.household_id: h for h in Household.objects.all()}
    one, two = stored["N-1"], stored["N-2"]
    assert (one.region_id, one.year, one.members, one.expenditure_per_capita, one.weight) == (
        FATUFETO,
        2023,
        4,
        300000,
        1.25,
    )
    assert (one.decile, one.head_sex, one.disabled_members, one.elderly_members) == (2, "F", 1, 0)
    assert (one.child_members, one.welfare_score, one.latitude, one.longitude) == (
        2,
        -3.5,
        -10.17,
        123.6,
    )
    assert (one.synthetic, two.synthetic, two.head_sex, two.weight) == (True, False, "M", 1.0)
    assert (two.decile, two.welfare_score, two.latitude, two.longitude) == (None,) * 4
    assert (two.members, two.elderly_members, two.child_members) == (7, 2, 3)
    assert one.created_at == one.updated_at == two.created_at  # one time for the import
    assert before <= one.created_at <= timezone.now()
    assert (one.source, one.nik_token, one.nik_hash, one.kk_token) == ("registry.csv", "", "", "")
    again = _import(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
